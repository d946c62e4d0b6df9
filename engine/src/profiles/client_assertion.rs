//! Client assertion: the JWT an application signs to get an access token (SMART backend services,
//! RFC 7523; Koppeltaal TOP-KT-005c), checked as the Koppeltaal reference auth server and SMART
//! see it. Where they disagree the reference server decides and the message says so.

use serde_json::{Map, Value};

use super::fields::{escalate, is_http_url, is_uuid, lifetime_too_long, string_member, Absent};
use super::generic::header_algorithm;
use super::sources;
use crate::alg::JwsAlgorithm;
use crate::claims::{describe_duration, format_utc, quote, TimeClaims};
use crate::finding::{Finding, Severity};
use crate::json::kind_of;

/// The algorithms the Koppeltaal reference auth server accepts by default.
pub const ACCEPTED_ALGORITHMS: [JwsAlgorithm; 3] = [
    JwsAlgorithm::Rs384,
    JwsAlgorithm::Es384,
    JwsAlgorithm::Rs512,
];

/// The longest lifetime SMART allows a client assertion (`exp` at most 5 minutes ahead).
pub const MAX_LIFETIME_SECS: i64 = 300;

/// "RS384, ES384, RS512".
pub(crate) fn accepted_list() -> String {
    ACCEPTED_ALGORITHMS
        .iter()
        .map(|alg| alg.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds the client-assertion findings to `findings` (which already holds the generic ones).
pub fn check(
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
    findings: &mut Vec<Finding>,
) {
    let claims = payload.as_object();
    escalate(
        findings,
        "token.hs-alg",
        Severity::Error,
        "SMART and Koppeltaal require an asymmetric key (RS384, ES384; the reference server also RS512)",
        sources::SMART_BACKEND,
    );
    escalate(
        findings,
        "token.exp-missing",
        Severity::Error,
        "SMART requires `exp`, at most 5 minutes ahead (the reference server only checks it when present)",
        sources::SMART_BACKEND,
    );
    escalate(
        findings,
        "token.iat-in-future",
        Severity::Error,
        "an assertion issued in the future is refused",
        sources::SMART_BACKEND,
    );

    if let Some(alg) = header_algorithm(header) {
        if !alg.is_symmetric() && !ACCEPTED_ALGORITHMS.contains(&alg) {
            findings.push(
                Finding::new(
                    "kt.client-assertion.alg-not-accepted",
                    Severity::Warning,
                    format!(
                        "`alg` is {alg}: the Koppeltaal auth server accepts {} (SMART clients must support RS384 and ES384)",
                        accepted_list()
                    ),
                )
                .with_source(sources::KT_AUTH_VERIFIERS),
            );
        }
    }
    if let Err(absent) = string_member(Some(header), "kid") {
        findings.push(
            Finding::new(
                "kt.client-assertion.kid-missing",
                Severity::Error,
                format!(
                    "header `kid` is {}: expected the id of the signing key in your registered JWKS \
                     (the server picks the key by `kid`)",
                    absent.describe()
                ),
            )
            .with_source(sources::SMART_BACKEND),
        );
    }
    match string_member(Some(header), "typ") {
        Ok("JWT") => {}
        found => findings.push(
            Finding::new(
                "kt.client-assertion.typ-not-jwt",
                Severity::Warning,
                format!(
                    "header `typ` is {}: SMART expects \"JWT\"",
                    describe_found(found)
                ),
            )
            .with_source(sources::SMART_BACKEND),
        ),
    }
    if header.contains_key("jku") {
        findings.push(
            Finding::new(
                "kt.client-assertion.jku-present",
                Severity::Warning,
                "header `jku` is set: SMART allows it only when it equals the JWKS URL registered for \
                 this client; check that it does",
            )
            .with_source(sources::SMART_BACKEND),
        );
    }

    check_iss_sub(claims, findings);
    check_aud(claims, findings);
    check_exp_from_now(payload, now, leeway_secs, findings);
    // The lifetime from `iat` is only a warning: SMART limits how far ahead `exp` lies (judged
    // against now, just above); a long `exp - iat` with a recent `exp` harms no receiver.
    if TimeClaims::from_payload(payload).iat.is_some() {
        if let Some(mut finding) = lifetime_too_long(
            "kt.client-assertion.lifetime-too-long",
            payload,
            now,
            leeway_secs,
            MAX_LIFETIME_SECS,
            "SMART backend services",
            sources::SMART_BACKEND,
        ) {
            finding.severity = Severity::Warning;
            findings.push(finding);
        }
    }
    check_jti(
        claims,
        "kt.client-assertion.jti-missing",
        "kt.client-assertion.jti-not-uuid",
        findings,
    );
}

/// SMART: `exp` at most five minutes in the future, judged against the receiver's clock (with
/// the leeway for skew), whatever `iat` says.
fn check_exp_from_now(payload: &Value, now: i64, leeway_secs: i64, findings: &mut Vec<Finding>) {
    let Some(exp) = TimeClaims::from_payload(payload).exp else {
        return;
    };
    let ahead = exp.saturating_sub(now);
    if ahead > MAX_LIFETIME_SECS.saturating_add(leeway_secs.max(0)) {
        findings.push(
            Finding::new(
                "kt.client-assertion.exp-too-far",
                Severity::Error,
                format!(
                    "`exp` is {} ({ahead} s, {} from now): SMART allows at most {MAX_LIFETIME_SECS} s \
                     (5 minutes) ahead, plus {} s leeway",
                    format_utc(exp),
                    describe_duration(ahead.unsigned_abs()),
                    leeway_secs.max(0)
                ),
            )
            .with_source(sources::SMART_BACKEND),
        );
    }
}

fn check_iss_sub(claims: Option<&Map<String, Value>>, findings: &mut Vec<Finding>) {
    let iss = string_member(claims, "iss");
    let sub = string_member(claims, "sub");
    if let Err(absent) = iss {
        findings.push(
            Finding::new(
                "kt.client-assertion.iss-missing",
                Severity::Error,
                format!(
                    "`iss` is {}: expected your client_id (the id of your Device); the server requires it",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_AUTH_VERIFIERS),
        );
    }
    match (iss, sub) {
        (_, Err(absent)) => findings.push(
            Finding::new(
                "kt.client-assertion.sub-missing",
                Severity::Warning,
                format!(
                    "`sub` is {}: SMART requires `sub` = `iss` = client_id (the Koppeltaal reference \
                     server does not check `sub`)",
                    absent.describe()
                ),
            )
            .with_source(sources::SMART_BACKEND),
        ),
        (Ok(iss), Ok(sub)) if iss != sub => findings.push(
            Finding::new(
                "kt.client-assertion.iss-sub-mismatch",
                Severity::Warning,
                format!(
                    "`sub` is {} but `iss` is {}: SMART requires both to be the client_id (the \
                     Koppeltaal reference server reads only `iss`)",
                    quote(sub),
                    quote(iss)
                ),
            )
            .with_source(sources::SMART_BACKEND),
        ),
        _ => {}
    }
}

fn check_aud(claims: Option<&Map<String, Value>>, findings: &mut Vec<Finding>) {
    let aud = match claims.and_then(|claims| claims.get("aud")) {
        Some(Value::String(aud)) if !aud.is_empty() => aud,
        Some(Value::Array(items)) => {
            findings.push(
                Finding::new(
                    "kt.client-assertion.aud-not-string",
                    Severity::Error,
                    format!(
                        "`aud` is an array of {} value(s): the reference server compares `aud` with \
                         its token endpoint as one string, so an array is refused",
                        items.len()
                    ),
                )
                .with_source(sources::KT_AUTH_VERIFIERS),
            );
            return;
        }
        Some(other) if !other.is_string() => {
            findings.push(
                Finding::new(
                    "kt.client-assertion.aud-not-string",
                    Severity::Error,
                    format!(
                        "`aud` is {}: expected the token endpoint URL as a string",
                        kind_of(other)
                    ),
                )
                .with_source(sources::KT_AUTH_VERIFIERS),
            );
            return;
        }
        found => {
            let absent = if found.is_some() {
                Absent::Empty
            } else {
                Absent::Missing
            };
            findings.push(
                Finding::new(
                    "kt.client-assertion.aud-missing",
                    Severity::Error,
                    format!(
                        "`aud` is {}: expected the token endpoint URL from .well-known/smart-configuration",
                        absent.describe()
                    ),
                )
                .with_source(sources::KT_AUTH_VERIFIERS),
            );
            return;
        }
    };
    let path_end = aud.trim_end_matches('/');
    if path_end.ends_with("/introspect") {
        findings.push(
            Finding::new(
                "kt.client-assertion.aud-introspection",
                Severity::Warning,
                format!(
                    "`aud` is the introspection endpoint {}: TOP-KT-021 says so for introspection \
                     calls, but the reference server checks every assertion, introspection \
                     included, against its token endpoint (…/token): follow the server",
                    quote(aud)
                ),
            )
            .with_source(sources::KT_AUTH_VERIFIERS),
        );
    } else if !path_end.ends_with("/token") {
        findings.push(
            Finding::new(
                "kt.client-assertion.aud-not-token-endpoint",
                Severity::Warning,
                format!(
                    "`aud` is {}: expected the token endpoint URL (…/token) from \
                     .well-known/smart-configuration",
                    quote(aud)
                ),
            )
            .with_source(sources::KT_AUTH_VERIFIERS),
        );
    }
    if !aud.starts_with("https://") {
        let found = if is_http_url(aud) {
            "a plain http URL"
        } else {
            "not a URL"
        };
        findings.push(
            Finding::new(
                "kt.client-assertion.aud-not-https",
                Severity::Warning,
                format!(
                    "`aud` {} is {found}: expected an https token endpoint URL",
                    quote(aud)
                ),
            )
            .with_source(sources::SMART_BACKEND),
        );
    }
}

/// `jti` present (replay protection) and, ideally, a UUID.
pub(crate) fn check_jti(
    claims: Option<&Map<String, Value>>,
    missing_rule: &'static str,
    not_uuid_rule: &'static str,
    findings: &mut Vec<Finding>,
) {
    match string_member(claims, "jti") {
        Err(absent) => findings.push(
            Finding::new(
                missing_rule,
                Severity::Error,
                format!(
                    "`jti` is {}: expected a unique id per token (a random UUID), used against replay",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_AUTH_VERIFIERS),
        ),
        Ok(jti) if !is_uuid(jti) => findings.push(
            Finding::new(
                not_uuid_rule,
                Severity::Info,
                format!(
                    "`jti` is {}: fine if it is never reused; a random UUID (e.g. \
                     3f2b8c1e-5d4a-4b6f-9e2d-7a1c0b9e8f47) is the usual choice",
                    quote(jti)
                ),
            )
            .with_source(sources::KT_CLIENT_ASSERTION),
        ),
        Ok(_) => {}
    }
}

/// "missing", "\"JOSE\"", "a number, not a string".
pub(crate) fn describe_found(found: Result<&str, Absent>) -> String {
    match found {
        Ok(text) => quote(text),
        Err(absent) => absent.describe(),
    }
}
