//! The HTTP calls around Koppeltaal tokens, written out for the person to run: the SHOF
//! authorize URL, the token and introspection requests as `curl`, and a `curl` that checks a
//! hosted JWK Set. Nothing here sends anything; the app has no network.
//!
//! Every value is form-encoded into the body or query and every shell argument is single-quoted,
//! so a token or URL typed by the user cannot break out of the command.

use super::templates::{form_urlencode, shell_quote, CLIENT_ASSERTION_TYPE};

/// The scope of a SMART-HTI-on-FHIR launch: always these three (Koppeltaal dev guide, "Receiving
/// a SHOF launch").
pub const SHOF_SCOPE: &str = "launch openid fhirUser";

/// The authorize request of a SMART-HTI-on-FHIR launch (the module sends the browser there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeRequest {
    /// The auth server's `authorization_endpoint`.
    pub authorize_endpoint: String,
    /// The module's client_id.
    pub client_id: String,
    /// Where the auth server sends the browser back with `code` and `state`.
    pub redirect_uri: String,
    /// An unguessable value the module checks on the way back (CSRF).
    pub state: String,
    /// The FHIR server's base URL: the launch form's `iss`.
    pub aud: String,
    /// The HTI launch token as received.
    pub launch: String,
    /// The PKCE `S256` challenge ([`crate::pkce::CodeVerifier::challenge_s256`]).
    pub code_challenge: String,
    /// The OpenID Connect nonce the id_token must carry back; left out when empty.
    pub nonce: String,
}

impl AuthorizeRequest {
    /// The URL the browser is sent to: the endpoint with every parameter form-encoded
    /// (`response_type=code`, `scope=launch openid fhirUser`, `code_challenge_method=S256`).
    pub fn url(&self) -> String {
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", self.client_id.trim()),
            ("redirect_uri", self.redirect_uri.trim()),
            ("scope", SHOF_SCOPE),
            ("state", self.state.trim()),
            ("aud", self.aud.trim()),
            ("launch", self.launch.trim()),
            ("code_challenge", self.code_challenge.trim()),
            ("code_challenge_method", "S256"),
        ];
        if !self.nonce.trim().is_empty() {
            params.push(("nonce", self.nonce.trim()));
        }
        let endpoint = self.authorize_endpoint.trim();
        let joiner = if endpoint.contains('?') { '&' } else { '?' };
        format!("{endpoint}{joiner}{}", form_body(&params))
    }
}

/// The `curl` that exchanges a SHOF `code` for the id_token: `grant_type=authorization_code`,
/// the `code`, the same `redirect_uri`, the PKCE `code_verifier`, and the module's client
/// assertion.
pub fn authorization_code_curl(
    token_endpoint: &str,
    code: &str,
    redirect_uri: &str,
    code_verifier: &str,
    assertion: &str,
) -> String {
    let body = form_body(&[
        ("grant_type", "authorization_code"),
        ("code", code.trim()),
        ("redirect_uri", redirect_uri.trim()),
        ("code_verifier", code_verifier.trim()),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE),
        ("client_assertion", assertion.trim()),
    ]);
    form_post_curl(token_endpoint, &body)
}

/// The `curl` of a TOP-KT-021 token introspection: the received `token` plus the receiver's
/// client assertion. The answer is `{"active": true, …claims}` or `{"active": false}`.
pub fn introspection_curl(introspection_endpoint: &str, token: &str, assertion: &str) -> String {
    let body = form_body(&[
        ("token", token.trim()),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE),
        ("client_assertion", assertion.trim()),
    ]);
    form_post_curl(introspection_endpoint, &body)
}

/// A `curl` that fetches a hosted JWK Set and prints only what matters: the status line, the
/// `Content-Type` and `Cache-Control` headers, and the body if it holds `kid` (no `jq` needed).
pub fn jwks_check_curl(jwks_url: &str, kid: &str) -> String {
    format!(
        "curl -sS -D - {} \\\n  | grep -i -e '^HTTP/' -e '^content-type:' -e '^cache-control:' -e {}",
        shell_quote(jwks_url.trim()),
        shell_quote(kid.trim())
    )
}

/// A form `POST` as `curl`, the body already form-encoded.
pub(crate) fn form_post_curl(endpoint: &str, body: &str) -> String {
    format!(
        "curl -X POST {} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  -H 'Accept: application/json' \\\n  --data-raw {}",
        shell_quote(endpoint.trim()),
        shell_quote(body)
    )
}

fn form_body(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(name, value)| format!("{name}={}", form_urlencode(value)))
        .collect::<Vec<_>>()
        .join("&")
}
