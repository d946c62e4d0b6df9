//! PKCE (RFC 7636) for the SMART-HTI-on-FHIR launch: a code verifier and its `S256` challenge.
//!
//! The module sends the challenge with the authorize request and the verifier with the token
//! request; the auth server checks that one hashes to the other, so a stolen `code` is useless
//! without the verifier. The verifier comes from the caller's RNG (the engine draws none itself).

use core::fmt;

use rand_core::CryptoRngCore;
use sha2::{Digest, Sha256};

use crate::b64;

/// The shortest verifier RFC 7636 §4.1 allows.
pub const MIN_VERIFIER_LEN: usize = 43;
/// The longest verifier RFC 7636 §4.1 allows.
pub const MAX_VERIFIER_LEN: usize = 128;

/// Why a typed code verifier is not one RFC 7636 allows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PkceError {
    /// Fewer than 43 or more than 128 characters.
    Length {
        /// How many characters there are.
        found: usize,
    },
    /// A character outside `A-Z a-z 0-9 - . _ ~`.
    Character {
        /// Its 0-based position.
        index: usize,
        /// The character.
        found: char,
    },
}

impl fmt::Display for PkceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PkceError::Length { found } => write!(
                f,
                "the code verifier has {found} characters: expected {MIN_VERIFIER_LEN} to {MAX_VERIFIER_LEN} (RFC 7636 §4.1)"
            ),
            PkceError::Character { index, found } => write!(
                f,
                "character {index} of the code verifier is {found:?}: expected A-Z, a-z, 0-9, '-', '.', '_' or '~' (RFC 7636 §4.1)"
            ),
        }
    }
}

impl std::error::Error for PkceError {}

/// A code verifier that RFC 7636 §4.1 allows: 43 to 128 unreserved characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeVerifier(String);

impl CodeVerifier {
    /// A fresh verifier: 32 random octets, base64url (43 characters), as RFC 7636 §4.1
    /// recommends.
    pub fn generate(rng: &mut impl CryptoRngCore) -> CodeVerifier {
        let mut octets = [0u8; 32];
        rng.fill_bytes(&mut octets);
        CodeVerifier(b64::encode(&octets))
    }

    /// Checks a typed verifier (surrounding whitespace is ignored).
    pub fn parse(text: &str) -> Result<CodeVerifier, PkceError> {
        let text = text.trim();
        if let Some((index, found)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || "-._~".contains(*c)))
        {
            return Err(PkceError::Character { index, found });
        }
        let found = text.len();
        if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&found) {
            return Err(PkceError::Length { found });
        }
        Ok(CodeVerifier(text.to_owned()))
    }

    /// The verifier as sent in the token request.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `S256` code challenge: base64url(SHA-256(ASCII(verifier))), RFC 7636 §4.2.
    pub fn challenge_s256(&self) -> String {
        b64::encode(&Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Display for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
