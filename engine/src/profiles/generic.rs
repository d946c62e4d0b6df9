//! Checks every token gets, whatever its profile: the header (from [`crate::header_rules`], the
//! one place that decides what `alg`, `crit`, `b64` and key-pointing members mean), the payload
//! shape and the time claims.

use serde_json::{Map, Value};

use super::sources;
use crate::alg::JwsAlgorithm;
use crate::claims::check_time_claims;
use crate::finding::{Finding, Severity};
use crate::header_rules::check_header;
use crate::json::kind_of;

/// The rule ids this module adds to [`crate::header_rules::HEADER_RULE_IDS`] and the time claims.
pub const PAYLOAD_RULE_IDS: &[&str] = &["token.payload-not-object"];

/// All generic findings for a decoded header and payload, at time `now` with `leeway_secs`.
pub fn check_generic(
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
) -> Vec<Finding> {
    let mut findings = check_header(header);
    if !payload.is_object() {
        findings.push(
            Finding::new(
                "token.payload-not-object",
                Severity::Error,
                format!(
                    "the payload is {}: expected a JSON object of claims",
                    kind_of(payload)
                ),
            )
            .with_source(sources::RFC7519_CLAIMS_OBJECT),
        );
    }
    findings.extend(check_time_claims(payload, now, leeway_secs));
    findings
}

/// The signing algorithm named in the header, if it is one this engine knows.
pub fn header_algorithm(header: &Map<String, Value>) -> Option<JwsAlgorithm> {
    header
        .get("alg")
        .and_then(Value::as_str)
        .and_then(|name| name.parse().ok())
}
