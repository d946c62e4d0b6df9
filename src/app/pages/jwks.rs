//! The Jwks view.

use yew::prelude::*;

/// The Jwks view.
#[function_component(JwksPage)]
pub fn view() -> Html {
    html! { <section class="view"><h1>{"Jwks"}</h1></section> }
}
