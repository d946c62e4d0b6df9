//! HMAC secrets typed or pasted by the user, in the encoding they choose.
//!
//! The one rule that matters: key material never becomes an HMAC secret. A PEM block, a JWK or
//! DER bytes of a key are refused here, so an `HS256` token can never be "verified" with a
//! public key the attacker also has (the algorithm-confusion attack, RFC 8725 §2.1).

use base64ct::{Base64, Base64Unpadded, Base64Url, Base64UrlUnpadded, Encoding};
use zeroize::Zeroizing;

use super::{der, pem, KeyError, Secret};
use crate::limits;

/// How the secret text is to be read.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SecretEncoding {
    /// The UTF-8 bytes of the text, exactly as typed.
    #[default]
    Utf8,
    /// base64url (padding and surrounding whitespace tolerated).
    Base64Url,
    /// Standard base64 (padding and surrounding whitespace tolerated).
    Base64,
    /// Hexadecimal (whitespace and `:` separators tolerated).
    Hex,
}

impl SecretEncoding {
    /// All encodings, in the order the UI offers them.
    pub const ALL: [SecretEncoding; 4] = [
        SecretEncoding::Utf8,
        SecretEncoding::Base64Url,
        SecretEncoding::Base64,
        SecretEncoding::Hex,
    ];

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "UTF-8 text",
            SecretEncoding::Base64Url => "base64url",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Hex => "hex",
        }
    }
}

/// Reads an HMAC secret, refusing empty secrets and anything that is key material.
pub fn parse_secret(text: &str, encoding: SecretEncoding) -> Result<Secret, KeyError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(KeyError::InputTooLarge { bytes: text.len() });
    }
    refuse_key_text(text)?;
    let invalid = |reason: &str| KeyError::SecretEncoding {
        encoding: encoding.label(),
        reason: reason.to_owned(),
    };
    let bytes: Zeroizing<Vec<u8>> = match encoding {
        SecretEncoding::Utf8 => Zeroizing::new(text.as_bytes().to_vec()),
        SecretEncoding::Base64Url => {
            let trimmed = text.trim();
            Base64UrlUnpadded::decode_vec(trimmed)
                .or_else(|_| Base64Url::decode_vec(trimmed))
                .map(Zeroizing::new)
                .map_err(|_| {
                    invalid("only A–Z, a–z, 0–9, '-' and '_' are allowed, in a complete length")
                })?
        }
        SecretEncoding::Base64 => {
            let trimmed = text.trim();
            Base64::decode_vec(trimmed)
                .or_else(|_| Base64Unpadded::decode_vec(trimmed))
                .map(Zeroizing::new)
                .map_err(|_| invalid("only A–Z, a–z, 0–9, '+', '/' and '=' padding are allowed, in a complete length"))?
        }
        SecretEncoding::Hex => {
            let digits: Zeroizing<String> = Zeroizing::new(
                text.chars()
                    .filter(|c| !c.is_whitespace() && *c != ':')
                    .collect(),
            );
            hex::decode(digits.as_str())
                .map(Zeroizing::new)
                .map_err(|err| invalid(&format!("{err} (expected pairs of 0–9, a–f)")))?
        }
    };
    if bytes.is_empty() {
        return Err(invalid("the secret is empty"));
    }
    if let Some(format) = der::detect(&bytes) {
        return Err(KeyError::SecretLooksLikeKey {
            what: format!("a DER {}", format.label()),
        });
    }
    Ok(Secret::new(bytes.to_vec()))
}

/// Refuses PEM and JWK text before it is read as a secret.
fn refuse_key_text(text: &str) -> Result<(), KeyError> {
    if pem::looks_like_pem(text) {
        let label = pem::find_blocks(text)
            .ok()
            .and_then(|blocks| blocks.first().map(|block| block.label.to_owned()))
            .unwrap_or_else(|| "PEM".to_owned());
        return Err(KeyError::SecretLooksLikeKey {
            what: format!("a PEM block ({label})"),
        });
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        if let Ok(serde_json::Value::Object(object)) =
            serde_json::from_str::<serde_json::Value>(text)
        {
            if object.contains_key("kty") || object.contains_key("keys") {
                return Err(KeyError::SecretLooksLikeKey {
                    what: "a JWK or JWK Set".to_owned(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_reads_the_same_secret() {
        let cases = [
            ("secret", SecretEncoding::Utf8),
            ("c2VjcmV0", SecretEncoding::Base64Url),
            ("c2VjcmV0", SecretEncoding::Base64),
            ("73 65 63 72 65 74", SecretEncoding::Hex),
        ];
        for (text, encoding) in cases {
            assert_eq!(
                parse_secret(text, encoding).unwrap().as_bytes(),
                b"secret",
                "{encoding:?}"
            );
        }
    }
}
