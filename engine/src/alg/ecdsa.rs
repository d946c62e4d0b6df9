//! ES256 / ES384 / ES512 (RFC 7518 §3.4): ECDSA with the signature as raw `r || s`.
//!
//! ES256 is jwt-compact's `Es256`. jwt-compact has no ES384/ES512, so [`Es384`] and [`Es512`]
//! implement its `Algorithm` trait here with `p384` and `p521`.
//!
//! Before any maths the signature's shape is checked, so the person sees *why* it is wrong:
//! a DER-encoded signature (what OpenSSL and Java produce by default) is named as such, and
//! `r`/`s` that are zero or not below the curve order are rejected outright (the "psychic
//! signatures" bug, CVE-2022-21449, accepted `r = s = 0`).

use core::cell::RefCell;
use core::num::NonZeroUsize;
use std::borrow::Cow;

use ecdsa::elliptic_curve::ops::Invert;
use ecdsa::elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use ecdsa::elliptic_curve::subtle::CtOption;
use ecdsa::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, PrimeCurve, Scalar};
use ecdsa::hazmat::SignPrimitive;
use ecdsa::signature::hazmat::{PrehashVerifier, RandomizedPrehashSigner};
use ecdsa::signature::{DigestSigner, DigestVerifier};
use ecdsa::SignatureSize;
use jwt_compact::alg::Es256;
use jwt_compact::{Algorithm, AlgorithmSignature};
use p256::elliptic_curve::generic_array::ArrayLength;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_core::CryptoRngCore;
use sha2::{Digest, Sha384, Sha512};

use super::{AlgError, JwsAlgorithm};
use crate::key::{EcCurve, EcPrivateKey, PrivateKey, PublicKey};

/// A P-384 signature as jwt-compact sees it (raw `r || s`, 96 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Es384Signature(pub p384::ecdsa::Signature);

impl AlgorithmSignature for Es384Signature {
    const LENGTH: Option<NonZeroUsize> = NonZeroUsize::new(96);

    fn try_from_slice(slice: &[u8]) -> anyhow::Result<Self> {
        p384::ecdsa::Signature::from_slice(slice)
            .map(Es384Signature)
            .map_err(anyhow::Error::msg)
    }

    fn as_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Owned(self.0.to_bytes().to_vec())
    }
}

/// `ES384`: ECDSA on P-384 with SHA-384; signing is deterministic (RFC 6979).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Es384;

impl Algorithm for Es384 {
    type SigningKey = p384::ecdsa::SigningKey;
    type VerifyingKey = p384::ecdsa::VerifyingKey;
    type Signature = Es384Signature;

    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed("ES384")
    }

    fn sign(&self, signing_key: &Self::SigningKey, message: &[u8]) -> Self::Signature {
        Es384Signature(signing_key.sign_digest(Sha384::new_with_prefix(message)))
    }

    fn verify_signature(
        &self,
        signature: &Self::Signature,
        verifying_key: &Self::VerifyingKey,
        message: &[u8],
    ) -> bool {
        verifying_key
            .verify_digest(Sha384::new_with_prefix(message), &signature.0)
            .is_ok()
    }
}

/// A P-521 signature as jwt-compact sees it (raw `r || s`, 132 bytes).
///
/// `None` only if signing failed, which needs a nonce giving `r = 0` or `s = 0` (probability
/// about 2^-520); it encodes as no bytes, which [`sign`] turns into an error instead of a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Es512Signature(pub Option<p521::ecdsa::Signature>);

impl AlgorithmSignature for Es512Signature {
    const LENGTH: Option<NonZeroUsize> = NonZeroUsize::new(132);

    fn try_from_slice(slice: &[u8]) -> anyhow::Result<Self> {
        p521::ecdsa::Signature::from_slice(slice)
            .map(|signature| Es512Signature(Some(signature)))
            .map_err(anyhow::Error::msg)
    }

    fn as_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Owned(
            self.0
                .map(|signature| signature.to_bytes().to_vec())
                .unwrap_or_default(),
        )
    }
}

/// A P-521 signing key with its own nonce generator.
///
/// `p521` 0.13 cannot do RFC 6979 with SHA-512 (the field is 66 bytes, the hash 64), so ES512
/// signing needs randomness, and jwt-compact's `Algorithm::sign` takes none. The generator is
/// seeded from the caller's RNG when the key is made and advances on every signature, so a
/// nonce is never reused.
pub struct Es512SigningKey {
    key: p521::ecdsa::SigningKey,
    nonces: RefCell<ChaCha20Rng>,
}

impl Es512SigningKey {
    /// Wraps a P-521 signing key, seeding the nonce generator from `rng`.
    pub fn new(key: ecdsa::SigningKey<p521::NistP521>, rng: &mut impl CryptoRngCore) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        Es512SigningKey {
            key: p521::ecdsa::SigningKey::from(key),
            nonces: RefCell::new(ChaCha20Rng::from_seed(seed)),
        }
    }
}

impl core::fmt::Debug for Es512SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Es512SigningKey(redacted)")
    }
}

/// `ES512`: ECDSA on P-521 with SHA-512.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Es512;

impl Algorithm for Es512 {
    type SigningKey = Es512SigningKey;
    type VerifyingKey = p521::ecdsa::VerifyingKey;
    type Signature = Es512Signature;

    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed("ES512")
    }

    fn sign(&self, signing_key: &Self::SigningKey, message: &[u8]) -> Self::Signature {
        let prehash = Sha512::digest(message);
        let mut nonces = signing_key.nonces.borrow_mut();
        Es512Signature(
            signing_key
                .key
                .sign_prehash_with_rng(&mut *nonces, &prehash)
                .ok(),
        )
    }

    fn verify_signature(
        &self,
        signature: &Self::Signature,
        verifying_key: &Self::VerifyingKey,
        message: &[u8],
    ) -> bool {
        match &signature.0 {
            Some(signature) => verifying_key
                .verify_prehash(&Sha512::digest(message), signature)
                .is_ok(),
            None => false,
        }
    }
}

/// The curve an ES* algorithm uses.
fn curve_for(alg: JwsAlgorithm) -> Option<EcCurve> {
    match alg {
        JwsAlgorithm::Es256 => Some(EcCurve::P256),
        JwsAlgorithm::Es384 => Some(EcCurve::P384),
        JwsAlgorithm::Es512 => Some(EcCurve::P521),
        _ => None,
    }
}

/// Signs `message`; ES256 and ES384 are deterministic (RFC 6979), ES512 draws its nonce from
/// `rng`.
///
/// Refuses a key whose stored public point is not its scalar's ([`AlgError::KeyPairMismatch`]):
/// its signatures would not verify under the public key the user sees and publishes. The
/// signing key derives the point anyway, so the comparison costs nothing; it is what makes
/// [`PairCheck::AtSigning`](crate::key::PairCheck::AtSigning) safe.
pub fn sign(
    alg: JwsAlgorithm,
    key: &PrivateKey,
    message: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, AlgError> {
    let signature = match (alg, key) {
        (JwsAlgorithm::Es256, PrivateKey::P256(key)) => Es256
            .sign(&checked_signing_key(alg, key)?, message)
            .as_bytes()
            .into_owned(),
        (JwsAlgorithm::Es384, PrivateKey::P384(key)) => Es384
            .sign(&checked_signing_key(alg, key)?, message)
            .as_bytes()
            .into_owned(),
        (JwsAlgorithm::Es512, PrivateKey::P521(key)) => {
            let signing = Es512SigningKey::new(checked_signing_key(alg, key)?, rng);
            Es512.sign(&signing, message).as_bytes().into_owned()
        }
        (alg, other) => return Err(super::key_mismatch(alg, other.kind())),
    };
    if signature.is_empty() {
        return Err(AlgError::SigningFailed {
            alg,
            reason: "the nonce gave r or s = 0".into(),
        });
    }
    Ok(signature)
}

/// The signing key of `key`, if its stored point is the one the signing key derives.
fn checked_signing_key<C>(
    alg: JwsAlgorithm,
    key: &EcPrivateKey<C>,
) -> Result<ecdsa::SigningKey<C>, AlgError>
where
    C: PrimeCurve + CurveArithmetic,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>> + SignPrimitive<C>,
    SignatureSize<C>: ArrayLength<u8>,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let signing = ecdsa::SigningKey::from(key.secret());
    if signing.verifying_key().as_affine() == key.public().as_affine() {
        Ok(signing)
    } else {
        Err(AlgError::KeyPairMismatch { alg })
    }
}

/// Checks a raw `r || s` signature, explaining DER and out-of-range scalars.
pub fn verify(
    alg: JwsAlgorithm,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), AlgError> {
    let Some(curve) = curve_for(alg) else {
        return Err(super::key_mismatch(alg, key.kind()));
    };
    if key.kind() != crate::key::KeyKind::Ec(curve) {
        return Err(super::key_mismatch(alg, key.kind()));
    }
    let expected = 2 * curve.field_bytes();
    if signature.len() != expected {
        return Err(if looks_like_der(signature) {
            AlgError::DerSignature {
                alg,
                expected,
                found: signature.len(),
            }
        } else {
            AlgError::SignatureLength {
                alg,
                expected,
                found: signature.len(),
            }
        });
    }
    let out_of_range = AlgError::ScalarOutOfRange { alg };
    let matches = match key {
        PublicKey::P256(public) => {
            let signature = <Es256 as Algorithm>::Signature::try_from_slice(signature)
                .map_err(|_| out_of_range)?;
            Es256.verify_signature(
                &signature,
                &p256::ecdsa::VerifyingKey::from(public),
                message,
            )
        }
        PublicKey::P384(public) => {
            let signature = Es384Signature::try_from_slice(signature).map_err(|_| out_of_range)?;
            Es384.verify_signature(
                &signature,
                &p384::ecdsa::VerifyingKey::from(public),
                message,
            )
        }
        PublicKey::P521(public) => {
            let signature = Es512Signature::try_from_slice(signature).map_err(|_| out_of_range)?;
            let inner = ecdsa::VerifyingKey::<p521::NistP521>::from(public);
            Es512.verify_signature(&signature, &p521::ecdsa::VerifyingKey::from(inner), message)
        }
        other => return Err(super::key_mismatch(alg, other.kind())),
    };
    if matches {
        Ok(())
    } else {
        Err(AlgError::SignatureMismatch { alg })
    }
}

/// True when `bytes` has the outer shape of a DER `SEQUENCE`: tag 0x30 and a length byte
/// (short or 0x81 long form) that matches the rest. Only used to choose the error message.
fn looks_like_der(bytes: &[u8]) -> bool {
    match bytes {
        [0x30, 0x81, len, rest @ ..] => usize::from(*len) == rest.len(),
        [0x30, len, rest @ ..] => *len < 0x80 && usize::from(*len) == rest.len(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_shape_is_recognised_only_with_a_matching_length() {
        assert!(looks_like_der(&[0x30, 0x03, 0x02, 0x01, 0x01]));
        assert!(!looks_like_der(&[0x30, 0x05, 0x02]));
        assert!(!looks_like_der(&[0x31, 0x01, 0x00]));
        let mut long = vec![0x30, 0x81, 0x88];
        long.extend([0u8; 0x88]);
        assert!(looks_like_der(&long));
    }
}
