//! What the Signer shows, kept in the shared state ([`crate::app::state::AppState::signer`]) so
//! leaving the view loses nothing but the pasted key.
//!
//! The draft changes only through [`SignerAction`]s, applied by [`SignerDraft::apply`]. The
//! template rules live here, as plain functions over the draft and the facts of the key in use
//! ([`KeyFacts`]): a template form change rebuilds header and payload (fresh `iat`, `exp`,
//! `jti`); `alg` and `kid` in the header follow the key and algorithm. Once the user edited the
//! header or payload by hand, nothing rebuilds them over the edit: a form, key or algorithm change
//! then only has the header follow the key, and the draft says the change was not applied until
//! the user asks for a rebuild ([`SignerAction::Rebuild`]). Nothing here touches a key: the facts
//! are what the worker told the page (a [`KeyInfo`] or a read key).
//!
//! The draft also holds the "encrypt for the receiver" step ([`EncryptSettings`], HTI:jwe): a
//! choice of algorithms and the receiver's public key text, which the view hands to the worker
//! with each signed token. Only names and public text live here, never a key object.

use rand_core::OsRng;
use serde_json::{json, Map, Value};

use crate::app::components::pretty_json;
use crate::worker::protocol::{EncryptRequest, KeyId, KeyInfo};
use jose::alg::JwsAlgorithm;
use jose::jwe::{ContentEncryption, KeyManagement};
use jose::json::parse_strict;
use jose::profiles::client_assertion;
use jose::profiles::templates::{uuid_v4, ClientAssertionForm, HtiLaunchForm, MAX_LIFETIME_SECS};
use jose::token::{Inspection, Payload};

/// The `template-select` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// A SMART backend-services client assertion.
    ClientAssertion,
    /// An HTI launch token.
    HtiLaunch,
    /// Hand-written JSON.
    Custom,
}

impl Template {
    /// Every choice, in the order offered.
    pub const ALL: [Template; 3] = [
        Template::ClientAssertion,
        Template::HtiLaunch,
        Template::Custom,
    ];

    /// The `<option>` value.
    pub fn id(self) -> &'static str {
        match self {
            Template::ClientAssertion => "client-assertion",
            Template::HtiLaunch => "hti-launch",
            Template::Custom => "custom",
        }
    }

    /// What the user reads in the list.
    pub fn label(self) -> &'static str {
        match self {
            Template::ClientAssertion => "Client assertion (SMART backend services token request)",
            Template::HtiLaunch => "HTI launch token (portal → module)",
            Template::Custom => "Custom JSON",
        }
    }

    /// The template with this `<option>` value.
    pub fn from_id(id: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|template| template.id() == id)
    }
}

/// The client-assertion form, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientAssertionFields {
    /// `ca-client-id`: becomes `iss` and `sub`.
    pub client_id: String,
    /// `ca-token-endpoint`: becomes `aud`.
    pub token_endpoint: String,
    /// `ca-scope`: for the token request only.
    pub scope: String,
    /// `ca-lifetime`: seconds, as typed.
    pub lifetime: String,
}

impl Default for ClientAssertionFields {
    fn default() -> Self {
        ClientAssertionFields {
            client_id: String::new(),
            token_endpoint: String::new(),
            scope: String::new(),
            lifetime: MAX_LIFETIME_SECS.to_string(),
        }
    }
}

/// One input of the client-assertion form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaField {
    /// `ca-client-id`.
    ClientId,
    /// `ca-token-endpoint`.
    TokenEndpoint,
    /// `ca-scope`.
    Scope,
    /// `ca-lifetime`.
    Lifetime,
}

impl CaField {
    fn slot(self, fields: &mut ClientAssertionFields) -> &mut String {
        match self {
            CaField::ClientId => &mut fields.client_id,
            CaField::TokenEndpoint => &mut fields.token_endpoint,
            CaField::Scope => &mut fields.scope,
            CaField::Lifetime => &mut fields.lifetime,
        }
    }
}

/// The HTI launch form, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct HtiFields {
    /// `hti-portal-client-id`: becomes `iss`.
    pub portal_client_id: String,
    /// `hti-module-device-id`: becomes `aud`.
    pub module_device_id: String,
    /// `hti-sub`.
    pub sub: String,
    /// `hti-task-id`: becomes `resource`.
    pub task_id: String,
    /// `hti-definition`.
    pub definition: String,
    /// `hti-patient`.
    pub patient: String,
    /// `hti-intent`.
    pub intent: String,
    /// `hti-fhir-base-url`: the launch form's `iss`, not in the token.
    pub fhir_base_url: String,
    /// `hti-launch-url`: the launch form's action, not in the token.
    pub launch_url: String,
    /// `hti-lifetime`: seconds, as typed.
    pub lifetime: String,
}

impl Default for HtiFields {
    fn default() -> Self {
        HtiFields {
            portal_client_id: String::new(),
            module_device_id: String::new(),
            sub: String::new(),
            task_id: String::new(),
            definition: String::new(),
            patient: String::new(),
            intent: String::new(),
            fhir_base_url: String::new(),
            launch_url: String::new(),
            lifetime: MAX_LIFETIME_SECS.to_string(),
        }
    }
}

/// One input of the HTI launch form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtiField {
    /// `hti-portal-client-id`.
    PortalClientId,
    /// `hti-module-device-id`.
    ModuleDeviceId,
    /// `hti-sub`.
    Sub,
    /// `hti-task-id`.
    TaskId,
    /// `hti-definition`.
    Definition,
    /// `hti-patient`.
    Patient,
    /// `hti-intent`.
    Intent,
    /// `hti-fhir-base-url`.
    FhirBaseUrl,
    /// `hti-launch-url`.
    LaunchUrl,
    /// `hti-lifetime`.
    Lifetime,
}

impl HtiField {
    fn slot(self, fields: &mut HtiFields) -> &mut String {
        match self {
            HtiField::PortalClientId => &mut fields.portal_client_id,
            HtiField::ModuleDeviceId => &mut fields.module_device_id,
            HtiField::Sub => &mut fields.sub,
            HtiField::TaskId => &mut fields.task_id,
            HtiField::Definition => &mut fields.definition,
            HtiField::Patient => &mut fields.patient,
            HtiField::Intent => &mut fields.intent,
            HtiField::FhirBaseUrl => &mut fields.fhir_base_url,
            HtiField::LaunchUrl => &mut fields.launch_url,
            HtiField::Lifetime => &mut fields.lifetime,
        }
    }
}

/// What the header needs of the key in use: its `kid` and the algorithms it signs with (both
/// empty when there is no usable key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyFacts {
    /// The `kid` a token signed with it carries.
    pub kid: Option<String>,
    /// The algorithms it can sign with.
    pub algorithms: Vec<JwsAlgorithm>,
}

impl KeyFacts {
    /// The facts of a keyring key; empty when it cannot sign.
    pub fn of(key: &KeyInfo) -> KeyFacts {
        if key.can_sign() {
            KeyFacts {
                kid: key.kid.clone(),
                algorithms: key.signing_algorithms.clone(),
            }
        } else {
            KeyFacts::default()
        }
    }
}

/// A signed token, the inputs it was signed from (so stale output is obvious) and what the
/// Decoder needs to verify it. Never private bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedToken {
    /// The compact token.
    pub token: String,
    /// The header text it was signed from.
    pub header: String,
    /// The payload text it was signed from.
    pub payload: String,
    /// The signing key's public half (SPKI PEM, else public JWK), when it has one.
    pub public_key: Option<String>,
    /// The keyring key it was signed with; `None` for a pasted key.
    pub keyring_key: Option<KeyId>,
}

/// The "encrypt for the receiver" step: a signed token is encrypted for the receiver's public
/// key, making a nested JWT (`cty: JWT`, the receiver's `kid` in the JWE header), as HTI:jwe asks.
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptSettings {
    /// `encrypt-toggle`: encrypt each signed token.
    pub on: bool,
    /// `encrypt-key-input`: the receiver's public key (JWK, JWK Set or PEM), as pasted. Public
    /// text, so it may outlive the view, unlike the signing key.
    pub recipient: String,
    /// `encrypt-alg-select`: the JWE `alg`.
    pub alg: KeyManagement,
    /// `encrypt-enc-select`: the JWE `enc`.
    pub enc: ContentEncryption,
}

impl Default for EncryptSettings {
    /// Off, with the algorithms Koppeltaal's HTI:jwe examples use: RSA-OAEP-256 and A256GCM.
    fn default() -> Self {
        EncryptSettings {
            on: false,
            recipient: String::new(),
            alg: KeyManagement::RsaOaep256,
            enc: ContentEncryption::A256Gcm,
        }
    }
}

impl EncryptSettings {
    /// The `alg`s offered: all but `RSA1_5`, which the engine only decrypts (padding oracle).
    pub fn algorithms() -> impl Iterator<Item = KeyManagement> {
        KeyManagement::ALL
            .into_iter()
            .filter(|alg| *alg != KeyManagement::Rsa1_5)
    }

    /// The worker request that encrypts `signed` (a compact JWS) as a nested JWT; `None` while
    /// the step is off or no key is pasted (there is nothing to ask yet).
    pub fn request(&self, signed: &str) -> Option<EncryptRequest> {
        (self.on && !self.recipient.trim().is_empty()).then(|| EncryptRequest {
            plaintext: signed.to_owned(),
            recipient: self.recipient.clone(),
            alg: self.alg.name().to_owned(),
            enc: self.enc.name().to_owned(),
            nested: true,
        })
    }
}

/// What the Signer shows. Deliberately without the pasted private key and its password: those
/// live only as long as the view.
#[derive(Debug, Clone, PartialEq)]
pub struct SignerDraft {
    /// The template in use.
    pub template: Template,
    /// The client-assertion form.
    pub ca: ClientAssertionFields,
    /// The HTI launch form.
    pub hti: HtiFields,
    /// The header JSON, as shown.
    pub header: String,
    /// The payload JSON, as shown.
    pub payload: String,
    /// The algorithm the user picked (used while the key allows it).
    pub chosen_alg: Option<JwsAlgorithm>,
    /// The keyring key chosen in `sign-key-select`.
    pub key_id: Option<KeyId>,
    /// The facts of the pasted key, while the view has key text (empty facts: it cannot sign).
    /// A pasted key wins over the keyring choice.
    pub pasted: Option<KeyFacts>,
    /// Why the template could not fill header and payload, as of its last rebuild.
    pub template_error: Option<String>,
    /// The header or payload text was edited by hand (or came from a decoded token) since the
    /// template last filled them: a rebuild would lose it, so only [`SignerAction::Rebuild`]
    /// rebuilds.
    pub hand_edited: bool,
    /// A form, key or algorithm change was not applied to the hand-edited text (the
    /// `sign-edit-kept` notice).
    pub edit_kept: bool,
    /// The last token signed.
    pub signed: Option<SignedToken>,
    /// The "encrypt for the receiver" step.
    pub encrypt: EncryptSettings,
}

/// Everything the Signer view can do to its draft. `now` is the clock (Unix seconds) for the
/// `iat` and `exp` of a rebuilt template: the reducer does not read the clock itself.
#[derive(Debug, Clone, PartialEq)]
pub enum SignerAction {
    /// The view opened: start a draft, unless one is kept (which is then shown as it was).
    Open {
        /// The clock.
        now: i64,
    },
    /// The template choice changed.
    Template {
        /// The new template.
        template: Template,
        /// The clock.
        now: i64,
    },
    /// A client-assertion input changed.
    ClientAssertion {
        /// Which input.
        field: CaField,
        /// Its text.
        value: String,
        /// The clock.
        now: i64,
    },
    /// An HTI launch input changed.
    Hti {
        /// Which input.
        field: HtiField,
        /// Its text.
        value: String,
        /// The clock.
        now: i64,
    },
    /// The header text was edited by hand.
    Header(String),
    /// The payload text was edited by hand.
    Payload(String),
    /// The payload got fresh times (`refresh-times`): not a hand edit, since a rebuild would
    /// give fresh times too.
    RefreshedPayload(String),
    /// Rebuild header and payload from the template form, dropping the hand edits
    /// (`sign-edit-rebuild`).
    Rebuild {
        /// The clock.
        now: i64,
    },
    /// A decoded token is to be edited and signed again (`edit-in-signer`): its texts become
    /// custom JSON.
    EditToken {
        /// The header, pretty-printed as decoded.
        header: String,
        /// The payload, pretty-printed as decoded (text as it is).
        payload: String,
        /// The clock, for the first draft when the Signer was never opened (the token's own
        /// times are kept).
        now: i64,
    },
    /// The algorithm choice changed.
    Alg {
        /// The algorithm picked.
        alg: Option<JwsAlgorithm>,
        /// The clock.
        now: i64,
    },
    /// The keyring key choice changed.
    Key {
        /// The key picked.
        id: Option<KeyId>,
        /// The clock.
        now: i64,
    },
    /// The worker read the pasted key text (`None`: the text was emptied).
    Pasted {
        /// The key's facts (empty when the text cannot sign).
        facts: Option<KeyFacts>,
        /// The clock.
        now: i64,
    },
    /// The view closed: the pasted key is gone with it, so the header follows the keyring key.
    Closed,
    /// Signing ended: the token, or `None` when it failed.
    Signed(Option<SignedToken>),
    /// `encrypt-toggle` changed: encrypt signed tokens for the receiver, or not.
    Encrypt(bool),
    /// The receiver's public key text changed (`encrypt-key-input`).
    EncryptRecipient(String),
    /// The JWE `alg` choice changed (`encrypt-alg-select`).
    EncryptAlg(KeyManagement),
    /// The JWE `enc` choice changed (`encrypt-enc-select`).
    EncryptEnc(ContentEncryption),
}

impl SignerAction {
    /// The [`SignerAction::EditToken`] for a token the Decoder inspected; `None` when its header
    /// did not decode (there is no token to speak of then). A payload that is not text is left
    /// empty: it cannot be shown as JSON, and signing bytes is not what the Signer does.
    pub fn edit_token(inspection: &Inspection, now: i64) -> Option<SignerAction> {
        let header = inspection.header.as_ref()?.as_ref().ok()?;
        let payload = match &inspection.payload {
            Some(Ok(Payload::Json(value))) => pretty_json(value),
            Some(Ok(Payload::Text(text))) => text.clone(),
            _ => String::new(),
        };
        Some(SignerAction::EditToken {
            header: pretty_json(&Value::Object(header.clone())),
            payload,
            now,
        })
    }
}

/// The keyring key a new draft starts with: the "use for signing" key, else the newest that can
/// sign.
pub fn default_key(keys: &[KeyInfo], signing: Option<KeyId>) -> Option<KeyId> {
    signing
        .filter(|id| keys.iter().any(|key| key.id == *id))
        .or_else(|| keys.iter().rev().find(|key| key.can_sign()).map(|key| key.id))
}

impl SignerDraft {
    /// A first draft: a JWT header, a payload with fresh times, the default key, and the client
    /// assertion template filled as far as it can be.
    pub fn new(now: i64, keys: &[KeyInfo], signing: Option<KeyId>) -> SignerDraft {
        let mut draft = SignerDraft {
            template: Template::ClientAssertion,
            ca: ClientAssertionFields::default(),
            hti: HtiFields::default(),
            header: pretty_json(&json!({ "typ": "JWT" })),
            payload: pretty_json(
                &json!({ "sub": "", "iat": now, "exp": now + MAX_LIFETIME_SECS, "jti": uuid_v4(&mut OsRng) }),
            ),
            chosen_alg: None,
            key_id: default_key(keys, signing),
            pasted: None,
            template_error: None,
            hand_edited: false,
            edit_kept: false,
            signed: None,
            encrypt: EncryptSettings::default(),
        };
        draft.rebuild(keys, now);
        draft
    }

    /// The facts of the key in use: the pasted key, else the chosen keyring key.
    pub fn key_facts(&self, keys: &[KeyInfo]) -> KeyFacts {
        match &self.pasted {
            Some(facts) => facts.clone(),
            None => self
                .key_id
                .and_then(|id| keys.iter().find(|key| key.id == id))
                .map(KeyFacts::of)
                .unwrap_or_default(),
        }
    }

    /// The algorithm to sign with: the user's choice while the key allows it, else the one
    /// Koppeltaal prefers.
    pub fn alg(&self, facts: &KeyFacts) -> Option<JwsAlgorithm> {
        self.chosen_alg
            .filter(|alg| facts.algorithms.contains(alg))
            .or_else(|| preferred_alg(&facts.algorithms))
    }

    /// Applies one action; `keys` is the page's view of the keyring.
    pub fn apply(&mut self, action: SignerAction, keys: &[KeyInfo]) {
        match action {
            // Coming back to a kept draft is no change: its header, payload and token stay.
            SignerAction::Open { .. } => {}
            SignerAction::Template { template, now } => {
                self.template = template;
                self.rebuild(keys, now);
            }
            SignerAction::ClientAssertion { field, value, now } => {
                *field.slot(&mut self.ca) = value;
                self.rebuild(keys, now);
            }
            SignerAction::Hti { field, value, now } => {
                *field.slot(&mut self.hti) = value;
                self.rebuild(keys, now);
            }
            // A text set to what it already is (an input event without a change) is no edit.
            SignerAction::Header(text) => {
                if text != self.header {
                    self.header = text;
                    self.hand_edited = true;
                }
            }
            SignerAction::Payload(text) => {
                if text != self.payload {
                    self.payload = text;
                    self.hand_edited = true;
                }
            }
            SignerAction::RefreshedPayload(text) => self.payload = text,
            SignerAction::Rebuild { now } => {
                self.hand_edited = false;
                self.rebuild(keys, now);
            }
            SignerAction::EditToken {
                header,
                payload,
                now: _,
            } => {
                self.template = Template::Custom;
                self.header = header;
                self.payload = payload;
                // The token's texts did not come from a form: switching to a template later must
                // not replace them unasked.
                self.hand_edited = true;
                self.edit_kept = false;
                self.template_error = None;
                // A token signed from the previous draft would read as this one's.
                self.signed = None;
                self.follow_key(keys);
            }
            SignerAction::Alg { alg, now } => {
                self.chosen_alg = alg;
                self.rebuild(keys, now);
            }
            SignerAction::Key { id, now } => {
                self.key_id = id;
                self.rebuild(keys, now);
            }
            SignerAction::Pasted { facts, now } => {
                if self.pasted != facts {
                    self.pasted = facts;
                    self.rebuild(keys, now);
                }
            }
            SignerAction::Closed => {
                if self.pasted.take().is_some() {
                    self.follow_key(keys);
                }
            }
            SignerAction::Signed(signed) => self.signed = signed,
            // The signed token stays: encryption is a step after signing, and the view asks the
            // worker again for whatever the settings now are.
            SignerAction::Encrypt(on) => self.encrypt.on = on,
            SignerAction::EncryptRecipient(text) => self.encrypt.recipient = text,
            // Not offered, and a token made with it could be opened by a padding oracle.
            SignerAction::EncryptAlg(KeyManagement::Rsa1_5) => {}
            SignerAction::EncryptAlg(alg) => self.encrypt.alg = alg,
            SignerAction::EncryptEnc(enc) => self.encrypt.enc = enc,
        }
    }

    /// The keyring key changed while the view was closed ("use for signing", a removal): the
    /// header names the key in use, but header and payload are not rebuilt.
    pub fn follow_key(&mut self, keys: &[KeyInfo]) {
        let facts = self.key_facts(keys);
        let alg = self.alg(&facts);
        if let Some(updated) = header_following(&self.header, alg, facts.kid.as_deref()) {
            self.header = updated;
        }
    }

    /// A template fills header and payload afresh; custom JSON only has its header follow the
    /// key. An incomplete form keeps what is shown (with the header following the key), and so
    /// does a hand edit, which then raises [`SignerDraft::edit_kept`].
    fn rebuild(&mut self, keys: &[KeyInfo], now: i64) {
        let facts = self.key_facts(keys);
        let alg = self.alg(&facts);
        let kid = facts.kid.as_deref();
        let built = match self.template {
            Template::ClientAssertion => Some(build_client_assertion(&self.ca, kid, alg, now)),
            Template::HtiLaunch => Some(build_hti(&self.hti, kid, alg, now)),
            Template::Custom => None,
        };
        self.template_error = None;
        // Custom JSON has no form whose change could be withheld.
        self.edit_kept = self.hand_edited && built.is_some();
        match built {
            Some(Ok((header, payload))) if !self.hand_edited => {
                self.header = pretty_json(&header);
                self.payload = pretty_json(&payload);
                return;
            }
            Some(Ok(_)) | None => {}
            // Said even over a hand edit: the rebuild the notice offers would fail for this reason.
            Some(Err(message)) => self.template_error = Some(message),
        }
        if let Some(updated) = header_following(&self.header, alg, kid) {
            self.header = updated;
        }
    }
}

/// The algorithm offered first: what Koppeltaal servers accept where the key allows it.
pub fn preferred_alg(allowed: &[JwsAlgorithm]) -> Option<JwsAlgorithm> {
    client_assertion::ACCEPTED_ALGORITHMS
        .into_iter()
        .find(|alg| allowed.contains(alg))
        .or_else(|| allowed.first().copied())
}

/// The header text with `alg` (first) and `kid` set, or `None` when it is not a JSON object or
/// already right.
pub fn header_following(
    header_text: &str,
    alg: Option<JwsAlgorithm>,
    kid: Option<&str>,
) -> Option<String> {
    let Ok(Value::Object(header)) = parse_strict(header_text) else {
        return None;
    };
    let mut updated = Map::new();
    if let Some(alg) = alg {
        updated.insert("alg".to_owned(), Value::String(alg.name().to_owned()));
    }
    for (name, value) in &header {
        if !(name == "alg" && alg.is_some()) {
            updated.insert(name.clone(), value.clone());
        }
    }
    if let Some(kid) = kid {
        updated.insert("kid".to_owned(), Value::String(kid.to_owned()));
    }
    (updated != header).then(|| pretty_json(&Value::Object(updated)))
}

fn lifetime(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| format!("lifetime {text:?} is not a whole number of seconds"))
}

fn template_alg(
    alg: Option<JwsAlgorithm>,
    kid: Option<&str>,
) -> Result<(JwsAlgorithm, String), String> {
    match (alg, kid) {
        (Some(alg), Some(kid)) => Ok((alg, kid.to_owned())),
        _ => Err("Choose a signing key: its algorithm and kid go into the header.".to_owned()),
    }
}

fn build_client_assertion(
    fields: &ClientAssertionFields,
    kid: Option<&str>,
    alg: Option<JwsAlgorithm>,
    now: i64,
) -> Result<(Value, Value), String> {
    let (alg, kid) = template_alg(alg, kid)?;
    let form = ClientAssertionForm {
        client_id: fields.client_id.trim().to_owned(),
        token_endpoint: fields.token_endpoint.trim().to_owned(),
        scope: fields.scope.trim().to_owned(),
        lifetime_secs: lifetime(&fields.lifetime)?,
        kid,
        alg,
    };
    form.build(now, &mut OsRng).map_err(|err| err.to_string())
}

fn build_hti(
    fields: &HtiFields,
    kid: Option<&str>,
    alg: Option<JwsAlgorithm>,
    now: i64,
) -> Result<(Value, Value), String> {
    let (alg, kid) = template_alg(alg, kid)?;
    let form = HtiLaunchForm {
        portal_client_id: fields.portal_client_id.clone(),
        module_device_id: fields.module_device_id.clone(),
        sub: fields.sub.clone(),
        task_id: fields.task_id.clone(),
        activity_definition: fields.definition.clone(),
        patient: fields.patient.clone(),
        intent: fields.intent.clone(),
        fhir_base_url: fields.fhir_base_url.clone(),
        kid,
        alg,
        lifetime_secs: lifetime(&fields.lifetime)?,
    };
    form.build(now, &mut OsRng).map_err(|err| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_gets_alg_first_and_the_keys_kid() {
        let updated = header_following(
            "{\"typ\": \"JWT\", \"kid\": \"old\"}",
            Some(JwsAlgorithm::Es384),
            Some("new"),
        );

        let value: Value = serde_json::from_str(&updated.unwrap_or_default()).unwrap();
        let names: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(names, ["alg", "typ", "kid"]);
        assert_eq!(value["alg"], "ES384");
        assert_eq!(value["kid"], "new");
    }

    #[test]
    fn a_header_that_already_follows_is_left_alone() {
        let header = pretty_json(&json!({ "alg": "RS384", "kid": "k" }));

        assert_eq!(
            header_following(&header, Some(JwsAlgorithm::Rs384), Some("k")),
            None
        );
    }

    #[test]
    fn koppeltaal_algorithms_are_offered_first() {
        assert_eq!(
            preferred_alg(&[JwsAlgorithm::Rs256, JwsAlgorithm::Rs384]),
            Some(JwsAlgorithm::Rs384)
        );
        assert_eq!(
            preferred_alg(&[JwsAlgorithm::EdDsa]),
            Some(JwsAlgorithm::EdDsa)
        );
        assert_eq!(preferred_alg(&[]), None);
    }

    #[test]
    fn template_ids_round_trip() {
        for template in Template::ALL {
            assert_eq!(Template::from_id(template.id()), Some(template));
        }
        assert_eq!(Template::from_id("nope"), None);
    }
}
