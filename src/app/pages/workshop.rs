//! Workshop mode (`#/workshop`): the hackathon's JWT path from an empty page to a working launch,
//! one card per step. Each step makes its artifact with the existing engine (signing and
//! encryption in the crypto worker), checks it, and says what it proves and where the Koppeltaal
//! texts describe it. The values live in [`crate::app::workshop::WorkshopDraft`]; every artifact
//! is derived from it and the chosen key, so going back and changing something re-makes what
//! depends on it.

mod artifacts;
mod client;
mod judge;
mod keypair;
mod kit;
mod module;
mod portal;
mod shof;
mod widgets;

use std::rc::Rc;

use rand_core::OsRng;
use serde_json::Value;
use yew::prelude::*;

use crate::app::browser;
use crate::app::received::use_now_every;
use crate::app::state::{use_app_state, Action};
use crate::app::workshop::{FreshValues, ShofSecrets, WorkshopAction, WorkshopField};
use jose::paste::extract_tokens;
use jose::pkce::CodeVerifier;
use jose::profiles::templates::uuid_v4;

use artifacts::use_artifacts;
use client::{ClientAssertionStep, TokenRequestStep};
use keypair::{JwksStep, KeypairStep};
use kit::KitCard;
use module::{HtiReceiveStep, IntrospectionStep};
use portal::HtiSendStep;
use shof::ShofStep;
use widgets::input;

/// The workshop view.
#[function_component(WorkshopPage)]
pub fn workshop_page() -> Html {
    let state = use_app_state();
    {
        // The first visit draws the times, token ids, PKCE verifier, state and nonce the steps start with.
        let state = state.clone();
        use_effect_with((), move |_| {
            if !state.workshop.started() {
                state.dispatch(Action::Workshop(WorkshopAction::Start {
                    fresh: fresh_values(),
                    shof: shof_secrets(),
                }));
            }
        });
    }
    let artifacts = Rc::new(use_artifacts(&state));
    html! {
        <section class="view workshop" aria-labelledby="workshop-title" data-testid="workshop">
            <div class="card">
                <h1 id="workshop-title">{"Workshop: from an empty page to a working launch"}</h1>
                <p>{"Eight steps, each making one artifact and checking it as the other side would. Every field starts with an example (marked “example”): replace it with your own values as you go. You can come back to any step; changing the key re-makes everything after it."}</p>
                <p class="hint">{"Everything stays in this tab's memory: nothing is sent anywhere, and reloading forgets it. Run the commands yourself."}</p>
                <KitCard artifacts={artifacts.clone()} />
            </div>
            <div class="card" data-testid="workshop-environment">
                <h2>{"Koppeltaal environment"}</h2>
                <p class="hint">{"The examples are the hackathon dev guide's POC servers; the FHIR server's CapabilityStatement (/metadata) and the auth server's /.well-known/smart-configuration list the real values."}</p>
                <div class="field-row">
                    { input(&state, WorkshopField::AuthIssuer) }
                    { input(&state, WorkshopField::TokenEndpoint) }
                    { input(&state, WorkshopField::AuthorizeEndpoint) }
                    { input(&state, WorkshopField::IntrospectionEndpoint) }
                    { input(&state, WorkshopField::FhirBaseUrl) }
                </div>
            </div>
            <h2 class="workshop-part">{"Every application"}</h2>
            <KeypairStep artifacts={artifacts.clone()} />
            <JwksStep artifacts={artifacts.clone()} />
            <h2 class="workshop-part">{"Client: get an access token"}</h2>
            <ClientAssertionStep artifacts={artifacts.clone()} />
            <TokenRequestStep artifacts={artifacts.clone()} />
            <h2 class="workshop-part">{"Portal: launch a module"}</h2>
            <HtiSendStep artifacts={artifacts.clone()} />
            <h2 class="workshop-part">{"Module: receive a launch"}</h2>
            <HtiReceiveStep artifacts={artifacts.clone()} />
            <ShofStep artifacts={artifacts.clone()} />
            <IntrospectionStep artifacts={artifacts} />
        </section>
    }
}

/// Times and token ids for the signed tokens, drawn now.
fn fresh_values() -> FreshValues {
    FreshValues {
        now: browser::now_seconds(),
        assertion_jti: uuid_v4(&mut OsRng),
        launch_jti: uuid_v4(&mut OsRng),
    }
}

/// A fresh PKCE code verifier, SHOF `state` and nonce.
fn shof_secrets() -> ShofSecrets {
    ShofSecrets {
        verifier: CodeVerifier::generate(&mut OsRng).as_str().to_owned(),
        state: uuid_v4(&mut OsRng),
        nonce: uuid_v4(&mut OsRng),
    }
}

/// The token named `name` in a paste (a token response, a form body, a bare token), else the
/// first token; and, when the paste is an OAuth error response, what it means.
fn pasted_token(text: &str, name: &str) -> (String, Option<String>) {
    let pasted = extract_tokens(text);
    let token = pasted
        .tokens
        .iter()
        .find(|named| named.name == name)
        .or(pasted.tokens.first())
        .map(|named| named.token.clone())
        .unwrap_or_default();
    (token, oauth_error(text))
}

/// An OAuth error response (`{"error": "invalid_client", …}`) in words.
fn oauth_error(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text.trim()).ok()?;
    let error = value.get("error")?.as_str()?;
    let description = value
        .get("error_description")
        .and_then(Value::as_str)
        .map(|text| format!(" ({text})"))
        .unwrap_or_default();
    let hint = match error {
        "invalid_client" => "the auth server did not accept your client assertion: is your JWKS URL registered and serving this kid (step 2), is aud the token endpoint, is the assertion less than 5 minutes old and its jti new (step 3)?",
        "invalid_grant" => "the code or PKCE verifier was refused: a code is single-use and short-lived, and the verifier must be the one whose challenge went into the authorize URL.",
        "invalid_request" => "a parameter is missing or malformed: compare the request with the command above.",
        "unauthorized_client" => "this client may not use this grant: check its role in Domain Management.",
        "invalid_scope" => "the scope was refused: in Koppeltaal leave it empty, the role decides.",
        _ => "see the auth server's documentation for this error.",
    };
    Some(format!("The auth server answered {error}{description}: {hint}"))
}

/// Props for [`Countdown`].
#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// The token's `exp`.
    pub exp: i64,
    /// Its `data-testid` (`data-seconds` carries the seconds left, negative once expired).
    pub testid: AttrValue,
}

/// "expires in 4:12", ticking every second; "expired 0:03 ago" after.
#[function_component(Countdown)]
pub fn countdown(props: &CountdownProps) -> Html {
    let left = props.exp - use_now_every(1_000);
    let clock = |seconds: i64| format!("{}:{:02}", seconds / 60, seconds % 60);
    let text = if left >= 0 {
        format!("expires in {}", clock(left))
    } else {
        format!("expired {} ago", clock(-left))
    };
    html! {
        <span class={classes!("countdown", (left < 0).then_some("expired"))} data-testid={props.testid.clone()}
            data-seconds={left.to_string()} role="timer">{text}</span>
    }
}
