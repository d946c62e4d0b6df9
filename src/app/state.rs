//! The app-wide state: the in-memory keyring, the JWKS builder, and what the Decoder and the
//! Signer show (so visiting another view loses nothing).
//!
//! One reducer, shared through a Yew context ([`AppContext`]). Private keys live here and only
//! here: never in the URL, in browser storage or on the console. Reloading the page forgets them,
//! which is the point. The Signer's draft deliberately leaves out a pasted private key.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::pages::sign::SignerDraft;
use jose::jwks::KidStrategy;
use jose::key::{Key, SecretEncoding};
use jose::profiles::Profile;

/// A keyring entry's id: stable for the life of the page, never reused.
pub type KeyId = u32;

/// One key in the keyring.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    /// Stable id (the `<option>` value of every key select).
    pub id: KeyId,
    /// What the user sees: "RSA 2048 · generated", "EC P-256 · PKCS#8 PEM".
    pub label: AttrValue,
    /// The key itself (private, public or secret) with its JWK metadata.
    pub key: Rc<Key>,
    /// True when the `kid` was made here (the thumbprint) rather than brought with the key;
    /// such a kid is not used to pick the key when verifying.
    pub kid_generated: bool,
}

impl KeyEntry {
    /// The key's `kid`, or an empty string when it has none.
    pub fn kid(&self) -> &str {
        self.key.meta.kid.as_deref().unwrap_or("")
    }
}

/// One key in the JWKS builder. Always a public key (or, for HMAC, never added at all).
#[derive(Debug, Clone)]
pub struct JwksEntry {
    /// Stable id within the builder.
    pub id: u32,
    /// The public key with whatever metadata it arrived with.
    pub key: Rc<Key>,
    /// The key's own `kid`: the one it arrived with, or the one the user typed.
    pub own_kid: Option<String>,
    /// True once the user typed a `kid` for this key: it then wins over the strategy.
    pub kid_edited: bool,
    /// `use` member; empty means "leave it out".
    pub key_use: String,
    /// `alg` member; empty means "leave it out".
    pub alg: String,
}

/// What the Decoder is showing: kept here so leaving the view and coming back loses nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecoderInput {
    /// The token text, as typed.
    pub token: String,
    /// The verify-key text (may be a private key or a secret: memory only, like the keyring).
    pub key_text: String,
    /// A keyring key to verify with.
    pub key_id: Option<KeyId>,
    /// The profile the token is checked against (`profile-select`).
    pub profile: Profile,
    /// How a typed HMAC secret is written (`verify-secret-encoding`).
    pub encoding: SecretEncoding,
}

/// What one view hands to another: "open this token in the Decoder, with this key".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecoderHandoff {
    /// The compact token.
    pub token: String,
    /// Text for `verify-key-input` (a public PEM, a JWK or a secret).
    pub key_text: Option<String>,
    /// A keyring key to select in `verify-key-select` instead.
    pub key_id: Option<KeyId>,
}

/// The whole shared state.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// The keyring, oldest first.
    pub keys: Vec<KeyEntry>,
    /// The key the Keys view shows in detail.
    pub selected: Option<KeyId>,
    /// The key the Signer starts with ("use for signing").
    pub signing: Option<KeyId>,
    /// Keys in the JWKS builder, in output order.
    pub jwks: Vec<JwksEntry>,
    /// How the JWKS builder makes `kid`s.
    pub kid_strategy: KidStrategy,
    /// The Decoder's inputs.
    pub decoder: DecoderInput,
    /// The Signer's draft (never its pasted private key).
    pub signer: Option<Rc<SignerDraft>>,
    next_key_id: KeyId,
    next_jwks_id: u32,
}

impl PartialEq for AppState {
    /// Two states are equal when they are the same snapshot; the reducer always makes a new one.
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self, other)
    }
}

impl AppState {
    /// A fresh state whose Decoder shows `decoder` (what the first-load app handed over).
    pub fn with_decoder(decoder: DecoderInput) -> AppState {
        AppState {
            decoder,
            ..AppState::default()
        }
    }

    /// The keyring entry with this id.
    pub fn key(&self, id: KeyId) -> Option<&KeyEntry> {
        self.keys.iter().find(|entry| entry.id == id)
    }

    /// The entry the Keys view shows: the selected one, else the newest.
    pub fn selected_key(&self) -> Option<&KeyEntry> {
        self.selected
            .and_then(|id| self.key(id))
            .or_else(|| self.keys.last())
    }
}

/// Everything that can change the shared state.
#[derive(Debug, Clone)]
pub enum Action {
    /// Put a key in the keyring and select it. The label says what it is and where it came from.
    AddKey {
        /// The key.
        key: Key,
        /// Its label.
        label: String,
        /// True when its `kid` was made here.
        kid_generated: bool,
    },
    /// Drop a key from the keyring.
    RemoveKey(KeyId),
    /// Show this key in the Keys view.
    SelectKey(KeyId),
    /// Make this key the Signer's default.
    UseForSigning(KeyId),
    /// Forget every key (also the Decoder's verify key, which may be private or a secret).
    ClearKeyring,
    /// Add a public key to the JWKS builder.
    JwksAdd {
        /// The public key, with the metadata it arrived with.
        key: Key,
    },
    /// Remove a key from the JWKS builder.
    JwksRemove(u32),
    /// Set a JWKS entry's `kid` by hand.
    JwksSetKid(u32, String),
    /// Choose how the builder makes `kid`s (hand-typed kids give way to a thumbprint strategy).
    JwksSetStrategy(KidStrategy),
    /// Set a JWKS entry's `use`.
    JwksSetUse(u32, String),
    /// Set a JWKS entry's `alg`.
    JwksSetAlg(u32, String),
    /// Empty the JWKS builder.
    JwksClear,
    /// Show this token (and key) in the Decoder.
    OpenInDecoder(DecoderHandoff),
    /// The Decoder's token text changed.
    DecoderToken(String),
    /// The Decoder's profile choice changed.
    DecoderProfile(Profile),
    /// The Decoder's verify-key text changed (a non-empty text replaces the keyring choice).
    DecoderKeyText(String),
    /// The Decoder's keyring key changed (a key replaces the pasted text).
    DecoderKeyId(Option<KeyId>),
    /// The Decoder's secret encoding changed.
    DecoderEncoding(SecretEncoding),
    /// The Signer's draft changed.
    SignerDraft(Rc<SignerDraft>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::AddKey {
                key,
                label,
                kid_generated,
            } => {
                let id = state.next_key_id;
                state.next_key_id += 1;
                state.keys.push(KeyEntry {
                    id,
                    label: label.into(),
                    key: Rc::new(key),
                    kid_generated,
                });
                state.selected = Some(id);
            }
            Action::RemoveKey(id) => {
                state.keys.retain(|entry| entry.id != id);
                if state.selected == Some(id) {
                    state.selected = None;
                }
                if state.signing == Some(id) {
                    state.signing = None;
                }
                if state.decoder.key_id == Some(id) {
                    state.decoder.key_id = None;
                }
            }
            Action::SelectKey(id) => state.selected = Some(id),
            Action::UseForSigning(id) => {
                state.signing = Some(id);
                state.signer = state.signer.map(|draft| Rc::new(draft.with_key(id)));
            }
            Action::ClearKeyring => {
                state.keys.clear();
                state.selected = None;
                state.signing = None;
                state.decoder.key_text.clear();
                state.decoder.key_id = None;
            }
            Action::JwksAdd { key } => {
                let id = state.next_jwks_id;
                state.next_jwks_id += 1;
                let key_use = key.meta.key_use.clone().unwrap_or_else(|| "sig".to_owned());
                let alg = key.meta.alg.clone().unwrap_or_default();
                let own_kid = key.meta.kid.clone();
                state.jwks.push(JwksEntry {
                    id,
                    key: Rc::new(key),
                    own_kid,
                    kid_edited: false,
                    key_use,
                    alg,
                });
            }
            Action::JwksRemove(id) => state.jwks.retain(|entry| entry.id != id),
            Action::JwksSetKid(id, kid) => edit_jwks(&mut state, id, |entry| {
                entry.own_kid = Some(kid);
                entry.kid_edited = true;
            }),
            Action::JwksSetStrategy(strategy) => {
                state.kid_strategy = strategy;
                if strategy != KidStrategy::Custom {
                    for entry in &mut state.jwks {
                        entry.kid_edited = false;
                    }
                }
            }
            Action::JwksSetUse(id, value) => {
                edit_jwks(&mut state, id, |entry| entry.key_use = value)
            }
            Action::JwksSetAlg(id, value) => edit_jwks(&mut state, id, |entry| entry.alg = value),
            Action::JwksClear => state.jwks.clear(),
            Action::OpenInDecoder(handoff) => {
                state.decoder = DecoderInput {
                    token: handoff.token,
                    key_text: handoff.key_text.unwrap_or_default(),
                    key_id: handoff.key_id,
                    // A new token gets its profile detected afresh.
                    profile: Profile::Auto,
                    encoding: SecretEncoding::default(),
                };
            }
            Action::DecoderToken(token) => state.decoder.token = token,
            Action::DecoderProfile(profile) => state.decoder.profile = profile,
            Action::DecoderEncoding(encoding) => state.decoder.encoding = encoding,
            // A pasted key and a keyring key are alternatives: choosing one drops the other, so
            // the Decoder never silently verifies with a key the user no longer sees as chosen.
            Action::DecoderKeyText(text) => {
                if !text.trim().is_empty() {
                    state.decoder.key_id = None;
                }
                state.decoder.key_text = text;
            }
            Action::SignerDraft(draft) => state.signer = Some(draft),
            Action::DecoderKeyId(id) => {
                if id.is_some() {
                    state.decoder.key_text.clear();
                }
                state.decoder.key_id = id;
            }
        }
        Rc::new(state)
    }
}

fn edit_jwks(state: &mut AppState, id: u32, edit: impl FnOnce(&mut JwksEntry)) {
    if let Some(entry) = state.jwks.iter_mut().find(|entry| entry.id == id) {
        edit(entry);
    }
}

/// The handle every view uses to read and change the shared state.
pub type AppContext = UseReducerHandle<AppState>;

/// The shared state; panics only if a view is rendered outside [`crate::app::App`], a bug.
#[hook]
pub fn use_app_state() -> AppContext {
    match use_context::<AppContext>() {
        Some(context) => context,
        None => unreachable_context(),
    }
}

#[allow(clippy::panic)]
fn unreachable_context() -> ! {
    panic!("use_app_state() called outside the AppContext provider")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jose::key::{KeyMaterial, Secret};

    fn secret_key(kid: &str) -> Key {
        let mut key = Key::new(KeyMaterial::Secret(Secret::new(vec![7u8; 32])));
        key.meta.kid = Some(kid.to_owned());
        key
    }

    fn add(state: Rc<AppState>, kid: &str) -> Rc<AppState> {
        state.reduce(Action::AddKey {
            key: secret_key(kid),
            label: kid.to_owned(),
            kid_generated: false,
        })
    }

    #[test]
    fn an_added_key_is_selected_and_gets_a_fresh_id() {
        let state = add(add(Rc::new(AppState::default()), "a"), "b");

        assert_eq!(
            state.keys.iter().map(|entry| entry.id).collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert_eq!(state.selected_key().map(KeyEntry::kid), Some("b"));
    }

    #[test]
    fn removing_the_signing_key_unsets_it() {
        let state = add(Rc::new(AppState::default()), "a").reduce(Action::UseForSigning(0));

        let state = state.reduce(Action::RemoveKey(0));

        assert!(state.keys.is_empty());
        assert_eq!(state.signing, None);
    }

    #[test]
    fn the_profile_choice_stays_until_a_new_token_is_opened_from_another_view() {
        let state = Rc::new(AppState::default())
            .reduce(Action::DecoderProfile(Profile::HtiLaunch))
            .reduce(Action::DecoderToken("t".into()));
        assert_eq!(state.decoder.profile, Profile::HtiLaunch);

        let state = state.reduce(Action::OpenInDecoder(DecoderHandoff {
            token: "signed".into(),
            key_text: None,
            key_id: None,
        }));
        assert_eq!(state.decoder.profile, Profile::Auto);
    }

    #[test]
    fn clearing_the_keyring_also_forgets_the_decoders_key_but_not_its_token() {
        let state =
            add(Rc::new(AppState::default()), "a").reduce(Action::OpenInDecoder(DecoderHandoff {
                token: "t".into(),
                key_text: Some("secret".into()),
                key_id: Some(0),
            }));

        let state = state.reduce(Action::ClearKeyring);

        assert!(state.keys.is_empty());
        assert_eq!(
            state.decoder,
            DecoderInput {
                token: "t".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_pasted_key_and_a_keyring_key_replace_each_other_in_the_decoder() {
        let state = add(Rc::new(AppState::default()), "a")
            .reduce(Action::DecoderKeyText("pem".into()))
            .reduce(Action::DecoderKeyId(Some(0)));
        assert_eq!(
            (state.decoder.key_text.as_str(), state.decoder.key_id),
            ("", Some(0))
        );

        let state = state.reduce(Action::DecoderKeyText("pem".into()));
        assert_eq!(
            (state.decoder.key_text.as_str(), state.decoder.key_id),
            ("pem", None)
        );
    }

    #[test]
    fn a_thumbprint_strategy_overrides_hand_typed_kids() {
        let state = Rc::new(AppState::default())
            .reduce(Action::JwksAdd {
                key: secret_key("own"),
            })
            .reduce(Action::JwksSetKid(0, "typed".into()));
        assert!(state.jwks[0].kid_edited);

        let state = state.reduce(Action::JwksSetStrategy(KidStrategy::Rfc7638Md5));

        assert!(!state.jwks[0].kid_edited);
        assert_eq!(state.jwks[0].own_kid.as_deref(), Some("typed"));
    }
}
