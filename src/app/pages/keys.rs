//! The Keys view: generate, import and export keys, and manage the in-memory keyring.
//!
//! Generation runs off the main thread ([`crate::app::keygen`]) and can be cancelled. Imports
//! accept anything the engine detects (PEM, JWK, JWKS, DER by file). The selected key is shown
//! in every export format; private material is blurred until revealed, but always present in the
//! element so it can be copied.

use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::components::{pretty_json, CopyButton, DownloadButton, ErrorMessage};
use crate::app::keygen::KeygenHandle;
use crate::app::keytext::{self, material_name};
use crate::app::state::{use_app_state, Action, KeyEntry};
use crate::app::Route;
use jose::jwk::JwkOptions;
use jose::key::{export_all, import::import_file, Key, KeyKind, KeyMaterial};

/// The Keys view (`#/keys`).
#[function_component(KeysPage)]
pub fn keys_page() -> Html {
    html! {
        <section class="view" aria-labelledby="keys-title">
            <h1 id="keys-title" class="visually-hidden">{"Keys"}</h1>
            <div class="columns wide-right">
                <div class="stack">
                    <GenerateCard />
                    <ImportCard />
                    <KeyringCard />
                </div>
                <div class="stack">
                    <SelectedKeyCard />
                </div>
            </div>
        </section>
    }
}

/// Adds a key to the keyring, giving it a kid (its thumbprint) when it has none.
fn add_to_keyring(state: &crate::app::state::AppContext, key: Key, origin: &str) {
    let kid_generated = key.meta.kid.as_deref().is_none_or(str::is_empty);
    let key = keytext::with_default_kid(key);
    // "HMAC secret, 32 bytes" already says what it is; keys say whether they are private.
    let label = match key.material {
        KeyMaterial::Secret(_) => format!("{} · {origin}", key.kind().label()),
        _ => format!("{} {} · {origin}", key.kind().label(), material_name(&key)),
    };
    state.dispatch(Action::AddKey {
        key,
        label,
        kid_generated,
    });
}

/// A key generation in progress.
#[derive(Clone, PartialEq)]
struct Generating {
    kind_id: &'static str,
}

#[function_component(GenerateCard)]
fn generate_card() -> Html {
    let state = use_app_state();
    let kind_id = use_state(|| "RSA-2048");
    let generating = use_state(|| None::<Generating>);
    let error = use_state(|| None::<AttrValue>);
    // Dropping the handle cancels the generation, so leaving the view stops the work.
    let handle = use_mut_ref(|| None::<KeygenHandle>);

    let onchange = {
        let kind_id = kind_id.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let chosen = select.value();
            if let Some((id, _)) = KeyKind::GENERATABLE.iter().find(|(id, _)| *id == chosen) {
                kind_id.set(id);
            }
        })
    };
    let ongenerate = {
        let state = state.clone();
        let kind_id = kind_id.clone();
        let generating = generating.clone();
        let error = error.clone();
        let handle = handle.clone();
        Callback::from(move |_| {
            let Some(kind) = KeyKind::from_id(*kind_id) else {
                return;
            };
            error.set(None);
            generating.set(Some(Generating { kind_id: *kind_id }));
            let state = state.clone();
            let generating = generating.clone();
            let error = error.clone();
            let done_handle = handle.clone();
            let started = KeygenHandle::start(kind, move |result| {
                generating.set(None);
                match result {
                    Ok(key) => add_to_keyring(&state, key, "generated"),
                    Err(message) => {
                        error.set(Some(format!("Key generation failed: {message}").into()))
                    }
                }
                done_handle.borrow_mut().take();
            });
            *handle.borrow_mut() = Some(started);
        })
    };
    let oncancel = {
        let generating = generating.clone();
        let handle = handle.clone();
        Callback::from(move |_| {
            if let Some(running) = handle.borrow_mut().take() {
                running.cancel();
            }
            generating.set(None);
        })
    };
    html! {
        <div class="card">
            <h2>{"Generate a key"}</h2>
            <div class="field">
                <label for="keygen-type-select">{"Key type"}</label>
                <select id="keygen-type-select" data-testid="keygen-type-select" {onchange}
                    disabled={generating.is_some()}>
                    { for KeyKind::GENERATABLE.iter().map(|(id, kind)| html! {
                        <option value={*id} selected={*id == *kind_id}>{format!("{} ({})", kind.label(), algorithms_text(*kind))}</option>
                    }) }
                </select>
                <p class="hint">{"Koppeltaal servers accept RS384, ES384 and RS512: RSA 2048+ or EC P-384. HMAC secrets are for testing only (Koppeltaal and HTI forbid HS*)."}</p>
            </div>
            <div class="card-actions">
                <button type="button" class="button" data-testid="keygen-button"
                    disabled={generating.is_some()} onclick={ongenerate}>{"Generate"}</button>
                if let Some(running) = &*generating {
                    <span class="progress" data-testid="keygen-progress" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {format!("Generating {}…", running.kind_id)}
                    </span>
                    <button type="button" class="button secondary small" data-testid="keygen-cancel"
                        onclick={oncancel}>{"Cancel"}</button>
                }
            </div>
            <ErrorMessage testid="keygen-error" message={(*error).clone()} />
        </div>
    }
}

fn algorithms_text(kind: KeyKind) -> String {
    keytext::usable_algorithms(kind)
        .iter()
        .map(|alg| alg.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[function_component(ImportCard)]
fn import_card() -> Html {
    let state = use_app_state();
    let text = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<AttrValue>);
    let result = use_state(|| None::<String>);
    let dragging = use_state(|| false);
    // Keeps a file read alive until it finishes.
    let reader = use_mut_ref(|| None::<FileReader>);

    let import_text = {
        let state = state.clone();
        let password = password.clone();
        let error = error.clone();
        let result = result.clone();
        Callback::from(move |input: String| {
            let password = (!password.is_empty()).then(|| (*password).clone());
            match keytext::read_keys(&input, password.as_deref()) {
                Ok((keys, problems)) => {
                    let lines: Vec<String> =
                        keys.iter().map(|read| read.description.clone()).collect();
                    for read in keys {
                        add_to_keyring(&state, read.key, &read.description);
                    }
                    result.set(
                        (!lines.is_empty()).then(|| format!("Imported: {}", lines.join("; "))),
                    );
                    error.set((!problems.is_empty()).then(|| problems.join("; ").into()));
                }
                Err(err) => {
                    result.set(None);
                    error.set(Some(err.to_string().into()));
                }
            }
        })
    };
    // A dropped or chosen file: text goes into the box; binary (DER) is imported at once.
    let read_file = {
        let text = text.clone();
        let state = state.clone();
        let password = password.clone();
        let error = error.clone();
        let result = result.clone();
        let reader = reader.clone();
        Rc::new(move |file: web_sys::File| {
            let name = file.name();
            let text = text.clone();
            let state = state.clone();
            let password = password.clone();
            let error = error.clone();
            let result = result.clone();
            let blob = gloo::file::Blob::from(file);
            let task = gloo::file::callbacks::read_as_bytes(&blob, move |bytes| match bytes {
                Err(err) => error.set(Some(format!("Could not read {name}: {err}").into())),
                // DER starts with a SEQUENCE tag (0x30); anything else that is UTF-8 is key text.
                Ok(bytes) => match String::from_utf8(bytes.clone()) {
                    Ok(content) if bytes.first() != Some(&0x30) => {
                        text.set(content);
                        error.set(None);
                        result.set(Some(format!("Loaded {name}: press Import.")));
                    }
                    _ => {
                        let password = (!password.is_empty()).then(|| (*password).clone());
                        match import_file(&bytes, password.as_deref()) {
                            Ok(imported) => {
                                let lines: Vec<String> =
                                    imported.keys.iter().map(|key| key.describe()).collect();
                                for found in imported.keys {
                                    let origin = found.describe();
                                    add_to_keyring(&state, found.key, &origin);
                                }
                                result.set(Some(format!(
                                    "Imported from {name}: {}",
                                    lines.join("; ")
                                )));
                                let problems: Vec<String> =
                                    imported.problems.iter().map(ToString::to_string).collect();
                                error.set(
                                    (!problems.is_empty()).then(|| problems.join("; ").into()),
                                );
                            }
                            Err(err) => error.set(Some(format!("{name}: {err}").into())),
                        }
                    }
                },
            });
            *reader.borrow_mut() = Some(task);
        })
    };

    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            text.set(input.value());
        })
    };
    let onpassword = {
        let password = password.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            password.set(input.value());
        })
    };
    let onimport = {
        let text = text.clone();
        let import_text = import_text.clone();
        Callback::from(move |_| import_text.emit((*text).clone()))
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let read_file = read_file.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let file = event
                .data_transfer()
                .and_then(|transfer| transfer.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                read_file(file);
            }
        })
    };
    let onfile = {
        let read_file = read_file.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_file(file);
            }
            input.set_value("");
        })
    };
    html! {
        <div class="card">
            <h2>{"Import a key"}</h2>
            <div class="field">
                <label for="key-import-input">{"Key text: PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, SPKI, certificate), JWK or JWKS — or drop a file here"}</label>
                <textarea id="key-import-input" data-testid="key-import-input" spellcheck="false"
                    autocomplete="off" class={classes!("drop-target", dragging.then_some("drag-over"))}
                    value={(*text).clone()} {oninput} {ondragover} {ondragleave} {ondrop}
                    placeholder="-----BEGIN PRIVATE KEY-----" />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="key-import-password">{"Password (encrypted PKCS#8 only)"}</label>
                    <input id="key-import-password" data-testid="key-import-password" type="password"
                        autocomplete="off" value={(*password).clone()} oninput={onpassword} />
                </div>
                <div class="field">
                    <label for="key-import-file">{"Or choose a file"}</label>
                    <input id="key-import-file" data-testid="key-import-file" type="file"
                        accept=".pem,.key,.crt,.cer,.der,.json,.jwk,.txt" onchange={onfile} />
                </div>
            </div>
            <div class="card-actions">
                <button type="button" class="button" data-testid="key-import-button"
                    disabled={text.trim().is_empty()} onclick={onimport}>{"Import"}</button>
            </div>
            <ErrorMessage testid="key-import-error" message={(*error).clone()} />
            if let Some(done) = &*result {
                <p class="notice" data-testid="key-import-result" role="status">{done.clone()}</p>
            }
        </div>
    }
}

#[function_component(KeyringCard)]
fn keyring_card() -> Html {
    let state = use_app_state();
    let selected = state.selected_key().map(|entry| entry.id);
    html! {
        <div class="card">
            <h2>{"Keyring"}</h2>
            if state.keys.is_empty() {
                <p class="muted" data-testid="keyring-empty">{"No keys yet. Generate or import one; keys live only in this tab's memory."}</p>
            } else {
                <ul class="keyring" data-testid="keyring">
                    { for state.keys.iter().map(|entry| keyring_item(&state, entry, selected == Some(entry.id))) }
                </ul>
            }
        </div>
    }
}

fn keyring_item(state: &crate::app::state::AppContext, entry: &KeyEntry, selected: bool) -> Html {
    let id = entry.id;
    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action.clone()))
    };
    let add_to_jwks = {
        let state = state.clone();
        let key = entry.key.clone();
        Callback::from(move |_| {
            // The builder only ever holds public halves.
            if let Some(public) = key.public_key() {
                let mut public_key = Key::new(KeyMaterial::Public(public));
                public_key.meta = key.meta.clone();
                state.dispatch(Action::JwksAdd { key: public_key });
            }
        })
    };
    let is_signing = state.signing == Some(id);
    html! {
        <li class={classes!("keyring-item", selected.then_some("selected"))} data-testid="keyring-item"
            data-kid={entry.kid().to_owned()} data-key-id={id.to_string()}
            data-material={material_name(&entry.key)}>
            <div>
                <span class="key-label">{entry.label.clone()}</span>
                if is_signing { <span class="tag signing">{"signing"}</span> }
                <span class="key-kid">{format!("kid {}", entry.kid())}</span>
            </div>
            <div class="card-actions">
                <button type="button" class="button ghost small" data-testid="keyring-select"
                    aria-pressed={selected.to_string()} onclick={dispatch(Action::SelectKey(id))}>{"Show"}</button>
                if entry.key.can_sign() {
                    <button type="button" class="button ghost small" data-testid="keyring-use-for-signing"
                        aria-pressed={is_signing.to_string()} onclick={dispatch(Action::UseForSigning(id))}>{"Use for signing"}</button>
                }
                if entry.key.public_key().is_some() {
                    <button type="button" class="button ghost small" data-testid="keyring-add-to-jwks"
                        onclick={add_to_jwks}>{"Add to JWKS"}</button>
                }
                <button type="button" class="button danger small" data-testid="keyring-remove"
                    onclick={dispatch(Action::RemoveKey(id))}>{"Remove"}</button>
            </div>
        </li>
    }
}

/// Every export of the selected key.
#[function_component(SelectedKeyCard)]
fn selected_key_card() -> Html {
    let state = use_app_state();
    let revealed = use_state(|| false);
    let navigator = use_navigator();
    let Some(entry) = state.selected_key() else {
        return html! {
            <div class="card">
                <h2>{"Key details"}</h2>
                <p class="muted">{"Generate or import a key to see it as PEM, JWK and thumbprint."}</p>
            </div>
        };
    };
    let key = &entry.key;
    let options = JwkOptions::from_meta(&key.meta, false);
    let exports = export_all(key, &options);
    let thumbprint = keytext::sha256_thumbprint(key);
    let size = match key.kind() {
        KeyKind::Rsa { bits } => format!("{bits} bits"),
        KeyKind::Ec(curve) => format!("curve {}", curve.jwk_name()),
        KeyKind::Ed25519 => "curve Ed25519".to_owned(),
        KeyKind::Hmac { bytes } => format!("{} bits", bytes * 8),
    };
    let ontoggle = {
        let revealed = revealed.clone();
        Callback::from(move |_| revealed.set(!*revealed))
    };
    let onsign = {
        let state = state.clone();
        let id = entry.id;
        Callback::from(move |_| {
            state.dispatch(Action::UseForSigning(id));
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Sign);
            }
        })
    };
    html! {
        <div class="card" data-testid="key-details" data-key-id={entry.id.to_string()}>
            <div class="card-head">
                <h2>{"Key details"}</h2>
                if key.can_sign() {
                    <button type="button" class="button secondary small" data-testid="key-sign-with" onclick={onsign}>{"Sign with this key"}</button>
                }
            </div>
            <dl class="key-facts">
                <dt>{"Type"}</dt><dd data-testid="key-type">{key.kind().label()}</dd>
                <dt>{"Size"}</dt><dd data-testid="key-size">{size}</dd>
                <dt>{"Contains"}</dt><dd data-testid="key-material">{material_name(key)}</dd>
                <dt>{"Algorithms"}</dt><dd data-testid="key-algorithms">{algorithms_text(key.kind())}</dd>
                <dt>{"kid"}</dt><dd><code data-testid="key-kid">{entry.kid().to_owned()}</code></dd>
                <dt>{"Thumbprint"}</dt>
                <dd>
                    <code data-testid="key-thumbprint">{thumbprint.clone()}</code>
                    <span class="hint">{" RFC 7638, SHA-256, base64url "}</span>
                    <CopyButton text={thumbprint} testid="key-thumbprint-copy" aria_label="Copy the thumbprint" />
                </dd>
            </dl>
            { match exports {
                Err(err) => html! { <ErrorMessage testid="key-export-error" message={AttrValue::from(err.to_string())} /> },
                Ok(exports) => html! {
                    <>
                        if exports.pkcs8_pem.is_some() || exports.jwk_private.is_some() {
                            <div class="card-actions">
                                <button type="button" class="button secondary small" data-testid="private-reveal"
                                    aria-pressed={revealed.to_string()} onclick={ontoggle}>
                                    { if *revealed { "Hide private key" } else { "Reveal private key" } }
                                </button>
                                <span class="hint">{"Private material stays in this tab; copy it only to where it belongs."}</span>
                            </div>
                        }
                        if let Some(pem) = &exports.pkcs8_pem {
                            <Material testid="private-key-pem" title="Private key, PKCS#8 PEM" filename="private-key.pem"
                                content={pem.to_string()} private=true revealed={*revealed} />
                        }
                        if let Some(secret) = &exports.secret_base64url {
                            <Material testid="secret-b64" title="HMAC secret, base64url" filename="secret.txt"
                                content={secret.to_string()} private=true revealed={*revealed} />
                        }
                        if let Some(jwk) = &exports.jwk_private {
                            <Material testid="private-jwk" title="Private JWK" filename="private-jwk.json"
                                content={jwk.to_string()} private=true revealed={*revealed} />
                        }
                        if let Some(pem) = &exports.spki_pem {
                            <Material testid="public-key-pem" title="Public key, SPKI PEM" filename="public-key.pem"
                                content={pem.clone()} />
                        }
                        if let Some(jwk) = &exports.jwk_public {
                            <Material testid="public-jwk" title="Public JWK" filename="public-jwk.json"
                                content={pretty(jwk)} />
                        }
                        if let Some(pem) = &exports.pkcs1_pem {
                            <Material testid="private-key-pkcs1-pem" title="Private key, PKCS#1 PEM (legacy)" filename="private-key-pkcs1.pem"
                                content={pem.to_string()} private=true revealed={*revealed} />
                        }
                        if let Some(pem) = &exports.sec1_pem {
                            <Material testid="private-key-sec1-pem" title="Private key, SEC1 PEM (legacy)" filename="private-key-sec1.pem"
                                content={pem.to_string()} private=true revealed={*revealed} />
                        }
                    </>
                },
            } }
        </div>
    }
}

/// JSON text pretty-printed (the engine's public JWK comes compact).
fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .map(|value| pretty_json(&value))
        .unwrap_or_else(|_| json.to_owned())
}

#[derive(Properties, PartialEq)]
struct MaterialProps {
    testid: AttrValue,
    title: AttrValue,
    filename: AttrValue,
    content: AttrValue,
    #[prop_or_default]
    private: bool,
    #[prop_or_default]
    revealed: bool,
}

/// One export: heading, the text, copy and download.
#[function_component(Material)]
fn material(props: &MaterialProps) -> Html {
    let concealed = props.private && !props.revealed;
    let mime = if props.filename.ends_with(".json") {
        "application/json"
    } else {
        "application/x-pem-file"
    };
    html! {
        <div class={classes!("material", concealed.then_some("concealed"))}>
            <div class="card-head">
                <h3>{props.title.clone()}</h3>
                <div class="card-actions">
                    <CopyButton text={props.content.clone()} testid={format!("{}-copy", props.testid)}
                        aria_label={format!("Copy the {}", props.title)} />
                    <DownloadButton content={props.content.clone()} filename={props.filename.clone()}
                        mime={mime} testid={format!("{}-download", props.testid)} />
                </div>
            </div>
            <pre class="output" data-testid={props.testid.clone()} data-concealed={concealed.to_string()}
                tabindex="0" aria-label={props.title.clone()}>{props.content.clone()}</pre>
        </div>
    }
}
