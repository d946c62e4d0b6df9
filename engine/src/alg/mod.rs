//! JWS algorithms (RFC 7518 §3, RFC 8037): names, families, and raw sign/verify.
//!
//! One file per family. Each family wraps a `jwt_compact::Algorithm` implementation (ours for
//! ES384/ES512, which jwt-compact lacks) behind the byte-level functions [`sign`] and
//! [`verify`], so the token code never cares which crate does the maths.

pub mod ecdsa;
pub mod eddsa;
pub mod hmac;
pub mod rsa;

use core::fmt;
use core::str::FromStr;

/// A JWS `alg` value this engine can sign and verify with.
///
/// `none` is deliberately not a variant: an unsecured token is decoded and shown, never verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
#[non_exhaustive]
pub enum JwsAlgorithm {
    /// HMAC SHA-256.
    Hs256,
    /// HMAC SHA-384.
    Hs384,
    /// HMAC SHA-512.
    Hs512,
    /// RSASSA-PKCS1-v1_5 SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 SHA-512.
    Rs512,
    /// RSASSA-PSS SHA-256, MGF1 SHA-256, salt 32.
    Ps256,
    /// RSASSA-PSS SHA-384, MGF1 SHA-384, salt 48.
    Ps384,
    /// RSASSA-PSS SHA-512, MGF1 SHA-512, salt 64.
    Ps512,
    /// ECDSA P-256 SHA-256, signature r||s of 64 bytes.
    Es256,
    /// ECDSA P-384 SHA-384, signature r||s of 96 bytes.
    Es384,
    /// ECDSA P-521 SHA-512, signature r||s of 132 bytes.
    Es512,
    /// EdDSA (Ed25519 only, RFC 8037).
    EdDsa,
}

/// The family an algorithm belongs to; decides which key types can be used with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlgorithmFamily {
    /// HS*: a shared secret.
    Hmac,
    /// RS*: RSA PKCS#1 v1.5.
    RsaPkcs1,
    /// PS*: RSA-PSS.
    RsaPss,
    /// ES*: ECDSA.
    Ecdsa,
    /// EdDSA.
    EdDsa,
}

impl JwsAlgorithm {
    /// Every supported algorithm, in the order the UI lists them.
    pub const ALL: [JwsAlgorithm; 13] = [
        JwsAlgorithm::Rs256,
        JwsAlgorithm::Rs384,
        JwsAlgorithm::Rs512,
        JwsAlgorithm::Ps256,
        JwsAlgorithm::Ps384,
        JwsAlgorithm::Ps512,
        JwsAlgorithm::Es256,
        JwsAlgorithm::Es384,
        JwsAlgorithm::Es512,
        JwsAlgorithm::EdDsa,
        JwsAlgorithm::Hs256,
        JwsAlgorithm::Hs384,
        JwsAlgorithm::Hs512,
    ];

    /// The `alg` header value.
    pub fn name(self) -> &'static str {
        match self {
            JwsAlgorithm::Hs256 => "HS256",
            JwsAlgorithm::Hs384 => "HS384",
            JwsAlgorithm::Hs512 => "HS512",
            JwsAlgorithm::Rs256 => "RS256",
            JwsAlgorithm::Rs384 => "RS384",
            JwsAlgorithm::Rs512 => "RS512",
            JwsAlgorithm::Ps256 => "PS256",
            JwsAlgorithm::Ps384 => "PS384",
            JwsAlgorithm::Ps512 => "PS512",
            JwsAlgorithm::Es256 => "ES256",
            JwsAlgorithm::Es384 => "ES384",
            JwsAlgorithm::Es512 => "ES512",
            JwsAlgorithm::EdDsa => "EdDSA",
        }
    }

    /// The family, which decides the key type.
    pub fn family(self) -> AlgorithmFamily {
        match self {
            JwsAlgorithm::Hs256 | JwsAlgorithm::Hs384 | JwsAlgorithm::Hs512 => {
                AlgorithmFamily::Hmac
            }
            JwsAlgorithm::Rs256 | JwsAlgorithm::Rs384 | JwsAlgorithm::Rs512 => {
                AlgorithmFamily::RsaPkcs1
            }
            JwsAlgorithm::Ps256 | JwsAlgorithm::Ps384 | JwsAlgorithm::Ps512 => {
                AlgorithmFamily::RsaPss
            }
            JwsAlgorithm::Es256 | JwsAlgorithm::Es384 | JwsAlgorithm::Es512 => {
                AlgorithmFamily::Ecdsa
            }
            JwsAlgorithm::EdDsa => AlgorithmFamily::EdDsa,
        }
    }

    /// True for HS*, which Koppeltaal and HTI forbid.
    pub fn is_symmetric(self) -> bool {
        self.family() == AlgorithmFamily::Hmac
    }
}

impl fmt::Display for JwsAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An `alg` value that is not a supported JWS signature algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAlgorithm(pub String);

impl fmt::Display for UnknownAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == "none" {
            f.write_str("\"alg\": \"none\" means an unsecured token; it is never valid")
        } else {
            write!(
                f,
                "unknown \"alg\" {:?}; expected one of RS256, RS384, RS512, PS256, PS384, PS512, \
                 ES256, ES384, ES512, EdDSA, HS256, HS384, HS512 (names are case-sensitive)",
                self.0
            )
        }
    }
}

impl std::error::Error for UnknownAlgorithm {}

impl FromStr for JwsAlgorithm {
    type Err = UnknownAlgorithm;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JwsAlgorithm::ALL
            .into_iter()
            .find(|alg| alg.name() == s)
            .ok_or_else(|| UnknownAlgorithm(s.to_owned()))
    }
}

/// Serde writes an algorithm as its JOSE name (`"RS256"`), as in a header.
impl TryFrom<String> for JwsAlgorithm {
    type Error = UnknownAlgorithm;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

impl From<JwsAlgorithm> for &'static str {
    fn from(alg: JwsAlgorithm) -> Self {
        alg.name()
    }
}

// ---------------------------------------------------------------------------------------------
// Byte-level signing and verification, dispatched on the algorithm.
// ---------------------------------------------------------------------------------------------

use rand_core::CryptoRngCore;

use super::key::{KeyKind, PrivateKey, PublicKey, Secret, VerificationKey};

impl JwsAlgorithm {
    /// The key this algorithm needs, as a phrase: "an RSA key", "an EC P-384 key", ….
    pub fn key_needed(self) -> &'static str {
        match self {
            JwsAlgorithm::Hs256 | JwsAlgorithm::Hs384 | JwsAlgorithm::Hs512 => "an HMAC secret",
            JwsAlgorithm::Rs256
            | JwsAlgorithm::Rs384
            | JwsAlgorithm::Rs512
            | JwsAlgorithm::Ps256
            | JwsAlgorithm::Ps384
            | JwsAlgorithm::Ps512 => "an RSA key",
            JwsAlgorithm::Es256 => "an EC P-256 key",
            JwsAlgorithm::Es384 => "an EC P-384 key",
            JwsAlgorithm::Es512 => "an EC P-521 key",
            JwsAlgorithm::EdDsa => "an Ed25519 key",
        }
    }
}

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
