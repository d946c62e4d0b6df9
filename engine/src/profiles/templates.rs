//! Ready-to-sign Koppeltaal tokens for the Signer, and what to do with them afterwards: the token
//! request (`curl` or a bare form body) and the auto-submitting HTI launch form.
//!
//! Times come from `now` and token ids from the caller's RNG, so the output is reproducible in tests.

use core::fmt;

use rand_core::CryptoRngCore;
use serde_json::{json, Map, Value};

use crate::alg::JwsAlgorithm;
use crate::claims::TimeClaims;

/// The longest lifetime a template accepts: SMART and HTI both cap `exp` at 5 minutes.
pub const MAX_LIFETIME_SECS: i64 = 300;

/// The `client_assertion_type` of RFC 7523 client authentication.
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Why a template could not be filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateError {
    /// A required field is empty.
    MissingField {
        /// The form field, e.g. `client_id`.
        field: &'static str,
    },
    /// The lifetime is not between 1 and [`MAX_LIFETIME_SECS`] seconds.
    LifetimeOutOfRange {
        /// The lifetime asked for, in seconds.
        found: i64,
    },
    /// A shared-secret (HS*) algorithm: Koppeltaal and HTI accept only RS*/ES*.
    SymmetricAlgorithm(JwsAlgorithm),
    /// The payload to refresh is not a JSON object.
    PayloadNotObject,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::MissingField { field } => write!(f, "`{field}` is empty: it is required"),
            TemplateError::LifetimeOutOfRange { found } => write!(
                f,
                "lifetime is {found} s: expected 1 to {MAX_LIFETIME_SECS} s (SMART and HTI allow at most 5 minutes)"
            ),
            TemplateError::SymmetricAlgorithm(alg) => write!(
                f,
                "`alg` is {alg}: Koppeltaal and HTI accept only asymmetric keys (RS384, ES384, RS512)"
            ),
            TemplateError::PayloadNotObject => f.write_str("the payload is not a JSON object: nothing to refresh"),
        }
    }
}

impl std::error::Error for TemplateError {}

/// The Signer's client-assertion form (SMART backend services, Koppeltaal TOP-KT-005c).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAssertionForm {
    /// The application's client_id (its Device id); becomes `iss` and `sub`.
    pub client_id: String,
    /// The token endpoint from `.well-known/smart-configuration`; becomes `aud`.
    pub token_endpoint: String,
    /// The scope to request in the token request (not part of the assertion; may be empty).
    pub scope: String,
    /// Seconds from `iat` to `exp`, 1 to 300.
    pub lifetime_secs: i64,
    /// The signing key's id in the published JWKS.
    pub kid: String,
    /// The signing algorithm (RS384, ES384 or RS512 for the Koppeltaal server).
    pub alg: JwsAlgorithm,
}

impl ClientAssertionForm {
    /// The header and payload to sign: `iat` = `now`, `exp` = `now + lifetime`, a fresh UUID `jti`.
    pub fn build(
        &self,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<(Value, Value), TemplateError> {
        self.build_with_jti(now, &uuid_v4(rng))
    }

    /// [`Self::build`] with a `jti` drawn earlier, so the same inputs give the same token to
    /// sign (a view that re-renders must not make a new assertion each time).
    pub fn build_with_jti(&self, now: i64, jti: &str) -> Result<(Value, Value), TemplateError> {
        require("client_id", &self.client_id)?;
        require("token_endpoint", &self.token_endpoint)?;
        require("kid", &self.kid)?;
        let lifetime = check_lifetime(self.lifetime_secs)?;
        let header = header(self.alg, &self.kid)?;
        let payload = json!({
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.token_endpoint,
            "iat": now,
            "exp": now.saturating_add(lifetime),
            "jti": jti,
        });
        Ok((header, payload))
    }
}

/// The Signer's HTI launch form (HTI 2.0, Koppeltaal TOP-KT-007).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtiLaunchForm {
    /// The launching portal's client_id; becomes `iss`.
    pub portal_client_id: String,
    /// The module's Device id (`123` or `Device/123`); becomes `aud` = `Device/123`.
    pub module_device_id: String,
    /// The launching user, `Patient/…`, `Practitioner/…` or `RelatedPerson/…`.
    pub sub: String,
    /// The Task id (`abc` or `Task/abc`); becomes `resource` = `Task/abc`.
    pub task_id: String,
    /// The ActivityDefinition reference or canonical URL; becomes `definition` (optional).
    pub activity_definition: String,
    /// The patient when `sub` is not the patient (`Patient/…`; optional, empty to leave out).
    pub patient: String,
    /// The launch intent, e.g. `plan` (optional, empty to leave out).
    pub intent: String,
    /// The FHIR base URL, sent beside the token as the launch form's `iss` field (not in the token).
    pub fhir_base_url: String,
    /// The signing key's id in the published JWKS.
    pub kid: String,
    /// The signing algorithm.
    pub alg: JwsAlgorithm,
    /// Seconds from `iat` to `exp`, 1 to 300.
    pub lifetime_secs: i64,
}

impl HtiLaunchForm {
    /// The header and payload to sign: `iat` = `now`, `exp` = `now + lifetime`, a fresh UUID `jti`,
    /// `hti-version` 2.0.
    pub fn build(
        &self,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<(Value, Value), TemplateError> {
        self.build_with_jti(now, &uuid_v4(rng))
    }

    /// [`Self::build`] with a `jti` drawn earlier (see [`ClientAssertionForm::build_with_jti`]).
    pub fn build_with_jti(&self, now: i64, jti: &str) -> Result<(Value, Value), TemplateError> {
        require("portal_client_id", &self.portal_client_id)?;
        require("module_device_id", &self.module_device_id)?;
        require("sub", &self.sub)?;
        require("task_id", &self.task_id)?;
        require("kid", &self.kid)?;
        let lifetime = check_lifetime(self.lifetime_secs)?;
        let header = header(self.alg, &self.kid)?;
        let mut payload = Map::new();
        let mut put = |name: &str, value: Value| {
            payload.insert(name.to_owned(), value);
        };
        put("iss", json!(self.portal_client_id.trim()));
        put(
            "aud",
            json!(with_type_prefix("Device", &self.module_device_id)),
        );
        put("sub", json!(self.sub.trim()));
        put("resource", json!(with_type_prefix("Task", &self.task_id)));
        if !self.activity_definition.trim().is_empty() {
            put("definition", json!(self.activity_definition.trim()));
        }
        if !self.patient.trim().is_empty() {
            put("patient", json!(with_type_prefix("Patient", &self.patient)));
        }
        if !self.intent.trim().is_empty() {
            put("intent", json!(self.intent.trim()));
        }
        put("hti-version", json!("2.0"));
        put("iat", json!(now));
        put("exp", json!(now.saturating_add(lifetime)));
        put("jti", json!(jti));
        Ok((header, Value::Object(payload)))
    }
}

/// Renews a payload for re-signing: `iat` (and `nbf` when present) become `now`, `exp` moves so
/// the lifetime `exp - iat` stays the same (300 s when it cannot be read), and `jti` gets a fresh
/// UUID when present.
pub fn refresh_times(
    payload: &mut Value,
    now: i64,
    rng: &mut impl CryptoRngCore,
) -> Result<(), TemplateError> {
    let lifetime = TimeClaims::from_payload(payload)
        .lifetime()
        .filter(|lifetime| *lifetime > 0)
        .unwrap_or(MAX_LIFETIME_SECS);
    let claims = payload
        .as_object_mut()
        .ok_or(TemplateError::PayloadNotObject)?;
    claims.insert("iat".to_owned(), json!(now));
    if claims.contains_key("nbf") {
        claims.insert("nbf".to_owned(), json!(now));
    }
    claims.insert("exp".to_owned(), json!(now.saturating_add(lifetime)));
    if claims.contains_key("jti") {
        claims.insert("jti".to_owned(), json!(uuid_v4(rng)));
    }
    Ok(())
}

/// The `application/x-www-form-urlencoded` body of a client-credentials token request.
pub fn token_request_body(assertion: &str, scope: &str) -> String {
    [
        ("grant_type", "client_credentials"),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE),
        ("client_assertion", assertion),
        ("scope", scope),
    ]
    .iter()
    .map(|(name, value)| format!("{name}={}", form_urlencode(value)))
    .collect::<Vec<_>>()
    .join("&")
}

/// A ready `curl` command that posts the token request (every argument shell-quoted).
pub fn token_request_curl(token_endpoint: &str, assertion: &str, scope: &str) -> String {
    super::requests::form_post_curl(token_endpoint, &token_request_body(assertion, scope))
}

/// A page that POSTs the HTI token to the module's launch URL as soon as it loads (Koppeltaal:
/// fields `launch` and `iss`), with a button for when scripts are off. All values are HTML-escaped.
pub fn hti_launch_form_html(launch_url: &str, token: &str, iss: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>HTI launch</title></head>\n\
         <body onload=\"document.forms[0].submit()\">\n\
         <form method=\"post\" action=\"{}\" enctype=\"application/x-www-form-urlencoded\">\n\
         <input type=\"hidden\" name=\"launch\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"iss\" value=\"{}\">\n\
         <noscript><button type=\"submit\">Launch</button></noscript>\n\
         </form>\n</body>\n</html>\n",
        html_escape(launch_url),
        html_escape(token),
        html_escape(iss)
    )
}

/// A random (version 4) UUID, e.g. `3f2b8c1e-5d4a-4b6f-9e2d-7a1c0b9e8f47`.
pub fn uuid_v4(rng: &mut impl CryptoRngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    // The hex string is 32 ASCII characters, so these slices are always in bounds.
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

fn header(alg: JwsAlgorithm, kid: &str) -> Result<Value, TemplateError> {
    if alg.is_symmetric() {
        return Err(TemplateError::SymmetricAlgorithm(alg));
    }
    Ok(json!({ "alg": alg.name(), "typ": "JWT", "kid": kid.trim() }))
}

fn require(field: &'static str, value: &str) -> Result<(), TemplateError> {
    if value.trim().is_empty() {
        Err(TemplateError::MissingField { field })
    } else {
        Ok(())
    }
}

fn check_lifetime(lifetime: i64) -> Result<i64, TemplateError> {
    if (1..=MAX_LIFETIME_SECS).contains(&lifetime) {
        Ok(lifetime)
    } else {
        Err(TemplateError::LifetimeOutOfRange { found: lifetime })
    }
}

/// `123` → `Device/123`; `Device/123` stays.
fn with_type_prefix(resource_type: &str, id: &str) -> String {
    let id = id.trim();
    if id.starts_with(&format!("{resource_type}/")) {
        id.to_owned()
    } else {
        format!("{resource_type}/{id}")
    }
}

/// `application/x-www-form-urlencoded` (WHATWG URL §5.2): unreserved bytes kept, space as `+`.
pub(crate) fn form_urlencode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                encoded.push(char::from(byte))
            }
            b' ' => encoded.push('+'),
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}

/// POSIX shell single quotes: `it's` → `'it'\''s'`.
pub(crate) fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

fn html_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}
