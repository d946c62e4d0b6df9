//! Where the receiver gets the key to verify with: the issuer's metadata names its `jwks_uri`.
//!
//! The app never fetches anything (no network in the engine, and a page that fetched a URL a
//! token names would be the `jku` attack); this is text the person can act on.

use serde_json::Value;

use super::Profile;

/// How to fetch the signing keys of a token's issuer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyHint {
    /// The token's `iss`, as written.
    pub issuer: String,
    /// The issuer's metadata document, which lists `jwks_uri`:
    /// `{iss}/.well-known/openid-configuration`.
    pub metadata_url: String,
    /// A shell one-liner that prints the issuer's JWKS: metadata → `jwks_uri` → the key set.
    pub curl: String,
    /// Where the Koppeltaal reference auth server publishes its JWKS directly
    /// (`{iss}/.well-known/jwks.json`), for servers whose metadata document is not reachable.
    pub reference_jwks_url: String,
}

/// The key hint for an access token or id_token whose `iss` is an `https` URL (both come from
/// the Koppeltaal auth server); `None` for other profiles (their issuers are client_ids, whose
/// JWKS URL is registered in Domain Management, not discoverable) and for non-https issuers.
///
/// The metadata is OpenID Connect Discovery's `/.well-known/openid-configuration`, which names
/// `jwks_uri` for any OIDC issuer; the reference auth server also serves its key set at
/// `/.well-known/jwks.json` (Koppeltaal-2.0-Authentication-Service: application/jwks/views.py).
pub fn key_hint(profile: Profile, payload: &Value) -> Option<KeyHint> {
    if !matches!(profile, Profile::AccessToken | Profile::IdToken) {
        return None;
    }
    let issuer = payload.get("iss").and_then(Value::as_str)?;
    let rest = issuer.strip_prefix("https://")?;
    // Only URL characters that mean nothing to a shell inside single quotes and cannot end
    // them: the curl line must be safe to paste, whatever the token says its issuer is.
    let safe = !rest.is_empty()
        && issuer
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/%@+,=".contains(&b));
    if !safe {
        return None;
    }
    let base = issuer.trim_end_matches('/');
    let metadata_url = format!("{base}/.well-known/openid-configuration");
    Some(KeyHint {
        issuer: issuer.to_owned(),
        curl: format!("curl -s '{metadata_url}' | jq -r .jwks_uri | xargs curl -s"),
        metadata_url,
        reference_jwks_url: format!("{base}/.well-known/jwks.json"),
    })
}
