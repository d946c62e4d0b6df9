//! PBES2 password-based key wrapping (RFC 7518 §4.8): PBKDF2 with HMAC-SHA2 derives an AES
//! key-wrap key from the password, the salt input `p2s` and the iteration count `p2c`.
//!
//! `p2c` comes from the token, that is from whoever made it: above
//! [`limits::MAX_PBES2_COUNT`] the token is refused before any work (RFC 8725 §3.6 calls
//! unbounded counts a denial-of-service risk).

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::parse::{required_b64, UntrustedJwe};
use super::{aeskw, JweError, KeyManagement};
use crate::b64;
use crate::limits;

/// RFC 7518 §4.8.1.1: the salt input must be at least 8 octets.
const MIN_P2S_BYTES: usize = 8;

/// True for the PBES2 algorithms.
fn is_pbes2(alg: KeyManagement) -> bool {
    matches!(
        alg,
        KeyManagement::Pbes2Hs256A128Kw
            | KeyManagement::Pbes2Hs384A192Kw
            | KeyManagement::Pbes2Hs512A256Kw
    )
}

/// The salt input and the iteration count, checked: both present, the count at least 1 and
/// at most [`limits::MAX_PBES2_COUNT`].
fn parameters(header: &Map<String, Value>, alg: KeyManagement) -> Result<(Vec<u8>, u32), JweError> {
    let needed_for = format!("\"alg\": \"{alg}\"");
    let p2s = required_b64(header, "p2s", &needed_for)?;
    if p2s.len() < MIN_P2S_BYTES {
        return Err(JweError::BadMember {
            member: "p2s",
            expected: format!(
                "at least {MIN_P2S_BYTES} bytes of salt (RFC 7518 §4.8.1.1); it is {}",
                p2s.len()
            ),
        });
    }
    let p2c = match header.get("p2c") {
        None => {
            return Err(JweError::MissingMember {
                member: "p2c",
                needed_for,
            })
        }
        Some(value) => value
            .as_u64()
            .filter(|&n| n >= 1)
            .ok_or(JweError::BadMember {
                member: "p2c",
                expected: "a positive whole number (the PBKDF2 iteration count)".to_owned(),
            })?,
    };
    let p2c = u32::try_from(p2c)
        .ok()
        .filter(|&n| n <= limits::MAX_PBES2_COUNT)
        .ok_or(JweError::Pbes2CountTooHigh { p2c })?;
    Ok((p2s, p2c))
}

/// Checks `p2s` and `p2c` once, before any key is tried (and before any PBKDF2 work).
pub(crate) fn check_header(jwe: &UntrustedJwe, alg: KeyManagement) -> Result<(), JweError> {
    if is_pbes2(alg) {
        parameters(jwe.header(), alg)?;
    }
    Ok(())
}

/// PBKDF2 over `alg ‖ 0x00 ‖ p2s` (RFC 7518 §4.8.1.1).
fn derive(
    alg: KeyManagement,
    password: &[u8],
    p2s: &[u8],
    p2c: u32,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut salt = alg.name().as_bytes().to_vec();
    salt.push(0);
    salt.extend_from_slice(p2s);
    let len = alg.wrap_key_len().unwrap_or(0);
    let mut key = Zeroizing::new(vec![0u8; len]);
    match alg {
        KeyManagement::Pbes2Hs256A128Kw => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, &salt, p2c, &mut key)
        }
        KeyManagement::Pbes2Hs384A192Kw => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, &salt, p2c, &mut key)
        }
        KeyManagement::Pbes2Hs512A256Kw => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, &salt, p2c, &mut key)
        }
        _ => return Err(format!("\"{alg}\" is not a PBES2 algorithm")),
    }
    Ok(key)
}

/// Derives the key-wrap key from the password and unwraps the content key.
pub fn unwrap(
    jwe: &UntrustedJwe,
    alg: KeyManagement,
    password: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    if password.is_empty() {
        return Err("the password is empty".to_owned());
    }
    let (p2s, p2c) = parameters(jwe.header(), alg).map_err(|e| e.to_string())?;
    let kek = derive(alg, password, &p2s, p2c)?;
    aeskw::unwrap_raw(&kek, jwe.encrypted_key()).map_err(|_| {
        "the password gives a key whose AES key unwrap fails its integrity check: a wrong \
         password, or the token was altered"
            .to_owned()
    })
}

/// Derives the key-wrap key, wraps the content key, and writes `p2s` and `p2c`.
pub fn wrap(
    alg: KeyManagement,
    password: &[u8],
    cek: &[u8],
    p2s: &[u8],
    p2c: u32,
    header: &mut Map<String, Value>,
) -> Result<Vec<u8>, JweError> {
    if password.is_empty() {
        return Err(JweError::KeyUnusable {
            reason: "the password is empty".to_owned(),
        });
    }
    if p2s.len() < MIN_P2S_BYTES || p2c == 0 || p2c > limits::MAX_PBES2_COUNT {
        return Err(JweError::BadInput {
            reason: format!(
                "PBES2 needs at least {MIN_P2S_BYTES} bytes of salt and 1 to {} iterations",
                limits::MAX_PBES2_COUNT
            ),
        });
    }
    let kek = derive(alg, password, p2s, p2c).map_err(|reason| JweError::BadInput { reason })?;
    header.insert("p2s".to_owned(), Value::String(b64::encode(p2s)));
    header.insert("p2c".to_owned(), Value::from(p2c));
    aeskw::wrap_raw(&kek, cek)
}
