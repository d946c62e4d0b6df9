//! Importing keys from whatever was pasted or dropped, and saying which format it was.
//!
//! [`import_keys`] recognises PEM (several blocks at once: PKCS#8, encrypted PKCS#8, PKCS#1,
//! SEC1, SPKI, X.509 certificates), JWK and JWK Set JSON, and bare base64 DER. One bad key in a
//! JWK Set or one bad PEM block does not stop the others: it is reported in
//! [`ImportedKeys::problems`]. Only when nothing at all could be imported is the result an error.

use base64ct::{Base64, Base64Unpadded, Base64Url, Base64UrlUnpadded, Encoding};
use serde_json::Value;
use zeroize::Zeroizing;

/// Kept here too: the format names were first published under `import`.
pub use super::format::{KeyEncoding, KeyFormat};
use super::pem::{self, PemBlock};
use super::{der, Key, KeyError, KeyMaterial, PairCheck};
use crate::jwk_set::jwk_set_entries;
use crate::{json, jwk, limits};

/// One key found in the input.
#[derive(Debug, Clone)]
pub struct ImportedKey {
    /// The key (private keys still give their public half via [`Key::public_key`]).
    pub key: Key,
    /// The structure it came in.
    pub format: KeyFormat,
    /// How that structure was written.
    pub encoding: KeyEncoding,
    /// Where in the input: "PEM block 2", `keys[1]`, "DER".
    pub location: String,
    /// Extra context, e.g. the subject of a certificate.
    pub note: Option<String>,
}

impl ImportedKey {
    /// One line for the UI, e.g. "PEM block 1: PKCS#8 private key (PEM \"PRIVATE KEY\"), EC P-256".
    pub fn describe(&self) -> String {
        let container = match self.format.pem_label() {
            Some(label) if self.encoding == KeyEncoding::Pem => format!("PEM \"{label}\""),
            _ => self.encoding.label().to_owned(),
        };
        let mut line = format!(
            "{}: {} ({container}), {}",
            self.location,
            self.format.label(),
            self.key.kind().label()
        );
        if let Some(note) = &self.note {
            line.push_str(&format!("; {note}"));
        }
        line
    }
}

/// Everything found in one input.
#[derive(Debug, Clone, Default)]
pub struct ImportedKeys {
    /// The keys that could be read, in input order.
    pub keys: Vec<ImportedKey>,
    /// One error per block or JWK that could not be read (with its location in the message).
    pub problems: Vec<KeyError>,
}

/// Imports every key in a paste, detecting the format.
///
/// `password` is only used for `ENCRYPTED PRIVATE KEY` blocks; without it they give
/// [`KeyError::PasswordRequired`], with a wrong one [`KeyError::WrongPassword`] (use
/// [`KeyError::root_cause`] to see them through the PEM-block wrapper).
pub fn import_keys(text: &str, password: Option<&str>) -> Result<ImportedKeys, KeyError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(KeyError::InputTooLarge { bytes: text.len() });
    }
    // Files saved by some Windows editors start with a byte-order mark.
    let trimmed = text.trim().trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(KeyError::Empty);
    }
    if pem::looks_like_pem(trimmed) {
        import_pem(trimmed, password)
    } else if trimmed.starts_with('{') || trimmed.starts_with('[') {
        import_json(trimmed)
    } else {
        import_bare_base64(trimmed, password).map(|key| ImportedKeys {
            keys: vec![key],
            problems: Vec::new(),
        })
    }
}

/// Imports one DER structure (PKCS#8, SPKI, PKCS#1, SEC1, X.509), detecting which.
pub fn import_der(bytes: &[u8]) -> Result<ImportedKey, KeyError> {
    import_der_with_password(bytes, None)
}

/// Reads a key pair this program has just generated: the private key as PKCS#8 DER, plus the
/// public key as SPKI DER when the PKCS#8 does not carry it (WebCrypto's Ed25519 PKCS#8 is
/// version 1, without it; its EC PKCS#8 holds the point in the SEC1 `publicKey`).
///
/// Unlike [`import_der`], the public half is taken as the generator gave it
/// ([`PairCheck::AtSigning`]): re-deriving it here is a scalar multiplication that costs more
/// than generating the key did (P-384: ~3 ms in wasm against WebCrypto's ~0.5 ms), and a
/// mismatch is still refused, when the key signs. With neither public half the engine derives
/// it. Never use this for keys that come from outside: [`import_keys`] and [`import_der`] check.
pub fn import_generated(pkcs8: &[u8], spki: Option<&[u8]>) -> Result<Key, KeyError> {
    let bytes = pkcs8.len() + spki.map_or(0, <[u8]>::len);
    if bytes > limits::MAX_INPUT_BYTES {
        return Err(KeyError::InputTooLarge { bytes });
    }
    let beside = spki.map(der::spki_public).transpose()?;
    let private = der::pkcs8_private(pkcs8, PairCheck::AtSigning, beside.as_ref())?;
    Ok(Key::new(KeyMaterial::Private(private)))
}

/// [`import_der`], with a password for an encrypted PKCS#8 structure.
pub fn import_der_with_password(
    bytes: &[u8],
    password: Option<&str>,
) -> Result<ImportedKey, KeyError> {
    import_der_as(bytes, password, KeyEncoding::Der)
}

/// Imports a dropped file: text (PEM, JSON, base64) goes to [`import_keys`], binary to
/// [`import_der_with_password`].
pub fn import_file(bytes: &[u8], password: Option<&str>) -> Result<ImportedKeys, KeyError> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(KeyError::InputTooLarge { bytes: bytes.len() });
    }
    match core::str::from_utf8(bytes) {
        Ok(text) if bytes.first().is_none_or(|&b| b != 0x30) => import_keys(text, password),
        _ => import_der_with_password(bytes, password).map(|key| ImportedKeys {
            keys: vec![key],
            problems: Vec::new(),
        }),
    }
}

fn import_der_as(
    bytes: &[u8],
    password: Option<&str>,
    encoding: KeyEncoding,
) -> Result<ImportedKey, KeyError> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(KeyError::InputTooLarge { bytes: bytes.len() });
    }
    let format = der::detect(bytes).ok_or(KeyError::DerUnrecognised { len: bytes.len() })?;
    let key = der::key_from_der(format, bytes, password)?;
    Ok(ImportedKey {
        key,
        format,
        encoding,
        location: encoding.label().to_owned(),
        note: certificate_note(format, bytes),
    })
}

fn certificate_note(format: KeyFormat, der_bytes: &[u8]) -> Option<String> {
    (format == KeyFormat::Certificate)
        .then(|| der::certificate_subject(der_bytes))
        .flatten()
        .map(|subject| format!("certificate subject {subject}"))
}

/// Labels that may sit next to keys and are skipped without complaint.
const IGNORED_PEM_LABELS: [&str; 1] = ["EC PARAMETERS"];

fn import_pem(text: &str, password: Option<&str>) -> Result<ImportedKeys, KeyError> {
    let mut imported = ImportedKeys::default();
    for (number, block) in (1..).zip(pem::find_blocks(text)?) {
        if IGNORED_PEM_LABELS.contains(&block.label) {
            continue;
        }
        match import_pem_block(&block, password, number) {
            Ok(key) => imported.keys.push(key),
            Err(error) => imported.problems.push(KeyError::InPemBlock {
                index: number,
                label: block.label.to_owned(),
                error: Box::new(error),
            }),
        }
    }
    finish(imported)
}

fn import_pem_block(
    block: &PemBlock<'_>,
    password: Option<&str>,
    number: usize,
) -> Result<ImportedKey, KeyError> {
    let format =
        KeyFormat::from_pem_label(block.label).ok_or_else(|| KeyError::PemLabelUnsupported {
            label: block.label.to_owned(),
        })?;
    let der_bytes = block.decode()?;
    let key = der::key_from_der(format, &der_bytes, password)?;
    Ok(ImportedKey {
        key,
        format,
        encoding: KeyEncoding::Pem,
        location: format!("PEM block {number}"),
        note: certificate_note(format, &der_bytes),
    })
}

fn import_json(text: &str) -> Result<ImportedKeys, KeyError> {
    let value = json::parse_strict(text).map_err(|err| KeyError::JsonInvalid {
        reason: err.to_string(),
    })?;
    match &value {
        Value::Object(object) if object.contains_key("keys") => import_jwks(&value),
        Value::Object(object) if object.contains_key("kty") => {
            let key = jwk::key_from_jwk(&value)?;
            Ok(ImportedKeys {
                keys: vec![json_key(key, KeyFormat::Jwk, "JWK".to_owned())],
                problems: Vec::new(),
            })
        }
        Value::Object(object) if object.contains_key("alg") || object.contains_key("typ") => {
            Err(KeyError::UnrecognisedFormat {
                hint: "this JSON looks like a JWT header (it has \"alg\"/\"typ\" but no \"kty\")"
                    .to_owned(),
            })
        }
        Value::Object(_) => Err(KeyError::UnrecognisedFormat {
            hint: "a JSON object without \"kty\" (a JWK) or \"keys\" (a JWK Set)".to_owned(),
        }),
        Value::Array(items) => {
            let mut imported = ImportedKeys::default();
            for (index, item) in items.iter().enumerate() {
                match jwk::key_from_jwk(item) {
                    Ok(key) => {
                        imported
                            .keys
                            .push(json_key(key, KeyFormat::Jwk, format!("[{index}]")))
                    }
                    Err(error) => imported.problems.push(in_jwks(index, item, error)),
                }
            }
            finish(imported)
        }
        _ => Err(KeyError::UnrecognisedFormat {
            hint: "JSON that is neither a JWK nor a JWK Set".to_owned(),
        }),
    }
}

fn import_jwks(value: &Value) -> Result<ImportedKeys, KeyError> {
    let keys = jwk_set_entries(value)?;
    if keys.is_empty() {
        return Err(KeyError::JwksEmpty);
    }
    let mut imported = ImportedKeys::default();
    for (index, item) in keys.iter().enumerate() {
        match jwk::key_from_jwk(item) {
            Ok(key) => imported
                .keys
                .push(json_key(key, KeyFormat::Jwks, format!("keys[{index}]"))),
            Err(error) => imported.problems.push(in_jwks(index, item, error)),
        }
    }
    finish(imported)
}

fn json_key(key: Key, format: KeyFormat, location: String) -> ImportedKey {
    ImportedKey {
        key,
        format,
        encoding: KeyEncoding::Json,
        location,
        note: None,
    }
}

/// Wraps an error with the key's position and kid.
pub(crate) fn in_jwks(index: usize, item: &Value, error: KeyError) -> KeyError {
    let kid = item.get("kid").and_then(Value::as_str).map(str::to_owned);
    KeyError::InJwks {
        index,
        kid,
        error: Box::new(error),
    }
}

fn import_bare_base64(text: &str, password: Option<&str>) -> Result<ImportedKey, KeyError> {
    if text.starts_with("eyJ") && text.matches('.').count() == 2 {
        return Err(KeyError::UnrecognisedFormat {
            hint: "this looks like a JWT (three base64url parts separated by dots), not a key"
                .to_owned(),
        });
    }
    let compact: Zeroizing<String> =
        Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect());
    let bytes = decode_any_base64(&compact).ok_or_else(|| KeyError::UnrecognisedFormat {
        hint: "the text is not PEM, not JSON and not base64".to_owned(),
    })?;
    if der::detect(&bytes).is_none() {
        return Err(KeyError::UnrecognisedFormat {
            hint: format!(
                "the text is base64 for {} bytes, but they are not a DER key structure \
                 (if this is an HMAC secret, enter it as a secret instead)",
                bytes.len()
            ),
        });
    }
    import_der_as(&bytes, password, KeyEncoding::Base64Der)
}

/// Decodes standard or URL-safe base64, padded or not.
pub(crate) fn decode_any_base64(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    Base64::decode_vec(text)
        .or_else(|_| Base64Unpadded::decode_vec(text))
        .or_else(|_| Base64Url::decode_vec(text))
        .or_else(|_| Base64UrlUnpadded::decode_vec(text))
        .ok()
        .map(Zeroizing::new)
}

/// Ok when at least one key was read; otherwise the one problem, or all of them.
fn finish(mut imported: ImportedKeys) -> Result<ImportedKeys, KeyError> {
    if !imported.keys.is_empty() {
        return Ok(imported);
    }
    if imported.problems.len() > 1 {
        return Err(KeyError::NothingImported {
            errors: imported.problems,
        });
    }
    Err(imported
        .problems
        .pop()
        .unwrap_or(KeyError::UnrecognisedFormat {
            hint: "no key was found in the text".to_owned(),
        }))
}
