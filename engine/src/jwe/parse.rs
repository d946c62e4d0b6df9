//! Compact JWE decoding (RFC 7516 §7.1): text in, [`UntrustedJwe`] out.
//!
//! Strict like [`crate::token`]: strict base64url in every segment (the error names the
//! segment and the character), strict JSON in the protected header (no duplicate members),
//! `alg` and `enc` present as strings. Whether the algorithms are known is
//! [`super::decrypt`]'s question, so a token with an unknown `enc` still shows its header.

use serde_json::{Map, Value};

use super::{header_findings, JweError, JweSegment};
use crate::b64::{self, B64Field};
use crate::finding::Finding;
use crate::json;
use crate::limits;

/// A decoded compact JWE that has **not** been decrypted or authenticated.
#[derive(Debug, Clone, PartialEq)]
pub struct UntrustedJwe {
    header_b64: String,
    header: Map<String, Value>,
    header_text: String,
    encrypted_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
    alg_name: String,
    enc_name: String,
}

impl UntrustedJwe {
    /// The protected header segment as it appeared: its ASCII bytes are the additional
    /// authenticated data (RFC 7516 §5.1 step 14), so it is never re-serialized.
    pub fn header_b64(&self) -> &str {
        &self.header_b64
    }

    /// The protected header, members in their original order.
    pub fn header(&self) -> &Map<String, Value> {
        &self.header
    }

    /// The header's JSON text exactly as decoded.
    pub fn header_text(&self) -> &str {
        &self.header_text
    }

    /// The encrypted content key (empty for `dir` and `ECDH-ES`).
    pub fn encrypted_key(&self) -> &[u8] {
        &self.encrypted_key
    }

    /// The initialization vector.
    pub fn iv(&self) -> &[u8] {
        &self.iv
    }

    /// The ciphertext.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }

    /// The authentication tag.
    pub fn tag(&self) -> &[u8] {
        &self.tag
    }

    /// The `alg` header value as written.
    pub fn alg_name(&self) -> &str {
        &self.alg_name
    }

    /// The `enc` header value as written.
    pub fn enc_name(&self) -> &str {
        &self.enc_name
    }

    /// The `kid` header, if present and a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// What the header alone says: `jwe.rsa1_5`, `jwe.kid-missing`.
    pub fn findings(&self) -> Vec<Finding> {
        header_findings(&self.header)
    }
}

/// Decodes a compact JWE, failing on the first problem.
///
/// Surrounding whitespace is ignored (a paste often has some); anything inside must be exact.
pub fn decode_jwe(text: &str) -> Result<UntrustedJwe, JweError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(JweError::TooLarge { bytes: text.len() });
    }
    let compact = text.trim();
    if compact.is_empty() {
        return Err(JweError::Empty);
    }
    let segments: Vec<&str> = compact.split('.').collect();
    let [header_b64, encrypted_key, iv, ciphertext, tag] = segments[..] else {
        return Err(JweError::SegmentCount {
            found: segments.len(),
        });
    };
    let decode = |segment: JweSegment, text: &str| b64::decode(B64Field::Jwe(segment), text);
    let header_bytes = decode(JweSegment::Header, header_b64)?;
    let header_text = String::from_utf8(header_bytes).map_err(|err| JweError::HeaderNotUtf8 {
        valid_up_to: err.utf8_error().valid_up_to(),
    })?;
    let header = match json::parse_strict(&header_text) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            return Err(JweError::HeaderNotObject {
                found: json::kind_of(&other),
            })
        }
        Err(error) => return Err(JweError::HeaderJson(error)),
    };
    let alg_name = required_string(&header, "alg", "every JWE")?;
    let enc_name = required_string(&header, "enc", "every JWE")?;
    Ok(UntrustedJwe {
        encrypted_key: decode(JweSegment::EncryptedKey, encrypted_key)?,
        iv: decode(JweSegment::Iv, iv)?,
        ciphertext: decode(JweSegment::Ciphertext, ciphertext)?,
        tag: decode(JweSegment::Tag, tag)?,
        header_b64: header_b64.to_owned(),
        header,
        header_text,
        alg_name,
        enc_name,
    })
}

/// A string member that must be present.
pub(crate) fn required_string(
    header: &Map<String, Value>,
    member: &'static str,
    needed_for: &str,
) -> Result<String, JweError> {
    match header.get(member) {
        None => Err(JweError::MissingMember {
            member,
            needed_for: needed_for.to_owned(),
        }),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(other) => Err(JweError::BadMember {
            member,
            expected: format!("a string, not {}", json::kind_of(other)),
        }),
    }
}

/// A base64url member that must be present (`p2s`, `iv`, `tag`), decoded.
pub(crate) fn required_b64(
    header: &Map<String, Value>,
    member: &'static str,
    needed_for: &str,
) -> Result<Vec<u8>, JweError> {
    let text = required_string(header, member, needed_for)?;
    Ok(b64::decode(
        B64Field::HeaderMember(member.to_owned()),
        &text,
    )?)
}

/// A base64url member that may be absent (`apu`, `apv`), decoded; absent is empty.
pub(crate) fn optional_b64(
    header: &Map<String, Value>,
    member: &'static str,
) -> Result<Vec<u8>, JweError> {
    match header.get(member) {
        None => Ok(Vec::new()),
        Some(_) => required_b64(header, member, ""),
    }
}
