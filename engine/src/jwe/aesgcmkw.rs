//! Key wrapping with AES-GCM (RFC 7518 §4.7): the content key is encrypted with AES-GCM under
//! the shared secret; the 96-bit IV and the 128-bit tag travel in the header (`iv`, `tag`).

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{AesGcm, Nonce, Tag};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::parse::{required_b64, UntrustedJwe};
use super::{JweError, KeyManagement};
use crate::b64;

type Gcm<C> = AesGcm<C, aes_gcm::aead::consts::U12>;

/// True for the AxxxGCMKW algorithms.
fn is_gcmkw(alg: KeyManagement) -> bool {
    matches!(
        alg,
        KeyManagement::A128GcmKw | KeyManagement::A192GcmKw | KeyManagement::A256GcmKw
    )
}

/// Checks the header's `iv` (12 bytes) and `tag` (16 bytes) once, before any key is tried.
pub(crate) fn check_header(jwe: &UntrustedJwe, alg: KeyManagement) -> Result<(), JweError> {
    if !is_gcmkw(alg) {
        return Ok(());
    }
    let needed_for = format!("\"alg\": \"{alg}\"");
    let iv = required_b64(jwe.header(), "iv", &needed_for)?;
    let tag = required_b64(jwe.header(), "tag", &needed_for)?;
    if iv.len() != 12 {
        return Err(JweError::BadMember {
            member: "iv",
            expected: format!("a 96-bit (12-byte) IV for {alg}; it is {} bytes", iv.len()),
        });
    }
    if tag.len() != 16 {
        return Err(JweError::BadMember {
            member: "tag",
            expected: format!(
                "a 128-bit (16-byte) tag for {alg}; it is {} bytes",
                tag.len()
            ),
        });
    }
    Ok(())
}

/// Decrypts the content key with the secret.
pub fn unwrap(
    jwe: &UntrustedJwe,
    alg: KeyManagement,
    secret: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    let expected = alg.wrap_key_len().unwrap_or(0);
    if secret.len() != expected {
        return Err(format!(
            "the secret is {} bytes; \"{alg}\" needs exactly {expected}",
            secret.len()
        ));
    }
    let iv = required_b64(jwe.header(), "iv", "").map_err(|e| e.to_string())?;
    let tag = required_b64(jwe.header(), "tag", "").map_err(|e| e.to_string())?;
    if iv.len() != 12 || tag.len() != 16 {
        return Err("the header's iv or tag has the wrong length".to_owned());
    }
    let mut buffer = Zeroizing::new(jwe.encrypted_key().to_vec());
    let nonce = Nonce::from_slice(&iv);
    let tag = Tag::from_slice(&tag);
    let ok = match secret.len() {
        16 => Gcm::<aes::Aes128>::new_from_slice(secret).map(|c| {
            c.decrypt_in_place_detached(nonce, b"", &mut buffer, tag)
                .is_ok()
        }),
        24 => Gcm::<aes::Aes192>::new_from_slice(secret).map(|c| {
            c.decrypt_in_place_detached(nonce, b"", &mut buffer, tag)
                .is_ok()
        }),
        _ => Gcm::<aes::Aes256>::new_from_slice(secret).map(|c| {
            c.decrypt_in_place_detached(nonce, b"", &mut buffer, tag)
                .is_ok()
        }),
    };
    if ok == Ok(true) {
        Ok(buffer)
    } else {
        Err(
            "AES-GCM key unwrap failed: the header's tag does not match (a wrong key, or the \
             encrypted key or header was altered)"
                .to_owned(),
        )
    }
}

/// Encrypts the content key and writes `iv` and `tag` into the header, tag first (the
/// order of RFC 7520 §5.7).
pub fn wrap(
    alg: KeyManagement,
    secret: &[u8],
    cek: &[u8],
    iv: &[u8],
    header: &mut Map<String, Value>,
) -> Result<Vec<u8>, JweError> {
    let expected = alg.wrap_key_len().unwrap_or(0);
    if secret.len() != expected {
        return Err(JweError::KeyUnusable {
            reason: format!(
                "the secret is {} bytes; \"{alg}\" needs exactly {expected}",
                secret.len()
            ),
        });
    }
    if iv.len() != 12 {
        return Err(JweError::BadInput {
            reason: format!("the key-wrap IV is {} bytes; {alg} needs 12", iv.len()),
        });
    }
    let mut buffer = cek.to_vec();
    let nonce = Nonce::from_slice(iv);
    let tag = match secret.len() {
        16 => Gcm::<aes::Aes128>::new_from_slice(secret)
            .map(|c| c.encrypt_in_place_detached(nonce, b"", &mut buffer)),
        24 => Gcm::<aes::Aes192>::new_from_slice(secret)
            .map(|c| c.encrypt_in_place_detached(nonce, b"", &mut buffer)),
        _ => Gcm::<aes::Aes256>::new_from_slice(secret)
            .map(|c| c.encrypt_in_place_detached(nonce, b"", &mut buffer)),
    };
    let Ok(Ok(tag)) = tag else {
        return Err(JweError::Crypto {
            reason: "AES-GCM key wrap failed".to_owned(),
        });
    };
    header.insert("tag".to_owned(), Value::String(b64::encode(&tag)));
    header.insert("iv".to_owned(), Value::String(b64::encode(iv)));
    Ok(buffer)
}
