//! Key generation with a caller-supplied RNG (the browser's `crypto.getRandomValues` in the
//! app, a seeded ChaCha20 in tests).

use rand_core::CryptoRngCore;

use super::{
    EcCurve, EcPrivateKey, Ed25519PrivateKey, Key, KeyError, KeyKind, KeyMaterial, PrivateKey,
    Secret, X25519PrivateKey,
};

/// RSA sizes offered; smaller keys are not generated (RFC 7518 §3.3 asks for at least 2048).
pub const RSA_BITS: [usize; 3] = [2048, 3072, 4096];
/// HMAC secret lengths offered: the output sizes of SHA-256/384/512 (RFC 7518 §3.2).
pub const HMAC_BYTES: [usize; 3] = [32, 48, 64];
/// AES key lengths offered (encryption keys: `A128KW`/`A192KW`/`A256KW`, `dir`): 16, 24, 32 bytes.
pub const AES_BYTES: [usize; 3] = [16, 24, 32];

/// Generates a new key: RSA 2048/3072/4096 (e = 65537), EC P-256/384/521, Ed25519, X25519, an HMAC
/// secret of 32/48/64 bytes, or an AES key (a secret of 16/24/32 bytes).
pub fn generate(kind: KeyKind, rng: &mut impl CryptoRngCore) -> Result<Key, KeyError> {
    let material = match kind {
        KeyKind::Rsa { bits } if RSA_BITS.contains(&bits) => {
            let key =
                rsa::RsaPrivateKey::new(rng, bits).map_err(|err| KeyError::GenerateFailed {
                    reason: err.to_string(),
                })?;
            KeyMaterial::Private(PrivateKey::Rsa(Box::new(key)))
        }
        KeyKind::Rsa { .. } => {
            return Err(KeyError::GenerateUnsupported {
                kind: kind.label(),
                reason: "RSA keys are generated with 2048, 3072 or 4096 bits",
            })
        }
        KeyKind::Ec(EcCurve::P256) => KeyMaterial::Private(PrivateKey::P256(EcPrivateKey::new(
            p256::SecretKey::random(rng),
        ))),
        KeyKind::Ec(EcCurve::P384) => KeyMaterial::Private(PrivateKey::P384(EcPrivateKey::new(
            p384::SecretKey::random(rng),
        ))),
        KeyKind::Ec(EcCurve::P521) => KeyMaterial::Private(PrivateKey::P521(EcPrivateKey::new(
            p521::SecretKey::random(rng),
        ))),
        KeyKind::Ed25519 => KeyMaterial::Private(PrivateKey::Ed25519(Ed25519PrivateKey::from(
            &ed25519_dalek::SigningKey::generate(rng),
        ))),
        KeyKind::X25519 => {
            let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
            rng.fill_bytes(bytes.as_mut());
            KeyMaterial::Private(PrivateKey::X25519(X25519PrivateKey::from_bytes(*bytes)))
        }
        KeyKind::Hmac { bytes } if HMAC_BYTES.contains(&bytes) || AES_BYTES.contains(&bytes) => {
            let mut secret = zeroize::Zeroizing::new(vec![0u8; bytes]);
            rng.fill_bytes(&mut secret);
            KeyMaterial::Secret(Secret::new(secret.to_vec()))
        }
        KeyKind::Hmac { .. } => {
            return Err(KeyError::GenerateUnsupported {
                kind: kind.label(),
                reason: "secrets are generated with 32, 48 or 64 bytes (HS256, HS384, HS512) or, as AES keys, 16, 24 or 32 bytes",
            })
        }
    };
    Ok(Key::new(material))
}
