//! Steps 6 and 8, the module's checks of a received launch: its own verdict with the portal's
//! JWKS, and asking the auth server by introspection (TOP-KT-021).

use serde_json::Value;
use yew::prelude::*;

use super::artifacts::Artifacts;
use super::judge::{use_judged, JudgedView};
use super::artifacts::ArtifactsProps;
use super::pasted_token;
use super::widgets::{artifact, input, step_card};
use crate::app::received::use_now;
use crate::app::state::{use_app_state, Action};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopDraft, WorkshopField};
use jose::jwe::decode_jwe;
use jose::profiles::requests::introspection_curl;
use jose::profiles::{Expectations, Profile};

/// The launch pasted in step 6 (empty when none).
pub fn received_launch(draft: &WorkshopDraft) -> String {
    pasted_token(&draft.get(WorkshopField::Received), "launch").0
}

/// The launch the module steps work with, and which one it is: the one received in step 6,
/// else the one signed in step 5 (so a participant alone can walk both sides).
pub fn launch_in_use(draft: &WorkshopDraft, artifacts: &Artifacts) -> (String, &'static str) {
    let received = received_launch(draft);
    if received.is_empty() {
        (
            artifacts.launch.ready().unwrap_or_default().to_owned(),
            "the launch you signed in step 5",
        )
    } else {
        (received, "the launch received in step 6")
    }
}

/// Step 6: the receiver's verdict on a launch, with the portal's JWKS and my Device id.
#[function_component(HtiReceiveStep)]
pub fn hti_receive_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let now = use_now();
    let draft = &state.workshop;
    let token = received_launch(draft);
    let expect = Expectations {
        audience: Some(draft.get(WorkshopField::MyDeviceId).trim().to_owned()),
        ..Expectations::default()
    };
    let encrypted = decode_jwe(&token).is_ok();
    let judged = use_judged(
        if encrypted { String::new() } else { token.clone() },
        draft.get(WorkshopField::PortalJwks),
        Profile::HtiLaunch,
        expect,
        now,
    );
    let own = props.artifacts.launch.ready().map(str::to_owned);
    let own_jwks = props.artifacts.jwks.ready().map(str::to_owned);
    let onown = {
        let state = state.clone();
        Callback::from(move |_| {
            if let (Some(launch), Some(jwks)) = (&own, &own_jwks) {
                let set = |field, value: &String| {
                    state.dispatch(Action::Workshop(WorkshopAction::Set(field, value.clone())));
                };
                set(WorkshopField::Received, &format!("launch={launch}"));
                set(WorkshopField::PortalJwks, jwks);
            }
        })
    };
    html! {
        { step_card(Step::HtiReceive, judged.accepted(), html! { <>
            <p>{"A module accepts a launch only when the signature verifies with the portal's published key, aud is its own Device, and the token is fresh (exp, iat) with a jti it has not seen."}</p>
            <button type="button" class="button ghost small" data-testid="workshop-receive-own"
                disabled={props.artifacts.launch.ready().is_none()} onclick={onown}>
                {"No portal at hand? Receive my own launch from step 5"}
            </button>
            { input(&state, WorkshopField::Received) }
            { input(&state, WorkshopField::PortalJwks) }
            { input(&state, WorkshopField::MyDeviceId) }
            if encrypted {
                <p class="notice" data-testid="workshop-received-jwe">
                    {"This launch is encrypted (HTI:jwe). Open it in the Decoder with your private encryption key: it decrypts there and shows the verdict on the signed launch inside."}
                </p>
            }
            <JudgedView judged={judged} testid="workshop-launch-findings" />
        </> }) }
    }
}

/// Step 8: the introspection request for the received launch, and what its answer means.
#[function_component(IntrospectionStep)]
pub fn introspection_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let draft = &state.workshop;
    let (token, which) = launch_in_use(draft, &props.artifacts);
    let answer = draft.get(WorkshopField::IntrospectionResponse);
    let (active, sentence) = introspection_answer(&answer);
    html! {
        { step_card(Step::Introspection, active == "true", html! { <>
            <p>{"Instead of checking the signature yourself, ask the auth server: POST the token with your own client assertion to the introspection endpoint (set under “Koppeltaal environment”). The reference server wants that assertion's aud to be the token endpoint, as in step 3, although TOP-KT-021 names the introspection URL."}</p>
            if let (false, Some(assertion)) = (token.is_empty(), props.artifacts.assertion.ready()) {
                { artifact("workshop-introspection-curl", format!("Introspect {which}"), introspection_curl(&draft.get(WorkshopField::IntrospectionEndpoint), &token, assertion)) }
            } else {
                <p class="hint">{"The request appears once there is a launch (step 5 or 6) and a client assertion (step 3)."}</p>
            }
            <ul class="workshop-advice">
                <li><code>{"{\"active\": true, …}"}</code>{": the auth server knows the token and it is valid now; the other members are its claims."}</li>
                <li><code>{"{\"active\": false}"}</code>{": refuse the launch. The server says no more on purpose: the token may be expired, replayed, signed with an unknown key, or not issued for you."}</li>
                <li>{"An HTTP 401 means the server did not accept your own client assertion: check step 3."}</li>
            </ul>
            { input(&state, WorkshopField::IntrospectionResponse) }
            if !answer.trim().is_empty() {
                <p data-testid="workshop-introspection-status" data-active={active}
                    class={classes!("notice", if active == "true" { "ok" } else { "warn" })}>{sentence}</p>
            }
        </> }) }
    }
}

/// `true`, `false` or `invalid`, and what it means.
fn introspection_answer(text: &str) -> (&'static str, String) {
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(value) => match value.get("active").and_then(Value::as_bool) {
            Some(true) => ("true", "active: true — the auth server vouches for this token; you may accept the launch.".to_owned()),
            Some(false) => ("false", "active: false — refuse the launch (expired, replayed, unknown key or not for you).".to_owned()),
            None => ("invalid", "The answer has no boolean \"active\" member: is this the introspection response?".to_owned()),
        },
        Err(err) => ("invalid", format!("This is not JSON: {err}.")),
    }
}
