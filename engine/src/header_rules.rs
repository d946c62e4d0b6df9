//! The protected-header rules, decided in one place: `alg`, the key-pointing members (`jwk`,
//! `jku`, `x5u`, `x5c`), `kid`, `crit` (RFC 7515 §4.1.11) and `b64` (RFC 7797).
//!
//! [`check_header`] states them as findings, for [`crate::token::UntrustedToken::findings`] and
//! the generic profile alike; [`crate::verify`] refuses a token on the same [`CritProblem`]s and
//! [`B64Mode`]. Keeping one copy means the Decoder, the profile report and the verifier can never
//! disagree about what a header means or which rule id says so.
//!
//! # Rule ids
//! `token.alg-missing`, `token.alg-none`, `token.alg-unknown`, `token.hs-alg`,
//! `header.jwk-embedded`, `header.jku`, `header.x5u`, `header.x5c`, `header.kid-not-string`,
//! `header.crit-invalid`, `header.crit-unknown`, `header.b64-false` ([`HEADER_RULE_IDS`]).

use core::fmt;

use serde_json::{Map, Value};

use crate::alg::JwsAlgorithm;
use crate::claims::quote;
use crate::finding::{Finding, Severity};
use crate::json::kind_of;
use crate::sources;

/// Every rule id [`check_header`] can produce.
pub const HEADER_RULE_IDS: &[&str] = &[
    "token.alg-missing",
    "token.alg-none",
    "token.alg-unknown",
    "token.hs-alg",
    "header.jwk-embedded",
    "header.jku",
    "header.x5u",
    "header.x5c",
    "header.kid-not-string",
    "header.crit-invalid",
    "header.crit-unknown",
    "header.b64-false",
];

/// The header extensions this engine understands when `crit` lists them: only `b64`.
pub const UNDERSTOOD_CRIT: [&str; 1] = ["b64"];

/// Header parameters RFC 7515 and RFC 7519 register; `crit` must not list them (RFC 7515 §4.1.11).
pub const REGISTERED_HEADER_PARAMETERS: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

/// Every header finding: `alg`, key-pointing members, `kid`, `crit` and `b64`.
pub fn check_header(header: &Map<String, Value>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = check_alg(header).into_iter().collect();
    findings.extend(check_key_pointers(header));
    findings.extend(crit_problems(header).into_iter().map(|problem| {
        let (rule, severity) = if problem.is_malformed() {
            ("header.crit-invalid", Severity::Error)
        } else {
            ("header.crit-unknown", Severity::Error)
        };
        Finding::new(rule, severity, problem.to_string()).with_source(sources::RFC7515_CRIT)
    }));
    findings.extend(check_b64(header));
    findings
}

fn check_alg(header: &Map<String, Value>) -> Option<Finding> {
    let name = match header.get("alg") {
        Some(Value::String(name)) if !name.is_empty() => name,
        absent => {
            let what = match absent {
                None => "missing".to_owned(),
                Some(Value::String(_)) => "an empty string".to_owned(),
                Some(other) => format!("{}, not a string", kind_of(other)),
            };
            return Some(
                Finding::new(
                    "token.alg-missing",
                    Severity::Error,
                    format!(
                        "`alg` is {what}: expected a signature algorithm such as RS384 or ES384"
                    ),
                )
                .with_source(sources::RFC7515_ALG),
            );
        }
    };
    // Any case: a verifier that lower-cases `alg` before looking it up would take "NONE" too.
    if name.eq_ignore_ascii_case("none") {
        return Some(
            Finding::new(
                "token.alg-none",
                Severity::Error,
                format!(
                    "`alg` is {}: an unsecured, unsigned token; expected a signature algorithm \
                     (RS384, ES384, …); never accept it",
                    quote(name)
                ),
            )
            .with_source(sources::RFC8725_ALG),
        );
    }
    match name.parse::<JwsAlgorithm>() {
        Err(unknown) => Some(
            Finding::new("token.alg-unknown", Severity::Error, unknown.to_string())
                .with_source(sources::RFC7515_ALG),
        ),
        Ok(alg) if alg.is_symmetric() => Some(
            Finding::new(
                "token.hs-alg",
                Severity::Info,
                format!(
                    "`alg` is {alg}: a shared secret, so anyone who can verify the token can also \
                     forge one (Koppeltaal and HTI allow only RS*/ES*)"
                ),
            )
            .with_source(sources::RFC8725_ALG),
        ),
        Ok(_) => None,
    }
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

/// Something about a header's `crit` that makes a receiver reject the token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CritProblem {
    /// `crit` is not an array.
    NotArray {
        /// The JSON type found, e.g. "a string".
        found: &'static str,
    },
    /// `crit` is an empty array.
    Empty,
    /// An entry of `crit` is not a string.
    NotString {
        /// The JSON type of the first such entry.
        found: &'static str,
    },
    /// `crit` lists a header parameter RFC 7515/7519 registers, which only extensions may be.
    Registered {
        /// The name listed.
        name: String,
    },
    /// `crit` lists a name the header does not have.
    Absent {
        /// The name listed.
        name: String,
    },
    /// `crit` lists an extension not in [`UNDERSTOOD_CRIT`].
    NotUnderstood {
        /// The name listed.
        name: String,
    },
}

impl CritProblem {
    /// True when `crit` itself is wrong (`header.crit-invalid`); false when it is well formed
    /// but asks for an extension this engine does not understand (`header.crit-unknown`).
    pub fn is_malformed(&self) -> bool {
        !matches!(self, CritProblem::NotUnderstood { .. })
    }
}

impl fmt::Display for CritProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CritProblem::NotArray { found } => write!(
                f,
                "`crit` is {found}: expected a non-empty array of header parameter names"
            ),
            CritProblem::Empty => {
                f.write_str("`crit` is an empty array: expected a non-empty array of header names")
            }
            CritProblem::NotString { found } => write!(
                f,
                "`crit` contains {found}: expected only header parameter names (strings)"
            ),
            CritProblem::Registered { name } => write!(
                f,
                "`crit` lists {}, a standard header parameter: expected only extension names",
                quote(name)
            ),
            CritProblem::Absent { name } => write!(
                f,
                "`crit` lists {} but the header has no such member: a receiver must reject this",
                quote(name)
            ),
            CritProblem::NotUnderstood { name } => write!(
                f,
                "`crit` lists {}, an extension this tool does not understand: a receiver that \
                 does not understand it must reject the token",
                quote(name)
            ),
        }
    }
}

/// Everything wrong with the header's `crit`, in the order listed; empty when `crit` is absent
/// or lists only understood extensions that are present.
pub fn crit_problems(header: &Map<String, Value>) -> Vec<CritProblem> {
    let Some(crit) = header.get("crit") else {
        return Vec::new();
    };
    let items = match crit {
        Value::Array(items) if items.is_empty() => return vec![CritProblem::Empty],
        Value::Array(items) => items,
        other => {
            return vec![CritProblem::NotArray {
                found: kind_of(other),
            }]
        }
    };
    if let Some(odd) = items.iter().find(|item| !item.is_string()) {
        return vec![CritProblem::NotString {
            found: kind_of(odd),
        }];
    }
    items
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|name| {
            let name_owned = name.to_owned();
            if REGISTERED_HEADER_PARAMETERS.contains(&name) {
                Some(CritProblem::Registered { name: name_owned })
            } else if !header.contains_key(name) {
                Some(CritProblem::Absent { name: name_owned })
            } else if !UNDERSTOOD_CRIT.contains(&name) {
                Some(CritProblem::NotUnderstood { name: name_owned })
            } else {
                None
            }
        })
        .collect()
}

/// What the header's `b64` (RFC 7797) says about the payload segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum B64Mode {
    /// No `b64`, or `"b64": true`: the usual base64url payload.
    Encoded,
    /// `"b64": false`: the payload segment is the raw payload.
    Unencoded {
        /// Whether `crit` lists `b64`, as RFC 7797 §6 requires.
        listed_in_crit: bool,
    },
    /// `b64` is neither true nor false.
    NotBoolean {
        /// The JSON type found.
        found: &'static str,
    },
}

/// Reads the header's `b64`.
pub fn b64_mode(header: &Map<String, Value>) -> B64Mode {
    match header.get("b64") {
        None | Some(Value::Bool(true)) => B64Mode::Encoded,
        Some(Value::Bool(false)) => B64Mode::Unencoded {
            listed_in_crit: header
                .get("crit")
                .and_then(Value::as_array)
                .is_some_and(|crit| crit.iter().any(|name| name == "b64")),
        },
        Some(other) => B64Mode::NotBoolean {
            found: kind_of(other),
        },
    }
}

fn check_b64(header: &Map<String, Value>) -> Option<Finding> {
    let message = match b64_mode(header) {
        B64Mode::Encoded => return None,
        B64Mode::Unencoded { listed_in_crit } => {
            let note = if listed_in_crit {
                ""
            } else {
                "; `crit` must list \"b64\" as well, and it does not"
            };
            format!(
                "`b64` is false: the payload is signed as raw bytes, not base64url (RFC 7797); \
                 JWT libraries and Koppeltaal expect an encoded payload{note}"
            )
        }
        B64Mode::NotBoolean { found } => format!("`b64` is {found}: expected true or false"),
    };
    Some(
        Finding::new("header.b64-false", Severity::Warning, message)
            .with_source(sources::RFC7797_B64),
    )
}
