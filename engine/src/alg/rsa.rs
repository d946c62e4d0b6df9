//! RS256/384/512 (PKCS#1 v1.5) and PS256/384/512 (PSS, salt = hash length, RFC 7518 §3.5).
//!
//! Verification goes through jwt-compact's `Rsa` algorithm. Signing calls the `rsa` crate
//! directly, because jwt-compact's `Rsa::sign` draws from the global `OsRng` and panics on
//! failure, while this engine takes its randomness from the caller and never panics.

use jwt_compact::alg::{Rsa, RsaSignature};
use jwt_compact::{Algorithm, AlgorithmSignature};
use rand_core::CryptoRngCore;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::{AlgError, JwsAlgorithm};
use crate::limits;

/// Signs `message` with RSA; `rng` provides blinding and the PSS salt.
pub fn sign(
    alg: JwsAlgorithm,
    key: &RsaPrivateKey,
    message: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, AlgError> {
    check_modulus(key.n().bits())?;
    let signed = match alg {
        JwsAlgorithm::Rs256 => {
            key.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message))
        }
        JwsAlgorithm::Rs384 => {
            key.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(message))
        }
        JwsAlgorithm::Rs512 => {
            key.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(message))
        }
        JwsAlgorithm::Ps256 => key.sign_with_rng(
            rng,
            Pss::new_with_salt::<Sha256>(32),
            &Sha256::digest(message),
        ),
        JwsAlgorithm::Ps384 => key.sign_with_rng(
            rng,
            Pss::new_with_salt::<Sha384>(48),
            &Sha384::digest(message),
        ),
        JwsAlgorithm::Ps512 => key.sign_with_rng(
            rng,
            Pss::new_with_salt::<Sha512>(64),
            &Sha512::digest(message),
        ),
        other => return Err(super::key_mismatch(other, rsa_kind(key.n().bits()))),
    };
    signed.map_err(|err| AlgError::SigningFailed {
        alg,
        reason: err.to_string(),
    })
}

/// Checks an RSA signature; it must be exactly as long as the modulus.
pub fn verify(
    alg: JwsAlgorithm,
    key: &RsaPublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), AlgError> {
    check_modulus(key.n().bits())?;
    let algorithm = match alg {
        JwsAlgorithm::Rs256 => Rsa::rs256(),
        JwsAlgorithm::Rs384 => Rsa::rs384(),
        JwsAlgorithm::Rs512 => Rsa::rs512(),
        JwsAlgorithm::Ps256 => Rsa::ps256(),
        JwsAlgorithm::Ps384 => Rsa::ps384(),
        JwsAlgorithm::Ps512 => Rsa::ps512(),
        other => return Err(super::key_mismatch(other, rsa_kind(key.n().bits()))),
    };
    let expected = key.size();
    if signature.len() != expected {
        return Err(AlgError::SignatureLength {
            alg,
            expected,
            found: signature.len(),
        });
    }
    let signature =
        RsaSignature::try_from_slice(signature).map_err(|_| AlgError::SignatureMismatch { alg })?;
    if algorithm.verify_signature(&signature, key, message) {
        Ok(())
    } else {
        Err(AlgError::SignatureMismatch { alg })
    }
}

/// Refuses moduli outside the limits (tiny ones are forgeable, huge ones freeze the page).
fn check_modulus(bits: usize) -> Result<(), AlgError> {
    if (limits::MIN_RSA_BITS..=limits::MAX_RSA_BITS).contains(&bits) {
        Ok(())
    } else {
        Err(AlgError::RsaModulusSize { bits })
    }
}

fn rsa_kind(bits: usize) -> crate::key::KeyKind {
    crate::key::KeyKind::Rsa { bits }
}
