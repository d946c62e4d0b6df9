//! The JWKS builder: collect public keys, choose their `kid`, `use` and `alg`, and get a JWK Set
//! to publish, checked the way a receiver would check it.
//!
//! Only public halves ever enter the builder: the crypto worker reduces a pasted private key to
//! its public half (and the user is told) and refuses an HMAC secret. The worker also builds and
//! checks the set; this view holds the entries and shows the latest answer for them.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::{
    pretty_json, CopyButton, DownloadButton, ErrorMessage, FindingsList, JsonView, KeySelect,
};
use crate::app::engine::{use_engine, use_engine_query, EngineError, Query};
use crate::app::state::{use_app_state, Action, AppContext, JwksEntry, KeyId};
use crate::worker::protocol::{
    BuildJwksRequest, JwksBuilt, JwksEntryRequest, PublicSource, Request, Response,
};
use jose::alg::JwsAlgorithm;
use jose::finding::Finding;
use jose::jwks::KidStrategy;

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

/// What an answer of an unexpected kind is called (a bug, not something the user can fix).
const UNEXPECTED: &str = "the crypto worker gave an unexpected answer";

/// A built set together with the request it answers, so each entry's `kid` is read from the
/// answer for that very entry, also while a newer request is on its way.
#[derive(Clone, PartialEq)]
struct Shown {
    request: Rc<BuildJwksRequest>,
    built: Rc<JwksBuilt>,
}

impl Shown {
    /// The `kid` the worker gave this entry, when the answer covers it under this strategy.
    fn kid_for(&self, entry: &JwksEntry, strategy: KidStrategy) -> Option<String> {
        if self.request.strategy != strategy {
            return None;
        }
        let index = self
            .request
            .entries
            .iter()
            .position(|asked| !asked.kid_edited && asked.jwk == *entry.jwk)?;
        self.built.kids.get(index).cloned().flatten()
    }
}

/// The builder's entries as the worker wants them.
fn build_request(state: &AppContext) -> BuildJwksRequest {
    BuildJwksRequest {
        entries: state.jwks.iter().map(entry_request).collect(),
        strategy: state.kid_strategy,
    }
}

/// One builder entry as the worker wants it.
fn entry_request(entry: &JwksEntry) -> JwksEntryRequest {
    JwksEntryRequest {
        jwk: (*entry.jwk).clone(),
        kid: entry.own_kid.clone(),
        kid_edited: entry.kid_edited,
        key_use: entry.key_use.clone(),
        alg: entry.alg.clone(),
    }
}

/// The JWKS builder view (`#/jwks`).
#[function_component(JwksPage)]
pub fn jwks_page() -> Html {
    let state = use_app_state();
    let request = build_request(&state);
    let query = use_engine_query(
        request.clone(),
        |request| (!request.entries.is_empty()).then(|| Request::BuildJwks(request.clone())),
        |response| match response {
            Response::JwksBuilt(built) => Some(Rc::new(built)),
            _ => None,
        },
    );
    // The request the query last sent. Recorded by an effect declared after the query's own, so
    // in any render it is the request that the query's current answer is for.
    let sent = use_mut_ref(|| Rc::new(request.clone()));
    {
        let sent = sent.clone();
        use_effect_with(request.clone(), move |request| {
            *sent.borrow_mut() = Rc::new(request.clone());
        });
    }
    // The last set built, kept on screen (marked busy) while the next one is computed.
    let shown = use_mut_ref(|| None::<Shown>);
    let error = match &query {
        Query::Idle => {
            *shown.borrow_mut() = None;
            None
        }
        Query::Pending => None,
        Query::Done(Ok(built)) => {
            *shown.borrow_mut() = Some(Shown {
                request: sent.borrow().clone(),
                built: built.clone(),
            });
            None
        }
        Query::Done(Err(EngineError::Cancelled)) => None,
        Query::Done(Err(err)) => Some(AttrValue::from(format!(
            "The set could not be built: {err}"
        ))),
    };
    let shown = shown.borrow().clone();
    let busy = shown
        .as_ref()
        .is_some_and(|shown| *shown.request != request);
    html! {
        <section class="view" aria-labelledby="jwks-title">
            <h1 id="jwks-title" class="visually-hidden">{"JWKS builder"}</h1>
            <div class="columns">
                <div class="stack">
                    <AddKeysCard />
                    <EntriesCard shown={shown.clone()} />
                </div>
                <div class="stack">
                    <OutputCard built={shown.map(|shown| shown.built)} error={error} busy={busy} />
                </div>
            </div>
        </section>
    }
}

/// The `kid` shown for an entry: the one typed or brought along under the custom strategy (or
/// when typed), else the thumbprint the worker computed (empty until it answers).
fn entry_kid(entry: &JwksEntry, strategy: KidStrategy, shown: Option<&Shown>) -> String {
    if entry.kid_edited || strategy == KidStrategy::Custom {
        return entry.own_kid.clone().unwrap_or_default();
    }
    shown
        .and_then(|shown| shown.kid_for(entry, strategy))
        .unwrap_or_default()
}

/// Why an entry's `alg` cannot be written, if it cannot.
fn alg_problem(entry: &JwksEntry) -> Option<String> {
    let alg = entry.alg.trim();
    if alg.is_empty() {
        return None;
    }
    match alg.parse::<JwsAlgorithm>() {
        Err(err) => Some(err.to_string()),
        Ok(alg) if !entry.kind.algorithms().contains(&alg) => Some(format!(
            "{alg} needs {}; this is {}",
            alg.key_needed(),
            entry.kind.label()
        )),
        Ok(_) => None,
    }
}

/// Keeps the last answer of a query on screen while the next one is computed, and forgets it
/// when nothing is asked.
#[hook]
fn use_last_answer<T>(query: &Query<T>) -> Option<T>
where
    T: Clone + 'static,
{
    let last: Rc<RefCell<Option<T>>> = use_mut_ref(|| None);
    match query {
        Query::Idle | Query::Done(Err(_)) => *last.borrow_mut() = None,
        Query::Pending => {}
        Query::Done(Ok(value)) => *last.borrow_mut() = Some(value.clone()),
    }
    let value = last.borrow().clone();
    value
}

/// Words an answer to [`Request::PublicKeys`] (keys added, notes, problems) as the notice and
/// the error to show.
type Worded = fn(usize, Vec<String>, Vec<String>) -> (Option<String>, Option<String>);

/// Dispatches the public keys of an answer to [`Request::PublicKeys`] into the builder; the
/// notes and problems it brought, or why there is no answer.
fn add_public_keys(
    state: &AppContext,
    answer: Result<Response, EngineError>,
) -> Result<(usize, Vec<String>, Vec<String>), String> {
    match answer {
        Ok(Response::PublicKeys(added)) => {
            let count = added.keys.len();
            for key in added.keys {
                state.dispatch(Action::JwksAdd(key));
            }
            Ok((count, added.notes, added.problems))
        }
        Ok(_) => Err(UNEXPECTED.to_owned()),
        Err(err) => Err(err.to_string()),
    }
}

#[function_component(AddKeysCard)]
fn add_keys_card() -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let text = use_state(String::new);
    let error = use_state(|| None::<AttrValue>);
    let notice = use_state(|| None::<String>);
    let adding = use_state(|| false);
    let keyring_choice = use_state(|| None::<KeyId>);

    let preview_text =
        (text.trim_start().starts_with('{') && text.contains("\"keys\"")).then(|| (*text).clone());
    let preview = use_engine_query(
        preview_text,
        |text| {
            text.as_ref()
                .map(|text| Request::ValidateJwks { text: text.clone() })
        },
        |response| match response {
            Response::JwksChecked(findings) => Some(Rc::new(findings)),
            _ => None,
        },
    );
    let preview: Option<Rc<Vec<Finding>>> = use_last_answer(&preview);

    // Sends a request for public keys and shows what it added; `worded` turns the answer's
    // count, notes and problems into the notice and the error.
    let ask = {
        let state = state.clone();
        let engine = engine.clone();
        let error = error.clone();
        let notice = notice.clone();
        let adding = adding.clone();
        move |source: PublicSource, worded: Worded, on_added: Box<dyn FnOnce()>| {
            // Cleared first, so the lines shown are always about the latest request.
            error.set(None);
            notice.set(None);
            adding.set(true);
            let call = engine.call(Request::PublicKeys(source));
            let state = state.clone();
            let error = error.clone();
            let notice = notice.clone();
            let adding = adding.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = call.await;
                adding.set(false);
                match add_public_keys(&state, answer) {
                    Ok((count, notes, problems)) => {
                        let (said, failed) = worded(count, notes, problems);
                        notice.set(said);
                        error.set(failed.map(AttrValue::from));
                        if count > 0 {
                            on_added();
                        }
                    }
                    Err(err) => error.set(Some(err.into())),
                }
            });
        }
    };

    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            text.set(input.value());
        })
    };
    let onadd = {
        let text = text.clone();
        let ask = ask.clone();
        Callback::from(move |_| {
            let cleared = text.clone();
            ask(
                PublicSource::Text((*text).clone()),
                |_, notes, problems| {
                    (
                        (!notes.is_empty()).then(|| notes.join("; ")),
                        (!problems.is_empty()).then(|| problems.join("; ")),
                    )
                },
                Box::new(move || cleared.set(String::new())),
            );
        })
    };
    let onkeyring = {
        let keyring_choice = keyring_choice.clone();
        Callback::from(move |id: Option<KeyId>| keyring_choice.set(id))
    };
    let onadd_keyring = {
        let state = state.clone();
        let keyring_choice = keyring_choice.clone();
        Callback::from(move |_| {
            let ids = match *keyring_choice {
                Some(id) => vec![id],
                None => state.keys.iter().map(|entry| entry.id).collect(),
            };
            // Secrets are skipped, as the notice says; that is not an error for "add all".
            ask(
                PublicSource::Keyring(ids),
                |count, _, _| {
                    (
                        Some(format!(
                            "Added {count} public key(s) from the keyring (HMAC secrets are never published)."
                        )),
                        None,
                    )
                },
                Box::new(|| {}),
            );
        })
    };
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
                    disabled={text.trim().is_empty() || *adding} onclick={onadd}>{"Add"}</button>
            </div>
            <ErrorMessage testid="jwks-add-error" message={(*error).clone()} />
            if let Some(done) = &*notice {
                <p class="notice" data-testid="jwks-add-notice" role="status">{done.clone()}</p>
            }
            <KeySelect testid="jwks-keyring-select" id="jwks-keyring-select" label="From the keyring"
                value={*keyring_choice} onchange={onkeyring} none_label="All keys in the keyring" />
            <button type="button" class="button secondary" data-testid="jwks-add-from-keyring"
                disabled={state.keys.is_empty() || *adding} onclick={onadd_keyring}>{"Add from keyring"}</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EntriesProps {
    /// The last set built, for the thumbprint `kid`s.
    shown: Option<Shown>,
}

#[function_component(EntriesCard)]
fn entries_card(props: &EntriesProps) -> Html {
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
                    { for state.jwks.iter().enumerate().map(|(index, entry)| entry_item(&state, index, entry, props.shown.as_ref())) }
                </ul>
            }
        </div>
    }
}

fn entry_item(state: &AppContext, index: usize, entry: &JwksEntry, shown: Option<&Shown>) -> Html {
    let id = entry.id;
    let kid = entry_kid(entry, state.kid_strategy, shown);
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
                <h3>{format!("{}. {}", index + 1, entry.kind.label())}</h3>
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
                        { for entry.kind.algorithms().iter().map(|alg| html! { <option value={alg.name()} /> }) }
                    </datalist>
                </div>
            </div>
            <ErrorMessage testid="jwks-entry-error" message={alg_problem(entry).map(AttrValue::from)} />
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct OutputProps {
    /// The last set built (with its error and findings), if any.
    built: Option<Rc<JwksBuilt>>,
    /// Why the worker gave no answer.
    error: Option<AttrValue>,
    /// True while a set for newer entries is being built: what is shown is the one before.
    busy: bool,
}

/// The JWK Set, its copy and download, and what a receiver would say about it.
#[function_component(OutputCard)]
fn output_card(props: &OutputProps) -> Html {
    let output = props.built.as_ref().and_then(|built| built.jwks.as_ref());
    let text = output.map(pretty_json);
    let error = props.error.clone().or_else(|| {
        props
            .built
            .as_ref()
            .and_then(|built| built.error.clone())
            .map(AttrValue::from)
    });
    let findings = props
        .built
        .as_ref()
        .filter(|built| built.jwks.is_some())
        .map(|built| Rc::new(built.findings.clone()));
    html! {
        <div class="card" aria-busy={props.busy.to_string()}>
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
            <ErrorMessage testid="jwks-build-error" message={error.clone()} />
            if let Some(value) = output {
                <JsonView value={value.clone()} testid="jwks-output" label="JWK Set (JSON)" />
                <p class="hint">{"Serve it as application/json at a URL of your own choosing and register that URL in Koppeltaal Domain Management (TOP-KT-020)."}</p>
            } else if error.is_none() {
                <p class="muted">{"Add keys to build a set."}</p>
            }
            if let Some(findings) = findings {
                <h3>{"Checks"}</h3>
                <FindingsList findings={findings} testid="jwks-findings" empty_text="No problems found." />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jose::key::{EcCurve, KeyKind};
    use serde_json::{json, Value};

    fn entry(jwk: Value, kid_edited: bool) -> JwksEntry {
        JwksEntry {
            id: 0,
            jwk: Rc::new(jwk),
            kind: KeyKind::Ec(EcCurve::P256),
            own_kid: Some("own".into()),
            kid_edited,
            key_use: "sig".into(),
            alg: String::new(),
        }
    }

    fn shown(jwks: &[&JwksEntry], strategy: KidStrategy, kids: &[&str]) -> Shown {
        Shown {
            request: Rc::new(BuildJwksRequest {
                entries: jwks.iter().map(|entry| entry_request(entry)).collect(),
                strategy,
            }),
            built: Rc::new(JwksBuilt {
                kids: kids.iter().map(|kid| Some((*kid).to_owned())).collect(),
                jwks: None,
                error: None,
                findings: Vec::new(),
            }),
        }
    }

    #[test]
    fn a_thumbprint_kid_is_read_from_the_answer_for_the_same_key_and_strategy() {
        let a = entry(json!({"kty": "EC", "x": "a"}), false);
        let b = entry(json!({"kty": "EC", "x": "b"}), false);
        let answer = shown(&[&a, &b], KidStrategy::Rfc7638Sha256, &["ka", "kb"]);

        // `a` was removed since: `b` keeps its own thumbprint, not the first one in the answer.
        assert_eq!(
            entry_kid(&b, KidStrategy::Rfc7638Sha256, Some(&answer)),
            "kb"
        );
        // An answer for another strategy says nothing about this one.
        assert_eq!(entry_kid(&b, KidStrategy::Rfc7638Md5, Some(&answer)), "");
    }

    #[test]
    fn a_typed_kid_or_the_custom_strategy_shows_the_kid_on_the_page() {
        let typed = entry(json!({"kty": "EC"}), true);
        let brought = entry(json!({"kty": "EC"}), false);

        assert_eq!(entry_kid(&typed, KidStrategy::Rfc7638Sha256, None), "own");
        assert_eq!(entry_kid(&brought, KidStrategy::Custom, None), "own");
    }

    #[test]
    fn an_alg_the_key_cannot_do_is_named() {
        let mut rs = entry(json!({"kty": "EC"}), false);
        rs.alg = "RS256".into();

        assert!(alg_problem(&rs).is_some_and(|problem| problem.contains("RSA")));
        rs.alg = "ES256".into();
        assert_eq!(alg_problem(&rs), None);
    }
}
