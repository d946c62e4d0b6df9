//! What a `kid` says about its key: a thumbprint (and which convention), or just a name.

use super::fields::is_uuid;
use super::sources;
use crate::claims::quote;
use crate::finding::{Finding, Severity};
use crate::key::PublicKey;
use crate::thumbprint::{recognise_kid, KidConvention};

/// Explains `kid`. With the verifying `key`, says which thumbprint convention (if any) produced
/// it, and warns when it looks like a thumbprint of some other key. Without a key, says what the
/// kid looks like, or returns `None` when its shape tells nothing.
///
/// Rule ids: `kid.thumbprint` (info), `kid.name` (info), `kid.thumbprint-other-key` (warning),
/// `kid.looks-like-thumbprint` (info).
pub fn explain_kid(kid: &str, key: Option<&PublicKey>) -> Option<Finding> {
    let shape = thumbprint_shape(kid);
    let finding = match key.map(|key| recognise_kid(kid, key)) {
        Some(KidConvention::Unrecognised) => match shape {
            Some(looks_like) => Finding::new(
                "kid.thumbprint-other-key",
                Severity::Warning,
                format!(
                    "`kid` {} looks like {looks_like}, but not of this key: is this the key the \
                     token was signed with?",
                    quote(kid)
                ),
            ),
            None => Finding::new(
                "kid.name",
                Severity::Info,
                format!(
                    "`kid` {}: {}",
                    quote(kid),
                    KidConvention::Unrecognised.explanation()
                ),
            ),
        },
        Some(convention) => Finding::new(
            "kid.thumbprint",
            Severity::Info,
            format!("`kid` {}: {}", quote(kid), convention.explanation()),
        ),
        None => Finding::new(
            "kid.looks-like-thumbprint",
            Severity::Info,
            format!(
                "`kid` {} looks like {}; load the key to confirm",
                quote(kid),
                shape?
            ),
        ),
    };
    Some(finding.with_source(sources::KT_JWKS))
}

/// What a kid's length and alphabet suggest, e.g. "an RFC 7638 SHA-256 thumbprint (base64url)".
fn thumbprint_shape(kid: &str) -> Option<&'static str> {
    // Hex ids are left out on purpose: random hex names are too common to call them thumbprints.
    let base64url = kid
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let hex = kid.bytes().all(|b| b.is_ascii_hexdigit());
    if kid.is_empty() || hex || is_uuid(kid) {
        return None;
    }
    match kid.len() {
        43 if base64url => Some(
            "an RFC 7638 SHA-256 thumbprint (base64url), the Koppeltaal auth server's convention",
        ),
        27 if base64url => Some("a SHA-1 thumbprint (base64url)"),
        22 if base64url => {
            Some("a base64url MD5 thumbprint, the jose4j / Koppeltaal Spring-JWKS convention")
        }
        _ => None,
    }
}
