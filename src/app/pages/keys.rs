//! The Keys view: generate, import and export keys, and manage the keyring.
//!
//! The keyring lives in the crypto worker ([`crate::worker`]); this view sends it requests and
//! shows what it answers. Generation can be cancelled. Imports accept anything the engine
//! detects (PEM, JWK, JWKS, DER by file). The selected key's public exports are shown at once;
//! its private exports are asked of the worker only when the user reveals them, and dropped from
//! the page again when they are hidden.

use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::components::{pretty_json, CopyButton, DownloadButton, ErrorMessage};
use crate::app::engine::{use_engine, EngineError, EngineHandle};
use crate::app::state::{use_app_state, Action, AppContext, KeyEntry, KeyId};
use crate::app::Route;
use crate::worker::keys_text::usable_algorithms;
use crate::worker::protocol::{
    KeysAdded, Material, PrivateExports, PublicSource, Request, RequestId, Response,
};
use jose::key::KeyKind;

/// What an answer of an unexpected kind is called (a bug, not something the user can fix).
const UNEXPECTED: &str = "the crypto worker gave an unexpected answer";

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

/// The key types offered for a purpose (`keygen-use-select`: `sig` or `enc`).
fn offered(key_use: &str) -> &'static [(&'static str, KeyKind)] {
    if key_use == "enc" {
        &KeyKind::GENERATABLE_ENC
    } else {
        &KeyKind::GENERATABLE
    }
}

/// The JWE key-management algorithms a key of this kind is used with (text only).
fn enc_algorithms(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rsa { .. } => "RSA-OAEP, RSA-OAEP-256",
        KeyKind::Ec(_) | KeyKind::X25519 => "ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW",
        KeyKind::Hmac { bytes: 16 } => "A128KW, A128GCMKW, dir",
        KeyKind::Hmac { bytes: 24 } => "A192KW, A192GCMKW, dir",
        KeyKind::Hmac { bytes: 32 } => "A256KW, A256GCMKW, dir",
        KeyKind::Hmac { .. } | KeyKind::Ed25519 => "none",
    }
}

/// A key generation in progress.
#[derive(Clone, PartialEq)]
struct Generating {
    kind_id: &'static str,
}

#[function_component(GenerateCard)]
fn generate_card() -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let kind_id = use_state(|| "RSA-2048");
    // The purpose: "sig" (no `use` set, as before) or "enc" (`use: enc`).
    let key_use = use_state(|| "sig");
    let generating = use_state(|| None::<Generating>);
    let error = use_state(|| None::<AttrValue>);
    // The running request, read by answers and by the unmount clean-up, which outlive renders.
    let running = use_mut_ref(|| None::<RequestId>);
    {
        let running = running.clone();
        let client = engine.client.clone();
        // Leaving the view stops the generation, as the progress line and Cancel go with it.
        use_effect_with((), move |_| {
            move || {
                if let Some(request) = running.borrow_mut().take() {
                    client.cancel(request);
                }
            }
        });
    }

    let onchange = {
        let kind_id = kind_id.clone();
        let key_use = key_use.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let chosen = select.value();
            if let Some((id, _)) = offered(&key_use).iter().find(|(id, _)| *id == chosen) {
                kind_id.set(id);
            }
        })
    };
    let onuse = {
        let kind_id = kind_id.clone();
        let key_use = key_use.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let chosen: &'static str = if select.value() == "enc" { "enc" } else { "sig" };
            key_use.set(chosen);
            // A type the new purpose does not offer (Ed25519, X25519, AES) gives way to the first.
            let types = offered(chosen);
            if !types.iter().any(|(id, _)| *id == *kind_id) {
                if let Some((first, _)) = types.first() {
                    kind_id.set(first);
                }
            }
        })
    };
    let ongenerate = {
        let state = state.clone();
        let engine = engine.clone();
        let kind_id = kind_id.clone();
        let key_use = key_use.clone();
        let generating = generating.clone();
        let error = error.clone();
        let running = running.clone();
        Callback::from(move |_| {
            let Some(kind) = KeyKind::from_id(*kind_id) else {
                return;
            };
            error.set(None);
            let key_use = (*key_use == "enc").then(|| "enc".to_owned());
            let (request, answer) = engine
                .client
                .call_cancellable(Request::Generate { kind, key_use, label: None });
            *running.borrow_mut() = Some(request);
            generating.set(Some(Generating { kind_id: *kind_id }));
            let state = state.clone();
            let generating = generating.clone();
            let error = error.clone();
            let running = running.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = answer.await;
                // A cancelled or replaced generation no longer owns the progress line.
                if *running.borrow() != Some(request) {
                    return;
                }
                running.borrow_mut().take();
                generating.set(None);
                match answer {
                    Ok(Response::KeysAdded(added)) => {
                        if !added.problems.is_empty() {
                            error.set(Some(
                                format!("Key generation failed: {}", added.problems.join("; "))
                                    .into(),
                            ));
                        }
                        state.dispatch(Action::AddKeys(added.keys));
                    }
                    Ok(_) => error.set(Some(format!("Key generation failed: {UNEXPECTED}").into())),
                    Err(EngineError::Cancelled) => {}
                    Err(err) => error.set(Some(format!("Key generation failed: {err}").into())),
                }
            });
        })
    };
    let oncancel = {
        let engine = engine.clone();
        let generating = generating.clone();
        let running = running.clone();
        Callback::from(move |_| {
            if let Some(request) = running.borrow_mut().take() {
                engine.client.cancel(request);
            }
            generating.set(None);
        })
    };
    html! {
        <div class="card">
            <h2>{"Generate a key"}</h2>
            <div class="field">
                <label for="keygen-use-select">{"Purpose"}</label>
                <select id="keygen-use-select" data-testid="keygen-use-select" onchange={onuse}
                    disabled={generating.is_some()}>
                    <option value="sig" selected={*key_use != "enc"}>{"Signing"}</option>
                    <option value="enc" selected={*key_use == "enc"}>{"Encryption (HTI:jwe)"}</option>
                </select>
            </div>
            <div class="field">
                <label for="keygen-type-select">{"Key type"}</label>
                <select id="keygen-type-select" data-testid="keygen-type-select" {onchange}
                    disabled={generating.is_some()}>
                    { for offered(&key_use).iter().map(|(id, kind)| {
                        let text = if *key_use == "enc" {
                            format!("{} ({})", kind.label_for_use(Some("enc")), enc_algorithms(*kind))
                        } else {
                            format!("{} ({})", kind.label(), algorithms_text(&usable_algorithms(*kind)))
                        };
                        html! { <option value={*id} selected={*id == *kind_id}>{text}</option> }
                    }) }
                </select>
                if *key_use == "enc" {
                    <p class="hint">{"Marked use: enc. HTI:jwe receivers publish such a key: RSA for RSA-OAEP, EC or X25519 for ECDH-ES; AES keys are shared secrets for key wrap or dir."}</p>
                } else {
                    <p class="hint">{"Koppeltaal servers accept RS384, ES384 and RS512: RSA 2048+ or EC P-384. HMAC secrets are for testing only (Koppeltaal and HTI forbid HS*)."}</p>
                }
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

fn algorithms_text(algorithms: &[jose::JwsAlgorithm]) -> String {
    algorithms
        .iter()
        .map(|alg| alg.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Words the keys an import added (their labels) as the result line.
type ImportedLine = Box<dyn FnOnce(&[String]) -> String>;

/// Shows an import's answer: the keys go to the keyring, `done` words what was imported.
fn show_import(
    state: &AppContext,
    answer: Result<Response, EngineError>,
    done: impl FnOnce(&[String]) -> String,
    result: &UseStateHandle<Option<String>>,
    error: &UseStateHandle<Option<AttrValue>>,
) {
    match answer {
        Ok(Response::KeysAdded(KeysAdded { keys, problems, .. })) => {
            let labels: Vec<String> = keys.iter().map(|key| key.label.clone()).collect();
            result.set((!labels.is_empty()).then(|| done(&labels)));
            error.set((!problems.is_empty()).then(|| problems.join("; ").into()));
            if !keys.is_empty() {
                state.dispatch(Action::AddKeys(keys));
            }
        }
        Ok(_) => {
            result.set(None);
            error.set(Some(UNEXPECTED.into()));
        }
        Err(EngineError::Cancelled) => {}
        Err(err) => {
            result.set(None);
            error.set(Some(err.to_string().into()));
        }
    }
}

#[function_component(ImportCard)]
fn import_card() -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let text = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<AttrValue>);
    let result = use_state(|| None::<String>);
    let dragging = use_state(|| false);
    let importing = use_state(|| false);
    // Keeps a file read alive until it finishes.
    let reader = use_mut_ref(|| None::<FileReader>);

    // Sends an import request; the answer fills the keyring and the result or error line.
    let import = {
        let state = state.clone();
        let engine = engine.clone();
        let error = error.clone();
        let result = result.clone();
        let importing = importing.clone();
        Rc::new(move |request: Request, done: ImportedLine| {
            // Cleared first, so the lines shown are always about the latest import.
            error.set(None);
            result.set(None);
            importing.set(true);
            let call = engine.call(request);
            let state = state.clone();
            let error = error.clone();
            let result = result.clone();
            let importing = importing.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = call.await;
                importing.set(false);
                show_import(&state, answer, done, &result, &error);
            });
        })
    };
    let password_value = {
        let password = password.clone();
        move || (!password.is_empty()).then(|| (*password).clone())
    };
    // A dropped or chosen file: text goes into the box; binary (DER) is imported at once.
    let read_file = {
        let text = text.clone();
        let error = error.clone();
        let result = result.clone();
        let reader = reader.clone();
        let import = import.clone();
        let password_value = password_value.clone();
        Rc::new(move |file: web_sys::File| {
            let name = file.name();
            let text = text.clone();
            let error = error.clone();
            let result = result.clone();
            let import = import.clone();
            let password = password_value();
            let blob = gloo::file::Blob::from(file);
            let task = gloo::file::callbacks::read_as_bytes(&blob, move |bytes| match bytes {
                Err(err) => error.set(Some(format!("Could not read {name}: {err}").into())),
                // DER starts with a SEQUENCE tag (0x30); anything else that is UTF-8 is key text.
                Ok(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(content) if bytes.first() != Some(&0x30) => {
                        text.set(content.to_owned());
                        error.set(None);
                        result.set(Some(format!("Loaded {name}: press Import.")));
                    }
                    _ => {
                        let done_name = name.clone();
                        import(
                            Request::ImportFile {
                                bytes,
                                name,
                                password,
                            },
                            Box::new(move |labels| {
                                format!("Imported from {done_name}: {}", labels.join("; "))
                            }),
                        );
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
        let import = import.clone();
        Callback::from(move |_| {
            import(
                Request::Import {
                    text: (*text).clone(),
                    password: password_value(),
                },
                Box::new(|labels| format!("Imported: {}", labels.join("; "))),
            );
        })
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
                    disabled={text.trim().is_empty() || *importing} onclick={onimport}>{"Import"}</button>
                if *importing {
                    <span class="progress" role="status">
                        <span class="spinner" aria-hidden="true"></span>{"Importing…"}
                    </span>
                }
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
    let engine = use_engine();
    let selected = state.selected_key().map(|entry| entry.id);
    html! {
        <div class="card">
            <h2>{"Keyring"}</h2>
            if state.keys.is_empty() {
                <p class="muted" data-testid="keyring-empty">{"No keys yet. Generate or import one; keys live only in this tab's memory."}</p>
            } else {
                <ul class="keyring" data-testid="keyring">
                    { for state.keys.iter().map(|entry| keyring_item(&state, &engine, entry, selected == Some(entry.id))) }
                </ul>
            }
        </div>
    }
}

fn keyring_item(
    state: &AppContext,
    engine: &EngineHandle,
    entry: &KeyEntry,
    selected: bool,
) -> Html {
    let id = entry.id;
    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action.clone()))
    };
    let add_to_jwks = {
        let state = state.clone();
        let engine = engine.clone();
        Callback::from(move |_| {
            // The worker hands over the public half only; the builder never holds more.
            let call = engine.call(Request::PublicKeys(PublicSource::Keyring(vec![id])));
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // A failure here can only be a worker restart, which the app reports itself.
                if let Ok(Response::PublicKeys(added)) = call.await {
                    for key in added.keys {
                        state.dispatch(Action::JwksAdd(key));
                    }
                }
            });
        })
    };
    let onremove = {
        let state = state.clone();
        let engine = engine.clone();
        Callback::from(move |_| {
            state.dispatch(Action::RemoveKey(id));
            // The worker forgets too; if it is restarting, it has forgotten already.
            let removed = engine.call(Request::Remove { id });
            wasm_bindgen_futures::spawn_local(async move {
                let _ = removed.await;
            });
        })
    };
    let is_signing = state.signing == Some(id);
    html! {
        <li class={classes!("keyring-item", selected.then_some("selected"))} data-testid="keyring-item"
            data-kid={entry.kid().to_owned()} data-key-id={id.to_string()}
            data-material={entry.material.as_str()} data-use={entry.key_use.clone().unwrap_or_default()}>
            <div>
                <span class="key-label">{entry.label.clone()}</span>
                if let Some(key_use) = &entry.key_use {
                    <span class="tag key-use" data-testid="keyring-use" title={use_text(key_use)}>{key_use.clone()}</span>
                }
                if is_signing { <span class="tag signing">{"signing"}</span> }
                <span class="key-kid">{format!("kid {}", entry.kid())}</span>
            </div>
            <div class="card-actions">
                <button type="button" class="button ghost small" data-testid="keyring-select"
                    aria-pressed={selected.to_string()} onclick={dispatch(Action::SelectKey(id))}>{"Show"}</button>
                if entry.can_sign() {
                    <button type="button" class="button ghost small" data-testid="keyring-use-for-signing"
                        aria-pressed={is_signing.to_string()} onclick={dispatch(Action::UseForSigning(id))}>{"Use for signing"}</button>
                }
                if entry.material != Material::Secret {
                    <button type="button" class="button ghost small" data-testid="keyring-add-to-jwks"
                        onclick={add_to_jwks}>{"Add to JWKS"}</button>
                }
                <button type="button" class="button danger small" data-testid="keyring-remove"
                    onclick={onremove}>{"Remove"}</button>
            </div>
        </li>
    }
}

/// What a JWK `use` value means, in words.
fn use_text(key_use: &str) -> String {
    match key_use {
        "enc" => "encryption (JWE)".to_owned(),
        "sig" => "signing (JWS)".to_owned(),
        other => format!("{other} (not a registered use)"),
    }
}

/// One private export: where it is shown and which field of [`PrivateExports`] it is.
struct PrivateBlock {
    testid: &'static str,
    title: &'static str,
    filename: &'static str,
    pick: fn(&PrivateExports) -> Option<&String>,
}

const PKCS8_PEM: PrivateBlock = PrivateBlock {
    testid: "private-key-pem",
    title: "Private key, PKCS#8 PEM",
    filename: "private-key.pem",
    pick: |exports| exports.pkcs8_pem.as_ref(),
};
const SECRET_B64: PrivateBlock = PrivateBlock {
    testid: "secret-b64",
    title: "HMAC secret, base64url",
    filename: "secret.txt",
    pick: |exports| exports.secret_b64url.as_ref(),
};
const PRIVATE_JWK: PrivateBlock = PrivateBlock {
    testid: "private-jwk",
    title: "Private JWK",
    filename: "private-jwk.json",
    pick: |exports| exports.jwk.as_ref(),
};
const PKCS1_PEM: PrivateBlock = PrivateBlock {
    testid: "private-key-pkcs1-pem",
    title: "Private key, PKCS#1 PEM (legacy)",
    filename: "private-key-pkcs1.pem",
    pick: |exports| exports.pkcs1_pem.as_ref(),
};
const SEC1_PEM: PrivateBlock = PrivateBlock {
    testid: "private-key-sec1-pem",
    title: "Private key, SEC1 PEM (legacy)",
    filename: "private-key-sec1.pem",
    pick: |exports| exports.sec1_pem.as_ref(),
};

/// The private exports a key has (the ones shown before the public exports, and the legacy
/// ones after), known from its kind without asking the worker, so the headings show unrevealed.
fn private_blocks(entry: &KeyEntry) -> (Vec<&'static PrivateBlock>, Vec<&'static PrivateBlock>) {
    match (entry.material, entry.kind) {
        (Material::Public, _) => (Vec::new(), Vec::new()),
        (Material::Secret, _) => (vec![&SECRET_B64, &PRIVATE_JWK], Vec::new()),
        (Material::Private, KeyKind::Rsa { .. }) => {
            (vec![&PKCS8_PEM, &PRIVATE_JWK], vec![&PKCS1_PEM])
        }
        (Material::Private, KeyKind::Ec(_)) => (vec![&PKCS8_PEM, &PRIVATE_JWK], vec![&SEC1_PEM]),
        (Material::Private, _) => (vec![&PKCS8_PEM, &PRIVATE_JWK], Vec::new()),
    }
}

/// One block per private export: the text once revealed, otherwise the heading alone.
fn private_material(blocks: &[&'static PrivateBlock], revealed: Option<&PrivateExports>) -> Html {
    html! {
        { for blocks.iter().filter_map(|block| {
            let content = match revealed {
                // A form the key turned out not to have is left out, not shown empty.
                Some(exports) => Some((block.pick)(exports)?.clone()),
                None => None,
            };
            Some(html! {
                <MaterialBlock testid={block.testid} title={block.title} filename={block.filename}
                    content={content.map(AttrValue::from)} private=true />
            })
        }) }
    }
}

/// Private exports the user revealed, for one key.
#[derive(Clone, PartialEq)]
struct Revealed {
    id: KeyId,
    exports: Rc<PrivateExports>,
}

/// Every export of the selected key.
#[function_component(SelectedKeyCard)]
fn selected_key_card() -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let navigator = use_navigator();
    let revealed = use_state_eq(|| None::<Revealed>);
    let revealing = use_state_eq(|| false);
    let error = use_state_eq(|| None::<AttrValue>);
    let shown = state.selected_key().map(|entry| entry.id);
    // The key on screen, for answers that arrive after the user moved on: they are dropped.
    let shown_now = use_mut_ref(|| shown);
    {
        let revealed = revealed.clone();
        let revealing = revealing.clone();
        let error = error.clone();
        let shown_now = shown_now.clone();
        // Another key (or none) on screen: the revealed private text leaves the page.
        use_effect_with(shown, move |shown| {
            *shown_now.borrow_mut() = *shown;
            revealed.set(None);
            revealing.set(false);
            error.set(None);
        });
    }
    let Some(entry) = state.selected_key() else {
        return html! {
            <div class="card">
                <h2>{"Key details"}</h2>
                <p class="muted">{"Generate or import a key to see it as PEM, JWK and thumbprint."}</p>
            </div>
        };
    };
    let id = entry.id;
    let exports = (*revealed)
        .as_ref()
        .filter(|revealed| revealed.id == id)
        .map(|revealed| revealed.exports.clone());
    let size = match entry.kind {
        KeyKind::Rsa { bits } => format!("{bits} bits"),
        KeyKind::Ec(curve) => format!("curve {}", curve.jwk_name()),
        KeyKind::Ed25519 => "curve Ed25519".to_owned(),
        KeyKind::X25519 => "curve X25519 (key agreement only)".to_owned(),
        KeyKind::Hmac { bytes } => format!("{} bits", bytes * 8),
    };
    let encrypting = entry.key_use.as_deref() == Some("enc");
    let algorithms = if encrypting {
        enc_algorithms(entry.kind).to_owned()
    } else if entry.signing_algorithms.is_empty() {
        algorithms_text(entry.kind.algorithms())
    } else {
        algorithms_text(&entry.signing_algorithms)
    };
    let ontoggle = {
        let engine = engine.clone();
        let revealed = revealed.clone();
        let revealing = revealing.clone();
        let error = error.clone();
        let is_revealed = exports.is_some();
        Callback::from(move |_| {
            if is_revealed {
                revealed.set(None);
                return;
            }
            revealing.set(true);
            error.set(None);
            let call = engine.call(Request::ExportPrivate { id });
            let revealed = revealed.clone();
            let revealing = revealing.clone();
            let error = error.clone();
            let shown_now = shown_now.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = call.await;
                if *shown_now.borrow() != Some(id) {
                    return;
                }
                revealing.set(false);
                match answer {
                    Ok(Response::Exported(exports)) => revealed.set(Some(Revealed {
                        id,
                        exports: Rc::new(exports),
                    })),
                    Ok(_) => error.set(Some(UNEXPECTED.into())),
                    Err(EngineError::Cancelled) => {}
                    Err(err) => error.set(Some(
                        format!("The private key could not be exported: {err}").into(),
                    )),
                }
            });
        })
    };
    let onsign = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::UseForSigning(id));
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Sign);
            }
        })
    };
    let (private_first, private_legacy) = private_blocks(entry);
    let public_jwk = entry.public_jwk.as_deref().map(pretty);
    html! {
        <div class="card" data-testid="key-details" data-key-id={id.to_string()}>
            <div class="card-head">
                <h2>{"Key details"}</h2>
                if entry.can_sign() {
                    <button type="button" class="button secondary small" data-testid="key-sign-with" onclick={onsign}>{"Sign with this key"}</button>
                }
            </div>
            <dl class="key-facts">
                <dt>{"Type"}</dt><dd data-testid="key-type">{entry.kind.label_for_use(entry.key_use.as_deref())}</dd>
                <dt>{"Size"}</dt><dd data-testid="key-size">{size}</dd>
                <dt>{"Contains"}</dt><dd data-testid="key-material">{entry.material.as_str()}</dd>
                <dt>{"Use"}</dt>
                <dd data-testid="key-use" data-use={entry.key_use.clone().unwrap_or_default()}>
                    { match &entry.key_use {
                        Some(key_use) => format!("{key_use}: {}", use_text(key_use)),
                        None => "not set (any)".to_owned(),
                    } }
                </dd>
                <dt>{"Algorithms"}</dt><dd data-testid="key-algorithms">{algorithms}</dd>
                <dt>{"kid"}</dt><dd><code data-testid="key-kid">{entry.kid().to_owned()}</code></dd>
                <dt>{"Thumbprint"}</dt>
                <dd>
                    <code data-testid="key-thumbprint">{entry.thumbprint.clone()}</code>
                    <span class="hint">{" RFC 7638, SHA-256, base64url "}</span>
                    <CopyButton text={entry.thumbprint.clone()} testid="key-thumbprint-copy" aria_label="Copy the thumbprint" />
                </dd>
            </dl>
            if !private_first.is_empty() {
                <div class="card-actions">
                    <button type="button" class="button secondary small" data-testid="private-reveal"
                        aria-pressed={exports.is_some().to_string()} disabled={*revealing} onclick={ontoggle}>
                        { if exports.is_some() { "Hide private key" } else if *revealing { "Revealing…" } else { "Reveal private key" } }
                    </button>
                    <span class="hint">{"Private material stays in this tab; copy it only to where it belongs."}</span>
                </div>
            }
            <ErrorMessage testid="key-export-error" message={(*error).clone()} />
            { private_material(&private_first, exports.as_deref()) }
            if let Some(pem) = &entry.spki_pem {
                <MaterialBlock testid="public-key-pem" title="Public key, SPKI PEM" filename="public-key.pem"
                    content={Some(AttrValue::from(pem.clone()))} />
            }
            if let Some(jwk) = public_jwk {
                <MaterialBlock testid="public-jwk" title="Public JWK" filename="public-jwk.json"
                    content={Some(AttrValue::from(jwk))} />
            }
            { private_material(&private_legacy, exports.as_deref()) }
        </div>
    }
}

/// JSON text pretty-printed (the worker sends the public JWK compact).
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
    /// The text; `None` for private material that has not been revealed.
    content: Option<AttrValue>,
    #[prop_or_default]
    private: bool,
}

/// One export: heading, the text, copy and download. Unrevealed private material is only a
/// heading and a note: its text is not on the page until the user reveals it.
#[function_component(MaterialBlock)]
fn material_block(props: &MaterialProps) -> Html {
    let concealed = props.private && props.content.is_none();
    let mime = if props.filename.ends_with(".json") {
        "application/json"
    } else {
        "application/x-pem-file"
    };
    html! {
        <div class="material">
            <div class="card-head">
                <h3>{props.title.clone()}</h3>
                if let Some(content) = &props.content {
                    <div class="card-actions">
                        <CopyButton text={content.clone()} testid={format!("{}-copy", props.testid)}
                            aria_label={format!("Copy the {}", props.title)} />
                        <DownloadButton content={content.clone()} filename={props.filename.clone()}
                            mime={mime} testid={format!("{}-download", props.testid)} />
                    </div>
                }
            </div>
            if concealed {
                <p class="hint">{"Hidden. Press “Reveal private key” to show, copy or download it."}</p>
            }
            <pre class="output" data-testid={props.testid.clone()} data-concealed={concealed.to_string()}
                hidden={concealed} tabindex={(!concealed).then_some("0")} aria-label={props.title.clone()}>
                {props.content.clone().unwrap_or_default()}
            </pre>
        </div>
    }
}
