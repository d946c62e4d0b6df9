//! Steps 3 and 4, the client's path: sign a client assertion, send the token request, and judge
//! the access token that comes back.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::judge::{use_judged, JudgedView};
use super::artifacts::ArtifactsProps;
use super::widgets::{artifact, input, made, step_card};
use super::{fresh_values, pasted_token, Countdown};
use crate::app::components::{FindingsList, ScopeTable};
use crate::app::received::use_now;
use crate::app::state::{use_app_state, Action};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopField};
use jose::finding::Severity;
use jose::profiles::templates::token_request_curl;
use jose::profiles::{self, Expectations, Profile};

/// Step 3: the client assertion, signed with the workshop key and checked as the auth server would.
#[function_component(ClientAssertionStep)]
pub fn client_assertion_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let now = use_now();
    let artifacts = &props.artifacts;
    let token_endpoint = state.workshop.get(WorkshopField::TokenEndpoint);
    let findings = artifacts.assertion_claims.as_ref().map(|(header, payload)| {
        let expect = Expectations {
            audience: Some(token_endpoint.clone()),
            ..Expectations::default()
        };
        profiles::check_expecting(Profile::ClientAssertion, header, payload, now, &expect).findings
    });
    let clean = findings
        .as_ref()
        .is_some_and(|findings| findings.iter().all(|finding| finding.severity != Severity::Error));
    let exp = artifacts
        .assertion_claims
        .as_ref()
        .and_then(|(_, payload)| payload.get("exp").and_then(Value::as_i64));
    let onrefresh = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Workshop(WorkshopAction::Refresh(fresh_values()))))
    };
    html! {
        { step_card(Step::ClientAssertion, artifacts.assertion.ready().is_some() && clean, html! { <>
            <p>{"The assertion is a JWT you sign yourself: iss and sub are your client_id, aud is the token endpoint ("}
                <code>{token_endpoint.clone()}</code>{", set under “Koppeltaal environment”), a fresh jti, and exp at most 5 minutes away."}</p>
            { input(&state, WorkshopField::ClientId) }
            { made(&artifacts.assertion, "workshop-client-assertion", "Client assertion") }
            if let Some(exp) = exp {
                <p class="card-actions">
                    <Countdown exp={exp} testid="workshop-assertion-countdown" />
                    <button type="button" class="button secondary small" data-testid="workshop-refresh" onclick={onrefresh}>
                        {"Make a fresh one (new iat, exp and jti)"}
                    </button>
                </p>
            }
            if let Some(findings) = findings {
                <FindingsList findings={Rc::new(findings)} testid="workshop-client-assertion-findings"
                    empty_text="The client-assertion profile finds nothing to object to." />
            }
        </> }) }
    }
}

/// Step 4: the token request and the access token it returns.
#[function_component(TokenRequestStep)]
pub fn token_request_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let now = use_now();
    let draft = &state.workshop;
    let artifacts = &props.artifacts;
    let response = draft.get(WorkshopField::TokenResponse);
    let (token, server_error) = pasted_token(&response, "access_token");
    let expect = Expectations {
        issuers: vec![draft.get(WorkshopField::AuthIssuer).trim().to_owned()],
        ..Expectations::default()
    };
    let judged = use_judged(token, draft.get(WorkshopField::AuthJwks), Profile::AccessToken, expect, now);
    let exp = judged
        .payload
        .as_ref()
        .and_then(|payload| payload.get("exp").and_then(Value::as_i64));
    html! {
        { step_card(Step::TokenRequest, judged.accepted(), html! { <>
            { input(&state, WorkshopField::Scope) }
            if let Some(assertion) = artifacts.assertion.ready() {
                { artifact("workshop-token-curl", "Run this within 5 minutes (the assertion expires)", token_request_curl(&draft.get(WorkshopField::TokenEndpoint), assertion, &draft.get(WorkshopField::Scope))) }
            } else {
                <p class="hint">{"The request appears once step 3 has signed the client assertion."}</p>
            }
            { input(&state, WorkshopField::TokenResponse) }
            if let Some(error) = server_error {
                <p class="notice warn" data-testid="workshop-token-server-error">{error}</p>
            }
            { input(&state, WorkshopField::AuthJwks) }
            <p class="hint">{"The auth server's keys: "}<code>{format!("{}/.well-known/jwks.json", draft.get(WorkshopField::AuthIssuer).trim().trim_end_matches('/'))}</code>{" on the reference server. Paste them to check its signature."}</p>
            <JudgedView judged={judged.clone()} testid="workshop-access-findings" />
            if let Some(exp) = exp {
                <p><Countdown exp={exp} testid="workshop-access-countdown" /></p>
            }
            if let Some(payload) = judged.payload.clone() {
                <ScopeTable {payload} />
            }
        </> }) }
    }
}
