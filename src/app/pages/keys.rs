//! The Keys view.

use yew::prelude::*;

/// The Keys view.
#[function_component(KeysPage)]
pub fn view() -> Html {
    html! { <section class="view"><h1>{"Keys"}</h1></section> }
}
