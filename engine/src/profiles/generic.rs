//! Checks every token gets, whatever its profile: the header (`alg`, `crit`, `b64`, key-pointing
//! members) and the time claims.

use serde_json::{Map, Value};

use super::fields::string_member;
use super::sources;
use crate::alg::JwsAlgorithm;
use crate::claims::{check_time_claims, quote};
use crate::finding::{Finding, Severity};
use crate::json::kind_of;

/// Header parameters RFC 7515 and RFC 7519 register; `crit` must not list them (RFC 7515 §4.1.11).
const REGISTERED_HEADER_PARAMETERS: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

/// Extensions this tool understands when listed in `crit`.
const UNDERSTOOD_CRITICAL: [&str; 1] = ["b64"];

/// All generic findings for a decoded header and payload, at time `now` with `leeway_secs`.
pub fn check_generic(
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
) -> Vec<Finding> {
    let mut findings = check_alg(header);
    findings.extend(check_key_pointers(header));
    findings.extend(check_crit(header));
    findings.extend(check_b64(header));
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

fn check_alg(header: &Map<String, Value>) -> Vec<Finding> {
    let finding = match string_member(Some(header), "alg") {
        Err(absent) => Finding::new(
            "token.alg-missing",
            Severity::Error,
            format!(
                "`alg` is {}: expected a signature algorithm such as RS384 or ES384",
                absent.describe()
            ),
        ),
        Ok(name) if name.eq_ignore_ascii_case("none") => Finding::new(
            "token.alg-none",
            Severity::Error,
            format!(
                "`alg` is {}: an unsecured, unsigned token; expected a signature algorithm \
                 (RS384, ES384, …); never accept it",
                quote(name)
            ),
        )
        .with_source(sources::RFC8725_ALG),
        Ok(name) => match name.parse::<JwsAlgorithm>() {
            Err(unknown) => Finding::new("token.alg-unknown", Severity::Error, unknown.to_string()),
            Ok(alg) if alg.is_symmetric() => Finding::new(
                "token.hs-alg",
                Severity::Info,
                format!(
                    "`alg` is {alg}: a shared secret, so anyone who can verify the token can also \
                     forge one (Koppeltaal and HTI allow only RS*/ES*)"
                ),
            )
            .with_source(sources::RFC8725_ALG),
            Ok(_) => return Vec::new(),
        },
    };
    vec![finding.with_source_if_none(sources::RFC7515_ALG)]
}

fn check_key_pointers(header: &Map<String, Value>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(jwk) = header.get("jwk") {
        findings.push(
            Finding::new(
                "header.jwk-embedded",
                Severity::Warning,
                format!(
                    "the header embeds a key (`jwk`, {}): shown, never used to verify; a token \
                     that carries its own key proves nothing (verify with a key you trust)",
                    kind_of(jwk)
                ),
            )
            .with_source(sources::RFC7515_JWK),
        );
    }
    for (name, rule, what) in [
        ("jku", "header.jku", "a JWK Set URL"),
        ("x5u", "header.x5u", "an X.509 URL"),
    ] {
        if let Some(value) = header.get(name) {
            let shown = value
                .as_str()
                .map_or_else(|| kind_of(value).to_owned(), quote);
            findings.push(
                Finding::new(
                    rule,
                    Severity::Warning,
                    format!(
                        "`{name}` is {shown} ({what}): shown, never fetched or used to verify; \
                         accept keys only from a URL you registered yourself"
                    ),
                )
                .with_source(sources::RFC7515_URL_HEADERS),
            );
        }
    }
    if header.contains_key("x5c") {
        findings.push(
            Finding::new(
                "header.x5c",
                Severity::Info,
                "the header carries a certificate chain (`x5c`): shown, not used to verify",
            )
            .with_source(sources::RFC7515_X5C),
        );
    }
    if let Some(kid) = header.get("kid") {
        if !kid.is_string() {
            findings.push(
                Finding::new(
                    "header.kid-not-string",
                    Severity::Error,
                    format!("`kid` is {}: expected a string", kind_of(kid)),
                )
                .with_source(sources::RFC7515_KID),
            );
        }
    }
    findings
}

fn check_crit(header: &Map<String, Value>) -> Vec<Finding> {
    let Some(crit) = header.get("crit") else {
        return Vec::new();
    };
    let invalid = |message: String| {
        vec![
            Finding::new("header.crit-invalid", Severity::Error, message)
                .with_source(sources::RFC7515_CRIT),
        ]
    };
    let names: Vec<&str> = match crit {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect()
        }
        Value::Array(items) if items.is_empty() => {
            return invalid(
                "`crit` is an empty array: expected a non-empty array of header names".to_owned(),
            )
        }
        Value::Array(items) => {
            let odd = items
                .iter()
                .find(|item| !item.is_string())
                .map_or("a value", kind_of);
            return invalid(format!(
                "`crit` contains {odd}: expected only header parameter names (strings)"
            ));
        }
        other => {
            return invalid(format!(
                "`crit` is {}: expected a non-empty array of header parameter names",
                kind_of(other)
            ))
        }
    };
    let mut findings = Vec::new();
    for name in names {
        if REGISTERED_HEADER_PARAMETERS.contains(&name) {
            findings.extend(invalid(format!(
                "`crit` lists {}, a standard header parameter: expected only extension names",
                quote(name)
            )));
        } else if !header.contains_key(name) {
            findings.extend(invalid(format!(
                "`crit` lists {} but the header has no such member: a receiver must reject this",
                quote(name)
            )));
        } else if !UNDERSTOOD_CRITICAL.contains(&name) {
            findings.push(
                Finding::new(
                    "header.crit-unknown",
                    Severity::Error,
                    format!(
                        "`crit` lists {}, an extension this tool does not understand: a receiver \
                         that does not understand it must reject the token",
                        quote(name)
                    ),
                )
                .with_source(sources::RFC7515_CRIT),
            );
        }
    }
    findings
}

fn check_b64(header: &Map<String, Value>) -> Vec<Finding> {
    match header.get("b64") {
        Some(Value::Bool(false)) => {
            let listed = header
                .get("crit")
                .and_then(Value::as_array)
                .is_some_and(|crit| crit.iter().any(|name| name == "b64"));
            let note = if listed {
                ""
            } else {
                "; `crit` must list \"b64\" as well, and it does not"
            };
            vec![Finding::new(
                "header.b64-false",
                Severity::Warning,
                format!(
                    "`b64` is false: the payload is signed as raw bytes, not base64url \
                     (RFC 7797); JWT libraries and Koppeltaal expect an encoded payload{note}"
                ),
            )
            .with_source(sources::RFC7797_B64)]
        }
        Some(Value::Bool(true)) | None => Vec::new(),
        Some(other) => vec![Finding::new(
            "header.b64-false",
            Severity::Warning,
            format!("`b64` is {}: expected true or false", kind_of(other)),
        )
        .with_source(sources::RFC7797_B64)],
    }
}

/// Kept private: a tiny helper so one match arm can add a default source.
trait WithSourceIfNone {
    fn with_source_if_none(self, source: &'static str) -> Self;
}

impl WithSourceIfNone for Finding {
    fn with_source_if_none(mut self, source: &'static str) -> Self {
        if self.source.is_none() {
            self.source = Some(source.to_owned());
        }
        self
    }
}
