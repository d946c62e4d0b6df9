//! The one way the app shows an error.

use yew::prelude::*;

/// Props for [`ErrorMessage`].
#[derive(Properties, PartialEq)]
pub struct ErrorMessageProps {
    /// The `data-testid` (e.g. `decode-error`), so tests find the error next to its input.
    pub testid: AttrValue,
    /// The message; nothing is rendered when `None`.
    #[prop_or_default]
    pub message: Option<AttrValue>,
}

/// An error shown right below the input it concerns, announced to screen readers.
#[function_component(ErrorMessage)]
pub fn error_message(props: &ErrorMessageProps) -> Html {
    match &props.message {
        Some(message) => html! {
            <p class="error-message" role="alert" data-testid={props.testid.clone()}>
                <span class="error-icon" aria-hidden="true">{"⚠"}</span>
                <span>{message.clone()}</span>
            </p>
        },
        None => html! {},
    }
}
