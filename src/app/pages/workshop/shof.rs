//! Step 7, the module's SMART-HTI-on-FHIR launch: a PKCE pair, the authorize URL, the code
//! exchange, and the id_token with its launch context.

use std::rc::Rc;

use yew::prelude::*;

use super::judge::{use_judged, JudgedView};
use super::artifacts::ArtifactsProps;
use super::module::launch_in_use;
use super::widgets::{artifact, input, step_card};
use super::{pasted_token, shof_secrets};
use crate::app::browser;
use crate::app::components::{explained_members, ErrorMessage};
use crate::app::received::use_now;
use crate::app::state::{use_app_state, Action};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopField};
use jose::paste::extract_tokens;
use jose::pkce::CodeVerifier;
use jose::profiles::requests::{authorization_code_curl, AuthorizeRequest};
use jose::profiles::{explain_token_response_field, Expectations, Profile};

/// Step 7: SHOF, from the launch to the id_token.
#[function_component(ShofStep)]
pub fn shof_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let now = use_now();
    let draft = &state.workshop;
    let artifacts = &props.artifacts;
    let verifier = CodeVerifier::parse(&draft.get(WorkshopField::PkceVerifier));
    let (launch, which) = launch_in_use(draft, artifacts);
    let expected_state = draft.get(WorkshopField::State);
    let authorize = verifier.as_ref().ok().map(|verifier| AuthorizeRequest {
        authorize_endpoint: draft.get(WorkshopField::AuthorizeEndpoint),
        client_id: draft.get(WorkshopField::ClientId),
        redirect_uri: draft.get(WorkshopField::RedirectUri),
        state: expected_state.clone(),
        aud: draft.get(WorkshopField::FhirBaseUrl),
        launch: launch.clone(),
        code_challenge: verifier.challenge_s256(),
        nonce: draft.get(WorkshopField::Nonce),
    });
    let back = draft.get(WorkshopField::RedirectBack);
    let (code, state_check) = redirect_back(&back, &expected_state);
    let response = draft.get(WorkshopField::ShofResponse);
    let (id_token, server_error) = pasted_token(&response, "id_token");
    let context = Rc::new(extract_tokens(&response).context);
    let nonce = draft.get(WorkshopField::Nonce);
    let expect = Expectations {
        audience: Some(draft.get(WorkshopField::ClientId).trim().to_owned()),
        issuers: vec![draft.get(WorkshopField::AuthIssuer).trim().to_owned()],
        nonce: (!nonce.trim().is_empty()).then(|| nonce.trim().to_owned()),
        leeway_secs: None,
    };
    let judged = use_judged(id_token, draft.get(WorkshopField::AuthJwks), Profile::IdToken, expect, now);
    let done = judged.accepted() && state_check.0 != "mismatch";
    let onpair = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Workshop(WorkshopAction::NewShofSecrets(shof_secrets()))))
    };
    let placeholder = "<code from the redirect>".to_owned();
    html! {
        { step_card(Step::Shof, done, html! { <>
            <p>{"When a launch arrives, the module sends the browser to the auth server's authorize endpoint with the launch token and a PKCE challenge; the user logs in; the browser comes back with a code; the module's back end exchanges the code (with the PKCE verifier and its client assertion) for an id_token and the launch context."}</p>
            { input(&state, WorkshopField::RedirectUri) }
            { input(&state, WorkshopField::PkceVerifier) }
            <ErrorMessage testid="pkce-verifier-error" message={verifier.as_ref().err().map(|err| AttrValue::from(err.to_string()))} />
            <p>
                {"code_challenge (S256 = base64url of the verifier's SHA-256): "}
                <code data-testid="pkce-challenge">{verifier.as_ref().map(CodeVerifier::challenge_s256).unwrap_or_default()}</code>
            </p>
            { input(&state, WorkshopField::State) }
            { input(&state, WorkshopField::Nonce) }
            <p class="hint">{"The dev guide's authorize parameters do not list nonce, but its id_token example carries one: send yours (OpenID Connect Core §3.1.2.1) and accept only an id_token that carries it back."}</p>
            <button type="button" class="button ghost small" data-testid="pkce-generate" onclick={onpair}>
                {"New verifier, state and nonce (one set per launch)"}
            </button>
            if let Some(authorize) = authorize {
                if launch.is_empty() {
                    <p class="hint">{"The authorize URL needs a launch: receive one in step 6 or sign one in step 5."}</p>
                } else {
                    { artifact("authorize-url", format!("Authorize URL (with {which}): open it in the browser"), authorize.url()) }
                }
            }
            { input(&state, WorkshopField::RedirectBack) }
            if !back.trim().is_empty() {
                <p data-testid="workshop-state-check" data-status={state_check.0}
                    class={classes!("notice", if state_check.0 == "ok" { "ok" } else { "warn" })}>{state_check.1.clone()}</p>
            }
            if let (Ok(verifier), Some(assertion)) = (&verifier, artifacts.assertion.ready()) {
                { artifact("workshop-code-curl", "Exchange the code (from your back end, within the code's lifetime)", authorization_code_curl(
                        &draft.get(WorkshopField::TokenEndpoint),
                        code.as_ref().unwrap_or(&placeholder),
                        &draft.get(WorkshopField::RedirectUri),
                        verifier.as_str(),
                        assertion,
                    )) }
            }
            { input(&state, WorkshopField::ShofResponse) }
            if let Some(error) = server_error {
                <p class="notice warn" data-testid="workshop-shof-server-error">{error}</p>
            }
            <p class="hint">{"The id_token is verified with the auth server's JWKS from step 4, and must name your client_id as aud."}</p>
            <JudgedView judged={judged} testid="workshop-id-token-findings" />
            if !context.is_empty() {
                <div data-testid="workshop-shof-context">
                    <h3>{"Launch context"}</h3>
                    { explained_members(&context, "workshop-context-row", "data-member", explain_token_response_field, "Not a registered token response member.") }
                </div>
            }
        </> }) }
    }
}

/// The `code` in the pasted redirect, and whether its `state` is the one sent: `ok`,
/// `mismatch` or `missing`, with a sentence.
fn redirect_back(text: &str, expected: &str) -> (Option<String>, (&'static str, String)) {
    let query = text.trim().split_once('?').map_or(text.trim(), |(_, query)| query);
    let query = query.split('#').next().unwrap_or_default();
    let code = browser::query_param(query, "code");
    let state = browser::query_param(query, "state");
    let check = match (&state, browser::query_param(query, "error")) {
        (_, Some(error)) => ("error", format!("The auth server answered with error {error:?}: the user did not get through (see error_description).")),
        (Some(state), None) if state == expected.trim() => ("ok", "state matches the one you sent: this redirect answers your request.".to_owned()),
        (Some(state), None) => ("mismatch", format!("state {state:?} is not the one you sent ({:?}): refuse this redirect (CSRF).", expected.trim())),
        (None, None) => ("missing", "No state in this redirect: refuse it.".to_owned()),
    };
    (code, check)
}
