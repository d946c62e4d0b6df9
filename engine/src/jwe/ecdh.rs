//! ECDH-ES key agreement (RFC 7518 §4.6) on P-256, P-384 and P-521, and on X25519 (RFC 8037
//! §3.2): direct (the agreed key is the content key) or followed by AES key wrap
//! (`ECDH-ES+A128KW` …).
//!
//! The sender's ephemeral public key `epk` is read with the JWK importer, which refuses a
//! point that is not on its curve: accepting one leaks the recipient's private key bit by bit
//! (the invalid-curve attack). X25519 has no invalid points, but a low-order one makes the
//! shared secret all zero whatever the private key (RFC 7748 §6.1); such an agreement is
//! refused.

use p256::elliptic_curve::{self, ecdh::diffie_hellman, CurveArithmetic, SecretKey};
use rand_core::CryptoRngCore;
use serde_json::{Map, Value};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::parse::{optional_b64, UntrustedJwe};
use super::{aeskw, ContentEncryption, JweError, KeyManagement};
use crate::key::{EcPrivateKey, KeyMaterial, PrivateKey, PublicKey, X25519PrivateKey};

/// True when `key` can take part in ECDH-ES.
pub(crate) fn is_ecdh_key(key: &PrivateKey) -> bool {
    matches!(
        key,
        PrivateKey::P256(_) | PrivateKey::P384(_) | PrivateKey::P521(_) | PrivateKey::X25519(_)
    )
}

/// The sender's ephemeral public key from the header.
fn ephemeral_key(header: &Map<String, Value>) -> Result<PublicKey, JweError> {
    let epk = header.get("epk").ok_or_else(|| JweError::MissingMember {
        member: "epk",
        needed_for: "ECDH-ES".to_owned(),
    })?;
    let key = crate::jwk::key_from_jwk(epk).map_err(|err| JweError::EphemeralKey {
        reason: err.to_string(),
    })?;
    match key.material {
        KeyMaterial::Public(public) if is_agreement_public(&public) => Ok(public),
        KeyMaterial::Public(public) => Err(JweError::EphemeralKey {
            reason: format!("{} cannot be used for ECDH", public.kind().label()),
        }),
        _ => Err(JweError::EphemeralKey {
            reason: "it must be a public EC or OKP X25519 key (without \"d\")".to_owned(),
        }),
    }
}

/// True for the public keys ECDH-ES works with.
fn is_agreement_public(key: &PublicKey) -> bool {
    matches!(
        key,
        PublicKey::P256(_) | PublicKey::P384(_) | PublicKey::P521(_) | PublicKey::X25519(_)
    )
}

/// Checks `epk` (present, a point on its curve) and `apu`/`apv` once, before any key is tried.
pub(crate) fn check_header(jwe: &UntrustedJwe) -> Result<(), JweError> {
    ephemeral_key(jwe.header())?;
    optional_b64(jwe.header(), "apu")?;
    optional_b64(jwe.header(), "apv")?;
    Ok(())
}

/// The shared secret Z of a NIST-curve agreement.
fn nist_z<C>(secret: &SecretKey<C>, public: &elliptic_curve::PublicKey<C>) -> Zeroizing<Vec<u8>>
where
    C: CurveArithmetic,
{
    let shared = diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    Zeroizing::new(shared.raw_secret_bytes().to_vec())
}

/// The shared secret Z of an X25519 agreement (RFC 7748 §6.1), refused when it is all zero:
/// the public key is then a low-order point and Z says nothing about the private key used.
fn x25519_z(
    secret: &x25519_dalek::StaticSecret,
    public: &x25519_dalek::PublicKey,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let shared = secret.diffie_hellman(public);
    if !shared.was_contributory() {
        return Err(
            "the X25519 shared secret is all zero: the other party's public key is a \
                    low-order point (for example all zero bytes), so the agreement is refused \
                    (RFC 7748 §6.1)"
                .to_owned(),
        );
    }
    Ok(Zeroizing::new(shared.as_bytes().to_vec()))
}

/// Z from our private key and their public key, when both are on the same curve.
fn agree(private: &PrivateKey, public: &PublicKey) -> Result<Zeroizing<Vec<u8>>, String> {
    match (private, public) {
        (PrivateKey::P256(k), PublicKey::P256(p)) => Ok(nist_z(k.secret(), p)),
        (PrivateKey::P384(k), PublicKey::P384(p)) => Ok(nist_z(k.secret(), p)),
        (PrivateKey::P521(k), PublicKey::P521(p)) => Ok(nist_z(k.secret(), p)),
        (PrivateKey::X25519(k), PublicKey::X25519(p)) => x25519_z(k.secret(), p),
        _ => Err(format!(
            "the ephemeral key is {} but this key is {}",
            public.kind().label(),
            private.kind().label()
        )),
    }
}

/// The Concat KDF of RFC 7518 §4.6.2 (NIST SP 800-56A), SHA-256, by `concat-kdf`.
fn kdf(
    z: &[u8],
    algorithm_id: &str,
    apu: &[u8],
    apv: &[u8],
    key_len: usize,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut other_info = Vec::new();
    for field in [algorithm_id.as_bytes(), apu, apv] {
        let len = u32::try_from(field.len()).map_err(|_| "apu/apv is too long".to_owned())?;
        other_info.extend_from_slice(&len.to_be_bytes());
        other_info.extend_from_slice(field);
    }
    let bits = u32::try_from(key_len * 8).map_err(|_| "key too long".to_owned())?;
    other_info.extend_from_slice(&bits.to_be_bytes());
    let mut key = Zeroizing::new(vec![0u8; key_len]);
    concat_kdf::derive_key_into::<Sha256>(z, &other_info, &mut key)
        .map_err(|_| "the Concat KDF refused its input".to_owned())?;
    Ok(key)
}

/// The algorithm id and length the KDF derives for: the content key itself for `ECDH-ES`,
/// else the key-wrap key.
fn kdf_target(alg: KeyManagement, enc: ContentEncryption) -> (&'static str, usize) {
    match alg.wrap_key_len() {
        Some(len) => (alg.name(), len),
        None => (enc.name(), enc.key_len()),
    }
}

/// Agrees on the key with the header's `epk` and recovers the content key.
pub fn unwrap(
    jwe: &UntrustedJwe,
    alg: KeyManagement,
    enc: ContentEncryption,
    private: &PrivateKey,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let epk = ephemeral_key(jwe.header()).map_err(|e| e.to_string())?;
    let apu = optional_b64(jwe.header(), "apu").map_err(|e| e.to_string())?;
    let apv = optional_b64(jwe.header(), "apv").map_err(|e| e.to_string())?;
    let z = agree(private, &epk)?;
    let (algorithm_id, len) = kdf_target(alg, enc);
    let derived = kdf(&z, algorithm_id, &apu, &apv, len)?;
    if alg == KeyManagement::EcdhEs {
        return Ok(derived);
    }
    aeskw::unwrap_raw(&derived, jwe.encrypted_key())
}

/// A fresh ephemeral key on the recipient's curve.
fn generate_like(public: &PublicKey, rng: &mut impl CryptoRngCore) -> Result<PrivateKey, JweError> {
    match public {
        PublicKey::P256(_) => Ok(PrivateKey::P256(EcPrivateKey::new(SecretKey::random(rng)))),
        PublicKey::P384(_) => Ok(PrivateKey::P384(EcPrivateKey::new(SecretKey::random(rng)))),
        PublicKey::P521(_) => Ok(PrivateKey::P521(EcPrivateKey::new(SecretKey::random(rng)))),
        PublicKey::X25519(_) => {
            let mut bytes = Zeroizing::new([0u8; 32]);
            rng.fill_bytes(bytes.as_mut());
            Ok(PrivateKey::X25519(X25519PrivateKey::from_bytes(*bytes)))
        }
        other => Err(JweError::KeyUnusable {
            reason: format!(
                "ECDH-ES needs an EC (P-256, P-384, P-521) or X25519 key; the recipient key is {}",
                other.kind().label()
            ),
        }),
    }
}

/// Agrees on a key with the recipient, writes `epk`, and returns the content key used and
/// the encrypted key (empty for direct `ECDH-ES`).
pub fn wrap(
    alg: KeyManagement,
    enc: ContentEncryption,
    recipient: &PublicKey,
    cek: Zeroizing<Vec<u8>>,
    ephemeral: Option<&PrivateKey>,
    header: &mut Map<String, Value>,
    rng: &mut impl CryptoRngCore,
) -> Result<(Zeroizing<Vec<u8>>, Vec<u8>), JweError> {
    let ephemeral = match ephemeral {
        Some(key) => key.clone(),
        None => generate_like(recipient, rng)?,
    };
    let z = agree(&ephemeral, recipient).map_err(|reason| JweError::KeyUnusable { reason })?;
    let epk: Map<String, Value> = crate::jwk::public_jwk_members(&ephemeral.public_key())
        .into_iter()
        .map(|(name, value)| (name.to_owned(), Value::String(value)))
        .collect();
    header.insert("epk".to_owned(), Value::Object(epk));
    let (algorithm_id, len) = kdf_target(alg, enc);
    let derived =
        kdf(&z, algorithm_id, &[], &[], len).map_err(|reason| JweError::Crypto { reason })?;
    if alg == KeyManagement::EcdhEs {
        return Ok((derived, Vec::new()));
    }
    let wrapped = aeskw::wrap_raw(&derived, &cek)?;
    Ok((cek, wrapped))
}
