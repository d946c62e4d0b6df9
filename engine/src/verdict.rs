//! The receiver's verdict: would the party this token is meant for accept it?
//!
//! Findings say what is odd about a token; the verdict answers the question people actually
//! ask. It combines the profile report (rules and the receiver's [`Expectations`]), the
//! signature check and any extra findings (such as the verifier's), and says one of three things:
//! - **accept**: the signature is valid, no finding is an error, nothing the verdict needs is
//!   missing;
//! - **reject**: the signature is invalid or no offered key can verify it, or a finding is an
//!   error;
//! - **incomplete**: nothing is wrong so far, but there is no usable key yet or an expectation
//!   is missing; [`Verdict::missing`] says what to add.
//!
//! # Rule ids
//! `verify.signature-invalid` and `verify.key-unusable` ([`VERDICT_RULE_IDS`]), only ever as a
//! [`Reason`] of a rejection.
//!
//! [`Expectations`]: crate::profiles::Expectations

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Severity};
use crate::profiles::{Profile, ProfileReport};
use crate::verify::{VerifiedToken, VerifyError, VerifyStatus};

/// The rule ids a verdict can give as a reason beyond the findings' own.
pub const VERDICT_RULE_IDS: &[&str] = &["verify.signature-invalid", "verify.key-unusable"];

/// Where the signature check stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignatureState {
    /// The signature matches a key the receiver trusts.
    Valid,
    /// The signature does not match (or the token is unsigned, `alg: none`).
    Invalid,
    /// No key was offered yet.
    NoKey,
    /// Keys were offered, but none can verify this token (no key with the token's `kid`, wrong
    /// key type for the `alg`, a key restricted to other uses); the receiver's view: it would
    /// refuse the token. The text says why.
    KeyUnusable(String),
    /// Verification could not run for another reason (the text says which).
    Error(String),
    /// The check is still running.
    Pending,
}

impl SignatureState {
    /// The state a [`verify_compact`](crate::verify::verify_compact) result stands for: a
    /// mismatch (or `alg: none`) is `Invalid`; no keys is `NoKey`; keys that cannot verify this
    /// token (no such `kid`, two with it, wrong type, restricted use, a mixed set) are
    /// `KeyUnusable`, since the receiver would refuse the token with them; anything else that
    /// stopped the check (`crit`, `b64`, an unknown or disallowed `alg`) is `Error`.
    pub fn from_verification(result: Result<&VerifiedToken, &VerifyError>) -> Self {
        let error = match result {
            Ok(_) => return SignatureState::Valid,
            Err(error) => error,
        };
        if error.status() == VerifyStatus::Invalid {
            return SignatureState::Invalid;
        }
        match error {
            VerifyError::NoKeys => SignatureState::NoKey,
            VerifyError::MixedKeySet
            | VerifyError::KidNotFound { .. }
            | VerifyError::AmbiguousKid { .. }
            | VerifyError::NoCompatibleKey { .. }
            | VerifyError::KeyPolicy { .. }
            | VerifyError::Key { .. } => SignatureState::KeyUnusable(error.to_string()),
            other => SignatureState::Error(other.to_string()),
        }
    }
}

/// The three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictKind {
    /// The receiver would accept the token.
    Accept,
    /// The receiver would reject the token.
    Reject,
    /// Not enough is known to decide.
    Incomplete,
}

impl VerdictKind {
    /// The stable id (`data-verdict`): `accept`, `reject`, `incomplete`.
    pub fn id(self) -> &'static str {
        match self {
            VerdictKind::Accept => "accept",
            VerdictKind::Reject => "reject",
            VerdictKind::Incomplete => "incomplete",
        }
    }
}

/// Why a receiver would reject the token: a rule id and its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The rule id (a finding's, or one of [`VERDICT_RULE_IDS`]).
    pub rule: String,
    /// The message for the person at the keyboard.
    pub message: String,
}

/// The receiver's verdict on one token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Accept, reject or incomplete.
    pub kind: VerdictKind,
    /// One sentence naming the receiver, e.g. "A module would reject this launch: 2 reasons".
    pub headline: String,
    /// For a rejection: a bad signature or unusable key first, then every error finding.
    pub reasons: Vec<Reason>,
    /// What to add for a complete verdict (a key, the expectations the profile needs).
    pub missing: Vec<String>,
}

/// Who receives a token of this profile, and what the token is called, for headlines.
fn receiver(profile: Profile) -> (&'static str, &'static str) {
    match profile {
        Profile::ClientAssertion => ("the Koppeltaal auth server", "client assertion"),
        Profile::HtiLaunch => ("a module", "launch"),
        Profile::AccessToken => ("the FHIR server", "access token"),
        Profile::IdToken => ("your app (the SHOF client)", "id_token"),
        Profile::Auto | Profile::Generic => ("a receiver", "token"),
    }
}

/// Where the key to verify this profile's tokens comes from, as a "missing" entry.
fn key_needed(profile: Profile) -> &'static str {
    match profile {
        Profile::ClientAssertion => {
            "a key to verify with: the client's JWKS (the URL registered for it in Domain \
             Management)"
        }
        Profile::HtiLaunch => {
            "a key to verify with: the portal's JWKS (the URL registered for it in Domain \
             Management), or introspect the launch at the auth server"
        }
        Profile::AccessToken | Profile::IdToken => {
            "a key to verify with: the issuer's JWKS (its jwks_uri, see the key hint)"
        }
        Profile::Auto | Profile::Generic => "a key to verify with: the issuer's JWKS or public key",
    }
}

/// Decides what the token's receiver would do, from the profile report, the signature check
/// and extra findings (e.g. [`crate::verify::hs_with_public_key_finding`]).
pub fn receiver_verdict(
    report: &ProfileReport,
    signature: &SignatureState,
    extra: &[Finding],
) -> Verdict {
    let mut reasons = Vec::new();
    match signature {
        SignatureState::Invalid => reasons.push(Reason {
            rule: "verify.signature-invalid".to_owned(),
            message: "the signature does not match the token and key: the token was changed, \
                      or signed with another key"
                .to_owned(),
        }),
        SignatureState::KeyUnusable(why) => reasons.push(Reason {
            rule: "verify.key-unusable".to_owned(),
            message: format!("no offered key can verify this token: {why}"),
        }),
        _ => {}
    }
    reasons.extend(
        report
            .findings
            .iter()
            .chain(extra)
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| Reason {
                rule: finding.rule.clone(),
                message: finding.message.clone(),
            }),
    );

    let mut missing = Vec::new();
    match signature {
        SignatureState::NoKey => missing.push(key_needed(report.profile).to_owned()),
        SignatureState::Pending => {
            missing.push("the signature check's result (still running)".to_owned())
        }
        SignatureState::Error(why) => {
            missing.push(format!("a signature check that can run: {why}"))
        }
        SignatureState::Valid | SignatureState::Invalid | SignatureState::KeyUnusable(_) => {}
    }
    missing.extend(report.missing.iter().cloned());

    let (who, what) = receiver(report.profile);
    let (kind, headline) = if !reasons.is_empty() {
        let count = match reasons.len() {
            1 => "1 reason".to_owned(),
            n => format!("{n} reasons"),
        };
        (
            VerdictKind::Reject,
            format!("{} would reject this {what}: {count}", capitalised(who)),
        )
    } else if missing.is_empty() && *signature == SignatureState::Valid {
        (
            VerdictKind::Accept,
            format!("{} would accept this {what}", capitalised(who)),
        )
    } else {
        (
            VerdictKind::Incomplete,
            format!(
                "Not enough to decide whether {who} would accept this {what}: add {}",
                missing.join("; and ")
            ),
        )
    };
    Verdict {
        kind,
        headline,
        reasons,
        missing,
    }
}

/// The phrase with its first letter in upper case, to start a sentence.
fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
