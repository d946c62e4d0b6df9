//! The Signer: fill a Koppeltaal template (or write JSON by hand), pick a key and algorithm,
//! sign, and take the token onwards (Decoder, token request, HTI launch form).
//!
//! The header's `alg` and `kid` follow the chosen key and algorithm. Template forms rebuild the
//! header and payload as they are edited, with fresh `iat`, `exp` and `jti`.

use std::rc::Rc;

use rand_core::OsRng;
use serde_json::{json, Map, Value};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::browser;
use crate::app::components::{
    pretty_json, use_synced_select, CopyButton, DownloadButton, ErrorMessage, KeySelect,
};
use crate::app::keytext;
use crate::app::state::{use_app_state, Action, DecoderHandoff, KeyId};
use crate::app::Route;
use jose::alg::JwsAlgorithm;
use jose::json::parse_strict;
use jose::jwk::JwkOptions;
use jose::key::export::to_jwk_json;
use jose::key::{to_spki_pem, Key, KeyMaterial};
use jose::profiles::client_assertion;
use jose::profiles::templates::{
    hti_launch_form_html, refresh_times, token_request_body, token_request_curl, uuid_v4,
    ClientAssertionForm, HtiLaunchForm, MAX_LIFETIME_SECS,
};
use jose::sign::sign_compact;

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
    const ALL: [Template; 3] = [
        Template::ClientAssertion,
        Template::HtiLaunch,
        Template::Custom,
    ];

    fn id(self) -> &'static str {
        match self {
            Template::ClientAssertion => "client-assertion",
            Template::HtiLaunch => "hti-launch",
            Template::Custom => "custom",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Template::ClientAssertion => "Client assertion (SMART backend services token request)",
            Template::HtiLaunch => "HTI launch token (portal → module)",
            Template::Custom => "Custom JSON",
        }
    }
}

/// The client-assertion form, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientAssertionFields {
    client_id: String,
    token_endpoint: String,
    scope: String,
    lifetime: String,
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

/// The HTI launch form, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct HtiFields {
    portal_client_id: String,
    module_device_id: String,
    sub: String,
    task_id: String,
    definition: String,
    patient: String,
    intent: String,
    fhir_base_url: String,
    launch_url: String,
    lifetime: String,
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

/// The signing key in use and where it came from.
#[derive(Clone)]
struct SigningKey {
    key: Key,
    description: String,
}

/// A signed token and the inputs it was signed from (so stale output is obvious).
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    token: String,
    header: String,
    payload: String,
}

/// What the Signer shows, kept in the shared state while the user visits other views.
/// Deliberately without the pasted private key: that lives only as long as the view.
#[derive(Debug, Clone, PartialEq)]
pub struct SignerDraft {
    template: Template,
    ca: ClientAssertionFields,
    hti: HtiFields,
    header: String,
    payload: String,
    chosen_alg: Option<JwsAlgorithm>,
    key_id: Option<KeyId>,
    signed: Option<Signed>,
}

impl SignerDraft {
    /// The same draft, signing with keyring key `id` ("use for signing" was chosen elsewhere).
    pub fn with_key(&self, id: KeyId) -> SignerDraft {
        SignerDraft {
            key_id: Some(id),
            ..self.clone()
        }
    }
}

/// The Signer view (`#/sign`).
#[function_component(SignPage)]
pub fn sign_page() -> Html {
    let state = use_app_state();
    let draft = state.signer.clone();
    let template = use_state(|| {
        draft
            .as_ref()
            .map_or(Template::ClientAssertion, |d| d.template)
    });
    let ca = use_state(|| draft.as_ref().map(|d| d.ca.clone()).unwrap_or_default());
    let hti = use_state(|| draft.as_ref().map(|d| d.hti.clone()).unwrap_or_default());
    let header_text = use_state(|| match &draft {
        Some(draft) => draft.header.clone(),
        None => pretty_json(&json!({ "typ": "JWT" })),
    });
    let payload_text = use_state(|| match &draft {
        Some(draft) => draft.payload.clone(),
        None => {
            let now = browser::now_seconds();
            pretty_json(
                &json!({ "sub": "", "iat": now, "exp": now + MAX_LIFETIME_SECS, "jti": uuid_v4(&mut OsRng) }),
            )
        }
    });
    let key_text = use_state(String::new);
    let key_password = use_state(String::new);
    // Start with the draft's key, else the "use for signing" key, else the newest keyring key
    // that can sign.
    let key_id = use_state(|| {
        let from_draft = draft
            .as_ref()
            .and_then(|d| d.key_id)
            .filter(|id| state.key(*id).is_some());
        from_draft.or(state.signing).or_else(|| {
            state
                .keys
                .iter()
                .rev()
                .find(|entry| entry.key.can_sign())
                .map(|entry| entry.id)
        })
    });
    let chosen_alg = use_state(|| draft.as_ref().and_then(|d| d.chosen_alg));
    let template_error = use_state(|| None::<AttrValue>);
    let refresh_error = use_state(|| None::<AttrValue>);
    let sign_error = use_state(|| None::<AttrValue>);
    let signed = use_state(|| draft.as_ref().and_then(|d| d.signed.clone()));

    // Keep the draft in the shared state, so leaving the view loses nothing (but the pasted key).
    {
        let state = state.clone();
        let deps = (
            *template,
            (*ca).clone(),
            (*hti).clone(),
            (*header_text).clone(),
            (*payload_text).clone(),
            *chosen_alg,
            *key_id,
            (*signed).clone(),
        );
        use_effect_with(
            deps,
            move |(template, ca, hti, header, payload, chosen_alg, key_id, signed)| {
                state.dispatch(Action::SignerDraft(Rc::new(SignerDraft {
                    template: *template,
                    ca: ca.clone(),
                    hti: hti.clone(),
                    header: header.clone(),
                    payload: payload.clone(),
                    chosen_alg: *chosen_alg,
                    key_id: *key_id,
                    signed: signed.clone(),
                })));
            },
        );
    }

    // The key: pasted text wins over the keyring choice.
    // Parsing a pasted key is slow (RSA checks); redo it only when the key text changes.
    let pasted = use_memo(
        ((*key_text).clone(), (*key_password).clone()),
        |(text, password)| read_signing_text(text, password),
    );
    let (signing_key, key_error) = match &*pasted {
        Some(outcome) => outcome.clone(),
        None => (keyring_signing_key(*key_id, &state), None),
    };
    let allowed: Vec<JwsAlgorithm> = signing_key
        .as_ref()
        .map(|key| keytext::usable_algorithms(key.key.kind()))
        .unwrap_or_default();
    let alg = chosen_alg
        .filter(|alg| allowed.contains(alg))
        .or_else(|| preferred_alg(&allowed));
    let alg_ref = use_synced_select(
        alg.map(|alg| alg.name().to_owned()).unwrap_or_default(),
        allowed.len(),
    );
    let kid = signing_key
        .as_ref()
        .and_then(|key| key.key.meta.kid.clone());

    // Templates rebuild header and payload whenever their form, the key or the algorithm changes.
    // Coming back to a saved draft is no change: its header and payload (and token) stay.
    let restoring = use_mut_ref(|| draft.is_some());
    {
        let header_text = header_text.clone();
        let payload_text = payload_text.clone();
        let template_error = template_error.clone();
        let deps = ((*template), (*ca).clone(), (*hti).clone(), kid.clone(), alg);
        use_effect_with(deps, move |(template, ca, hti, kid, alg)| {
            if restoring.replace(false) {
                // The key may have changed meanwhile: the header must still name it.
                if let Some(updated) = header_following(&header_text, *alg, kid.as_deref()) {
                    header_text.set(updated);
                }
                return;
            }
            let built = match template {
                Template::ClientAssertion => Some(build_client_assertion(ca, kid.as_deref(), *alg)),
                Template::HtiLaunch => Some(build_hti(hti, kid.as_deref(), *alg)),
                Template::Custom => None,
            };
            match built {
                Some(Ok((header, payload))) => {
                    header_text.set(pretty_json(&header));
                    payload_text.set(pretty_json(&payload));
                    template_error.set(None);
                }
                Some(Err(message)) => {
                    template_error.set(Some(message.into()));
                    // The form is incomplete, but the header still follows the key.
                    if let Some(updated) = header_following(&header_text, *alg, kid.as_deref()) {
                        header_text.set(updated);
                    }
                }
                None => {
                    template_error.set(None);
                    if let Some(updated) = header_following(&header_text, *alg, kid.as_deref()) {
                        header_text.set(updated);
                    }
                }
            }
        });
    }

    let ontemplate = {
        let template = template.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            if let Some(chosen) = Template::ALL.iter().find(|t| t.id() == value) {
                template.set(*chosen);
            }
        })
    };
    let onalg = {
        let chosen_alg = chosen_alg.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            chosen_alg.set(select.value().parse().ok());
        })
    };
    let onrefresh = {
        let payload_text = payload_text.clone();
        let refresh_error = refresh_error.clone();
        Callback::from(move |_| {
            let refreshed = parse_strict(&payload_text)
                .map_err(|err| format!("The payload is not valid JSON: {err}"))
                .and_then(|mut payload| {
                    refresh_times(&mut payload, browser::now_seconds(), &mut OsRng)
                        .map(|()| payload)
                        .map_err(|err| err.to_string())
                });
            match refreshed {
                Ok(payload) => {
                    payload_text.set(pretty_json(&payload));
                    refresh_error.set(None);
                }
                Err(message) => refresh_error.set(Some(message.into())),
            }
        })
    };
    let onsign = {
        let header_text = header_text.clone();
        let payload_text = payload_text.clone();
        let sign_error = sign_error.clone();
        let signed = signed.clone();
        let key = signing_key.clone();
        Callback::from(move |_| {
            let (Some(key), Some(alg)) = (&key, alg) else {
                sign_error.set(Some(
                    "Choose a signing key first: paste a private key or pick one from the keyring."
                        .into(),
                ));
                return;
            };
            match sign_compact(&header_text, &payload_text, &key.key, alg, &mut OsRng) {
                Ok(token) => {
                    sign_error.set(None);
                    signed.set(Some(Signed {
                        token,
                        header: (*header_text).clone(),
                        payload: (*payload_text).clone(),
                    }));
                }
                Err(err) => {
                    signed.set(None);
                    sign_error.set(Some(format!("Not signed: {err}").into()));
                }
            }
        })
    };

    let current = (*signed)
        .clone()
        .filter(|signed| signed.header == *header_text && signed.payload == *payload_text);
    let stale = signed.is_some() && current.is_none();

    html! {
        <section class="view" aria-labelledby="sign-title">
            <h1 id="sign-title" class="visually-hidden">{"Sign a token"}</h1>
            <div class="columns">
                <div class="stack">
                    <div class="card">
                        <h2>{"Key"}</h2>
                        <KeySelect testid="sign-key-select" id="sign-key-select" label="Key from the keyring"
                            value={*key_id} signing_only=true onchange={Callback::from({
                                let key_id = key_id.clone();
                                move |id: Option<KeyId>| key_id.set(id)
                            })} />
                        <div class="field">
                            <label for="sign-key-input">{"Or paste a private key: PEM (PKCS#8, PKCS#1, SEC1) or private JWK — used instead of the keyring key"}</label>
                            <textarea id="sign-key-input" data-testid="sign-key-input" spellcheck="false"
                                autocomplete="off" value={(*key_text).clone()}
                                oninput={text_setter(&key_text)} placeholder="-----BEGIN PRIVATE KEY-----" />
                            <ErrorMessage testid="sign-key-error" message={key_error.map(AttrValue::from)} />
                        </div>
                        if key_text.contains("ENCRYPTED") {
                            <div class="field">
                                <label for="sign-key-password">{"Password of the encrypted key"}</label>
                                <input id="sign-key-password" data-testid="sign-key-password" type="password"
                                    autocomplete="off" value={(*key_password).clone()} oninput={input_setter(&key_password)} />
                            </div>
                        }
                        if let Some(key) = &signing_key {
                            <p class="hint" data-testid="sign-key-info">
                                {format!("Signing with {}", key.description)}
                                if let Some(kid) = &kid { {format!(", kid {kid}")} }
                            </p>
                        }
                        <div class="field">
                            <label for="sign-alg-select">{"Algorithm"}</label>
                            <select id="sign-alg-select" data-testid="sign-alg-select" onchange={onalg}
                                disabled={allowed.is_empty()} ref={alg_ref}>
                                if allowed.is_empty() {
                                    <option value="">{"— choose a key first —"}</option>
                                }
                                { for allowed.iter().map(|option| html! {
                                    <option value={option.name()} selected={Some(*option) == alg}>{alg_caption(*option)}</option>
                                }) }
                            </select>
                        </div>
                    </div>
                    <div class="card">
                        <h2>{"What to sign"}</h2>
                        <div class="field">
                            <label for="template-select">{"Template"}</label>
                            <select id="template-select" data-testid="template-select" onchange={ontemplate}>
                                { for Template::ALL.iter().map(|t| html! {
                                    <option value={t.id()} selected={*t == *template}>{t.label()}</option>
                                }) }
                            </select>
                        </div>
                        { match *template {
                            Template::ClientAssertion => client_assertion_form(&ca),
                            Template::HtiLaunch => hti_form(&hti),
                            Template::Custom => html! {
                                <p class="hint">{"Write any header and payload below; alg and kid follow the key."}</p>
                            },
                        } }
                        <ErrorMessage testid="template-error" message={(*template_error).clone()} />
                    </div>
                </div>
                <div class="stack">
                    <div class="card">
                        <div class="field">
                            <label for="sign-header-input">{"Header (JSON)"}</label>
                            <textarea id="sign-header-input" data-testid="sign-header-input" spellcheck="false"
                                class="mono" value={(*header_text).clone()} oninput={text_setter(&header_text)} />
                        </div>
                        <div class="field">
                            <label for="sign-payload-input">{"Payload (JSON)"}</label>
                            <textarea id="sign-payload-input" data-testid="sign-payload-input" spellcheck="false"
                                class="mono tall" value={(*payload_text).clone()} oninput={text_setter(&payload_text)} />
                            <ErrorMessage testid="refresh-error" message={(*refresh_error).clone()} />
                        </div>
                        <div class="card-actions">
                            <button type="button" class="button" data-testid="sign-button" onclick={onsign}>{"Sign"}</button>
                            <button type="button" class="button secondary" data-testid="refresh-times" onclick={onrefresh}
                                title="iat and nbf become now, exp keeps the lifetime, jti gets a new UUID">{"Refresh iat / exp / jti"}</button>
                        </div>
                        <ErrorMessage testid="sign-error" message={(*sign_error).clone()} />
                    </div>
                    if stale {
                        <p class="notice warn" data-testid="signed-stale">{"The header or payload changed since signing: sign again."}</p>
                    }
                    if let (Some(result), Some(key)) = (current, &signing_key) {
                        <SignedOutput token={result.token.clone()} signing_key={SigningKeyProp(key.key.clone())}
                            template={*template} ca={(*ca).clone()} hti={(*hti).clone()} />
                    }
                </div>
            </div>
        </section>
    }
}

/// The pasted signing key, or why the text cannot sign; `None` when nothing is pasted.
fn read_signing_text(text: &str, password: &str) -> Option<(Option<SigningKey>, Option<String>)> {
    if text.trim().is_empty() {
        return None;
    }
    let password = (!password.is_empty()).then_some(password);
    Some(match keytext::read_keys(text, password) {
        Err(err) => (None, Some(format!("The key could not be read: {err}"))),
        Ok((read, _)) => match read.into_iter().find(|found| found.key.can_sign()) {
            Some(found) => (
                Some(SigningKey {
                    key: keytext::with_default_kid(found.key),
                    description: found.description,
                }),
                None,
            ),
            None => (
                None,
                Some(
                    "This is a public key or certificate: signing needs the private key."
                        .to_owned(),
                ),
            ),
        },
    })
}

/// The keyring key chosen in `sign-key-select`, if it can sign.
fn keyring_signing_key(
    key_id: Option<KeyId>,
    state: &crate::app::state::AppContext,
) -> Option<SigningKey> {
    let entry = key_id
        .and_then(|id| state.key(id))
        .filter(|entry| entry.key.can_sign())?;
    Some(SigningKey {
        key: (*entry.key).clone(),
        description: format!("keyring: {}", entry.label),
    })
}

/// The algorithm offered first: what Koppeltaal servers accept where the key allows it.
fn preferred_alg(allowed: &[JwsAlgorithm]) -> Option<JwsAlgorithm> {
    client_assertion::ACCEPTED_ALGORITHMS
        .into_iter()
        .find(|alg| allowed.contains(alg))
        .or_else(|| allowed.first().copied())
}

fn alg_caption(alg: JwsAlgorithm) -> String {
    let note = if client_assertion::ACCEPTED_ALGORITHMS.contains(&alg) {
        " — accepted by Koppeltaal"
    } else if alg.is_symmetric() {
        " — shared secret, forbidden in Koppeltaal"
    } else {
        ""
    };
    format!("{}{note}", alg.name())
}

/// The header text with `alg` (first) and `kid` set, or `None` when it is not a JSON object or
/// already right.
fn header_following(
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
    form.build(browser::now_seconds(), &mut OsRng)
        .map_err(|err| err.to_string())
}

fn build_hti(
    fields: &HtiFields,
    kid: Option<&str>,
    alg: Option<JwsAlgorithm>,
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
    form.build(browser::now_seconds(), &mut OsRng)
        .map_err(|err| err.to_string())
}

fn text_setter(handle: &UseStateHandle<String>) -> Callback<InputEvent> {
    let handle = handle.clone();
    Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
        handle.set(input.value());
    })
}

fn input_setter(handle: &UseStateHandle<String>) -> Callback<InputEvent> {
    let handle = handle.clone();
    Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        handle.set(input.value());
    })
}

/// One labelled text input bound to one field of a form held in a state handle.
fn form_field<T: Clone + 'static>(
    form: &UseStateHandle<T>,
    testid: &'static str,
    label: &'static str,
    value: &str,
    placeholder: &'static str,
    set: fn(&mut T, String),
) -> Html {
    let oninput = {
        let form = form.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let mut updated = (*form).clone();
            set(&mut updated, input.value());
            form.set(updated);
        })
    };
    html! {
        <div class="field">
            <label for={testid}>{label}</label>
            <input id={testid} data-testid={testid} type="text" spellcheck="false" autocomplete="off"
                value={value.to_owned()} {placeholder} {oninput} />
        </div>
    }
}

fn client_assertion_form(ca: &UseStateHandle<ClientAssertionFields>) -> Html {
    html! {
        <div class="field-row">
            { form_field(ca, "ca-client-id", "client_id (iss and sub)", &ca.client_id, "the Device id of your application", |f, v| f.client_id = v) }
            { form_field(ca, "ca-token-endpoint", "Token endpoint (aud)", &ca.token_endpoint, "https://auth.example.org/oauth2/token", |f, v| f.token_endpoint = v) }
            { form_field(ca, "ca-scope", "Scope (token request only)", &ca.scope, "system/*.cruds", |f, v| f.scope = v) }
            { form_field(ca, "ca-lifetime", "Lifetime in seconds (≤ 300)", &ca.lifetime, "300", |f, v| f.lifetime = v) }
        </div>
    }
}

fn hti_form(hti: &UseStateHandle<HtiFields>) -> Html {
    html! {
        <div class="field-row">
            { form_field(hti, "hti-portal-client-id", "Portal client_id (iss)", &hti.portal_client_id, "the portal's Device id", |f, v| f.portal_client_id = v) }
            { form_field(hti, "hti-module-device-id", "Module Device id (aud)", &hti.module_device_id, "Device/…", |f, v| f.module_device_id = v) }
            { form_field(hti, "hti-sub", "User (sub)", &hti.sub, "Patient/… or Practitioner/…", |f, v| f.sub = v) }
            { form_field(hti, "hti-task-id", "Task id (resource)", &hti.task_id, "Task/…", |f, v| f.task_id = v) }
            { form_field(hti, "hti-definition", "ActivityDefinition (definition)", &hti.definition, "ActivityDefinition/… or canonical URL", |f, v| f.definition = v) }
            { form_field(hti, "hti-patient", "Patient (optional)", &hti.patient, "Patient/…", |f, v| f.patient = v) }
            { form_field(hti, "hti-intent", "Intent (optional)", &hti.intent, "plan", |f, v| f.intent = v) }
            { form_field(hti, "hti-lifetime", "Lifetime in seconds (≤ 300)", &hti.lifetime, "300", |f, v| f.lifetime = v) }
            { form_field(hti, "hti-fhir-base-url", "FHIR base URL (the form's iss)", &hti.fhir_base_url, "https://fhir.example.org/fhir", |f, v| f.fhir_base_url = v) }
            { form_field(hti, "hti-launch-url", "Module launch URL (the form's action)", &hti.launch_url, "https://module.example.org/launch", |f, v| f.launch_url = v) }
        </div>
    }
}

/// A key as a prop (keys have no `PartialEq`; a new signing is a new render anyway).
#[derive(Clone)]
struct SigningKeyProp(Key);

impl PartialEq for SigningKeyProp {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[derive(Properties, PartialEq)]
struct SignedOutputProps {
    token: String,
    signing_key: SigningKeyProp,
    template: Template,
    ca: ClientAssertionFields,
    hti: HtiFields,
}

/// The signed token and what to do with it next.
#[function_component(SignedOutput)]
fn signed_output(props: &SignedOutputProps) -> Html {
    let state = use_app_state();
    let navigator = use_navigator();
    let open_in_decoder = {
        let token = props.token.clone();
        let key_text = verification_text(&props.signing_key.0);
        Callback::from(move |_| {
            state.dispatch(Action::OpenInDecoder(DecoderHandoff {
                token: token.clone(),
                key_text: key_text.clone(),
                key_id: None,
            }));
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Decode);
            }
        })
    };
    html! {
        <div class="card">
            <div class="card-head">
                <h2>{"Signed token"}</h2>
                <div class="card-actions">
                    <CopyButton text={props.token.clone()} testid="signed-token-copy" aria_label="Copy the token" />
                    <button type="button" class="button secondary small" data-testid="open-in-decoder"
                        onclick={open_in_decoder}>{"Open in Decoder"}</button>
                </div>
            </div>
            <pre class="output wrap" data-testid="signed-token">{props.token.clone()}</pre>
            { match props.template {
                Template::ClientAssertion => {
                    let curl = token_request_curl(props.ca.token_endpoint.trim(), &props.token, props.ca.scope.trim());
                    let body = token_request_body(&props.token, props.ca.scope.trim());
                    html! {
                        <>
                            <div class="card-head"><h3>{"Token request (curl)"}</h3>
                                <CopyButton text={curl.clone()} testid="token-request-curl-copy" aria_label="Copy the curl command" /></div>
                            <pre class="output wrap" data-testid="token-request-curl">{curl}</pre>
                            <div class="card-head"><h3>{"Form body"}</h3>
                                <CopyButton text={body.clone()} testid="token-request-body-copy" aria_label="Copy the form body" /></div>
                            <pre class="output wrap" data-testid="token-request-body">{body}</pre>
                        </>
                    }
                }
                Template::HtiLaunch => {
                    let form = hti_launch_form_html(props.hti.launch_url.trim(), &props.token, props.hti.fhir_base_url.trim());
                    html! {
                        <>
                            <div class="card-head"><h3>{"HTI launch form (HTML)"}</h3>
                                <div class="card-actions">
                                    <CopyButton text={form.clone()} testid="hti-launch-form-copy" aria_label="Copy the launch form" />
                                    <DownloadButton content={form.clone()} filename="hti-launch.html" mime="text/html"
                                        testid="hti-launch-form-download" />
                                </div>
                            </div>
                            <p class="hint">{"Open this page in a browser to POST the token (launch) and the FHIR base URL (iss) to the module. This debugger never submits it."}</p>
                            <pre class="output wrap" data-testid="hti-launch-form">{form}</pre>
                        </>
                    }
                }
                Template::Custom => html! {},
            } }
        </div>
    }
}

/// What the Decoder needs to verify a token signed with `key`: the public key as SPKI PEM, or
/// the secret as an `oct` JWK (a secret has no public half).
fn verification_text(key: &Key) -> Option<String> {
    match &key.material {
        KeyMaterial::Secret(_) => {
            let options = JwkOptions {
                include_private: true,
                ..JwkOptions::from_meta(&key.meta, true)
            };
            Some(to_jwk_json(key, &options).to_string())
        }
        _ => key
            .public_key()
            .and_then(|public| to_spki_pem(&public).ok()),
    }
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
}
