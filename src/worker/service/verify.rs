//! [`Request::Verify`](crate::worker::protocol::Request::Verify): the Decoder's signature check.

use jose::key::{PublicKey, SecretEncoding};
use jose::profiles::explain_kid;
use jose::token::inspect_compact;
use jose::verify::{
    hmac_short_secret_finding, hs_with_public_key_finding, verify_compact, VerifyOptions,
};

use crate::worker::keyring::Keyring;
use crate::worker::keys_text::{self, ReadKey};
use crate::worker::protocol::{VerifyReport, VerifyRequest};

/// The keys read from one verify-key text, and why part of it could not be read.
#[derive(Debug, Clone, Default)]
pub struct ReadKeys {
    /// The keys, in text order.
    pub keys: Vec<ReadKey>,
    /// Why (part of) the text could not be read.
    pub error: Option<String>,
}

/// The last verify-key text read, so typing in the token box does not re-parse the key (RSA
/// import checks cost milliseconds; an encrypted key, much more).
#[derive(Debug, Default)]
pub struct KeyTextCache {
    last: Option<((String, SecretEncoding, bool), ReadKeys)>,
}

impl KeyTextCache {
    /// The keys in `text`, read once per distinct (text, encoding, is-HMAC).
    pub fn read(&mut self, text: &str, encoding: SecretEncoding, is_hmac: bool) -> ReadKeys {
        let wanted = (text.to_owned(), encoding, is_hmac);
        match &self.last {
            Some((key, read)) if *key == wanted => read.clone(),
            _ => {
                let read = read_key_text(text, encoding, is_hmac);
                self.last = Some((wanted, read.clone()));
                read
            }
        }
    }

    /// Forgets the cached keys (the user cleared the keyring, which also means "forget keys").
    pub fn clear(&mut self) {
        self.last = None;
    }
}

/// Verifies the token with the pasted keys, then the keyring key.
pub fn verify(request: &VerifyRequest, keyring: &Keyring, cache: &mut KeyTextCache) -> VerifyReport {
    let inspection = inspect_compact(&request.token);
    let token = inspection.token.as_ref().ok();
    let is_hmac = token.is_some_and(|token| token.alg().is_ok_and(|alg| alg.is_symmetric()));
    let read = cache.read(&request.key_text, request.encoding, is_hmac);
    let mut keys = read.keys;
    let mut key_error = read.error;
    if let Some(id) = request.keyring_key {
        match keyring.get(id) {
            Ok(entry) => keys.push(ReadKey {
                key: entry.for_verifying(),
                description: format!("keyring: {}", entry.label),
            }),
            Err(missing) => key_error = Some(missing),
        }
    }
    let keys_read = keys.iter().map(|read| read.description.clone()).collect();
    let Some(token) = token else {
        return VerifyReport {
            status: "unverified".to_owned(),
            sentence: "No token to verify: paste a complete token first.".to_owned(),
            keys_read,
            key_error,
            kid_finding: None,
            findings: Vec::new(),
        };
    };
    let plain: Vec<_> = keys.iter().map(|read| read.key.clone()).collect();
    let findings = if is_hmac {
        hs_with_public_key_finding(token, &plain)
            .into_iter()
            .chain(hmac_short_secret_finding(token, &plain))
            .collect()
    } else {
        Vec::new()
    };
    let (status, sentence, verified_by) = if keys.is_empty() {
        let (status, sentence) = if key_error.is_some() {
            ("error", "Not verified: the key could not be read (see above).")
        } else {
            (
                "unverified",
                "Not verified yet: paste a key or pick one from the keyring. Until then, \
                 nothing in this token can be trusted.",
            )
        };
        (status.to_owned(), sentence.to_owned(), None)
    } else {
        match verify_compact(token, &plain, &VerifyOptions::default()) {
            Ok(verified) => {
                let key = keys
                    .get(verified.key_index())
                    .map_or("a key", |read| read.description.as_str());
                let how = if verified.selected_by_kid() {
                    format!(", picked by kid {:?}", verified.kid().unwrap_or_default())
                } else {
                    String::new()
                };
                let sentence = format!("Signature valid: {} with {key}{how}.", verified.alg());
                ("valid".to_owned(), sentence, Some(verified.key_index()))
            }
            Err(err) => (
                err.status().as_str().to_owned(),
                format!("Signature not verified: {err}."),
                None,
            ),
        }
    };
    // What the token's kid says about its key: judged against the key that verified, or the
    // only key offered.
    let kid_finding = token.kid().and_then(|kid| {
        let judge = verified_by.or(if keys.len() == 1 { Some(0) } else { None });
        let public: Option<PublicKey> = judge
            .and_then(|index| keys.get(index))
            .and_then(|read| read.key.public_key());
        explain_kid(kid, public.as_ref())
    });
    VerifyReport {
        status,
        sentence,
        keys_read,
        key_error,
        kid_finding,
        findings,
    }
}

/// The keys in the verify text box, or why it cannot be read.
fn read_key_text(text: &str, encoding: SecretEncoding, is_hmac: bool) -> ReadKeys {
    if text.trim().is_empty() {
        return ReadKeys::default();
    }
    // A token signed with HS* is verified with a secret; key formats are still read as keys.
    if is_hmac && !keys_text::looks_like_key(text) {
        return match keys_text::read_secret(text, encoding) {
            Ok(secret) => ReadKeys {
                keys: vec![secret],
                error: None,
            },
            Err(err) => ReadKeys {
                keys: Vec::new(),
                error: Some(format!("The secret could not be read: {err}")),
            },
        };
    }
    match keys_text::read_keys(text, None) {
        Ok((keys, problems)) => ReadKeys {
            error: (!problems.is_empty())
                .then(|| format!("Some keys could not be read: {}", problems.join("; "))),
            keys,
        },
        Err(err) => ReadKeys {
            keys: Vec::new(),
            error: Some(format!("The key could not be read: {err}")),
        },
    }
}
