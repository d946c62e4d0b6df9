//! A button that copies a text and says "Copied".

use gloo::timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::browser;

/// Props for [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text to copy.
    pub text: AttrValue,
    /// The `data-testid`.
    pub testid: AttrValue,
    /// The button caption.
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
    /// What is being copied, for screen readers ("Copy the public key").
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Copies [`CopyButtonProps::text`] and confirms with "Copied" for two seconds.
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let state = use_state(|| CopyState::Idle);
    let onclick = {
        let state = state.clone();
        let text = props.text.clone();
        Callback::from(move |_| {
            let state = state.clone();
            let text = text.clone();
            spawn_local(async move {
                let outcome = browser::copy_text(&text).await;
                state.set(if outcome.is_ok() {
                    CopyState::Copied
                } else {
                    CopyState::Failed
                });
                let state = state.clone();
                Timeout::new(2_000, move || state.set(CopyState::Idle)).forget();
            });
        })
    };
    let caption = match *state {
        CopyState::Idle => props.label.clone(),
        CopyState::Copied => AttrValue::Static("Copied"),
        CopyState::Failed => AttrValue::Static("Copy failed: select and press Ctrl+C"),
    };
    html! {
        <button type="button" class="button secondary small" data-testid={props.testid.clone()}
            data-copied={(*state == CopyState::Copied).then_some("true")}
            aria-label={props.aria_label.clone()} aria-live="polite" {onclick}>
            {caption}
        </button>
    }
}
