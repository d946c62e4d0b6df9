//! The Decoder's signature check, behind a trait.
//!
//! The first download (see [`crate::app::lite`]) must stay small, so it carries no key parsing
//! and no signature algorithms: its Decoder decodes and explains, and its [`Verifier`] says the
//! checker is still loading. The full app's Decoder is the same component with [`Engine`], which
//! calls the engine. Static dispatch keeps the engine out of the first download entirely: only
//! the editions that name [`Engine`] link it.

use crate::app::keytext::{self, ReadKey};
use crate::app::state::KeyEntry;
use jose::finding::Finding;
use jose::key::{Key, PublicKey, SecretEncoding};
use jose::token::UntrustedToken;
use jose::verify::{hs_with_public_key_finding, verify_compact, VerifyOptions};

/// The keys read from the verify-key text, and why part of it could not be read.
pub type ReadKeys = (Vec<ReadKey>, Option<String>);

/// The verdict shown in `verify-status`.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyOutcome {
    /// `valid`, `invalid`, `error`, `unverified` or `loading`.
    pub status: &'static str,
    /// One sentence: which key and algorithm verified, or exactly why not.
    pub sentence: String,
}

impl VerifyOutcome {
    /// The verdict while the signature checker is still being downloaded.
    pub fn loading() -> VerifyOutcome {
        VerifyOutcome {
            status: "loading",
            sentence: "Loading the signature checker…".to_owned(),
        }
    }
}

/// What the Decoder needs from the crypto half of the engine.
pub trait Verifier: 'static {
    /// Reads the verify-key text; `None` while this edition cannot read keys yet.
    fn read_key_text(text: &str, encoding: SecretEncoding, is_hmac: bool) -> Option<ReadKeys>;

    /// A keyring key, offered after the pasted keys.
    fn keyring_key(entry: &KeyEntry) -> Option<ReadKey>;

    /// Verifies `token` with `keys` (never empty): the verdict and the index of the key that
    /// verified.
    fn verify(token: &UntrustedToken, keys: &[ReadKey]) -> (VerifyOutcome, Option<usize>);

    /// The finding for an HS* token offered a public key as its "secret".
    fn hs_with_public_key(token: &UntrustedToken, keys: &[ReadKey]) -> Option<Finding>;

    /// The public half of a key, to judge the token's `kid` against.
    fn public_key(key: &Key) -> Option<PublicKey>;

    /// The user is about to give a key (the key box got focus): a chance to start loading.
    fn prepare() {}
}

/// The full app's verifier: the engine itself.
pub enum Engine {}

impl Verifier for Engine {
    fn read_key_text(text: &str, encoding: SecretEncoding, is_hmac: bool) -> Option<ReadKeys> {
        Some(read_key_text(text, encoding, is_hmac))
    }

    fn keyring_key(entry: &KeyEntry) -> Option<ReadKey> {
        let mut key = (*entry.key).clone();
        // A kid this tool made up must not make kid selection fail for the token's own kid.
        if entry.kid_generated {
            key.meta.kid = None;
        }
        Some(ReadKey {
            key,
            description: format!("keyring: {}", entry.label),
        })
    }

    fn verify(token: &UntrustedToken, keys: &[ReadKey]) -> (VerifyOutcome, Option<usize>) {
        let plain: Vec<_> = keys.iter().map(|read| read.key.clone()).collect();
        match verify_compact(token, &plain, &VerifyOptions::default()) {
            Ok(verified) => {
                let key = keys
                    .get(verified.key_index())
                    .map(|read| read.description.as_str())
                    .unwrap_or("a key");
                let how = if verified.selected_by_kid() {
                    format!(", picked by kid {:?}", verified.kid().unwrap_or_default())
                } else {
                    String::new()
                };
                let outcome = VerifyOutcome {
                    status: "valid",
                    sentence: format!("Signature valid: {} with {key}{how}.", verified.alg()),
                };
                (outcome, Some(verified.key_index()))
            }
            Err(err) => {
                let outcome = VerifyOutcome {
                    status: err.status().as_str(),
                    sentence: format!("Signature not verified: {err}."),
                };
                (outcome, None)
            }
        }
    }

    fn hs_with_public_key(token: &UntrustedToken, keys: &[ReadKey]) -> Option<Finding> {
        let keys: Vec<_> = keys.iter().map(|read| read.key.clone()).collect();
        hs_with_public_key_finding(token, &keys)
    }

    fn public_key(key: &Key) -> Option<PublicKey> {
        key.public_key()
    }
}

/// The keys in the verify text box, or why it cannot be read.
fn read_key_text(text: &str, encoding: SecretEncoding, is_hmac: bool) -> ReadKeys {
    if text.trim().is_empty() {
        return (Vec::new(), None);
    }
    // A token signed with HS* is verified with a secret; key formats are still read as keys.
    if is_hmac && !keytext::looks_like_key(text) {
        return match keytext::read_secret(text, encoding) {
            Ok(secret) => (vec![secret], None),
            Err(err) => (
                Vec::new(),
                Some(format!("The secret could not be read: {err}")),
            ),
        };
    }
    match keytext::read_keys(text, None) {
        Ok((read, problems)) if problems.is_empty() => (read, None),
        Ok((read, problems)) => (
            read,
            Some(format!(
                "Some keys could not be read: {}",
                problems.join("; ")
            )),
        ),
        Err(err) => (
            Vec::new(),
            Some(format!("The key could not be read: {err}")),
        ),
    }
}
