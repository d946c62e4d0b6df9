//! Steps 1 and 2: the key pair (generated or imported into the keyring) and the JWKS that
//! publishes its public half.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::artifacts::{ArtifactsProps, Made};
use super::widgets::{artifact, input, step_card};
use crate::app::components::{DownloadButton, ErrorMessage, FindingsList, KeySelect};
use crate::app::engine::{use_engine, use_engine_query, EngineStatus, Query};
use crate::app::state::{use_app_state, Action, AppContext, KeyInfo};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopField};
use crate::worker::protocol::{KeysAdded, Request, Response};
use jose::finding::Finding;
use jose::jwk_set::read_jwk_set;
use jose::key::{EcCurve, KeyKind};
use jose::profiles::requests::jwks_check_curl;

/// The key kinds step 1 offers: RSA-2048 (what Koppeltaal's tools use), EC P-384 (ES384).
const KINDS: [(&str, &str, KeyKind); 2] = [
    ("RSA-2048", "Generate RSA-2048 (RS384/RS512)", KeyKind::Rsa { bits: 2048 }),
    ("EC-P384", "Generate EC P-384 (ES384)", KeyKind::Ec(EcCurve::P384)),
];

/// Step 1: generate, import or pick the key the whole path signs with.
#[function_component(KeypairStep)]
pub fn keypair_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let busy = use_state(|| false);
    let error = use_state(|| None::<AttrValue>);
    let import_text = use_state(String::new);
    let artifacts = &props.artifacts;

    // Generation and import both end here: the first key that can sign becomes the workshop's.
    let run = {
        let state = state.clone();
        let busy = busy.clone();
        let error = error.clone();
        let engine = engine.clone();
        move |request: Request, what: &'static str| {
            let state = state.clone();
            let busy = busy.clone();
            let error = error.clone();
            busy.set(true);
            error.set(None);
            let answer = engine.call(request);
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = answer.await;
                busy.set(false);
                match outcome {
                    Ok(Response::KeysAdded(added)) => adopt(&state, added, what, &error),
                    Ok(_) => error.set(Some(format!("{what} failed: unexpected answer").into())),
                    Err(err) => error.set(Some(format!("{what} failed: {err}").into())),
                }
            });
        }
    };
    let ongenerate = |kind: KeyKind| {
        let run = run.clone();
        Callback::from(move |_| run(Request::Generate { kind, key_use: None, label: None }, "Key generation"))
    };
    let onimport = {
        let run = run.clone();
        let import_text = import_text.clone();
        Callback::from(move |_| {
            run(
                Request::Import {
                    text: (*import_text).clone(),
                    password: None,
                },
                "Import",
            )
        })
    };
    let onimport_text = {
        let import_text = import_text.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            import_text.set(area.value());
        })
    };
    let onpick = {
        let state = state.clone();
        Callback::from(move |id: Option<u32>| {
            if let Some(key) = id.and_then(|id| state.key(id)).cloned() {
                state.dispatch(Action::Workshop(WorkshopAction::UseKey(key.id, key.kid().to_owned())));
            }
        })
    };
    let ondismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Workshop(WorkshopAction::DismissKeyChange)))
    };
    // Every artifact needs a key: on the first visit the workshop takes the newest keyring key
    // that can sign, or generates the default one, so each step shows its artifact before the
    // person types anything. Once a key was chosen (even if later cleared) it never does again.
    let first_key_asked = use_mut_ref(|| false);
    {
        let state = state.clone();
        let run = run.clone();
        let ready = engine.status == EngineStatus::Ready;
        let unchosen = state.workshop.key_id.is_none();
        use_effect_with((ready, unchosen), move |(ready, unchosen)| {
            if *ready && *unchosen && !*first_key_asked.borrow() {
                *first_key_asked.borrow_mut() = true;
                // Demo keys (the Decoder's examples) are not the person's own: never a start.
                let own = state.keys.iter().rev().find(|key| {
                    key.can_sign() && !key.label.starts_with(crate::app::examples::DEMO_LABEL)
                });
                match own {
                    Some(key) => state.dispatch(Action::Workshop(WorkshopAction::UseKey(
                        key.id,
                        key.kid().to_owned(),
                    ))),
                    None => run(
                        Request::Generate { kind: KINDS[0].2, key_use: None, label: None },
                        "Key generation",
                    ),
                }
            }
        });
    }
    html! {
        { step_card(Step::Keypair, artifacts.key.is_some(), html! { <>
            <p>{"Koppeltaal signs with an asymmetric key pair, never a shared secret. On your first visit the workshop takes the newest signing key in the keyring (not a demo key), or generates an RSA-2048 key pair; generate another here (it stays in this tab's memory) or import the one you already use."}</p>
            <div class="card-actions">
                { for KINDS.iter().enumerate().map(|(index, (id, caption, kind))| html! {
                    <button type="button" data-testid="workshop-generate" data-kind={*id}
                        class={classes!("button", if index == 0 { "primary" } else { "secondary" })}
                        disabled={*busy} onclick={ongenerate(*kind)}>{*caption}</button>
                }) }
            </div>
            <details>
                <summary>{"Import my own key, or pick one from the keyring"}</summary>
                <div class="field">
                    <label for="workshop-import-input">{"Private key (PEM, JWK): stays in this tab"}</label>
                    <textarea id="workshop-import-input" data-testid="workshop-import-input" rows="4"
                        spellcheck="false" autocomplete="off" value={(*import_text).clone()} oninput={onimport_text} />
                </div>
                <button type="button" class="button secondary" data-testid="workshop-import"
                    disabled={*busy || import_text.trim().is_empty()} onclick={onimport}>{"Import"}</button>
                <KeySelect testid="workshop-key-select" id="workshop-key-select" label="Or use a keyring key"
                    value={artifacts.key.as_ref().map(|key| key.id)} onchange={onpick} signing_only=true />
            </details>
            if *busy {
                <p class="hint" role="status">{"Working…"}</p>
            }
            <ErrorMessage testid="workshop-key-error" message={(*error).clone()} />
            if let Some(key) = &artifacts.key {
                <p data-testid="workshop-key" data-kid={key.kid().to_owned()}>
                    {"Signing with "}<strong>{key.label.clone()}</strong>
                    {", kid "}<code>{key.kid().to_owned()}</code>
                    { artifacts.alg.map(|alg| format!(", alg {}", alg.name())).unwrap_or_default() }
                    { if key.kid_generated { " (its RFC 7638 SHA-256 thumbprint)." } else { " (the kid it came with)." } }
                </p>
            }
            if let Some(change) = &state.workshop.key_changed {
                <div class="notice warn" data-testid="workshop-key-changed" role="status">
                    <span>{format!(
                        "The key changed (kid {} → {}). The JWKS, the client assertion, the launch and every command below were re-made with the new key: publish the new JWKS before you use them.",
                        change.from, change.to
                    )}</span>
                    <button type="button" class="button ghost small" onclick={ondismiss}>{"Dismiss"}</button>
                </div>
            }
        </> }) }
    }
}

/// Adds the keys to the page's keyring view and makes the first signing key the workshop's.
fn adopt(state: &AppContext, added: KeysAdded, what: &str, error: &UseStateHandle<Option<AttrValue>>) {
    let chosen: Option<KeyInfo> = added.keys.iter().find(|key| key.can_sign()).cloned();
    let problems = added.problems.join("; ");
    state.dispatch(Action::AddKeys(added.keys));
    match chosen {
        Some(key) => state.dispatch(Action::Workshop(WorkshopAction::UseKey(key.id, key.kid().to_owned()))),
        None if problems.is_empty() => error.set(Some(
            format!("{what}: no private key found; the workshop needs one to sign with.").into(),
        )),
        None => error.set(Some(format!("{what} failed: {problems}").into())),
    }
}

/// Step 2: the JWKS, how to host it, and a check of what the hosted URL returns.
#[function_component(JwksStep)]
pub fn jwks_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let artifacts = &props.artifacts;
    let kid = artifacts.key.as_ref().map(|key| key.kid().to_owned());
    let hosted = state.workshop.get(WorkshopField::HostedJwks);
    let hosted_findings = use_engine_query(
        hosted.clone(),
        |text| (!text.trim().is_empty()).then(|| Request::ValidateJwks { text: text.clone() }),
        |response| match response {
            Response::JwksChecked(findings) => Some(findings),
            _ => None,
        },
    );
    let url = state.workshop.get(WorkshopField::JwksUrl);
    html! {
        { step_card(Step::Jwks, matches!(artifacts.jwks, Made::Ready(_)), html! { <>
            if let Made::Ready(jwks) = &artifacts.jwks {
                { artifact("workshop-jwks", "Your JWKS (public key only)", jwks.clone()) }
                <DownloadButton content={jwks.clone()} filename="jwks.json" mime="application/json"
                    testid="workshop-jwks-download" label="Download jwks.json" />
                if let Some(built) = &artifacts.jwks_built {
                    <FindingsList findings={Rc::new(built.findings.clone())} testid="workshop-jwks-findings"
                        empty_text="A receiver finds nothing to object to in this set." />
                }
            } else {
                <p class="hint" data-testid="workshop-jwks-status" data-status={artifacts.jwks.status()}>
                    {artifacts.jwks.message().unwrap_or_default()}
                </p>
            }
            <h3>{"Publish it"}</h3>
            <ul class="workshop-advice">
                <li>{"Serve the JSON above at any HTTPS URL you control, with "}<code>{"Content-Type: application/json"}</code>{"."}</li>
                <li>{"Pick your own path, not a fixed "}<code>{"/.well-known/jwks.json"}</code>{": TOP-KT-020 discourages fixed paths (a domain takeover would hand someone your keys' place)."}</li>
                <li>{"A "}<code>{"Cache-Control"}</code>{" header is fine (say "}<code>{"max-age=300"}</code>{"): a new or revoked key takes effect when caches expire, so keep it short while you rotate."}</li>
                <li>{"Register the URL with your application instance in Domain Management; the auth server and your peers read your keys there."}</li>
                <li>{"Public keys only: a JWKS with "}<code>{"d"}</code>{", "}<code>{"p"}</code>{" or "}<code>{"q"}</code>{" members gives your private key away."}</li>
            </ul>
            { input(&state, WorkshopField::JwksUrl) }
            if let Some(kid) = &kid {
                { artifact("workshop-jwks-curl", "Check the hosted URL: the output must show application/json and your kid", jwks_check_curl(&url, kid)) }
            }
            { input(&state, WorkshopField::HostedJwks) }
            // The status waits for the receiver's checks, so a set is never "ok" before its
            // private members were looked for.
            if let Query::Done(Ok(findings)) = hosted_findings {
                { hosted_notice(&hosted, &findings, kid.as_deref()) }
                <FindingsList findings={Rc::new(findings)} testid="workshop-hosted-findings" />
            }
        </> }) }
    }
}

/// `workshop-hosted-status`: [`hosted_status`] as a notice.
fn hosted_notice(text: &str, findings: &[Finding], kid: Option<&str>) -> Html {
    let (status, sentence) = hosted_status(text, findings, kid);
    html! {
        <p data-testid="workshop-hosted-status" data-status={status}
            class={classes!("notice", if status == "ok" { "ok" } else { "warn" })}>{sentence}</p>
    }
}

/// What the pasted hosted JWKS says about my key, from the engine's one JWK Set reader and the
/// receiver's checks of it (`findings`): `invalid`, `private`, `kid-missing` or `ok`, and a
/// sentence.
fn hosted_status(text: &str, findings: &[Finding], kid: Option<&str>) -> (&'static str, String) {
    let keys = match read_jwk_set(text) {
        Ok(keys) => keys,
        Err(err) => return ("invalid", format!("This is not a JWK Set: {err}.")),
    };
    if let Some(private) = findings.iter().find(|finding| finding.rule == "jwks.private-member") {
        return (
            "private",
            format!("{}: take it offline now and make a new key.", private.message),
        );
    }
    let kids: Vec<&str> = keys
        .iter()
        .filter_map(|key| key.get("kid").and_then(Value::as_str))
        .collect();
    match kid {
        Some(kid) if kids.contains(&kid) => ("ok", format!("Your kid {kid} is there: receivers can find your key.")),
        Some(kid) => (
            "kid-missing",
            format!(
                "Your kid {kid} is not in it (found: {}). Publish the JWKS from this step, or pick the key it holds in step 1.",
                if kids.is_empty() { "no kids".to_owned() } else { kids.join(", ") }
            ),
        ),
        None => ("kid-missing", "Make a key in step 1 first: then this check looks for its kid.".to_owned()),
    }
}
