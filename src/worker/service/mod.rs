//! The worker's side of the API: answers each [`Request`] with the engine. Plain Rust (no web
//! crates), so every answer is tested natively; [`crate::worker::runtime`] only moves messages.

mod jwe;
mod jwks;
mod keys;
mod sign;
pub mod verify;

use rand_core::CryptoRngCore;

use jose::key::{Key, KeyKind};

use super::keyring::Keyring;
use super::protocol::{KeyId, KeyInfo, KeysAdded, Request, Response};
use verify::KeyTextCache;

/// The worker's state: the keyring and the last key text it read.
#[derive(Debug, Default)]
pub struct Service {
    keyring: Keyring,
    key_text: KeyTextCache,
}

impl Service {
    /// A service whose keyring starts handing out ids at `first_key_id`.
    pub fn new(first_key_id: KeyId) -> Service {
        Service {
            keyring: Keyring::starting_at(first_key_id),
            key_text: KeyTextCache::default(),
        }
    }

    /// Answers every request but [`Request::Generate`], which may wait for WebCrypto and is the
    /// runtime's job (it hands the key to [`Service::add_generated`]).
    pub fn handle(
        &mut self,
        request: Request,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Response, String> {
        match request {
            Request::Hello { first_key_id } => {
                *self = Service::new(first_key_id);
                Ok(Response::Ready)
            }
            Request::Cancel { .. } => Ok(Response::Cancelled),
            Request::ReadKeys { text, password } => {
                Ok(Response::KeysRead(keys::read(&text, password.as_deref())))
            }
            Request::Verify(request) => Ok(Response::Verified(verify::verify(
                &request,
                &self.keyring,
                &mut self.key_text,
            ))),
            Request::Sign(request) => {
                sign::sign(&request, &self.keyring, rng).map(Response::Signed)
            }
            Request::Generate {
                kind,
                key_use,
                label,
            } => {
                // Only reached without the runtime (tests): the pure-Rust generator.
                check_generate(kind, key_use.as_deref())?;
                let key = jose::key::generate::generate(kind, rng).map_err(|e| e.to_string())?;
                Ok(Response::KeysAdded(keys_added(vec![
                    self.add_generated(key, key_use, label.as_deref())
                ])))
            }
            Request::Import { text, password } => Ok(Response::KeysAdded(keys::import_text(
                &mut self.keyring,
                &text,
                password.as_deref(),
            ))),
            Request::ImportFile {
                bytes,
                name,
                password,
            } => Ok(Response::KeysAdded(keys::import_file(
                &mut self.keyring,
                &bytes,
                &name,
                password.as_deref(),
            ))),
            Request::ExportPrivate { id } => {
                keys::export_private(self.keyring.get(id)?).map(Response::Exported)
            }
            Request::Remove { id } => {
                self.keyring.remove(id);
                Ok(Response::Done)
            }
            Request::Clear => {
                self.keyring.clear();
                self.key_text.clear();
                Ok(Response::Done)
            }
            Request::PublicKeys(source) => Ok(Response::PublicKeys(jwks::public_keys(
                &source,
                &self.keyring,
            ))),
            Request::BuildJwks(request) => Ok(Response::JwksBuilt(jwks::build(&request))),
            Request::Decrypt(request) => Ok(Response::Decrypted(jwe::decrypt(
                &request,
                &self.keyring,
                rng,
            ))),
            Request::Encrypt(request) => jwe::encrypt(&request, rng).map(Response::Encrypted),
            Request::ValidateJwks { text } => Ok(Response::JwksChecked(
                jose::jwks::validate_jwks(&text).findings,
            )),
            // Timed against WebCrypto, so only the browser runtime can answer it.
            Request::Bench(_) => Err("the benchmark runs only in the browser".to_owned()),
        }
    }

    /// Puts a freshly generated key in the keyring (WebCrypto keys arrive this way), marked with
    /// its purpose (`use`) when one was asked for; an encryption key's label says so. A `label`
    /// (a demo key, say) comes first in the keyring's label, cut to [`MAX_LABEL_CHARS`].
    pub fn add_generated(&mut self, mut key: Key, key_use: Option<String>, label: Option<&str>) -> KeyInfo {
        let origin = if key_use.as_deref() == Some("enc") {
            "generated for encryption"
        } else {
            "generated"
        };
        key.meta.key_use = key_use;
        match label.map(str::trim).filter(|label| !label.is_empty()) {
            Some(label) => {
                let label: String = label.chars().take(MAX_LABEL_CHARS).collect();
                self.keyring.add_named(key, &label)
            }
            None => self.keyring.add(key, origin),
        }
    }
}

/// The longest label a page may give a generated key: enough for a name, not for a document.
pub const MAX_LABEL_CHARS: usize = 80;

/// Refuses a generation whose purpose the key type cannot serve, before any work is done:
/// Ed25519 only signs, X25519 only agrees on keys, and 16- or 24-byte secrets are AES keys.
pub fn check_generate(kind: KeyKind, key_use: Option<&str>) -> Result<(), String> {
    let encrypting = match key_use {
        None | Some("sig") => false,
        Some("enc") => true,
        Some(other) => {
            return Err(format!(
                "unknown key use {other:?}: expected \"sig\" or \"enc\""
            ))
        }
    };
    match kind {
        KeyKind::Ed25519 if encrypting => {
            Err("Ed25519 keys only sign: pick X25519 for encryption".to_owned())
        }
        KeyKind::X25519 if !encrypting => {
            Err("X25519 keys only encrypt (ECDH-ES): pick the encryption purpose".to_owned())
        }
        KeyKind::Hmac {
            bytes: bytes @ (16 | 24),
        } if !encrypting => Err(format!(
            "a {bytes}-byte secret is an AES key: pick the encryption purpose"
        )),
        _ => Ok(()),
    }
}

/// Keys just added, with nothing else to say.
pub fn keys_added(keys: Vec<KeyInfo>) -> KeysAdded {
    KeysAdded {
        keys,
        problems: Vec::new(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
