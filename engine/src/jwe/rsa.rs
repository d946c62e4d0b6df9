//! RSA key encryption (RFC 7518 §4.2, §4.3): RSA-OAEP with SHA-1, SHA-256, SHA-384 and SHA-512,
//! and RSA1_5 for decryption only (it is open to padding-oracle attacks, RFC 8725 §3.2).

use rand_core::CryptoRngCore;
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use super::{ContentEncryption, JweError, KeyManagement};

/// The OAEP padding for an RSA-OAEP `alg` (MGF1 uses the same hash, as RFC 7518 says).
fn oaep(alg: KeyManagement) -> Option<Oaep> {
    match alg {
        KeyManagement::RsaOaep => Some(Oaep::new::<sha1::Sha1>()),
        KeyManagement::RsaOaep256 => Some(Oaep::new::<sha2::Sha256>()),
        KeyManagement::RsaOaep384 => Some(Oaep::new::<sha2::Sha384>()),
        KeyManagement::RsaOaep512 => Some(Oaep::new::<sha2::Sha512>()),
        _ => None,
    }
}

/// Recovers the content key.
///
/// RSA1_5: when the padding is wrong, a random key of the right length is returned instead
/// (RFC 7516 §11.5), so the failure shows up only as a tag mismatch, like any wrong key.
pub fn unwrap(
    alg: KeyManagement,
    enc: ContentEncryption,
    key: &RsaPrivateKey,
    encrypted_key: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Zeroizing<Vec<u8>>, String> {
    if alg == KeyManagement::Rsa1_5 {
        return Ok(match key.decrypt(Pkcs1v15Encrypt, encrypted_key) {
            Ok(cek) if cek.len() == enc.key_len() => Zeroizing::new(cek),
            _ => super::random_bytes(rng, enc.key_len()),
        });
    }
    let padding = oaep(alg).ok_or_else(|| format!("\"{alg}\" is not an RSA algorithm"))?;
    key.decrypt(padding, encrypted_key)
        .map(Zeroizing::new)
        .map_err(|_| format!("{alg} decryption of the encrypted key failed"))
}

/// Encrypts the content key for `key` (RSA-OAEP family only).
pub fn wrap(
    alg: KeyManagement,
    key: &RsaPublicKey,
    cek: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, JweError> {
    let padding = oaep(alg).ok_or(JweError::Rsa1_5Encrypt)?;
    key.encrypt(rng, padding, cek)
        .map_err(|err| JweError::KeyUnusable {
            reason: format!("{alg} encryption failed: {err}"),
        })
}
