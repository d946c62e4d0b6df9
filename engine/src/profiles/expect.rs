//! Expectations: what the receiver knows that the token cannot tell, such as its own token
//! endpoint, its own `Device/<id>`, the issuers it trusts and the nonce it sent.
//!
//! A token can be perfectly shaped and still be meant for someone else; only the receiver can
//! say "this `aud` is not me". [`Expectations`] carries that knowledge into
//! [`super::check_expecting`], and [`missing`] says which of it a complete verdict still needs.
//!
//! # Rule ids
//! `expect.aud-mismatch`, `expect.iss-untrusted`, `expect.nonce-mismatch` ([`EXPECT_RULE_IDS`]),
//! all errors: a receiver refuses a token that fails any of them.

use serde_json::{Map, Value};

use super::Profile;
use crate::claims::{audiences, quote};
use crate::finding::{Finding, Severity};
use crate::sources;

/// Every rule id the expectation checks can produce.
pub const EXPECT_RULE_IDS: &[&str] = &[
    "expect.aud-mismatch",
    "expect.iss-untrusted",
    "expect.nonce-mismatch",
];

/// What the receiver knows: its own identity (the `aud` it expects), the issuers it trusts, the
/// nonce it sent and the clock skew it allows. Every field is optional; an unset one is simply
/// not checked (and may be listed by [`missing`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Expectations {
    /// The `aud` the token must contain. Per profile: client assertion → my token endpoint URL
    /// (also for introspection calls: the reference server checks the token endpoint); HTI
    /// launch → my `Device/<id>`; access token → the audience I serve (`fhir-server`);
    /// id_token → my client_id.
    pub audience: Option<String>,
    /// The issuers I trust (`iss` must be one of them); empty means no expectation.
    pub issuers: Vec<String>,
    /// The nonce I sent (an id_token must carry it back).
    pub nonce: Option<String>,
    /// Clock skew to allow, in seconds; `None` means [`crate::claims::DEFAULT_LEEWAY_SECS`].
    pub leeway_secs: Option<i64>,
}

/// What the expected `aud` is called for this profile, for messages and [`missing`].
fn audience_name(profile: Profile) -> &'static str {
    match profile {
        Profile::ClientAssertion => "your token endpoint URL",
        Profile::HtiLaunch => "your module's Device/<id>",
        Profile::AccessToken => "the audience your FHIR server accepts",
        Profile::IdToken => "your client_id",
        Profile::Auto | Profile::Generic => "your identifier",
    }
}

/// Which expectations a verdict on a token of this profile still needs, worded for the person
/// at the keyboard ("your token endpoint URL (expected aud)", "the nonce you sent"). Access
/// tokens and generic tokens need none: their audience is fixed or unknown.
pub fn missing(profile: Profile, expect: &Expectations) -> Vec<String> {
    let mut missing = Vec::new();
    let needs_audience = matches!(
        profile,
        Profile::ClientAssertion | Profile::HtiLaunch | Profile::IdToken
    );
    if needs_audience && expect.audience.is_none() {
        missing.push(format!("{} (expected aud)", audience_name(profile)));
    }
    if profile == Profile::IdToken && expect.nonce.is_none() {
        missing.push("the nonce you sent (expected nonce)".to_owned());
    }
    missing
}

/// Adds a finding for every expectation the token does not meet.
pub(crate) fn check(
    profile: Profile,
    claims: Option<&Map<String, Value>>,
    expect: &Expectations,
    findings: &mut Vec<Finding>,
) {
    let member = |name: &str| claims.and_then(|claims| claims.get(name));
    if let Some(expected) = expect.audience.as_deref() {
        let found = member("aud").map(audiences).unwrap_or_default();
        if !found.contains(&expected) {
            findings.push(aud_mismatch(profile, expected, &found));
        }
    }
    if !expect.issuers.is_empty() {
        let iss = member("iss").and_then(Value::as_str);
        let trusted = iss.is_some_and(|iss| {
            expect
                .issuers
                .iter()
                .any(|trusted| same_issuer(trusted, iss))
        });
        if !trusted {
            let found = iss.map_or_else(|| "missing".to_owned(), quote);
            let list: Vec<String> = expect.issuers.iter().map(|i| quote(i)).collect();
            findings.push(Finding::new(
                "expect.iss-untrusted",
                Severity::Error,
                format!(
                    "`iss` is {found}: expected one of the issuers you trust, {}",
                    list.join(", ")
                ),
            ));
        }
    }
    if let Some(expected) = expect.nonce.as_deref() {
        let message = match member("nonce") {
            Some(Value::String(nonce)) if nonce == expected => None,
            Some(Value::String(nonce)) => Some(format!(
                "`nonce` is {}: expected the nonce you sent, {} (a different nonce means the \
                 token answers another request, or is replayed)",
                quote(nonce),
                quote(expected)
            )),
            Some(_) => Some(format!(
                "`nonce` is not a string: expected the nonce you sent, {}",
                quote(expected)
            )),
            None => Some(format!(
                "`nonce` is missing: expected the nonce you sent, {}",
                quote(expected)
            )),
        };
        if let Some(message) = message {
            findings.push(
                Finding::new("expect.nonce-mismatch", Severity::Error, message)
                    .with_source(sources::OIDC_ID_TOKEN_VALIDATION),
            );
        }
    }
}

/// Issuers compare exactly, except that a trailing `/` does not count: the Koppeltaal auth
/// server writes its URL with one (`https://…/`), configuration files often without.
fn same_issuer(trusted: &str, found: &str) -> bool {
    trusted == found || trusted.trim_end_matches('/') == found.trim_end_matches('/')
}

fn aud_mismatch(profile: Profile, expected: &str, found: &[&str]) -> Finding {
    let found_text = match found {
        [] => "missing (or not a string)".to_owned(),
        [single] => quote(single),
        several => format!(
            "[{}]",
            several
                .iter()
                .map(|aud| quote(aud))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let note = match profile {
        Profile::ClientAssertion
            if found
                .iter()
                .any(|aud| aud.trim_end_matches('/').ends_with("/introspect")) =>
        {
            " (TOP-KT-021 says the introspection URL for introspection calls, but the reference \
             server checks every assertion against its token endpoint: follow the server)"
        }
        _ => "",
    };
    let source = match profile {
        Profile::ClientAssertion => sources::KT_AUTH_VERIFIERS,
        Profile::HtiLaunch => sources::KT_LAUNCH,
        Profile::IdToken => sources::OIDC_ID_TOKEN_VALIDATION,
        _ => "RFC 7519 §4.1.3 (aud)",
    };
    Finding::new(
        "expect.aud-mismatch",
        Severity::Error,
        format!(
            "`aud` is {found_text}: expected it to contain {} {}{note}",
            audience_name(profile),
            quote(expected)
        ),
    )
    .with_source(source)
}
