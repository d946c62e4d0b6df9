//! AES Key Wrap (RFC 7518 §4.4, RFC 3394) with 128-, 192- and 256-bit keys, by `aes-kw`.
//! Also the last step of ECDH-ES+AxxxKW and PBES2.

use aes_kw::{KekAes128, KekAes192, KekAes256};
use zeroize::Zeroizing;

use super::{JweError, KeyManagement};

/// Unwraps the content key with a key-wrap key of `alg`'s length.
pub fn unwrap(
    alg: KeyManagement,
    kek: &[u8],
    wrapped: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    let expected = alg.wrap_key_len().unwrap_or(0);
    if kek.len() != expected {
        return Err(format!(
            "the secret is {} bytes; \"{alg}\" needs exactly {expected}",
            kek.len()
        ));
    }
    unwrap_raw(kek, wrapped)
}

/// Unwraps with a key of 16, 24 or 32 bytes; fails when the integrity check fails.
pub(crate) fn unwrap_raw(kek: &[u8], wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
    let result = match kek.len() {
        16 => KekAes128::try_from(kek).map(|k| k.unwrap_vec(wrapped)),
        24 => KekAes192::try_from(kek).map(|k| k.unwrap_vec(wrapped)),
        32 => KekAes256::try_from(kek).map(|k| k.unwrap_vec(wrapped)),
        _ => return Err("an AES key-wrap key must be 16, 24 or 32 bytes".to_owned()),
    };
    match result {
        Ok(Ok(cek)) => Ok(Zeroizing::new(cek)),
        _ => Err(
            "AES key unwrap failed its integrity check: a wrong key, or the encrypted key was \
             altered"
                .to_owned(),
        ),
    }
}

/// Wraps the content key with a key-wrap key of `alg`'s length.
pub fn wrap(alg: KeyManagement, kek: &[u8], cek: &[u8]) -> Result<Vec<u8>, JweError> {
    let expected = alg.wrap_key_len().unwrap_or(0);
    if kek.len() != expected {
        return Err(JweError::KeyUnusable {
            reason: format!(
                "the secret is {} bytes; \"{alg}\" needs exactly {expected}",
                kek.len()
            ),
        });
    }
    wrap_raw(kek, cek)
}

/// Wraps with a key of 16, 24 or 32 bytes.
pub(crate) fn wrap_raw(kek: &[u8], cek: &[u8]) -> Result<Vec<u8>, JweError> {
    let result = match kek.len() {
        16 => KekAes128::try_from(kek).map(|k| k.wrap_vec(cek)),
        24 => KekAes192::try_from(kek).map(|k| k.wrap_vec(cek)),
        32 => KekAes256::try_from(kek).map(|k| k.wrap_vec(cek)),
        _ => {
            return Err(JweError::KeyUnusable {
                reason: "an AES key-wrap key must be 16, 24 or 32 bytes".to_owned(),
            })
        }
    };
    match result {
        Ok(Ok(wrapped)) => Ok(wrapped),
        _ => Err(JweError::Crypto {
            reason: "AES key wrap refused the content key (it must be a multiple of 8 bytes)"
                .to_owned(),
        }),
    }
}
