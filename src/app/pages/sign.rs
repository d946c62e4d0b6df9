//! The Signer: fill a Koppeltaal template (or write JSON by hand), pick a key and algorithm,
//! sign, and take the token onwards (Decoder, token request, HTI launch form).
//!
//! The draft (template, forms, header, payload, choices, the last token) lives in the shared
//! state and changes through [`SignerAction`]s, which also apply the template rules. The view
//! keeps only what must not outlive it: the pasted key text and its password. Reading that key
//! and signing are asked of the crypto worker.
//!
//! After signing, the token can be encrypted for the receiver (HTI:jwe): the settings live in
//! the draft ([`EncryptSettings`]), and the worker is asked again whenever the signed token or a
//! setting changes. The answer is shown only for the token on screen (it is keyed by the request,
//! [`use_engine_query`]), and the HTI launch form then carries it instead of the signed token.

use rand_core::OsRng;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::browser;
use crate::app::components::{
    pretty_json, use_synced_select, CopyButton, DownloadButton, ErrorMessage, KeySelect,
};
use crate::app::drafts::{
    CaField, ClientAssertionFields, EncryptSettings, HtiField, HtiFields, KeyFacts, SignedToken,
    SignerAction, SignerDraft, Template,
};
use crate::app::engine::{use_engine, use_engine_query, Query};
use crate::app::state::{use_app_state, Action, AppContext, DecoderHandoff, KeyId};
use crate::app::Route;
use crate::worker::protocol::{
    EncryptRequest, Encrypted, KeyFound, KeySource, KeysRead, Request, Response, SignRequest,
};
use jose::alg::JwsAlgorithm;
use jose::json::parse_strict;
use jose::jwe::{decode_jwe, ContentEncryption, KeyManagement};
use jose::profiles::client_assertion;
use jose::profiles::templates::{
    hti_launch_form_html, refresh_times, token_request_body, token_request_curl,
};

/// What the pasted key text amounts to, as far as the worker has read it.
#[derive(Debug, Clone, PartialEq)]
enum Pasted {
    /// Nothing pasted: the keyring key is used.
    Nothing,
    /// The worker is reading it.
    Reading,
    /// The first key in it that can sign.
    Key(KeyFound),
    /// Why it cannot sign.
    Unusable(String),
}

impl Pasted {
    fn from_query(query: &Query<KeysRead>) -> Pasted {
        match query {
            Query::Idle => Pasted::Nothing,
            Query::Pending => Pasted::Reading,
            Query::Done(Err(err)) => Pasted::Unusable(format!("The key could not be read: {err}")),
            Query::Done(Ok(read)) => {
                if let Some(key) = read
                    .keys
                    .iter()
                    .find(|key| !key.signing_algorithms.is_empty())
                {
                    Pasted::Key(key.clone())
                } else if read.keys.is_empty() {
                    let why = if read.problems.is_empty() {
                        "no key found".to_owned()
                    } else {
                        read.problems.join("; ")
                    };
                    Pasted::Unusable(format!("The key could not be read: {why}"))
                } else {
                    Pasted::Unusable(
                        "This is a public key or certificate: signing needs the private key."
                            .to_owned(),
                    )
                }
            }
        }
    }

    /// What the draft is told; `None` while reading (the draft keeps the facts it had, so the
    /// header does not flicker to the keyring key and back).
    fn facts(&self) -> Option<Option<KeyFacts>> {
        match self {
            Pasted::Nothing => Some(None),
            Pasted::Reading => None,
            Pasted::Key(key) => Some(Some(KeyFacts {
                kid: key.kid.clone(),
                algorithms: key.signing_algorithms.clone(),
            })),
            Pasted::Unusable(_) => Some(Some(KeyFacts::default())),
        }
    }
}

/// The key text to read: none when nothing is pasted.
fn read_keys_request((text, password): &(String, String)) -> Option<Request> {
    (!text.trim().is_empty()).then(|| Request::ReadKeys {
        text: text.clone(),
        password: (!password.is_empty()).then(|| password.clone()),
    })
}

/// The Signer view (`#/sign`).
#[function_component(SignPage)]
pub fn sign_page() -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let key_text = use_state(String::new);
    let key_password = use_state(String::new);
    let refresh_error = use_state(|| None::<AttrValue>);
    let sign_error = use_state(|| None::<AttrValue>);
    let signing = use_state(|| false);

    // A kept draft is shown as it was; only a first visit makes one. The pasted key goes with
    // the view, so closing it tells the draft.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            state.dispatch(Action::Signer(SignerAction::Open {
                now: browser::now_seconds(),
            }));
            move || state.dispatch(Action::Signer(SignerAction::Closed))
        });
    }

    // The worker caches the last text it read, so re-asking for the same text is cheap.
    let read = use_engine_query(
        ((*key_text).clone(), (*key_password).clone()),
        read_keys_request,
        |response| match response {
            Response::KeysRead(read) => Some(read),
            _ => None,
        },
    );
    let pasted = Pasted::from_query(&read);
    // The answer arrives on its own time: only then can the header follow the pasted key.
    let pasted_facts = pasted.facts();
    {
        let state = state.clone();
        use_effect_with(pasted_facts.clone(), move |facts| {
            if let Some(facts) = facts {
                state.dispatch(Action::Signer(SignerAction::Pasted {
                    facts: facts.clone(),
                    now: browser::now_seconds(),
                }));
            }
        });
    }

    // Until the view's first effect ran there is no draft yet; a fresh one stands in.
    let draft = state
        .signer
        .as_deref()
        .cloned()
        .unwrap_or_else(|| SignerDraft::new(browser::now_seconds(), &state.keys, state.signing));
    let facts = draft.key_facts(&state.keys);
    let alg = draft.alg(&facts);
    let allowed = facts.algorithms.clone();
    let alg_ref = use_synced_select(
        alg.map(|alg| alg.name().to_owned()).unwrap_or_default(),
        allowed.len(),
    );
    let keyring_key = draft
        .key_id
        .and_then(|id| state.key(id))
        .filter(|key| key.can_sign());
    let (key_description, key_error) = match &pasted {
        Pasted::Nothing => (keyring_key.map(|key| format!("keyring: {}", key.label)), None),
        Pasted::Reading => (None, None),
        Pasted::Key(key) => (Some(key.description.clone()), None),
        Pasted::Unusable(why) => (None, Some(AttrValue::from(why.clone()))),
    };
    // Sign only with what the draft already follows: not while the key is read, nor in the
    // moment before the draft heard the answer.
    let key_settled = pasted_facts.as_ref() == Some(&draft.pasted);

    let ontemplate = signer_callback(&state, |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        Template::from_id(&select.value()).map(|template| SignerAction::Template {
            template,
            now: browser::now_seconds(),
        })
    });
    let onalg = signer_callback(&state, |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        Some(SignerAction::Alg {
            alg: select.value().parse().ok(),
            now: browser::now_seconds(),
        })
    });
    let onkey = signer_callback(&state, |id: Option<KeyId>| {
        Some(SignerAction::Key {
            id,
            now: browser::now_seconds(),
        })
    });
    let onheader = signer_callback(&state, |event: InputEvent| {
        let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
        Some(SignerAction::Header(input.value()))
    });
    let onpayload = signer_callback(&state, |event: InputEvent| {
        let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
        Some(SignerAction::Payload(input.value()))
    });
    let onrebuild = signer_callback(&state, |_: MouseEvent| {
        Some(SignerAction::Rebuild {
            now: browser::now_seconds(),
        })
    });
    let onrefresh = {
        let state = state.clone();
        let payload = draft.payload.clone();
        let refresh_error = refresh_error.clone();
        Callback::from(move |_| {
            let refreshed = parse_strict(&payload)
                .map_err(|err| format!("The payload is not valid JSON: {err}"))
                .and_then(|mut payload| {
                    refresh_times(&mut payload, browser::now_seconds(), &mut OsRng)
                        .map(|()| payload)
                        .map_err(|err| err.to_string())
                });
            match refreshed {
                Ok(payload) => {
                    state.dispatch(Action::Signer(SignerAction::RefreshedPayload(pretty_json(
                        &payload,
                    ))));
                    refresh_error.set(None);
                }
                Err(message) => refresh_error.set(Some(message.into())),
            }
        })
    };
    let onsign = {
        let state = state.clone();
        let sign_error = sign_error.clone();
        let signing = signing.clone();
        let (header, payload) = (draft.header.clone(), draft.payload.clone());
        // Pasted text wins over the keyring choice, as the key info says.
        let key = match &pasted {
            Pasted::Nothing => keyring_key.map(|key| KeySource::Keyring(key.id)),
            Pasted::Key(_) => Some(KeySource::Text {
                text: (*key_text).clone(),
                password: (!key_password.is_empty()).then(|| (*key_password).clone()),
            }),
            Pasted::Reading | Pasted::Unusable(_) => None,
        };
        Callback::from(move |_| {
            let (Some(key), Some(alg)) = (key.clone(), alg) else {
                sign_error.set(Some(
                    "Choose a signing key first: paste a private key or pick one from the keyring."
                        .into(),
                ));
                return;
            };
            let keyring_key = match &key {
                KeySource::Keyring(id) => Some(*id),
                KeySource::Text { .. } => None,
            };
            let call = engine.call(Request::Sign(SignRequest {
                header: header.clone(),
                payload: payload.clone(),
                alg,
                key,
            }));
            signing.set(true);
            // An old error would read as this attempt's verdict.
            sign_error.set(None);
            let (state, sign_error, signing) = (state.clone(), sign_error.clone(), signing.clone());
            let (header, payload) = (header.clone(), payload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match call.await {
                    Ok(Response::Signed(signed)) => Ok(SignedToken {
                        token: signed.token,
                        header,
                        payload,
                        public_key: signed.public_pem.or(signed.public_jwk),
                        keyring_key,
                    }),
                    Ok(_) => Err("Not signed: the crypto worker gave an unexpected answer".to_owned()),
                    Err(err) => Err(err.to_string()),
                };
                signing.set(false);
                match outcome {
                    Ok(signed) => {
                        sign_error.set(None);
                        state.dispatch(Action::Signer(SignerAction::Signed(Some(signed))));
                    }
                    Err(message) => {
                        sign_error.set(Some(message.into()));
                        state.dispatch(Action::Signer(SignerAction::Signed(None)));
                    }
                }
            });
        })
    };

    // While a new signing runs, the last token is about to be replaced: showing it would let
    // it pass for the new one.
    let current = draft
        .signed
        .clone()
        .filter(|signed| signed.header == draft.header && signed.payload == draft.payload)
        .filter(|_| !*signing);
    let stale = !*signing && draft.signed.is_some() && current.is_none();
    // The request names the signed token, so an answer for an older token (or older settings)
    // is never shown: it does not belong to what is on screen.
    let encryption = use_engine_query(
        current
            .as_ref()
            .and_then(|signed| draft.encrypt.request(&signed.token)),
        |request: &Option<EncryptRequest>| request.clone().map(Request::Encrypt),
        |response| match response {
            Response::Encrypted(encrypted) => Some(encrypted),
            _ => None,
        },
    );
    let encrypted = match &encryption {
        Query::Done(Ok(encrypted)) => Some(encrypted.clone()),
        _ => None,
    };
    // With encryption on, the module gets the encrypted token or nothing: a form with the
    // signed token would send the launch in the clear.
    let launch_token = if draft.encrypt.on {
        encrypted.as_ref().map(|encrypted| encrypted.token.clone())
    } else {
        current.as_ref().map(|signed| signed.token.clone())
    };
    // The Decoder gets the public key; a secret has none, so it gets the keyring key or the
    // secret the user pasted (never anything from the worker).
    let (verify_text, verify_key) = match &current {
        Some(SignedToken { public_key: Some(public), .. }) => (Some(public.clone()), None),
        Some(SignedToken { keyring_key: Some(id), .. }) => (None, Some(*id)),
        _ => ((!key_text.trim().is_empty()).then(|| (*key_text).clone()), None),
    };

    html! {
        <section class="view" aria-labelledby="sign-title">
            <h1 id="sign-title" class="visually-hidden">{"Sign a token"}</h1>
            <div class="columns">
                <div class="stack">
                    <div class="card">
                        <h2>{"Key"}</h2>
                        <KeySelect testid="sign-key-select" id="sign-key-select" label="Key from the keyring"
                            value={draft.key_id} signing_only=true onchange={onkey} />
                        <div class="field">
                            <label for="sign-key-input">{"Or paste a private key: PEM (PKCS#8, PKCS#1, SEC1) or private JWK — used instead of the keyring key"}</label>
                            <textarea id="sign-key-input" data-testid="sign-key-input" spellcheck="false"
                                autocomplete="off" value={(*key_text).clone()}
                                oninput={text_setter(&key_text)} placeholder="-----BEGIN PRIVATE KEY-----" />
                            <ErrorMessage testid="sign-key-error" message={key_error} />
                        </div>
                        if key_text.contains("ENCRYPTED") {
                            <div class="field">
                                <label for="sign-key-password">{"Password of the encrypted key"}</label>
                                <input id="sign-key-password" data-testid="sign-key-password" type="password"
                                    autocomplete="off" value={(*key_password).clone()} oninput={input_setter(&key_password)} />
                            </div>
                        }
                        if let Some(description) = key_description {
                            <p class="hint" data-testid="sign-key-info">
                                {format!("Signing with {description}")}
                                if let Some(kid) = &facts.kid { {format!(", kid {kid}")} }
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
                                    <option value={t.id()} selected={*t == draft.template}>{t.label()}</option>
                                }) }
                            </select>
                        </div>
                        { match draft.template {
                            Template::ClientAssertion => client_assertion_form(&state, &draft.ca),
                            Template::HtiLaunch => hti_form(&state, &draft.hti),
                            Template::Custom => html! {
                                <p class="hint">{"Write any header and payload below; alg and kid follow the key."}</p>
                            },
                        } }
                        <ErrorMessage testid="template-error" message={draft.template_error.clone().map(AttrValue::from)} />
                        if draft.edit_kept {
                            <p class="notice warn" data-testid="sign-edit-kept" role="status">
                                {"Your edits to the header/payload are kept; the form change is not applied. "}
                                <button type="button" class="button secondary small" data-testid="sign-edit-rebuild"
                                    onclick={onrebuild}>{"Rebuild from the form"}</button>
                            </p>
                        }
                    </div>
                    { encrypt_settings(&state, &draft.encrypt, draft.template) }
                </div>
                <div class="stack">
                    <div class="card">
                        <div class="field">
                            <label for="sign-header-input">{"Header (JSON)"}</label>
                            <textarea id="sign-header-input" data-testid="sign-header-input" spellcheck="false"
                                class="mono" value={draft.header.clone()} oninput={onheader} />
                        </div>
                        <div class="field">
                            <label for="sign-payload-input">{"Payload (JSON)"}</label>
                            <textarea id="sign-payload-input" data-testid="sign-payload-input" spellcheck="false"
                                class="mono tall" value={draft.payload.clone()} oninput={onpayload} />
                            <ErrorMessage testid="refresh-error" message={(*refresh_error).clone()} />
                        </div>
                        <div class="card-actions">
                            <button type="button" class="button" data-testid="sign-button" onclick={onsign}
                                disabled={*signing || !key_settled} aria-busy={signing.to_string()}>
                                { if *signing { "Signing…" } else { "Sign" } }
                            </button>
                            <button type="button" class="button secondary" data-testid="refresh-times" onclick={onrefresh}
                                title="iat and nbf become now, exp keeps the lifetime, jti gets a new UUID">{"Refresh iat / exp / jti"}</button>
                        </div>
                        <ErrorMessage testid="sign-error" message={(*sign_error).clone()} />
                    </div>
                    if stale {
                        <p class="notice warn" data-testid="signed-stale">{"The header or payload changed since signing: sign again."}</p>
                    }
                    if let Some(result) = current {
                        <SignedOutput token={result.token.clone()} {verify_text} {verify_key}
                            template={draft.template} ca={draft.ca.clone()} hti={draft.hti.clone()}
                            {launch_token} encrypting={draft.encrypt.on} />
                        if draft.encrypt.on {
                            { encrypted_output(&encryption, &draft.encrypt, draft.template) }
                        }
                    }
                </div>
            </div>
        </section>
    }
}

/// A callback that dispatches the signer action `make` derives from the event, if any.
fn signer_callback<E: 'static>(
    state: &AppContext,
    make: impl Fn(E) -> Option<SignerAction> + 'static,
) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |event: E| {
        if let Some(action) = make(event) {
            state.dispatch(Action::Signer(action));
        }
    })
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

/// One labelled text input; typing in it dispatches `action(text)`.
fn form_field(
    state: &AppContext,
    testid: &'static str,
    label: &'static str,
    value: &str,
    placeholder: &'static str,
    action: impl Fn(String) -> SignerAction + 'static,
) -> Html {
    let oninput = signer_callback(state, move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        Some(action(input.value()))
    });
    html! {
        <div class="field">
            <label for={testid}>{label}</label>
            <input id={testid} data-testid={testid} type="text" spellcheck="false" autocomplete="off"
                value={value.to_owned()} {placeholder} {oninput} />
        </div>
    }
}

fn ca_field(field: CaField) -> impl Fn(String) -> SignerAction {
    move |value| SignerAction::ClientAssertion {
        field,
        value,
        now: browser::now_seconds(),
    }
}

fn hti_field(field: HtiField) -> impl Fn(String) -> SignerAction {
    move |value| SignerAction::Hti {
        field,
        value,
        now: browser::now_seconds(),
    }
}

fn client_assertion_form(state: &AppContext, ca: &ClientAssertionFields) -> Html {
    html! {
        <div class="field-row">
            { form_field(state, "ca-client-id", "client_id (iss and sub)", &ca.client_id, "the Device id of your application", ca_field(CaField::ClientId)) }
            { form_field(state, "ca-token-endpoint", "Token endpoint (aud)", &ca.token_endpoint, "https://auth.example.org/oauth2/token", ca_field(CaField::TokenEndpoint)) }
            { form_field(state, "ca-scope", "Scope (token request only)", &ca.scope, "system/*.cruds", ca_field(CaField::Scope)) }
            { form_field(state, "ca-lifetime", "Lifetime in seconds (≤ 300)", &ca.lifetime, "300", ca_field(CaField::Lifetime)) }
        </div>
    }
}

fn hti_form(state: &AppContext, hti: &HtiFields) -> Html {
    html! {
        <div class="field-row">
            { form_field(state, "hti-portal-client-id", "Portal client_id (iss)", &hti.portal_client_id, "the portal's Device id", hti_field(HtiField::PortalClientId)) }
            { form_field(state, "hti-module-device-id", "Module Device id (aud)", &hti.module_device_id, "Device/…", hti_field(HtiField::ModuleDeviceId)) }
            { form_field(state, "hti-sub", "User (sub)", &hti.sub, "Patient/… or Practitioner/…", hti_field(HtiField::Sub)) }
            { form_field(state, "hti-task-id", "Task id (resource)", &hti.task_id, "Task/…", hti_field(HtiField::TaskId)) }
            { form_field(state, "hti-definition", "ActivityDefinition (definition)", &hti.definition, "ActivityDefinition/… or canonical URL", hti_field(HtiField::Definition)) }
            { form_field(state, "hti-patient", "Patient (optional)", &hti.patient, "Patient/…", hti_field(HtiField::Patient)) }
            { form_field(state, "hti-intent", "Intent (optional)", &hti.intent, "plan", hti_field(HtiField::Intent)) }
            { form_field(state, "hti-lifetime", "Lifetime in seconds (≤ 300)", &hti.lifetime, "300", hti_field(HtiField::Lifetime)) }
            { form_field(state, "hti-fhir-base-url", "FHIR base URL (the form's iss)", &hti.fhir_base_url, "https://fhir.example.org/fhir", hti_field(HtiField::FhirBaseUrl)) }
            { form_field(state, "hti-launch-url", "Module launch URL (the form's action)", &hti.launch_url, "https://module.example.org/launch", hti_field(HtiField::LaunchUrl)) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SignedOutputProps {
    token: String,
    /// Text for the Decoder's verify key: the public key, or a pasted secret.
    verify_text: Option<String>,
    /// A keyring key for the Decoder (a secret in the keyring has no public half to hand over).
    verify_key: Option<KeyId>,
    template: Template,
    ca: ClientAssertionFields,
    hti: HtiFields,
    /// The token the HTI launch form posts: the signed one, or the encrypted one when
    /// `encrypting`; `None` while that is not there yet.
    launch_token: Option<String>,
    /// The "encrypt for the receiver" step is on.
    encrypting: bool,
}

/// The signed token and what to do with it next.
#[function_component(SignedOutput)]
fn signed_output(props: &SignedOutputProps) -> Html {
    let state = use_app_state();
    let navigator = use_navigator();
    let open_in_decoder = {
        let token = props.token.clone();
        let key_text = props.verify_text.clone();
        let key_id = props.verify_key;
        Callback::from(move |_| {
            state.dispatch(Action::OpenInDecoder(DecoderHandoff {
                token: token.clone(),
                key_text: key_text.clone(),
                key_id,
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
                Template::HtiLaunch => match &props.launch_token {
                    None => html! {
                        <>
                            <div class="card-head"><h3>{"HTI launch form (HTML)"}</h3></div>
                            <p class="hint" data-testid="hti-launch-form-waiting">
                                {"The launch form posts the encrypted token: it appears once the token is encrypted for the module."}
                            </p>
                        </>
                    },
                    Some(launch_token) => {
                        let form = hti_launch_form_html(props.hti.launch_url.trim(), launch_token, props.hti.fhir_base_url.trim());
                        let what = if props.encrypting { "the encrypted token (HTI:jwe)" } else { "the token" };
                        html! {
                            <>
                                <div class="card-head"><h3>{"HTI launch form (HTML)"}</h3>
                                    <div class="card-actions">
                                        <CopyButton text={form.clone()} testid="hti-launch-form-copy" aria_label="Copy the launch form" />
                                        <DownloadButton content={form.clone()} filename="hti-launch.html" mime="text/html"
                                            testid="hti-launch-form-download" />
                                    </div>
                                </div>
                                <p class="hint">{format!("Open this page in a browser to POST {what} (launch) and the FHIR base URL (iss) to the module. This debugger never submits it.")}</p>
                                <pre class="output wrap" data-testid="hti-launch-form">{form}</pre>
                            </>
                        }
                    }
                },
                Template::Custom => html! {},
            } }
        </div>
    }
}

/// The "encrypt for the receiver" card: the toggle, and when on the receiver's public key and
/// the JWE algorithms. Every change goes to the draft; the view asks the worker from there.
fn encrypt_settings(state: &AppContext, settings: &EncryptSettings, template: Template) -> Html {
    let ontoggle = signer_callback(state, |event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        Some(SignerAction::Encrypt(input.checked()))
    });
    let onrecipient = signer_callback(state, |event: InputEvent| {
        let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
        Some(SignerAction::EncryptRecipient(input.value()))
    });
    let onalg = signer_callback(state, |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        select.value().parse::<KeyManagement>().ok().map(SignerAction::EncryptAlg)
    });
    let onenc = signer_callback(state, |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        select.value().parse::<ContentEncryption>().ok().map(SignerAction::EncryptEnc)
    });
    html! {
        <div class="card">
            <h2>{"Encrypt for the receiver"}</h2>
            <label class="inline-check">
                <input type="checkbox" data-testid="encrypt-toggle" checked={settings.on} onchange={ontoggle} />
                {"Encrypt for the receiver (HTI:jwe)"}
            </label>
            if template == Template::HtiLaunch {
                <p class="hint" data-testid="encrypt-hti-hint">
                    {"HTI:jwe: the launch token is signed, then encrypted for the module (a nested JWT, cty JWT). \
                      This needs the module's public encryption key with a kid: the kid goes into the JWE header \
                      so the module can pick its key."}
                </p>
            }
            if settings.on {
                <div class="field">
                    <label for="encrypt-key-input">{"The receiver's public key: JWK, JWK Set or PEM (for AxxxKW and dir: the shared oct JWK)"}</label>
                    <textarea id="encrypt-key-input" data-testid="encrypt-key-input" spellcheck="false"
                        autocomplete="off" class="mono" value={settings.recipient.clone()} oninput={onrecipient}
                        placeholder="{\"kty\": \"RSA\", \"kid\": \"module-enc-1\", \"use\": \"enc\", …}" />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="encrypt-alg-select">{"Key management (alg)"}</label>
                        <select id="encrypt-alg-select" data-testid="encrypt-alg-select" onchange={onalg}>
                            { for EncryptSettings::algorithms().map(|alg| html! {
                                <option value={alg.name()} selected={alg == settings.alg}>{alg.name()}</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="encrypt-enc-select">{"Content encryption (enc)"}</label>
                        <select id="encrypt-enc-select" data-testid="encrypt-enc-select" onchange={onenc}>
                            { for ContentEncryption::ALL.into_iter().map(|enc| html! {
                                <option value={enc.name()} selected={enc == settings.enc}>{enc.name()}</option>
                            }) }
                        </select>
                    </div>
                </div>
            }
        </div>
    }
}

/// The encrypted token for the token on screen, or why there is none.
fn encrypted_output(
    encryption: &Query<Encrypted>,
    settings: &EncryptSettings,
    template: Template,
) -> Html {
    let body = match encryption {
        Query::Idle => html! {
            <p class="hint">{"Paste the receiver's public key to encrypt the signed token."}</p>
        },
        Query::Pending => html! { <p class="hint" role="status">{"Encrypting…"}</p> },
        Query::Done(Err(err)) => html! {
            <ErrorMessage testid="encrypt-error" message={Some(AttrValue::from(err.to_string()))} />
        },
        Query::Done(Ok(encrypted)) => {
            // Reading the header is parsing, not crypto: the page may do it.
            let kid_missing = decode_jwe(&encrypted.token)
                .map(|jwe| jwe.kid().is_none())
                .unwrap_or(false);
            html! {
                <>
                    <p class="hint" data-testid="encrypt-recipient">
                        {format!("{} + {}, cty JWT, for {}", settings.alg.name(), settings.enc.name(), encrypted.recipient)}
                    </p>
                    if kid_missing && template == Template::HtiLaunch {
                        <p class="notice warn" data-testid="encrypt-kid-missing">
                            {"This key has no kid, so the JWE header names none: HTI:jwe asks for the kid of the module's encryption key. Paste it as a JWK with \"kid\"."}
                        </p>
                    }
                    <pre class="output wrap" data-testid="encrypted-token">{encrypted.token.clone()}</pre>
                </>
            }
        }
    };
    let actions = match encryption {
        Query::Done(Ok(encrypted)) => html! {
            <div class="card-actions">
                <CopyButton text={encrypted.token.clone()} testid="encrypted-token-copy" aria_label="Copy the encrypted token" />
                <DownloadButton content={encrypted.token.clone()} filename="encrypted-token.jwe"
                    mime="application/jose" testid="encrypted-token-download" />
            </div>
        },
        _ => html! {},
    };
    html! {
        <div class="card">
            <div class="card-head">
                <h2>{"Encrypted token (nested JWT)"}</h2>
                { actions }
            </div>
            { body }
        </div>
    }
}
