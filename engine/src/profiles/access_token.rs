//! Access token issued by the Koppeltaal auth server (the reference Authentication-Service):
//! what it should contain, and what its `scope` grants.
//!
//! These tokens are the server's output, so most gaps are warnings ("this server version does not
//! set it") rather than errors; a wrong `type` is an error because the token is then not an
//! access token at all.

use serde_json::{Map, Value};

use super::client_assertion::describe_found;
use super::fields::{escalate, string_member, Absent};
use super::generic::header_algorithm;
use super::scope::parse_scope;
use super::sources;
use crate::alg::JwsAlgorithm;
use crate::claims::{audiences, describe_duration, quote, TimeClaims};
use crate::finding::{Finding, Severity};
use crate::json::kind_of;

/// The algorithm the auth server signs with.
pub const ALGORITHM: JwsAlgorithm = JwsAlgorithm::Rs512;

/// The audience the auth server puts in access tokens.
pub const AUDIENCE: &str = "fhir-server";

/// The lifetime the current auth server gives access tokens, in seconds.
pub const LIFETIME_SECS: i64 = 300;

/// Adds the access-token findings to `findings` (which already holds the generic ones).
pub fn check(header: &Map<String, Value>, payload: &Value, findings: &mut Vec<Finding>) {
    let claims = payload.as_object();
    escalate(
        findings,
        "token.exp-missing",
        Severity::Error,
        "the auth server always sets `exp` (300 s after issue)",
        sources::KT_AUTH_SERVICE,
    );
    escalate(
        findings,
        "token.hs-alg",
        Severity::Error,
        "the Koppeltaal auth server signs access tokens with RS512",
        sources::KT_AUTH_SERVICE,
    );

    if header_algorithm(header) != Some(ALGORITHM) {
        let found = describe_found(string_member(Some(header), "alg"));
        findings.push(warning(
            "kt.access-token.alg-not-rs512",
            format!("`alg` is {found}: the Koppeltaal auth server signs access tokens with RS512"),
        ));
    }
    if let Err(absent) = string_member(Some(header), "kid") {
        findings.push(warning(
            "kt.access-token.kid-missing",
            format!(
                "header `kid` is {}: the auth server sets it to the RFC 7638 thumbprint of its key",
                absent.describe()
            ),
        ));
    }
    match string_member(claims, "type") {
        Ok("access") => {}
        found => findings.push(
            Finding::new(
                "kt.access-token.type-not-access",
                Severity::Error,
                format!(
                    "`type` is {}: a Koppeltaal access token has \"access\"",
                    describe_found(found)
                ),
            )
            .with_source(sources::KT_AUTH_SERVICE),
        ),
    }
    if let Err(absent) = string_member(claims, "iss") {
        findings.push(
            Finding::new(
                "kt.access-token.iss-missing",
                Severity::Error,
                format!(
                    "`iss` is {}: expected the auth server's URL",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_AUTH_VERIFIERS),
        );
    }
    match claims.and_then(|claims| claims.get("aud")) {
        Some(aud) if audiences(aud).contains(&AUDIENCE) => {}
        found => findings.push(warning(
            "kt.access-token.aud-unexpected",
            format!(
                "`aud` is {}: the auth server issues access tokens for \"{AUDIENCE}\"",
                found.map_or_else(|| "missing".to_owned(), describe_value)
            ),
        )),
    }
    for (name, rule, why) in [
        (
            "iat",
            "kt.access-token.iat-missing",
            "older server versions left it out",
        ),
        (
            "nbf",
            "kt.access-token.nbf-missing",
            "the auth server sets it to the issue time",
        ),
    ] {
        if claims.is_some_and(|claims| !claims.contains_key(name)) {
            findings.push(warning(rule, format!("`{name}` is missing: {why}")));
        }
    }
    let times = TimeClaims::from_payload(payload);
    if let (Some(exp), Some(start)) = (times.exp, times.iat.or(times.nbf)) {
        let lifetime = exp.saturating_sub(start);
        if lifetime != LIFETIME_SECS {
            findings.push(
                Finding::new(
                    "kt.access-token.lifetime-unusual",
                    Severity::Info,
                    format!(
                        "the token lives {lifetime} s ({}); the current auth server issues {LIFETIME_SECS} s (5 minutes)",
                        describe_duration(lifetime.unsigned_abs())
                    ),
                )
                .with_source(sources::KT_AUTH_SERVICE),
            );
        }
    }
    for (name, rule, severity, expected) in [
        (
            "jti",
            "kt.access-token.jti-missing",
            Severity::Warning,
            "a unique token id (the server's own verifier requires it)",
        ),
        (
            "nonce",
            "kt.access-token.nonce-missing",
            Severity::Info,
            "a random nonce the server adds",
        ),
        (
            "sub",
            "kt.access-token.sub-missing",
            Severity::Info,
            "the client_id the token was issued to",
        ),
        (
            "azp",
            "kt.access-token.azp-missing",
            Severity::Warning,
            "the client_id of the authorised party",
        ),
    ] {
        if let Err(absent) = string_member(claims, name) {
            findings.push(
                Finding::new(
                    rule,
                    severity,
                    format!("`{name}` is {}: expected {expected}", absent.describe()),
                )
                .with_source(sources::KT_AUTH_SERVICE),
            );
        }
    }
    check_scope(claims, findings);
}

fn check_scope(claims: Option<&Map<String, Value>>, findings: &mut Vec<Finding>) {
    let scope = match string_member(claims, "scope") {
        Ok(scope) => scope,
        Err(Absent::Empty) => {
            findings.push(
                Finding::new(
                    "kt.scope.empty",
                    Severity::Info,
                    "`scope` is empty: the application's role grants no FHIR permissions yet (Domain Management assigns them)",
                )
                .with_source(sources::KT_AUTH_SCOPES),
            );
            return;
        }
        Err(absent) => {
            findings.push(warning(
                "kt.access-token.scope-missing",
                format!(
                    "`scope` is {}: expected the granted permissions, e.g. \"system/Task.crus?resource-origin=Device/123\"",
                    absent.describe()
                ),
            ));
            return;
        }
    };
    let entries = parse_scope(scope);
    if entries.is_empty() {
        findings.push(
            Finding::new(
                "kt.scope.empty",
                Severity::Info,
                "`scope` holds only spaces: no permissions granted",
            )
            .with_source(sources::KT_AUTH_SCOPES),
        );
    }
    for entry in entries {
        findings.push(
            Finding::new(
                "kt.scope.granted",
                Severity::Info,
                format!("{}: {}", entry.raw, entry.description),
            )
            .with_source(sources::KT_AUTH_SCOPES),
        );
        findings.extend(entry.problems);
    }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::String(text) => quote(text),
        other => kind_of(other).to_owned(),
    }
}

fn warning(rule: &'static str, message: String) -> Finding {
    Finding::new(rule, Severity::Warning, message).with_source(sources::KT_AUTH_SERVICE)
}
