//! The receiver's judgement of a token, shared by the Decoder and the workshop: the decoded
//! parts the profile checks need, the signature check to ask the crypto worker for, and how its
//! answer feeds [`jose::verdict::receiver_verdict`].

use gloo::timers::callback::Interval;
use serde_json::{Map, Value};
use yew::prelude::*;

use crate::app::browser;
use crate::app::engine::Query;
use crate::worker::protocol::{Request, VerifyReport, VerifyRequest};
use jose::finding::Finding;
use jose::token::{Inspection, Payload};
use jose::verdict::SignatureState;

/// The current time (Unix seconds), refreshed every 10 seconds so "in 4 minutes" stays true.
#[hook]
pub fn use_now() -> i64 {
    use_now_every(10_000)
}

/// The current time (Unix seconds), refreshed every `period_ms` (a countdown ticks each second).
#[hook]
pub fn use_now_every(period_ms: u32) -> i64 {
    let now = use_state(browser::now_seconds);
    {
        let now = now.clone();
        use_effect_with(period_ms, move |period_ms| {
            let interval = Interval::new(*period_ms, move || now.set(browser::now_seconds()));
            move || drop(interval)
        });
    }
    *now
}

/// The header object and the payload as JSON (`Null` when it is not JSON), when the header
/// decoded; the profile checks need both.
pub fn decoded_parts(inspection: &Inspection) -> Option<(Map<String, Value>, Value)> {
    let header = inspection.header.as_ref()?.as_ref().ok()?.clone();
    let payload = match inspection.payload.as_ref() {
        Some(Ok(Payload::Json(value))) => value.clone(),
        Some(Ok(Payload::Text(text))) => Value::String(text.clone()),
        _ => Value::Null,
    };
    Some((header, payload))
}

/// The signature check to ask for: none without a token (there is nothing to say then).
pub fn verify_request(request: &VerifyRequest) -> Option<Request> {
    (!request.token.trim().is_empty()).then(|| Request::Verify(request.clone()))
}

/// The Decoder's own findings: what was tidied in the pasted text, and what the signature check
/// found about the keys offered, such as an HS* token offered a public key (the profile checks
/// report everything else).
pub fn token_findings(inspection: &Inspection, verify: &Query<VerifyReport>) -> Vec<Finding> {
    let mut findings = tidy_findings(inspection);
    if let Query::Done(Ok(report)) = verify {
        findings.extend(report.findings.iter().cloned());
    }
    findings
}

/// What the decoder tidied in the pasted text (the profile checks report everything else).
pub fn tidy_findings(inspection: &Inspection) -> Vec<Finding> {
    match &inspection.token {
        Ok(token) => token
            .findings()
            .into_iter()
            .filter(|finding| {
                matches!(
                    finding.rule.as_str(),
                    "token.input-tidied" | "token.payload-not-json"
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The worker's signature check as the verdict needs it. A key text that could not be read at
/// all is "no usable key yet" (the user is still pasting), not a rejection; a key that was read
/// but cannot be used for this token (no such `kid`, wrong type) is.
pub fn signature_state(verify: &Query<VerifyReport>) -> SignatureState {
    match verify {
        Query::Idle => SignatureState::NoKey,
        Query::Pending => SignatureState::Pending,
        Query::Done(Err(err)) => SignatureState::Error(err.to_string()),
        Query::Done(Ok(report)) => match report.status.as_str() {
            "valid" => SignatureState::Valid,
            "invalid" => SignatureState::Invalid,
            "unverified" => SignatureState::NoKey,
            _ if report.keys_read.is_empty() => SignatureState::NoKey,
            _ => SignatureState::KeyUnusable(report.sentence.clone()),
        },
    }
}
