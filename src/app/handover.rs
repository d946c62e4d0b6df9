//! What the first-load app hands to the full app when it loads: the Decoder's inputs and where
//! the caret was, so the switch loses nothing the user typed.
//!
//! It crosses between the two wasm modules as JSON (a string is the one thing both sides can pass
//! without sharing memory). It never leaves the page.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::app::keytext;
use crate::app::state::DecoderInput;
use jose::profiles::Profile;

/// The first-load app's state, as the full app starts with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    /// `token-input`.
    pub token: String,
    /// `verify-key-input` (may be a private key or a secret: memory only).
    pub key_text: String,
    /// `profile-select` value ([`Profile::id`]).
    pub profile: String,
    /// `verify-secret-encoding` value.
    pub encoding: String,
    /// The focused input, to focus again in the full app.
    pub focus: Option<Focus>,
}

/// A focused text input: its `data-testid` and selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    /// The element's `data-testid`.
    pub testid: String,
    /// Selection start and end (UTF-16 offsets, as the DOM counts them).
    pub selection: Option<(u32, u32)>,
}

impl Handover {
    /// The handover for these Decoder inputs and the element focused now.
    pub fn capture(decoder: &DecoderInput) -> Handover {
        Handover {
            token: decoder.token.clone(),
            key_text: decoder.key_text.clone(),
            profile: decoder.profile.id().to_owned(),
            encoding: keytext::encoding_id(decoder.encoding).to_owned(),
            focus: focused(),
        }
    }

    /// The Decoder inputs the full app starts with (unknown ids fall back to the defaults).
    pub fn decoder_input(&self) -> DecoderInput {
        DecoderInput {
            token: self.token.clone(),
            key_text: self.key_text.clone(),
            key_id: None,
            profile: Profile::from_id(&self.profile).unwrap_or_default(),
            encoding: keytext::encoding_from_id(&self.encoding),
        }
    }
}

/// The focused element, when it has a `data-testid`.
fn focused() -> Option<Focus> {
    let element = web_sys::window()?.document()?.active_element()?;
    let testid = element.get_attribute("data-testid")?;
    let selection = if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.selection_start()
            .ok()
            .flatten()
            .zip(area.selection_end().ok().flatten())
    } else if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input
            .selection_start()
            .ok()
            .flatten()
            .zip(input.selection_end().ok().flatten())
    } else {
        None
    };
    Some(Focus { testid, selection })
}

/// Focuses the element `focus` names again, with its selection.
pub fn restore(focus: &Focus) {
    let selector = format!("[data-testid=\"{}\"]", focus.testid.replace('"', ""));
    let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(&selector).ok().flatten())
    else {
        return;
    };
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
    let Some((start, end)) = focus.selection else {
        return;
    };
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let _ = area.set_selection_range(start, end);
    } else if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = input.set_selection_range(start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jose::key::SecretEncoding;

    #[test]
    fn the_decoder_inputs_survive_the_json_round_trip() {
        let decoder = DecoderInput {
            token: "a.b.c".into(),
            key_text: "secret".into(),
            key_id: None,
            profile: Profile::HtiLaunch,
            encoding: SecretEncoding::Hex,
        };
        let handover = Handover {
            token: decoder.token.clone(),
            key_text: decoder.key_text.clone(),
            profile: decoder.profile.id().to_owned(),
            encoding: keytext::encoding_id(decoder.encoding).to_owned(),
            focus: Some(Focus {
                testid: "verify-key-input".into(),
                selection: Some((3, 3)),
            }),
        };

        let json = serde_json::to_string(&handover).unwrap();
        let back: Handover = serde_json::from_str(&json).unwrap();

        assert_eq!(back, handover);
        assert_eq!(back.decoder_input(), decoder);
    }

    #[test]
    fn unknown_ids_fall_back_to_the_defaults() {
        let handover = Handover {
            profile: "no-such-profile".into(),
            encoding: "rot13".into(),
            ..Handover::default()
        };

        assert_eq!(handover.decoder_input(), DecoderInput::default());
    }
}
