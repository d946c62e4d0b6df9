//! JWS algorithms (RFC 7518 §3, RFC 8037): raw sign/verify. The names and families are in
//! [`crate::jwa`] (re-exported here), so that [`crate::key`] can name algorithms without
//! depending on this module.
//!
//! One file per family. Each family wraps a `jwt_compact::Algorithm` implementation (ours for
//! ES384/ES512, which jwt-compact lacks) behind the byte-level functions [`sign`] and
//! [`verify`], so the token code never cares which crate does the maths.

pub mod ecdsa;
pub mod eddsa;
pub mod hmac;
pub mod rsa;

use core::fmt;

use rand_core::CryptoRngCore;

use super::key::{KeyKind, PrivateKey, PublicKey, Secret, VerificationKey};

/// Kept under `alg` too: the names lived here before they moved to [`crate::jwa`].
pub use crate::jwa::{AlgorithmFamily, JwsAlgorithm, UnknownAlgorithm};

/// The key material a signature is made with.
#[derive(Debug, Clone, Copy)]
pub enum SigningKeyRef<'a> {
    /// An asymmetric private key (RS*, PS*, ES*, EdDSA).
    Private(&'a PrivateKey),
    /// An HMAC secret (HS*).
    Secret(&'a Secret),
}

/// Why a raw signature could not be made or checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgError {
    /// The key is of the wrong type or curve for the algorithm.
    KeyMismatch {
        /// The algorithm asked for.
        alg: JwsAlgorithm,
        /// The key offered, e.g. "EC P-256".
        found: String,
    },
    /// Public-key material offered for HS*: never used as an HMAC secret.
    PublicKeyAsSecret {
        /// The HS* algorithm asked for.
        alg: JwsAlgorithm,
        /// The key offered, e.g. "RSA 2048".
        found: String,
    },
    /// An HMAC secret shorter than the hash output (RFC 7518 §3.2).
    HmacKeyTooShort {
        /// The HS* algorithm.
        alg: JwsAlgorithm,
        /// Length of the secret offered, in bytes.
        bytes: usize,
        /// The minimum for this algorithm, in bytes.
        minimum: usize,
    },
    /// An RSA modulus outside `MIN_RSA_BITS..=MAX_RSA_BITS`.
    RsaModulusSize {
        /// Modulus size in bits.
        bits: usize,
    },
    /// The signature has the wrong number of bytes.
    SignatureLength {
        /// The algorithm.
        alg: JwsAlgorithm,
        /// The length this algorithm and key produce.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// An ECDSA signature in ASN.1 DER form instead of the raw `r || s` JWS uses.
    DerSignature {
        /// The ES* algorithm.
        alg: JwsAlgorithm,
        /// The raw length JWS needs.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// An ECDSA `r` or `s` that is zero or not below the group order (CVE-2022-21449 and kin).
    ScalarOutOfRange {
        /// The ES* algorithm.
        alg: JwsAlgorithm,
    },
    /// The signature is well-formed but does not match the message and key.
    SignatureMismatch {
        /// The algorithm.
        alg: JwsAlgorithm,
    },
    /// The private key's stored public half is not the one its private half gives, so its
    /// signatures would not verify under the public key shown (see
    /// [`PairCheck`](crate::key::PairCheck)).
    KeyPairMismatch {
        /// The algorithm.
        alg: JwsAlgorithm,
    },
    /// The crypto library refused to sign (should not happen with a valid key).
    SigningFailed {
        /// The algorithm.
        alg: JwsAlgorithm,
        /// The library's explanation.
        reason: String,
    },
}

impl AlgError {
    /// True when the signature itself is wrong (the token is invalid); false when the key or
    /// algorithm prevented checking it at all.
    pub fn is_bad_signature(&self) -> bool {
        matches!(
            self,
            AlgError::SignatureLength { .. }
                | AlgError::DerSignature { .. }
                | AlgError::ScalarOutOfRange { .. }
                | AlgError::SignatureMismatch { .. }
        )
    }
}

impl fmt::Display for AlgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlgError::KeyMismatch { alg, found } => {
                write!(
                    f,
                    "{alg} needs {}; the key offered is {found}",
                    alg.key_needed()
                )
            }
            AlgError::PublicKeyAsSecret { alg, found } => write!(
                f,
                "{alg} needs an HMAC secret; the key offered ({found}) is public-key material, \
                 which is never used as an HMAC secret (that is the algorithm-confusion attack)"
            ),
            AlgError::HmacKeyTooShort {
                alg,
                bytes,
                minimum,
            } => write!(
                f,
                "{alg} needs a secret of at least {minimum} bytes (RFC 7518 §3.2); this one has \
                 {bytes}"
            ),
            AlgError::RsaModulusSize { bits } => write!(
                f,
                "RSA modulus of {bits} bits is outside the supported {}..={} bits",
                super::limits::MIN_RSA_BITS,
                super::limits::MAX_RSA_BITS
            ),
            AlgError::SignatureLength {
                alg,
                expected,
                found,
            } => write!(
                f,
                "{alg} signature must be {expected} bytes with this key; found {found} bytes"
            ),
            AlgError::DerSignature {
                alg,
                expected,
                found,
            } => write!(
                f,
                "JWS needs raw r||s of {expected} bytes; this looks like DER ({found} bytes, \
                 starting 0x30), which {alg} in JWS does not use"
            ),
            AlgError::ScalarOutOfRange { alg } => write!(
                f,
                "{alg} signature is invalid: r or s is zero or not below the curve order"
            ),
            AlgError::SignatureMismatch { alg } => {
                write!(f, "{alg} signature does not match the signed data and key")
            }
            AlgError::KeyPairMismatch { alg } => write!(
                f,
                "not signed with {alg}: the private key does not match the public key stored with \
                 it, so the signature would not verify under that public key"
            ),
            AlgError::SigningFailed { alg, reason } => write!(f, "{alg} signing failed: {reason}"),
        }
    }
}

impl std::error::Error for AlgError {}

/// Signs `message` (the JWS signing input) with `key`. `rng` is used only by RSA (blinding, and
/// the PSS salt); ECDSA (RFC 6979), EdDSA and HMAC are deterministic.
pub fn sign(
    alg: JwsAlgorithm,
    key: SigningKeyRef<'_>,
    message: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, AlgError> {
    match (alg.family(), key) {
        (AlgorithmFamily::Hmac, SigningKeyRef::Secret(secret)) => hmac::sign(alg, secret, message),
        (AlgorithmFamily::Hmac, SigningKeyRef::Private(private)) => {
            Err(AlgError::PublicKeyAsSecret {
                alg,
                found: private.kind().label(),
            })
        }
        (_, SigningKeyRef::Secret(secret)) => Err(secret_mismatch(alg, secret)),
        (AlgorithmFamily::RsaPkcs1 | AlgorithmFamily::RsaPss, SigningKeyRef::Private(key)) => {
            match key {
                PrivateKey::Rsa(key) => rsa::sign(alg, key, message, rng),
                other => Err(key_mismatch(alg, other.kind())),
            }
        }
        (AlgorithmFamily::Ecdsa, SigningKeyRef::Private(key)) => {
            ecdsa::sign(alg, key, message, rng)
        }
        (AlgorithmFamily::EdDsa, SigningKeyRef::Private(key)) => match key {
            // Refuses a seed whose stored public key is not its own, as ecdsa::sign does.
            PrivateKey::Ed25519(key) => key
                .signing_key()
                .map(|signing| eddsa::sign(&signing, message))
                .ok_or(AlgError::KeyPairMismatch { alg }),
            other => Err(key_mismatch(alg, other.kind())),
        },
    }
}

/// Checks `signature` over `message` (the JWS signing input) with `key`.
pub fn verify(
    alg: JwsAlgorithm,
    key: &VerificationKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), AlgError> {
    match (alg.family(), key) {
        (AlgorithmFamily::Hmac, VerificationKey::Secret(secret)) => {
            hmac::verify(alg, secret, message, signature)
        }
        (AlgorithmFamily::Hmac, VerificationKey::Public(public)) => {
            Err(AlgError::PublicKeyAsSecret {
                alg,
                found: public.kind().label(),
            })
        }
        (_, VerificationKey::Secret(secret)) => Err(secret_mismatch(alg, secret)),
        (AlgorithmFamily::RsaPkcs1 | AlgorithmFamily::RsaPss, VerificationKey::Public(key)) => {
            match key {
                PublicKey::Rsa(key) => rsa::verify(alg, key, message, signature),
                other => Err(key_mismatch(alg, other.kind())),
            }
        }
        (AlgorithmFamily::Ecdsa, VerificationKey::Public(key)) => {
            ecdsa::verify(alg, key, message, signature)
        }
        (AlgorithmFamily::EdDsa, VerificationKey::Public(key)) => match key {
            PublicKey::Ed25519(key) => eddsa::verify(key, message, signature),
            other => Err(key_mismatch(alg, other.kind())),
        },
    }
}

/// The error for a key of the wrong kind.
pub(crate) fn key_mismatch(alg: JwsAlgorithm, found: KeyKind) -> AlgError {
    AlgError::KeyMismatch {
        alg,
        found: found.label(),
    }
}

/// The error for an HMAC secret offered to an asymmetric algorithm.
fn secret_mismatch(alg: JwsAlgorithm, secret: &Secret) -> AlgError {
    key_mismatch(
        alg,
        KeyKind::Hmac {
            bytes: secret.as_bytes().len(),
        },
    )
}
