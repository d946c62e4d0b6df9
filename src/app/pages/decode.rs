//! The Decode view.

use yew::prelude::*;

/// The Decode view.
#[function_component(DecodePage)]
pub fn view() -> Html {
    html! { <section class="view"><h1>{"Decode"}</h1></section> }
}
