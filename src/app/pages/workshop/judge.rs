//! The receiver's verdict on a token pasted into a step (the access token, a received launch,
//! the id_token): the same judgement the Decoder makes, for the token and keys in that step.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::components::{ErrorMessage, FindingsList, VerdictBanner};
use crate::app::engine::use_engine_query;
use crate::app::received::{decoded_parts, signature_state, token_findings, verify_request};
use crate::app::state::{use_app_state, Action, DecoderHandoff};
use crate::app::Route;
use crate::worker::protocol::{Response, VerifyRequest};
use jose::finding::Finding;
use jose::key::SecretEncoding;
use jose::profiles::{self, Expectations, Profile};
use jose::token::inspect_compact;
use jose::verdict::{receiver_verdict, Verdict, VerdictKind};

/// A token judged as its receiver would.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judged {
    /// The token.
    pub token: String,
    /// The key text it was verified with.
    pub key_text: String,
    /// Accept, reject or incomplete; `None` while nothing decodes.
    pub verdict: Option<Verdict>,
    /// The findings behind it.
    pub findings: Rc<Vec<Finding>>,
    /// The payload, when it decoded.
    pub payload: Option<Value>,
    /// Why the token does not decode.
    pub error: Option<String>,
}

impl Judged {
    /// True when the receiver would accept the token.
    pub fn accepted(&self) -> bool {
        self.verdict.as_ref().is_some_and(|verdict| verdict.kind == VerdictKind::Accept)
    }
}

/// Judges `token` against `profile` and `expect` at `now`, verifying with `key_text` in the
/// crypto worker.
#[hook]
pub fn use_judged(
    token: String,
    key_text: String,
    profile: Profile,
    expect: Expectations,
    now: i64,
) -> Judged {
    let inspection = use_memo(token.clone(), |token| inspect_compact(token));
    let verify = use_engine_query(
        VerifyRequest {
            token: token.clone(),
            key_text: key_text.clone(),
            encoding: SecretEncoding::default(),
            keyring_key: None,
        },
        verify_request,
        |response| match response {
            Response::Verified(report) => Some(report),
            _ => None,
        },
    );
    if token.trim().is_empty() {
        return Judged::default();
    }
    let error = inspection.token.as_ref().err().map(ToString::to_string);
    let decoded = decoded_parts(&inspection);
    let report = decoded
        .as_ref()
        .map(|(header, payload)| profiles::check_expecting(profile, header, payload, now, &expect));
    let extra = token_findings(&inspection, &verify);
    let verdict = report
        .as_ref()
        .map(|report| receiver_verdict(report, &signature_state(&verify), &extra));
    let mut findings = report.map(|report| report.findings).unwrap_or_default();
    findings.extend(extra);
    Judged {
        token,
        key_text,
        verdict,
        findings: Rc::new(findings),
        payload: decoded.map(|(_, payload)| payload),
        error,
    }
}

/// Props for [`JudgedView`].
#[derive(Properties, PartialEq)]
pub struct JudgedViewProps {
    /// The judged token.
    pub judged: Judged,
    /// The findings list's `data-testid`.
    pub testid: AttrValue,
}

/// The verdict, its findings, and a way to look closer in the Decoder.
#[function_component(JudgedView)]
pub fn judged_view(props: &JudgedViewProps) -> Html {
    let state = use_app_state();
    let navigator = use_navigator();
    let judged = &props.judged;
    let onopen = {
        let handoff = DecoderHandoff {
            token: judged.token.clone(),
            key_text: Some(judged.key_text.clone()),
            key_id: None,
        };
        Callback::from(move |_| {
            state.dispatch(Action::OpenInDecoder(handoff.clone()));
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Decode);
            }
        })
    };
    html! {
        <div class="workshop-judged">
            <ErrorMessage testid={format!("{}-error", props.testid)} message={judged.error.clone().map(AttrValue::from)} />
            if let Some(verdict) = &judged.verdict {
                <VerdictBanner verdict={verdict.clone()} />
                <details>
                    <summary>{format!("{} findings", judged.findings.len())}</summary>
                    <FindingsList findings={judged.findings.clone()} testid={props.testid.clone()} />
                </details>
                <button type="button" class="button ghost small" onclick={onopen}>{"Open in the Decoder"}</button>
            }
        </div>
    }
}
