//! The app-wide state: the page's view of the keyring, the JWKS builder, and what the Decoder
//! and the Signer show (so visiting another view loses nothing).
//!
//! One reducer, shared through a Yew context ([`AppContext`]). The keys themselves live in the
//! crypto worker ([`crate::worker::keyring`]); the page keeps a [`KeyInfo`] per key (no private
//! bytes). Nothing here is written to the URL, browser storage or the console. Text the user
//! typed (a pasted verify key, say) is kept here, in memory, so a worker restart loses none of it.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::drafts::{default_key, SignerAction, SignerDraft};
use crate::app::examples::LoadedExample;
use crate::app::expect::{ExpectField, ExpectationsDraft};
use crate::app::workshop::{WorkshopAction, WorkshopDraft};
pub use crate::worker::protocol::{KeyId, KeyInfo};
use crate::worker::protocol::PublicKeyInfo;
use jose::jwks::KidStrategy;
use jose::key::{KeyKind, SecretEncoding};
use jose::profiles::Profile;

/// One key in the keyring, as the page knows it.
pub type KeyEntry = KeyInfo;

impl KeyInfo {
    /// The key's `kid`, or an empty string when it has none.
    pub fn kid(&self) -> &str {
        self.kid.as_deref().unwrap_or("")
    }
}

/// One key in the JWKS builder. Always a public key (or, for HMAC, never added at all).
#[derive(Debug, Clone, PartialEq)]
pub struct JwksEntry {
    /// Stable id within the builder.
    pub id: u32,
    /// The public JWK with whatever metadata it arrived with.
    pub jwk: Rc<serde_json::Value>,
    /// Its type and size.
    pub kind: KeyKind,
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
    /// The token of the last share link applied, so the same link is applied once: coming back
    /// to its URL (the Back button, a re-render) never puts it over the user's edits.
    pub shared_token: Option<String>,
    /// The decrypt-key text for a JWE (a private key, a password or a secret: memory only).
    pub decrypt_text: String,
    /// A keyring key to decrypt with.
    pub decrypt_key_id: Option<KeyId>,
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
    /// What the receiver knows ("Checking as…"), kept across views.
    pub expect: ExpectationsDraft,
    /// What the last crypto worker restart cost, shown until dismissed.
    pub engine_notice: Option<String>,
    /// The workshop path's inputs (`#/workshop`).
    pub workshop: WorkshopDraft,
    next_jwks_id: u32,
}

impl PartialEq for AppState {
    /// Two states are equal when they are the same snapshot; the reducer always makes a new one.
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self, other)
    }
}

impl AppState {
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
    /// Keys the worker put in its keyring; the last one is selected.
    AddKeys(Vec<KeyInfo>),
    /// Drop a key from the keyring.
    RemoveKey(KeyId),
    /// Show this key in the Keys view.
    SelectKey(KeyId),
    /// Make this key the Signer's default.
    UseForSigning(KeyId),
    /// Forget every key (also the Decoder's verify key, which may be private or a secret).
    ClearKeyring,
    /// Add a public key to the JWKS builder.
    JwksAdd(PublicKeyInfo),
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
    /// An expectation ("Checking as…") was typed.
    Expect(ExpectField, String),
    /// Show this token (and key) in the Decoder.
    OpenInDecoder(DecoderHandoff),
    /// The Decoder's token text changed.
    DecoderToken(String),
    /// A share link (`#/decode?token=…`) was opened: its token (and the expectations it
    /// carries) replace the Decoder's, unless this very link was applied already.
    OpenShareLink(String, ExpectationsDraft),
    /// The Decoder's profile choice changed.
    DecoderProfile(Profile),
    /// The Decoder's verify-key text changed (a non-empty text replaces the keyring choice).
    DecoderKeyText(String),
    /// The Decoder's keyring key changed (a key replaces the pasted text).
    DecoderKeyId(Option<KeyId>),
    /// The Decoder's secret encoding changed.
    DecoderEncoding(SecretEncoding),
    /// The Decoder's decrypt-key text changed.
    DecoderDecryptText(String),
    /// The Decoder's keyring key for decryption changed.
    DecoderDecryptKeyId(Option<KeyId>),
    /// The Signer's draft changes (see [`SignerAction`]).
    Signer(SignerAction),
    /// The crypto worker was restarted (`reason`): its keyring is gone.
    EngineRestarted(String),
    /// The user read the restart notice.
    DismissEngineNotice,
    /// The workshop draft changes (see [`WorkshopAction`]).
    Workshop(WorkshopAction),
    /// An example was made (`load-example-select`): it replaces the Decoder's token, keys and
    /// "Checking as…"; nothing else the user typed changes.
    LoadExample(LoadedExample),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::AddKeys(keys) => {
                if let Some(last) = keys.last() {
                    state.selected = Some(last.id);
                }
                state.keys.extend(keys);
                rechoose_signer_key(&mut state);
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
                rechoose_signer_key(&mut state);
            }
            Action::SelectKey(id) => state.selected = Some(id),
            Action::UseForSigning(id) => {
                state.signing = Some(id);
                // Chosen in another view: the draft's header names the key, nothing is rebuilt.
                edit_signer(&mut state, |draft, keys| {
                    draft.key_id = Some(id);
                    draft.follow_key(keys);
                });
            }
            Action::ClearKeyring => {
                state.keys.clear();
                state.selected = None;
                state.signing = None;
                state.decoder.key_text.clear();
                state.decoder.key_id = None;
                state.decoder.decrypt_text.clear();
                state.decoder.decrypt_key_id = None;
                rechoose_signer_key(&mut state);
            }
            Action::JwksAdd(key) => {
                let id = state.next_jwks_id;
                state.next_jwks_id += 1;
                let member = |name: &str| key.jwk.get(name).and_then(|v| v.as_str()).map(str::to_owned);
                state.jwks.push(JwksEntry {
                    id,
                    kind: key.kind,
                    own_kid: member("kid"),
                    kid_edited: false,
                    key_use: member("use").unwrap_or_else(|| "sig".to_owned()),
                    alg: member("alg").unwrap_or_default(),
                    jwk: Rc::new(key.jwk),
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
                    shared_token: state.decoder.shared_token.clone(),
                    decrypt_text: String::new(),
                    decrypt_key_id: None,
                };
            }
            Action::DecoderToken(token) => state.decoder.token = token,
            Action::OpenShareLink(token, expect) => {
                if state.decoder.shared_token.as_ref() != Some(&token) {
                    state.decoder.shared_token = Some(token.clone());
                    state.decoder.token = token;
                    state.decoder.profile = Profile::Auto;
                    if !expect.is_empty() {
                        state.expect = expect;
                    }
                }
            }
            Action::Expect(field, value) => state.expect.set(field, value),
            Action::DecoderProfile(profile) => state.decoder.profile = profile,
            Action::DecoderEncoding(encoding) => state.decoder.encoding = encoding,
            Action::DecoderDecryptText(text) => state.decoder.decrypt_text = text,
            Action::DecoderDecryptKeyId(id) => state.decoder.decrypt_key_id = id,
            // A pasted key and a keyring key are alternatives: choosing one drops the other, so
            // the Decoder never silently verifies with a key the user no longer sees as chosen.
            Action::DecoderKeyText(text) => {
                if !text.trim().is_empty() {
                    state.decoder.key_id = None;
                }
                state.decoder.key_text = text;
            }
            Action::Signer(action) => {
                let before = state.signer.clone();
                match &mut state.signer {
                    Some(draft) => Rc::make_mut(draft).apply(action, &state.keys),
                    None => {
                        let now = match &action {
                            SignerAction::Open { now }
                            | SignerAction::Template { now, .. }
                            | SignerAction::ClientAssertion { now, .. }
                            | SignerAction::Hti { now, .. }
                            | SignerAction::Alg { now, .. }
                            | SignerAction::Key { now, .. }
                            | SignerAction::Pasted { now, .. }
                            | SignerAction::EditToken { now, .. } => *now,
                            // Nothing to edit before the view opened a draft.
                            _ => return self,
                        };
                        let mut draft = SignerDraft::new(now, &state.keys, state.signing);
                        draft.apply(action, &state.keys);
                        state.signer = Some(Rc::new(draft));
                    }
                }
                // Most keystrokes are in the view's own inputs; an unchanged draft need not
                // re-render every view.
                if state.signer == before {
                    return self;
                }
            }
            Action::EngineRestarted(reason) => {
                let lost = match state.keys.len() {
                    0 => String::new(),
                    1 => " The key in the keyring was lost with it: generate or import it again.".to_owned(),
                    n => format!(" The {n} keys in the keyring were lost with it: generate or import them again."),
                };
                state.engine_notice = Some(format!(
                    "The crypto worker was restarted because {reason}.{lost} Everything you typed is kept."
                ));
                state.keys.clear();
                state.selected = None;
                state.signing = None;
                state.decoder.key_id = None;
                rechoose_signer_key(&mut state);
            }
            Action::DismissEngineNotice => state.engine_notice = None,
            Action::Workshop(action) => state.workshop.apply(action),
            Action::LoadExample(example) => {
                state.decoder = DecoderInput {
                    token: example.token,
                    key_id: Some(example.verify_key),
                    decrypt_key_id: example.decrypt_key,
                    shared_token: state.decoder.shared_token.take(),
                    ..DecoderInput::default()
                };
                state.expect = example.expect;
            }
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

fn edit_signer(state: &mut AppState, edit: impl FnOnce(&mut SignerDraft, &[KeyInfo])) {
    if let Some(draft) = &mut state.signer {
        edit(Rc::make_mut(draft), &state.keys);
    }
}

/// After the keyring changed: a draft whose key is gone (or that had none) gets the key a new
/// draft would start with, and its header names it (the draft is not rebuilt).
fn rechoose_signer_key(state: &mut AppState) {
    let signing = state.signing;
    edit_signer(state, |draft, keys| {
        if draft.key_id.is_some_and(|id| keys.iter().any(|key| key.id == id)) {
            return;
        }
        draft.key_id = default_key(keys, signing);
        draft.follow_key(keys);
    });
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
    use crate::app::components::pretty_json;
    use crate::app::drafts::{CaField, EncryptSettings, KeyFacts, SignedToken, Template};
    use crate::worker::protocol::{EncryptRequest, Material};
    use jose::jwe::{ContentEncryption, KeyManagement};

    fn key_info(id: KeyId, kid: &str) -> KeyInfo {
        KeyInfo {
            id,
            label: kid.to_owned(),
            kind: KeyKind::Hmac { bytes: 32 },
            material: Material::Secret,
            kid: Some(kid.to_owned()),
            kid_generated: false,
            key_use: None,
            alg: None,
            signing_algorithms: vec![jose::JwsAlgorithm::Hs256],
            thumbprint: String::new(),
            public_jwk: None,
            spki_pem: None,
        }
    }

    fn add(state: Rc<AppState>, kid: &str) -> Rc<AppState> {
        let id = state.keys.len() as KeyId;
        state.reduce(Action::AddKeys(vec![key_info(id, kid)]))
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
        assert_eq!(state.decoder.token, "t");
        assert_eq!((state.decoder.key_text.as_str(), state.decoder.key_id), ("", None));
    }

    #[test]
    fn loading_an_example_replaces_the_decoders_token_keys_and_expectations_only() {
        let state = add(add(Rc::new(AppState::default()), "a"), "b")
            .reduce(Action::DecoderToken("mine".into()))
            .reduce(Action::DecoderKeyText("my pem".into()))
            .reduce(Action::DecoderDecryptText("my password".into()))
            .reduce(Action::DecoderProfile(Profile::Generic))
            .reduce(Action::Expect(ExpectField::Time, "2020-01-01".into()))
            .reduce(Action::JwksSetStrategy(KidStrategy::Custom))
            .reduce(Action::UseForSigning(0));
        let expect = ExpectationsDraft { audience: "Device/example-module".into(), ..Default::default() };

        let state = state.reduce(Action::LoadExample(LoadedExample {
            token: "example".into(),
            verify_key: 0,
            decrypt_key: Some(1),
            expect: expect.clone(),
        }));

        let decoder = &state.decoder;
        assert_eq!((decoder.token.as_str(), decoder.key_text.as_str(), decoder.key_id), ("example", "", Some(0)));
        assert_eq!((decoder.decrypt_text.as_str(), decoder.decrypt_key_id), ("", Some(1)));
        assert_eq!(decoder.profile, Profile::Auto);
        assert_eq!(state.expect, expect);
        assert_eq!((state.kid_strategy, state.signing, state.keys.len()), (KidStrategy::Custom, Some(0), 2));
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
    fn a_share_link_is_applied_once_and_never_over_later_edits() {
        let link = Action::OpenShareLink("from-the-link".into(), ExpectationsDraft::default());
        let state = Rc::new(AppState::default()).reduce(link.clone());
        assert_eq!(state.decoder.token, "from-the-link");

        // The user edits; the Decoder mounts again on the same URL (Back button, another view).
        let state = state
            .reduce(Action::DecoderToken("edited".into()))
            .reduce(link);

        assert_eq!(state.decoder.token, "edited");
        let state = state.reduce(Action::OpenShareLink("another-link".into(), ExpectationsDraft::default()));
        assert_eq!(state.decoder.token, "another-link");
    }

    #[test]
    fn a_share_link_brings_its_expectations_and_they_stay_across_views() {
        let carried = ExpectationsDraft {
            audience: "Device/module-1".into(),
            ..Default::default()
        };
        let state = Rc::new(AppState::default())
            .reduce(Action::OpenShareLink("t".into(), carried))
            .reduce(Action::Expect(ExpectField::Nonce, "n".into()))
            .reduce(Action::OpenInDecoder(DecoderHandoff {
                token: "signed".into(),
                key_text: None,
                key_id: None,
            }));

        assert_eq!((state.expect.audience.as_str(), state.expect.nonce.as_str()), ("Device/module-1", "n"));
    }

    #[test]
    fn a_restart_forgets_the_keyring_but_keeps_what_was_typed() {
        let state = add(add(Rc::new(AppState::default()), "a"), "b")
            .reduce(Action::DecoderKeyText("-----BEGIN PUBLIC KEY-----".into()))
            .reduce(Action::DecoderToken("t".into()));

        let state = state.reduce(Action::EngineRestarted("signing took longer than 15 s".into()));

        assert!(state.keys.is_empty());
        assert_eq!(state.decoder.token, "t");
        assert_eq!(state.decoder.key_text, "-----BEGIN PUBLIC KEY-----");
        let notice = state.engine_notice.clone().unwrap();
        assert!(notice.contains("signing took longer than 15 s") && notice.contains("2 keys"), "{notice}");
    }

    #[test]
    fn a_thumbprint_strategy_overrides_hand_typed_kids() {
        let state = Rc::new(AppState::default())
            .reduce(Action::JwksAdd(PublicKeyInfo {
                jwk: serde_json::json!({"kty": "EC", "kid": "own"}),
                kind: KeyKind::Ec(jose::key::EcCurve::P256),
                description: "pasted".into(),
            }))
            .reduce(Action::JwksSetKid(0, "typed".into()));
        assert!(state.jwks[0].kid_edited);

        let state = state.reduce(Action::JwksSetStrategy(KidStrategy::Rfc7638Md5));

        assert!(!state.jwks[0].kid_edited);
        assert_eq!(state.jwks[0].own_kid.as_deref(), Some("typed"));
    }

    // --- the Signer's draft ---

    fn ec_key(id: KeyId, kid: &str) -> KeyInfo {
        KeyInfo {
            kind: KeyKind::Ec(jose::key::EcCurve::P384),
            material: Material::Private,
            signing_algorithms: vec![jose::JwsAlgorithm::Es384],
            ..key_info(id, kid)
        }
    }

    const NOW: i64 = 1_700_000_000;

    fn signer(action: SignerAction) -> Action {
        Action::Signer(action)
    }

    fn with_keys(keys: Vec<KeyInfo>) -> Rc<AppState> {
        Rc::new(AppState::default()).reduce(Action::AddKeys(keys))
    }

    fn opened(state: Rc<AppState>) -> Rc<AppState> {
        state.reduce(signer(SignerAction::Open { now: NOW }))
    }

    fn draft(state: &AppState) -> &SignerDraft {
        match &state.signer {
            Some(draft) => draft,
            None => panic!("no signer draft"),
        }
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    fn custom(state: Rc<AppState>) -> Rc<AppState> {
        state.reduce(signer(SignerAction::Template {
            template: Template::Custom,
            now: NOW,
        }))
    }

    #[test]
    fn opening_the_signer_starts_a_draft_naming_the_newest_signing_key() {
        let state = opened(with_keys(vec![ec_key(0, "old"), ec_key(1, "new")]));

        let draft = draft(&state);
        assert_eq!(draft.key_id, Some(1));
        assert_eq!(json(&draft.header)["kid"], "new");
        assert_eq!(json(&draft.header)["alg"], "ES384");
        assert_eq!(json(&draft.payload)["iat"], NOW);
    }

    #[test]
    fn opening_the_signer_again_shows_the_kept_draft_unchanged() {
        let state = custom(opened(with_keys(vec![ec_key(0, "k")])))
            .reduce(signer(SignerAction::Payload("{\"sub\": \"kept\"}".into())));

        let reopened = state.clone().reduce(signer(SignerAction::Open { now: NOW + 60 }));

        assert!(Rc::ptr_eq(&state, &reopened));
    }

    #[test]
    fn a_template_form_change_rebuilds_header_and_payload() {
        let state = opened(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::ClientAssertion {
                field: CaField::ClientId,
                value: "device-1".into(),
                now: NOW,
            }))
            .reduce(signer(SignerAction::ClientAssertion {
                field: CaField::TokenEndpoint,
                value: "https://auth.example.org/token".into(),
                now: NOW + 5,
            }));

        let draft = draft(&state);
        let payload = json(&draft.payload);
        assert_eq!(payload["iss"], "device-1");
        assert_eq!(payload["aud"], "https://auth.example.org/token");
        assert_eq!(payload["iat"], NOW + 5);
        assert_eq!(json(&draft.header)["kid"], "k");
        assert_eq!(draft.template_error, None);
    }

    #[test]
    fn an_invalid_template_form_says_why_and_keeps_the_payload() {
        let mut state = opened(with_keys(vec![ec_key(0, "k")]));
        for (field, value) in [(CaField::ClientId, "device-1"), (CaField::TokenEndpoint, "https://auth")] {
            state = state.reduce(signer(SignerAction::ClientAssertion { field, value: value.into(), now: NOW }));
        }
        let payload = draft(&state).payload.clone();

        let state = state.reduce(signer(SignerAction::ClientAssertion {
            field: CaField::Lifetime,
            value: "301".into(),
            now: NOW + 5,
        }));

        let draft = draft(&state);
        let error = draft.template_error.clone().unwrap_or_default();
        assert!(error.contains("301"), "{error}");
        assert_eq!(draft.payload, payload);
    }

    #[test]
    fn custom_json_keeps_its_payload_when_the_key_changes_but_its_header_follows() {
        let state = custom(opened(with_keys(vec![ec_key(0, "a"), key_info(1, "b")])))
            .reduce(signer(SignerAction::Payload("{\"sub\": \"mine\"}".into())));

        let state = state.reduce(signer(SignerAction::Key { id: Some(1), now: NOW }));

        let draft = draft(&state);
        assert_eq!(draft.payload, "{\"sub\": \"mine\"}");
        assert_eq!(json(&draft.header)["alg"], "HS256");
        assert_eq!(json(&draft.header)["kid"], "b");
    }

    #[test]
    fn an_algorithm_the_key_does_not_allow_gives_way_to_the_preferred_one() {
        let state = custom(opened(with_keys(vec![ec_key(0, "k")])))
            .reduce(signer(SignerAction::Alg { alg: Some(jose::JwsAlgorithm::Rs256), now: NOW }));

        let draft = draft(&state);
        assert_eq!(draft.alg(&draft.key_facts(&state.keys)), Some(jose::JwsAlgorithm::Es384));
        assert_eq!(json(&draft.header)["alg"], "ES384");
    }

    #[test]
    fn a_pasted_key_wins_over_the_keyring_key() {
        let state = custom(opened(with_keys(vec![ec_key(0, "ring")])));

        let state = state.reduce(signer(SignerAction::Pasted {
            facts: Some(KeyFacts { kid: Some("pasted".into()), algorithms: vec![jose::JwsAlgorithm::EdDsa] }),
            now: NOW,
        }));

        assert_eq!(json(&draft(&state).header)["kid"], "pasted");
        assert_eq!(json(&draft(&state).header)["alg"], "EdDSA");
    }

    #[test]
    fn closing_the_view_forgets_the_pasted_key_and_the_header_names_the_keyring_key_again() {
        let state = opened(with_keys(vec![ec_key(0, "ring")])).reduce(signer(SignerAction::Pasted {
            facts: Some(KeyFacts { kid: Some("pasted".into()), algorithms: vec![jose::JwsAlgorithm::EdDsa] }),
            now: NOW,
        }));
        let payload = draft(&state).payload.clone();

        let state = state.reduce(signer(SignerAction::Closed));

        let draft = draft(&state);
        assert_eq!(draft.pasted, None);
        assert_eq!(json(&draft.header)["kid"], "ring");
        assert_eq!(draft.payload, payload);
    }

    #[test]
    fn use_for_signing_sets_the_drafts_key_without_rebuilding_it() {
        let state = opened(with_keys(vec![ec_key(0, "a"), key_info(1, "b")]))
            .reduce(signer(SignerAction::Key { id: Some(0), now: NOW }));
        let payload = draft(&state).payload.clone();

        let state = state.reduce(Action::UseForSigning(1));

        let draft = draft(&state);
        assert_eq!(draft.key_id, Some(1));
        assert_eq!(json(&draft.header)["kid"], "b");
        assert_eq!(draft.payload, payload);
    }

    #[test]
    fn removing_the_drafts_key_falls_back_to_the_newest_signing_key() {
        let state = opened(with_keys(vec![ec_key(0, "a"), ec_key(1, "b")]))
            .reduce(signer(SignerAction::Key { id: Some(0), now: NOW }));

        let state = state.reduce(Action::RemoveKey(0));

        assert_eq!(draft(&state).key_id, Some(1));
        assert_eq!(json(&draft(&state).header)["kid"], "b");
    }

    #[test]
    fn a_failed_signing_drops_the_last_token() {
        let token = SignedToken {
            token: "a.b.c".into(),
            header: String::new(),
            payload: String::new(),
            public_key: None,
            keyring_key: Some(0),
        };
        let state = opened(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::Signed(Some(token.clone()))));
        assert_eq!(draft(&state).signed, Some(token));

        let state = state.reduce(signer(SignerAction::Signed(None)));

        assert_eq!(draft(&state).signed, None);
    }

    // --- the Signer's "encrypt for the receiver" step ---

    fn signed_token() -> SignedToken {
        SignedToken {
            token: "a.b.c".into(),
            header: String::new(),
            payload: String::new(),
            public_key: None,
            keyring_key: Some(0),
        }
    }

    #[test]
    fn encryption_starts_off_with_rsa_oaep_256_and_a256gcm() {
        let state = opened(with_keys(vec![ec_key(0, "k")]));

        let settings = &draft(&state).encrypt;
        assert!(!settings.on);
        assert_eq!((settings.alg, settings.enc), (KeyManagement::RsaOaep256, ContentEncryption::A256Gcm));
    }

    #[test]
    fn the_encrypt_toggle_turns_the_step_on_and_keeps_the_signed_token() {
        let state = opened(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::Signed(Some(signed_token()))));

        let state = state.reduce(signer(SignerAction::Encrypt(true)));

        assert!(draft(&state).encrypt.on);
        assert_eq!(draft(&state).signed, Some(signed_token()));
    }

    #[test]
    fn the_receivers_public_key_text_is_kept_in_the_draft_when_the_view_closes() {
        let state = opened(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::EncryptRecipient("{\"kty\":\"RSA\"}".into())));

        let state = state.reduce(signer(SignerAction::Closed));

        assert_eq!(draft(&state).encrypt.recipient, "{\"kty\":\"RSA\"}");
    }

    #[test]
    fn choosing_a_jwe_alg_sets_it() {
        let state = opened(with_keys(vec![ec_key(0, "k")]));

        let state = state.reduce(signer(SignerAction::EncryptAlg(KeyManagement::EcdhEsA256Kw)));

        assert_eq!(draft(&state).encrypt.alg, KeyManagement::EcdhEsA256Kw);
    }

    #[test]
    fn rsa1_5_is_never_chosen_for_encryption() {
        let state = opened(with_keys(vec![ec_key(0, "k")]));

        let after = state.clone().reduce(signer(SignerAction::EncryptAlg(KeyManagement::Rsa1_5)));

        assert!(Rc::ptr_eq(&state, &after));
        assert!(EncryptSettings::algorithms().all(|alg| alg != KeyManagement::Rsa1_5));
        assert_eq!(EncryptSettings::algorithms().count(), KeyManagement::ALL.len() - 1);
    }

    #[test]
    fn choosing_a_jwe_enc_sets_it() {
        let state = opened(with_keys(vec![ec_key(0, "k")]));

        let state = state.reduce(signer(SignerAction::EncryptEnc(ContentEncryption::A128CbcHs256)));

        assert_eq!(draft(&state).encrypt.enc, ContentEncryption::A128CbcHs256);
    }

    #[test]
    fn the_encrypt_request_is_a_nested_jwt_for_the_pasted_key() {
        let state = opened(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::Encrypt(true)))
            .reduce(signer(SignerAction::EncryptRecipient("-----BEGIN PUBLIC KEY-----".into())))
            .reduce(signer(SignerAction::EncryptEnc(ContentEncryption::A192Gcm)));

        let request = draft(&state).encrypt.request("a.b.c");

        assert_eq!(
            request,
            Some(EncryptRequest {
                plaintext: "a.b.c".into(),
                recipient: "-----BEGIN PUBLIC KEY-----".into(),
                alg: "RSA-OAEP-256".into(),
                enc: "A192GCM".into(),
                nested: true,
            })
        );
    }

    #[test]
    fn nothing_is_encrypted_while_the_step_is_off_or_no_key_is_pasted() {
        let off = opened(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::EncryptRecipient("{}".into())));
        let keyless = off.clone().reduce(signer(SignerAction::EncryptRecipient("  ".into())))
            .reduce(signer(SignerAction::Encrypt(true)));

        assert_eq!(draft(&off).encrypt.request("a.b.c"), None);
        assert_eq!(draft(&keyless).encrypt.request("a.b.c"), None);
    }

    /// Header `{"alg":"RS256","typ":"JWT","kid":"theirs","x-note":"kept"}`, payload
    /// `{"iss":"portal","sub":"Patient/1","exp":1700000300}`, signature "sig".
    const DECODED: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InRoZWlycyIsIngtbm90ZSI6ImtlcHQifQ\
        .eyJpc3MiOiJwb3J0YWwiLCJzdWIiOiJQYXRpZW50LzEiLCJleHAiOjE3MDAwMDAzMDB9.c2ln";

    fn edit_token(token: &str) -> Action {
        match SignerAction::edit_token(&jose::token::inspect_compact(token), NOW) {
            Some(action) => signer(action),
            None => panic!("the header did not decode"),
        }
    }

    /// A client-assertion draft with a complete form.
    fn client_assertion(state: Rc<AppState>) -> Rc<AppState> {
        let mut state = opened(state);
        for (field, value) in [(CaField::ClientId, "device-1"), (CaField::TokenEndpoint, "https://auth.example.org/token")] {
            state = state.reduce(signer(SignerAction::ClientAssertion { field, value: value.into(), now: NOW }));
        }
        state
    }

    fn ca_change(field: CaField, value: &str) -> Action {
        signer(SignerAction::ClientAssertion { field, value: value.into(), now: NOW + 5 })
    }

    #[test]
    fn edit_in_signer_fills_custom_json_with_the_decoded_header_and_payload() {
        let state = with_keys(vec![ec_key(0, "mine")]);

        let state = state.reduce(edit_token(DECODED));

        let draft = draft(&state);
        assert_eq!(draft.template, Template::Custom);
        assert_eq!(
            draft.payload,
            pretty_json(&serde_json::json!({ "iss": "portal", "sub": "Patient/1", "exp": 1_700_000_300 }))
        );
        // The header keeps its own members; alg and kid name the key it will be signed with.
        assert_eq!(
            draft.header,
            pretty_json(&serde_json::json!({ "alg": "ES384", "typ": "JWT", "kid": "mine", "x-note": "kept" }))
        );
        assert_eq!((draft.edit_kept, draft.signed.clone()), (false, None));
    }

    #[test]
    fn a_token_without_a_decodable_header_cannot_be_edited_in_the_signer() {
        assert_eq!(SignerAction::edit_token(&jose::token::inspect_compact("bm9wZQ.e30.c2ln"), NOW), None);
    }

    #[test]
    fn a_hand_edit_survives_a_form_change_and_raises_the_kept_flag() {
        let state = client_assertion(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::Payload("{\"iss\": \"by hand\"}".into())));
        assert!(draft(&state).hand_edited && !draft(&state).edit_kept);

        let state = state.reduce(ca_change(CaField::Scope, "system/*.cruds"));

        let draft = draft(&state);
        assert_eq!(draft.payload, "{\"iss\": \"by hand\"}");
        assert_eq!(draft.ca.scope, "system/*.cruds");
        assert!(draft.edit_kept);
    }

    #[test]
    fn rebuild_applies_the_form_and_clears_the_kept_flag() {
        let state = client_assertion(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::Payload("{\"iss\": \"by hand\"}".into())))
            .reduce(ca_change(CaField::ClientId, "device-2"));

        let state = state.reduce(signer(SignerAction::Rebuild { now: NOW + 10 }));

        let draft = draft(&state);
        let payload = json(&draft.payload);
        assert_eq!(payload["iss"], "device-2");
        assert_eq!(payload["iat"], NOW + 10);
        assert!(!draft.hand_edited && !draft.edit_kept);
    }

    #[test]
    fn a_form_change_after_a_rebuild_rebuilds_again() {
        let state = client_assertion(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::Payload("{}".into())))
            .reduce(signer(SignerAction::Rebuild { now: NOW }));

        let state = state.reduce(ca_change(CaField::ClientId, "device-3"));

        assert_eq!(json(&draft(&state).payload)["iss"], "device-3");
        assert!(!draft(&state).edit_kept);
    }

    #[test]
    fn the_headers_alg_and_kid_follow_a_key_change_while_the_edit_is_kept() {
        let state = client_assertion(with_keys(vec![ec_key(0, "a"), key_info(1, "b")]))
            .reduce(signer(SignerAction::Key { id: Some(0), now: NOW }))
            .reduce(signer(SignerAction::Header("{\"typ\": \"JWT\", \"x-mine\": 1}".into())))
            .reduce(signer(SignerAction::Payload("{\"iss\": \"by hand\"}".into())));

        let state = state.reduce(signer(SignerAction::Key { id: Some(1), now: NOW }));

        let draft = draft(&state);
        let header = json(&draft.header);
        assert_eq!((header["alg"].as_str(), header["kid"].as_str()), (Some("HS256"), Some("b")));
        assert_eq!(header["x-mine"], 1);
        assert_eq!(draft.payload, "{\"iss\": \"by hand\"}");
        assert!(draft.edit_kept);
    }

    #[test]
    fn refreshing_the_times_is_not_a_hand_edit() {
        let state = client_assertion(with_keys(vec![ec_key(0, "k")]))
            .reduce(signer(SignerAction::RefreshedPayload("{\"iat\": 1}".into())));

        let state = state.reduce(ca_change(CaField::ClientId, "device-4"));

        assert_eq!(json(&draft(&state).payload)["iss"], "device-4");
        assert!(!draft(&state).edit_kept);
    }

    #[test]
    fn choosing_a_template_keeps_an_edited_token_until_rebuilt() {
        let state = with_keys(vec![ec_key(0, "k")]).reduce(edit_token(DECODED));
        let payload = draft(&state).payload.clone();

        let state = state.reduce(signer(SignerAction::Template { template: Template::ClientAssertion, now: NOW }));

        assert_eq!(draft(&state).payload, payload);
        assert!(draft(&state).edit_kept);
    }

    #[test]
    fn a_signer_action_that_changes_nothing_keeps_the_same_state() {
        let state = opened(with_keys(vec![ec_key(0, "k")]));

        let after = state.clone().reduce(signer(SignerAction::Pasted { facts: None, now: NOW }));

        assert!(Rc::ptr_eq(&state, &after));
    }
}
