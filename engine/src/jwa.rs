//! JWS algorithm names (RFC 7518 §3, RFC 8037): [`JwsAlgorithm`], its family and the key it needs.
//!
//! Only names and facts about them live here, no cryptography, so both [`crate::key`] (which
//! says what a key can do) and [`crate::alg`] (which signs and verifies with keys) can use them
//! without depending on each other.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// A JWS `alg` value this engine can sign and verify with.
///
/// `none` is deliberately not a variant: an unsecured token is decoded and shown, never verified.
///
/// Serialized as its JOSE name (`"RS256"`), the same text as the `alg` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
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

impl UnknownAlgorithm {
    /// True for `none` in any case (`NONE`, `None`): a verifier that lower-cases `alg` before
    /// looking it up would take those as `none` too, so they are refused the same way.
    pub fn is_none(&self) -> bool {
        self.0.eq_ignore_ascii_case("none")
    }
}

impl fmt::Display for UnknownAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == "none" {
            f.write_str("\"alg\": \"none\" means an unsecured token; it is never valid")
        } else if self.is_none() {
            write!(
                f,
                "\"alg\": {:?} is \"none\" in other letters: an unsecured token; it is never \
                 valid",
                self.0
            )
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

impl From<JwsAlgorithm> for String {
    fn from(alg: JwsAlgorithm) -> Self {
        alg.name().to_owned()
    }
}

impl TryFrom<String> for JwsAlgorithm {
    type Error = UnknownAlgorithm;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}
