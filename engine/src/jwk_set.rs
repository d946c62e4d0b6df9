//! The one reader of the JWK Set container (RFC 7517 §5): `{"keys": [ … ]}`.
//!
//! Verification ([`crate::jwks::parse_jwks`]), validation ([`crate::jwks::validate_jwks`]) and
//! key import ([`crate::key::import_keys`]) all read a set through here, so they agree on what
//! is a set and what is not. The reader only opens the container; each caller judges the
//! entries in its own way (skip, report, import).
//!
//! # An empty set
//! `{"keys": []}` is a valid JWK Set (RFC 7517 §5 does not require a key), so the reader returns
//! it as an empty list rather than an error. It is useless for verifying or importing, and
//! each caller says so in its own words: validation warns (`jwks.empty`), import refuses with
//! [`crate::key::KeyError::JwksEmpty`], and verification reports that there is no key.
//!
//! Depends only on [`crate::json`] and [`crate::limits`], so the key and JWKS modules can both
//! use it without depending on each other.

use core::fmt;

use serde_json::Value;

use crate::json::{self, kind_of, JsonError};
use crate::limits;

/// Why a text or JSON value is not a JWK Set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwkSetError {
    /// The text is larger than [`limits::MAX_INPUT_BYTES`].
    TooLarge {
        /// Size of the text in bytes.
        bytes: usize,
    },
    /// The text is not strict JSON (this includes duplicate member names).
    NotJson(JsonError),
    /// The JSON is not an object with a `keys` array.
    NotASet {
        /// What was found instead, for the person at the keyboard.
        reason: String,
    },
}

impl fmt::Display for JwkSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwkSetError::TooLarge { bytes } => write!(
                f,
                "the JWK Set is {bytes} bytes; the limit is {} bytes",
                limits::MAX_INPUT_BYTES
            ),
            JwkSetError::NotJson(error) => write!(f, "not valid JSON: {error}"),
            JwkSetError::NotASet { reason } => write!(f, "not a JWK Set: {reason}"),
        }
    }
}

impl std::error::Error for JwkSetError {}

/// Reads the text of a JWK Set and returns its entries as given (each should be a JWK object,
/// which the caller checks). An empty `keys` array gives an empty list (see the module
/// documentation).
pub fn read_jwk_set(text: &str) -> Result<Vec<Value>, JwkSetError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(JwkSetError::TooLarge { bytes: text.len() });
    }
    let value = json::parse_strict(text).map_err(JwkSetError::NotJson)?;
    jwk_set_entries(&value).map(<[Value]>::to_vec)
}

/// The entries of a JWK Set that is already parsed JSON, or why it is not a set. This is the
/// structural rule [`read_jwk_set`] applies; it is public for callers that parsed the JSON
/// themselves to decide what it is.
pub fn jwk_set_entries(value: &Value) -> Result<&[Value], JwkSetError> {
    let not_a_set = |reason: String| Err(JwkSetError::NotASet { reason });
    match value {
        Value::Object(object) => match object.get("keys") {
            Some(Value::Array(keys)) => Ok(keys),
            Some(other) => not_a_set(format!("\"keys\" is {}, not an array", kind_of(other))),
            None if object.contains_key("kty") => not_a_set(
                "this is a single JWK; a JWK Set wraps keys as {\"keys\": [ … ]}".to_owned(),
            ),
            None => not_a_set("the object has no \"keys\" member".to_owned()),
        },
        other => not_a_set(format!("found {}, expected an object", kind_of(other))),
    }
}
