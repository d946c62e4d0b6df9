//! The keyring: every key the user generated or imported, held in the worker's memory only.
//!
//! Never written to storage, never posted to the page except as [`KeyInfo`] (no private bytes)
//! or as the exports the user asked for. The worker ending (page closed, or restarted after a
//! runaway request) forgets it, which the page tells the user.

use jose::jwk::JwkOptions;
use jose::key::export::to_jwk_json;
use jose::key::{to_spki_pem, Key, KeyMaterial};

use super::keys_text::{material, sha256_thumbprint, usable_algorithms, with_default_kid};
use super::protocol::{KeyId, KeyInfo, Material};

/// One key and what the page calls it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its id.
    pub id: KeyId,
    /// "RSA 2048 private · generated".
    pub label: String,
    /// The key, with a `kid` (its own, or its thumbprint when `kid_generated`).
    pub key: Key,
    /// True when the `kid` was made here.
    pub kid_generated: bool,
}

impl Entry {
    /// What the page may know about this key.
    pub fn info(&self) -> KeyInfo {
        let key = &self.key;
        let public = key.public_key();
        KeyInfo {
            id: self.id,
            label: self.label.clone(),
            kind: key.kind(),
            material: material(key),
            kid: key.meta.kid.clone(),
            kid_generated: self.kid_generated,
            key_use: key.meta.key_use.clone(),
            alg: key.meta.alg.clone(),
            // An encryption key (`use: enc`) is not offered for signing.
            signing_algorithms: if key.can_sign() && key.meta.key_use.as_deref() != Some("enc") {
                usable_algorithms(key.kind())
            } else {
                Vec::new()
            },
            thumbprint: sha256_thumbprint(key),
            public_jwk: public.as_ref().map(|_| {
                to_jwk_json(key, &JwkOptions::from_meta(&key.meta, false)).to_string()
            }),
            spki_pem: public.as_ref().and_then(|public| to_spki_pem(public).ok()),
        }
    }

    /// The key as a verifier should see it: a `kid` this tool made up must not make `kid`
    /// selection fail for the token's own `kid`.
    pub fn for_verifying(&self) -> Key {
        let mut key = self.key.clone();
        if self.kid_generated {
            key.meta.kid = None;
        }
        key
    }
}

/// The keys, oldest first.
#[derive(Debug, Default)]
pub struct Keyring {
    entries: Vec<Entry>,
    next_id: KeyId,
}

impl Keyring {
    /// An empty keyring whose first key gets id `first_id`.
    pub fn starting_at(first_id: KeyId) -> Keyring {
        Keyring {
            entries: Vec::new(),
            next_id: first_id,
        }
    }

    /// Adds a key, giving it a `kid` (its thumbprint) when it has none. `origin` says where it
    /// came from ("generated", "PEM block 1: …").
    pub fn add(&mut self, key: Key, origin: &str) -> KeyInfo {
        self.insert(key, |kind| format!("{kind} · {origin}"))
    }

    /// Adds a key under a name that comes first in its label ("Demo key (examples only) · EC
    /// P-384 private"), so a key made for a purpose says so wherever it is listed.
    pub fn add_named(&mut self, key: Key, name: &str) -> KeyInfo {
        let purpose = if key.meta.key_use.as_deref() == Some("enc") {
            " for encryption"
        } else {
            ""
        };
        self.insert(key, |kind| format!("{name} · {kind}{purpose}"))
    }

    fn insert(&mut self, key: Key, label: impl FnOnce(&str) -> String) -> KeyInfo {
        let kid_generated = key.meta.kid.as_deref().is_none_or(str::is_empty);
        let key = with_default_kid(key);
        // "HMAC secret, 32 bytes" already says what it is; keys say whether they are private.
        let kind_label = key.kind().label_for_use(key.meta.key_use.as_deref());
        let label = label(&match key.material {
            KeyMaterial::Secret(_) => kind_label,
            _ => format!("{} {}", kind_label, Material::as_str(material(&key))),
        });
        let id = self.next_id;
        self.next_id += 1;
        let entry = Entry {
            id,
            label,
            key,
            kid_generated,
        };
        let info = entry.info();
        self.entries.push(entry);
        info
    }

    /// The key with this id.
    pub fn get(&self, id: KeyId) -> Result<&Entry, String> {
        self.entries
            .iter()
            .find(|entry| entry.id == id)
            .ok_or_else(|| format!("key {id} is no longer in the keyring"))
    }

    /// Forgets one key (nothing happens when it is already gone).
    pub fn remove(&mut self, id: KeyId) {
        self.entries.retain(|entry| entry.id != id);
    }

    /// Forgets every key.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jose::key::Secret;

    fn secret() -> Key {
        Key::new(KeyMaterial::Secret(Secret::new(vec![7u8; 32])))
    }

    #[test]
    fn ids_continue_from_where_the_page_says_and_are_never_reused() {
        let mut keyring = Keyring::starting_at(5);
        let first = keyring.add(secret(), "typed").id;
        keyring.remove(first);
        let second = keyring.add(secret(), "typed").id;

        assert_eq!((first, second), (5, 6));
    }

    #[test]
    fn a_key_without_kid_gets_its_thumbprint_which_verification_ignores() {
        let mut keyring = Keyring::default();
        let info = keyring.add(secret(), "typed");

        assert!(info.kid_generated);
        assert_eq!(info.kid.as_deref(), Some(info.thumbprint.as_str()));
        let entry = keyring.get(info.id).unwrap();
        assert_eq!(entry.for_verifying().meta.kid, None);
    }

    #[test]
    fn a_named_key_shows_its_name_first_then_what_it_is() {
        let mut keyring = Keyring::default();
        let mut key = secret();
        key.meta.key_use = Some("enc".to_owned());

        let info = keyring.add_named(key, "Demo key (examples only)");

        assert_eq!(info.label, "Demo key (examples only) · AES-256 key for encryption");
    }

    #[test]
    fn the_page_gets_no_private_bytes() {
        let mut keyring = Keyring::default();
        let info = keyring.add(secret(), "typed");

        let json = serde_json::to_string(&info).unwrap();
        assert!(!json.contains("BwcHBwcH"), "the secret's base64url leaked: {json}");
        assert_eq!(info.public_jwk, None);
    }
}
