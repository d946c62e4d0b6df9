//! EdDSA with Ed25519 (RFC 8037) via jwt-compact's `Ed25519` algorithm (ed25519-dalek).

use ed25519_dalek::{SigningKey, VerifyingKey};
use jwt_compact::alg::Ed25519;
use jwt_compact::{Algorithm, AlgorithmSignature};

use super::{AlgError, JwsAlgorithm};

/// Length of an Ed25519 signature in bytes.
pub const SIGNATURE_LEN: usize = 64;

/// Signs `message` (deterministic, RFC 8032).
pub fn sign(key: &SigningKey, message: &[u8]) -> Vec<u8> {
    Ed25519.sign(key, message).as_bytes().into_owned()
}

/// Checks an Ed25519 signature (ed25519-dalek rejects non-canonical `S`).
pub fn verify(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> Result<(), AlgError> {
    let alg = JwsAlgorithm::EdDsa;
    if signature.len() != SIGNATURE_LEN {
        return Err(AlgError::SignatureLength {
            alg,
            expected: SIGNATURE_LEN,
            found: signature.len(),
        });
    }
    let signature = <Ed25519 as Algorithm>::Signature::try_from_slice(signature)
        .map_err(|_| AlgError::SignatureMismatch { alg })?;
    if Ed25519.verify_signature(&signature, key, message) {
        Ok(())
    } else {
        Err(AlgError::SignatureMismatch { alg })
    }
}
