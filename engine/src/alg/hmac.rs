//! HS256/HS384/HS512 (RFC 7518 §3.2) via jwt-compact's HMAC algorithms.
//!
//! Secrets shorter than the hash output (RFC 7518 §3.2) are refused for *signing*: this tool
//! should never make such a token. They still *verify*: people paste jwt.io's sample token with
//! its 19-byte secret and need to learn whether the signature matches; the weakness is reported
//! beside the result ([`crate::verify::hmac_short_secret_finding`]) instead of hiding it.

use jwt_compact::alg::{Hs256, Hs256Key, Hs384, Hs384Key, Hs512, Hs512Key};
use jwt_compact::{Algorithm, AlgorithmSignature};

use super::{AlgError, JwsAlgorithm};
use crate::key::Secret;

/// Length of the hash output of an HS* algorithm, in bytes (also the minimum secret length).
pub fn output_len(alg: JwsAlgorithm) -> usize {
    match alg {
        JwsAlgorithm::Hs384 => 48,
        JwsAlgorithm::Hs512 => 64,
        _ => 32,
    }
}

/// Computes the HMAC of `message`.
pub fn sign(alg: JwsAlgorithm, secret: &Secret, message: &[u8]) -> Result<Vec<u8>, AlgError> {
    check_secret(alg, secret)?;
    let key = secret.as_bytes();
    Ok(match alg {
        JwsAlgorithm::Hs384 => Hs384
            .sign(&Hs384Key::new(key), message)
            .as_bytes()
            .into_owned(),
        JwsAlgorithm::Hs512 => Hs512
            .sign(&Hs512Key::new(key), message)
            .as_bytes()
            .into_owned(),
        _ => Hs256
            .sign(&Hs256Key::new(key), message)
            .as_bytes()
            .into_owned(),
    })
}

/// Checks an HMAC in constant time (jwt-compact compares `CtOutput`s).
pub fn verify(
    alg: JwsAlgorithm,
    secret: &Secret,
    message: &[u8],
    signature: &[u8],
) -> Result<(), AlgError> {
    let expected = output_len(alg);
    // jwt-compact's HMAC `try_from_slice` panics on a wrong length, so check it first.
    if signature.len() != expected {
        return Err(AlgError::SignatureLength {
            alg,
            expected,
            found: signature.len(),
        });
    }
    let key = secret.as_bytes();
    let matches = match alg {
        JwsAlgorithm::Hs384 => check(&Hs384, &Hs384Key::new(key), message, signature),
        JwsAlgorithm::Hs512 => check(&Hs512, &Hs512Key::new(key), message, signature),
        _ => check(&Hs256, &Hs256Key::new(key), message, signature),
    };
    if matches {
        Ok(())
    } else {
        Err(AlgError::SignatureMismatch { alg })
    }
}

/// Runs one jwt-compact HMAC algorithm whose signing and verifying key are the same.
fn check<A>(alg: &A, key: &A::VerifyingKey, message: &[u8], signature: &[u8]) -> bool
where
    A: Algorithm,
{
    match A::Signature::try_from_slice(signature) {
        Ok(signature) => alg.verify_signature(&signature, key, message),
        Err(_) => false,
    }
}

/// Refuses secrets below the RFC 7518 §3.2 minimum (signing only, see the module docs).
fn check_secret(alg: JwsAlgorithm, secret: &Secret) -> Result<(), AlgError> {
    let minimum = output_len(alg);
    let bytes = secret.as_bytes().len();
    if bytes < minimum {
        Err(AlgError::HmacKeyTooShort {
            alg,
            bytes,
            minimum,
        })
    } else {
        Ok(())
    }
}
