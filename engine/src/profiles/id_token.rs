//! SHOF id_token: the OpenID Connect ID Token the Koppeltaal auth server returns to a module at
//! the end of a SMART-HTI-on-FHIR launch, naming the launching user.
//!
//! Checked as the module (the SHOF client) must check it (OIDC Core §3.1.3.7), with the
//! reference server's habits pointed out: it signs with RS512, sets `kid` to its key's RFC 7638
//! thumbprint, puts the launch's `sub` (`Patient/…`, …) in `sub`, and omits `iat`, which OIDC
//! Core requires.

use serde_json::{Map, Value};

use super::client_assertion::describe_found;
use super::fields::{escalate, is_fhir_reference, string_member};
use super::generic::header_algorithm;
use super::hti_launch::PERSON_TYPES;
use super::sources;
use crate::alg::JwsAlgorithm;
use crate::claims::{audiences, quote};
use crate::finding::{Finding, Severity};

/// The algorithm the auth server signs id_tokens with.
pub const ALGORITHM: JwsAlgorithm = JwsAlgorithm::Rs512;

/// Adds the id_token findings to `findings` (which already holds the generic ones).
/// `client_id` is the receiver's own client_id when it said so (the expected `aud`).
pub fn check(
    header: &Map<String, Value>,
    payload: &Value,
    client_id: Option<&str>,
    findings: &mut Vec<Finding>,
) {
    let claims = payload.as_object();
    escalate(
        findings,
        "token.hs-alg",
        Severity::Error,
        "an id_token from the Koppeltaal auth server is signed with its RSA key (RS512); a \
         shared secret would let every client forge one",
        sources::KT_SHOF,
    );
    escalate(
        findings,
        "token.exp-missing",
        Severity::Error,
        "OIDC Core requires `exp` in an ID Token",
        sources::OIDC_ID_TOKEN,
    );

    if let Some(alg) = header_algorithm(header) {
        if !alg.is_symmetric() && alg != ALGORITHM {
            findings.push(
                Finding::new(
                    "kt.id-token.alg-not-rs512",
                    Severity::Warning,
                    format!(
                        "`alg` is {alg}: the Koppeltaal auth server signs id_tokens with RS512"
                    ),
                )
                .with_source(sources::KT_AUTH_SERVICE),
            );
        }
    }
    if let Err(absent) = string_member(Some(header), "kid") {
        findings.push(
            Finding::new(
                "kt.id-token.kid-missing",
                Severity::Warning,
                format!(
                    "header `kid` is {}: the auth server sets it to the RFC 7638 thumbprint of its \
                     key, so you can pick the key from its JWKS",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_AUTH_SERVICE),
        );
    }
    if let Err(absent) = string_member(claims, "iss") {
        findings.push(
            Finding::new(
                "kt.id-token.iss-missing",
                Severity::Error,
                format!(
                    "`iss` is {}: expected the auth server's URL (OIDC Core requires it, and it \
                     tells you where the signing keys are published)",
                    absent.describe()
                ),
            )
            .with_source(sources::OIDC_ID_TOKEN),
        );
    }
    check_aud_azp(claims, client_id, findings);
    if let Err(absent) = string_member(claims, "nonce") {
        findings.push(
            Finding::new(
                "kt.id-token.nonce-missing",
                Severity::Error,
                format!(
                    "`nonce` is {}: expected the nonce your app sent in the authorize request \
                     (it ties the id_token to that request)",
                    absent.describe()
                ),
            )
            .with_source(sources::OIDC_ID_TOKEN_VALIDATION),
        );
    }
    if claims.is_some_and(|claims| !claims.contains_key("iat")) {
        findings.push(
            Finding::new(
                "kt.id-token.iat-missing",
                Severity::Warning,
                "`iat` is missing: OIDC Core requires it in an ID Token, but the Koppeltaal auth \
                 server omits it (it sets `nbf` instead); a strict OIDC library may refuse the token",
            )
            .with_source(sources::OIDC_ID_TOKEN),
        );
    }
    match string_member(claims, "sub") {
        Ok(sub) if is_fhir_reference(sub, &PERSON_TYPES) => {}
        Ok(sub) => findings.push(
            Finding::new(
                "kt.id-token.sub-not-person",
                Severity::Warning,
                format!(
                    "`sub` is {}: in a SMART-HTI-on-FHIR launch it is the launching user, \
                     Patient/<id>, Practitioner/<id> or RelatedPerson/<id> (taken from the launch token)",
                    quote(sub)
                ),
            )
            .with_source(sources::KT_SHOF),
        ),
        Err(absent) => findings.push(
            Finding::new(
                "kt.id-token.sub-missing",
                Severity::Error,
                format!(
                    "`sub` is {}: expected the launching user, e.g. Patient/123 (OIDC Core \
                     requires `sub`)",
                    absent.describe()
                ),
            )
            .with_source(sources::OIDC_ID_TOKEN),
        ),
    }
}

/// `aud` present; with several audiences `azp` must be present; when the receiver gave its
/// client_id, a present `azp` must equal it (OIDC Core §3.1.3.7 items 3 to 5). Whether `aud`
/// contains the client_id is `expect.aud-mismatch`.
fn check_aud_azp(
    claims: Option<&Map<String, Value>>,
    client_id: Option<&str>,
    findings: &mut Vec<Finding>,
) {
    let aud = claims
        .and_then(|claims| claims.get("aud"))
        .map(audiences)
        .unwrap_or_default();
    if aud.is_empty() {
        findings.push(
            Finding::new(
                "kt.id-token.aud-missing",
                Severity::Error,
                "`aud` is missing (or holds no string): expected your client_id",
            )
            .with_source(sources::OIDC_ID_TOKEN),
        );
        return;
    }
    let azp = string_member(claims, "azp");
    if aud.len() > 1 && azp.is_err() {
        findings.push(
            Finding::new(
                "kt.id-token.azp-missing",
                Severity::Warning,
                format!(
                    "`aud` has {} values and `azp` is {}: with several audiences, `azp` must name \
                     the client the token was issued to",
                    aud.len(),
                    describe_found(azp)
                ),
            )
            .with_source(sources::OIDC_ID_TOKEN_VALIDATION),
        );
    }
    if let (Ok(azp), Some(client_id)) = (azp, client_id) {
        if azp != client_id {
            findings.push(
                Finding::new(
                    "kt.id-token.azp-mismatch",
                    Severity::Error,
                    format!(
                        "`azp` is {}: expected your client_id {} (the token was issued to another \
                         client)",
                        quote(azp),
                        quote(client_id)
                    ),
                )
                .with_source(sources::OIDC_ID_TOKEN_VALIDATION),
            );
        }
    }
}
