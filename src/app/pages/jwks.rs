//! The JWKS builder: collect public keys, choose their `kid`, `use` and `alg`, and get a JWK Set
//! to publish, checked the way a receiver would check it.
//!
//! Only public halves ever enter the builder: a pasted private key is reduced to its public half
//! (and the user is told), an HMAC secret is refused.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::{
    pretty_json, CopyButton, DownloadButton, ErrorMessage, FindingsList, JsonView, KeySelect,
};
use crate::app::keytext;
use crate::app::state::{use_app_state, Action, AppContext, JwksEntry, KeyId};
use jose::alg::JwsAlgorithm;
use jose::jwks::{build_jwks, validate_jwks, JwksOptions, KidStrategy};
use jose::key::{Key, KeyMaterial};

/// The `kid-strategy-select` options: value, caption.
const STRATEGIES: [(KidStrategy, &str, &str); 3] = [
    (
        KidStrategy::Rfc7638Sha256,
        "rfc7638-sha256",
        "RFC 7638 thumbprint, SHA-256 (Koppeltaal auth server)",
    ),
    (
        KidStrategy::Rfc7638Md5,
        "rfc7638-md5",
        "RFC 7638 JSON, MD5, base64url (jose4j, Koppeltaal Spring-JWKS)",
    ),
    (KidStrategy::Custom, "custom", "Custom: each key's own kid"),
];

/// The JWKS builder view (`#/jwks`).
#[function_component(JwksPage)]
pub fn jwks_page() -> Html {
    let state = use_app_state();
    let built = build_output(&state);
    html! {
        <section class="view" aria-labelledby="jwks-title">
            <h1 id="jwks-title" class="visually-hidden">{"JWKS builder"}</h1>
            <div class="columns">
                <div class="stack">
                    <AddKeysCard />
                    <EntriesCard />
                </div>
                <div class="stack">
                    <OutputCard output={built.output.clone()} error={built.error.clone()} />
                </div>
            </div>
        </section>
    }
}

/// The `kid` an entry gets under the current strategy.
fn entry_kid(entry: &JwksEntry, strategy: KidStrategy) -> Option<String> {
    if entry.kid_edited || strategy == KidStrategy::Custom {
        return entry.own_kid.clone();
    }
    entry
        .key
        .public_key()
        .and_then(|public| strategy.thumbprint_kid(&public))
}

/// Why an entry's `alg` cannot be written, if it cannot.
fn alg_problem(entry: &JwksEntry) -> Option<String> {
    let alg = entry.alg.trim();
    if alg.is_empty() {
        return None;
    }
    match alg.parse::<JwsAlgorithm>() {
        Err(err) => Some(err.to_string()),
        Ok(alg) if !entry.key.kind().algorithms().contains(&alg) => Some(format!(
            "{alg} needs {}; this is {}",
            alg.key_needed(),
            entry.key.kind().label()
        )),
        Ok(_) => None,
    }
}

struct Built {
    output: Option<Rc<Value>>,
    error: Option<AttrValue>,
}

/// The JWK Set from the builder's entries: the engine writes the public members, then the
/// user's `use` replaces the default `sig` (so a wrong `use` shows up in the findings).
fn build_output(state: &AppContext) -> Built {
    if state.jwks.is_empty() {
        return Built {
            output: None,
            error: None,
        };
    }
    let mut keys = Vec::with_capacity(state.jwks.len());
    for (index, entry) in state.jwks.iter().enumerate() {
        let Some(kid) = entry_kid(entry, state.kid_strategy).filter(|kid| !kid.is_empty()) else {
            return Built {
                output: None,
                error: Some(
                    format!(
                        "Key {} has no kid: type one, or choose a thumbprint strategy.",
                        index + 1
                    )
                    .into(),
                ),
            };
        };
        let mut key = (*entry.key).clone();
        key.meta.kid = Some(kid);
        key.meta.alg = (!entry.alg.trim().is_empty() && alg_problem(entry).is_none())
            .then(|| entry.alg.trim().to_owned());
        keys.push(key);
    }
    let options = JwksOptions {
        kid_strategy: KidStrategy::Custom,
        alg: None,
    };
    match build_jwks(&keys, &options) {
        Err(err) => Built {
            output: None,
            error: Some(err.to_string().into()),
        },
        Ok(jwks) => {
            let mut value = jwks.to_value();
            if let Some(Value::Array(built)) = value.get_mut("keys") {
                for (jwk, entry) in built.iter_mut().zip(state.jwks.iter()) {
                    if let Value::Object(members) = jwk {
                        let key_use = entry.key_use.trim();
                        if key_use.is_empty() {
                            members.remove("use");
                        } else {
                            members.insert("use".to_owned(), Value::String(key_use.to_owned()));
                        }
                    }
                }
            }
            Built {
                output: Some(Rc::new(value)),
                error: None,
            }
        }
    }
}

#[function_component(AddKeysCard)]
fn add_keys_card() -> Html {
    let state = use_app_state();
    let text = use_state(String::new);
    let error = use_state(|| None::<AttrValue>);
    let notice = use_state(|| None::<String>);
    let keyring_choice = use_state(|| None::<KeyId>);

    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            text.set(input.value());
        })
    };
    let onadd = {
        let state = state.clone();
        let text = text.clone();
        let error = error.clone();
        let notice = notice.clone();
        Callback::from(move |_| match keytext::read_keys(&text, None) {
            Err(err) => {
                notice.set(None);
                error.set(Some(err.to_string().into()));
            }
            Ok((read, mut problems)) => {
                let mut lines = Vec::new();
                for found in read {
                    match add_public_half(&state, &found.key) {
                        Ok(reduced) => lines.push(if reduced {
                            format!(
                                "{}: a private key — only its public half was added",
                                found.description
                            )
                        } else {
                            format!("{}: added", found.description)
                        }),
                        Err(problem) => problems.push(format!("{}: {problem}", found.description)),
                    }
                }
                notice.set((!lines.is_empty()).then(|| lines.join("; ")));
                error.set((!problems.is_empty()).then(|| problems.join("; ").into()));
                if !lines.is_empty() {
                    text.set(String::new());
                }
            }
        })
    };
    let onkeyring = {
        let keyring_choice = keyring_choice.clone();
        Callback::from(move |id: Option<KeyId>| keyring_choice.set(id))
    };
    let onadd_keyring = {
        let state = state.clone();
        let keyring_choice = keyring_choice.clone();
        let notice = notice.clone();
        let error = error.clone();
        Callback::from(move |_| {
            let chosen: Vec<Rc<Key>> = match *keyring_choice {
                Some(id) => state
                    .key(id)
                    .map(|entry| entry.key.clone())
                    .into_iter()
                    .collect(),
                None => state.keys.iter().map(|entry| entry.key.clone()).collect(),
            };
            let added = chosen
                .iter()
                .filter(|key| add_public_half(&state, key).is_ok())
                .count();
            error.set(None);
            notice.set(Some(format!(
                "Added {added} public key(s) from the keyring (HMAC secrets are never published)."
            )));
        })
    };
    let preview = (text.trim_start().starts_with('{') && text.contains("\"keys\""))
        .then(|| Rc::new(validate_jwks(&text).findings));
    html! {
        <div class="card">
            <h2>{"Add keys"}</h2>
            <div class="field">
                <label for="jwks-add-input">{"PEM, JWK or a whole JWKS"}</label>
                <textarea id="jwks-add-input" data-testid="jwks-add-input" spellcheck="false"
                    autocomplete="off" value={(*text).clone()} {oninput}
                    placeholder="-----BEGIN PUBLIC KEY-----  or  {\"keys\": [...]}" />
                <p class="hint">{"Private keys are reduced to their public half before they enter the set."}</p>
            </div>
            if let Some(findings) = preview {
                <div class="field">
                    <span class="label">{"Checks on the pasted JWKS"}</span>
                    <FindingsList findings={findings} testid="jwks-input-findings" />
                </div>
            }
            <div class="card-actions">
                <button type="button" class="button" data-testid="jwks-add-button"
                    disabled={text.trim().is_empty()} onclick={onadd}>{"Add"}</button>
            </div>
            <ErrorMessage testid="jwks-add-error" message={(*error).clone()} />
            if let Some(done) = &*notice {
                <p class="notice" data-testid="jwks-add-notice" role="status">{done.clone()}</p>
            }
            <KeySelect testid="jwks-keyring-select" id="jwks-keyring-select" label="From the keyring"
                value={*keyring_choice} onchange={onkeyring} none_label="All keys in the keyring" />
            <button type="button" class="button secondary" data-testid="jwks-add-from-keyring"
                disabled={state.keys.is_empty()} onclick={onadd_keyring}>{"Add from keyring"}</button>
        </div>
    }
}

/// Puts a key's public half in the builder. `Ok(true)` when a private key was reduced.
fn add_public_half(state: &AppContext, key: &Key) -> Result<bool, &'static str> {
    let public = key
        .public_key()
        .ok_or("an HMAC secret has no public half and must never be published")?;
    let mut public_key = Key::new(KeyMaterial::Public(public));
    public_key.meta = key.meta.clone();
    state.dispatch(Action::JwksAdd { key: public_key });
    Ok(matches!(key.material, KeyMaterial::Private(_)))
}

#[function_component(EntriesCard)]
fn entries_card() -> Html {
    let state = use_app_state();
    let onstrategy = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            if let Some((strategy, _, _)) = STRATEGIES.iter().find(|(_, id, _)| *id == value) {
                state.dispatch(Action::JwksSetStrategy(*strategy));
            }
        })
    };
    let onclear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::JwksClear))
    };
    html! {
        <div class="card">
            <div class="card-head">
                <h2>{format!("Keys in the set ({})", state.jwks.len())}</h2>
                <button type="button" class="button danger small" data-testid="jwks-clear"
                    disabled={state.jwks.is_empty()} onclick={onclear}>{"Remove all"}</button>
            </div>
            <div class="field">
                <label for="kid-strategy-select">{"kid"}</label>
                <select id="kid-strategy-select" data-testid="kid-strategy-select" onchange={onstrategy}>
                    { for STRATEGIES.iter().map(|(strategy, id, caption)| html! {
                        <option value={*id} selected={*strategy == state.kid_strategy}>{*caption}</option>
                    }) }
                </select>
            </div>
            if state.jwks.is_empty() {
                <p class="muted">{"No keys yet."}</p>
            } else {
                <ul class="jwks-entries">
                    { for state.jwks.iter().enumerate().map(|(index, entry)| entry_item(&state, index, entry)) }
                </ul>
            }
        </div>
    }
}

fn entry_item(state: &AppContext, index: usize, entry: &JwksEntry) -> Html {
    let id = entry.id;
    let kid = entry_kid(entry, state.kid_strategy).unwrap_or_default();
    let text_action = |make: fn(u32, String) -> Action| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.dispatch(make(id, input.value()));
        })
    };
    let onremove = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::JwksRemove(id)))
    };
    let field_id = |name: &str| format!("jwks-{name}-{id}");
    html! {
        <li class="jwks-entry" data-testid="jwks-entry" data-kid={kid.clone()}>
            <div class="card-head">
                <h3>{format!("{}. {}", index + 1, entry.key.kind().label())}</h3>
                <button type="button" class="button danger small" data-testid="jwks-entry-remove"
                    onclick={onremove}>{"Remove"}</button>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for={field_id("kid")}>{"kid"}</label>
                    <input id={field_id("kid")} data-testid="jwks-entry-kid" type="text" spellcheck="false"
                        value={kid} oninput={text_action(Action::JwksSetKid)} />
                </div>
                <div class="field">
                    <label for={field_id("use")}>{"use"}</label>
                    <input id={field_id("use")} data-testid="jwks-entry-use" type="text" spellcheck="false"
                        value={entry.key_use.clone()} oninput={text_action(Action::JwksSetUse)} />
                </div>
                <div class="field">
                    <label for={field_id("alg")}>{"alg (optional)"}</label>
                    <input id={field_id("alg")} data-testid="jwks-entry-alg" type="text" spellcheck="false"
                        list={field_id("algs")} value={entry.alg.clone()} oninput={text_action(Action::JwksSetAlg)} />
                    <datalist id={field_id("algs")}>
                        { for entry.key.kind().algorithms().iter().map(|alg| html! { <option value={alg.name()} /> }) }
                    </datalist>
                </div>
            </div>
            <ErrorMessage testid="jwks-entry-error" message={alg_problem(entry).map(AttrValue::from)} />
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct OutputProps {
    output: Option<Rc<Value>>,
    error: Option<AttrValue>,
}

/// The JWK Set, its copy and download, and what a receiver would say about it.
#[function_component(OutputCard)]
fn output_card(props: &OutputProps) -> Html {
    let text = props.output.as_ref().map(|value| pretty_json(value));
    let findings = text
        .as_ref()
        .map(|text| Rc::new(validate_jwks(text).findings));
    html! {
        <div class="card">
            <div class="card-head">
                <h2>{"JWK Set"}</h2>
                if let Some(text) = &text {
                    <div class="card-actions">
                        <CopyButton text={text.clone()} testid="jwks-copy" aria_label="Copy the JWK Set" />
                        <DownloadButton content={text.clone()} filename="jwks.json" mime="application/json"
                            testid="jwks-download" label="Download jwks.json" />
                    </div>
                }
            </div>
            <ErrorMessage testid="jwks-build-error" message={props.error.clone()} />
            if let Some(value) = &props.output {
                <JsonView value={(**value).clone()} testid="jwks-output" />
                <p class="hint">{"Serve it as application/json at a URL of your own choosing and register that URL in Koppeltaal Domain Management (TOP-KT-020)."}</p>
            } else if props.error.is_none() {
                <p class="muted">{"Add keys to build a set."}</p>
            }
            if let Some(findings) = findings {
                <h3>{"Checks"}</h3>
                <FindingsList findings={findings} testid="jwks-findings" empty_text="No problems found." />
            }
        </div>
    }
}
