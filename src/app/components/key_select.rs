//! A labelled `<select>` over the keyring.

use yew::prelude::*;

use crate::app::state::{use_app_state, KeyId};

/// Props for [`KeySelect`].
#[derive(Properties, PartialEq)]
pub struct KeySelectProps {
    /// The `data-testid` (`verify-key-select`, `sign-key-select`).
    pub testid: AttrValue,
    /// The element id, which the visible label points at.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The chosen key, if any.
    pub value: Option<KeyId>,
    /// Called with the new choice (`None`: "no keyring key").
    pub onchange: Callback<Option<KeyId>>,
    /// Offer only keys that can sign (private keys and secrets).
    #[prop_or_default]
    pub signing_only: bool,
    /// The caption of the empty choice.
    #[prop_or(AttrValue::Static("— none —"))]
    pub none_label: AttrValue,
}

/// Lets the user pick a keyring key. Shows how many keys there are, so an empty keyring is obvious.
#[function_component(KeySelect)]
pub fn key_select(props: &KeySelectProps) -> Html {
    let state = use_app_state();
    let entries: Vec<_> = state
        .keys
        .iter()
        .filter(|entry| !props.signing_only || entry.can_sign())
        .collect();
    let onchange = {
        let callback = props.onchange.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            callback.emit(select.value().parse::<KeyId>().ok());
        })
    };
    let selected = props.value.map(|id| id.to_string()).unwrap_or_default();
    let select_ref = use_synced_select(selected.clone(), entries.len());
    html! {
        <div class="field">
            <label for={props.id.clone()}>{props.label.clone()}</label>
            <select id={props.id.clone()} data-testid={props.testid.clone()} {onchange} ref={select_ref}
                disabled={entries.is_empty()}>
                <option value="" selected={props.value.is_none()}>
                    { if entries.is_empty() { AttrValue::Static("— keyring is empty —") } else { props.none_label.clone() } }
                </option>
                { for entries.iter().map(|entry| {
                    let value = entry.id.to_string();
                    html! {
                        <option value={value.clone()} selected={value == selected}>
                            {entry.label.clone()}
                        </option>
                    }
                }) }
            </select>
        </div>
    }
}

/// A `NodeRef` for a `<select>` whose shown choice is kept equal to `value` after every change
/// of `value` or of the number of options.
///
/// `selected` on an `<option>` stops counting once the user has picked one, so a choice made
/// elsewhere (pasting a key instead, a new key narrowing the algorithms) is pushed into the
/// element itself.
#[hook]
pub fn use_synced_select(value: String, options: usize) -> NodeRef {
    let select_ref = use_node_ref();
    {
        let select_ref = select_ref.clone();
        use_effect_with((value, options), move |(value, _)| {
            if let Some(select) = select_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(value);
            }
        });
    }
    select_ref
}
