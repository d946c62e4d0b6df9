//! The Sign view.

use yew::prelude::*;

/// The Sign view.
#[function_component(SignPage)]
pub fn view() -> Html {
    html! { <section class="view"><h1>{"Sign"}</h1></section> }
}
