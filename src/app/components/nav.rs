//! The top navigation between the views.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

/// One tab: route, caption and `data-testid`.
const TABS: [(Route, &str, &str); 6] = [
    (Route::Decode, "Decode & verify", "nav-decode"),
    (Route::Sign, "Sign", "nav-sign"),
    (Route::Keys, "Keys", "nav-keys"),
    (Route::Jwks, "JWKS builder", "nav-jwks"),
    (Route::Workshop, "Workshop", "nav-workshop"),
    (Route::Bench, "Benchmark", "nav-bench"),
];

/// The view tabs. Plain links (`#/sign`) so they also open in a new tab; a click navigates in-app.
#[function_component(Nav)]
pub fn nav() -> Html {
    let current = use_route::<Route>().map(Route::canonical);
    let navigator = use_navigator();
    html! {
        <nav class="nav" aria-label="Views">
            <ul>
                { for TABS.iter().map(|(route, caption, testid)| {
                    let active = current.as_ref() == Some(route);
                    let onclick = {
                        let navigator = navigator.clone();
                        let route = route.clone();
                        Callback::from(move |event: MouseEvent| {
                            if let Some(navigator) = &navigator {
                                event.prevent_default();
                                navigator.push(&route);
                            }
                        })
                    };
                    html! {
                        <li>
                            <a href={format!("#{}", route.to_path())} data-testid={*testid}
                                class={classes!("nav-link", active.then_some("active"))}
                                aria-current={active.then_some("page")} {onclick}>
                                {*caption}
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
