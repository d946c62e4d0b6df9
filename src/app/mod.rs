//! The Yew front end: the views, routed in the URL fragment. Everything that touches a key is
//! asked of the crypto worker through [`engine`]; the page itself decodes, explains and checks
//! tokens (no key needed for that).
//!
//! - [`state`]: the shared reducer (the page's view of the keyring, the JWKS builder, the
//!   views' drafts, hand-offs between views).
//! - [`drafts`]: the Signer's draft and the template rules it follows.
//! - [`engine`]: the handle on the crypto worker (typed async calls, deadlines, restarts).
//! - [`pages`]: one component per view (`#/decode`, `#/sign`, `#/keys`, `#/jwks`, `#/bench`,
//!   `#/workshop`).
//! - [`workshop`]: the workshop path's draft, steps and kit.
//! - [`received`]: the receiver's judgement of a token (Decoder and workshop).
//! - [`components`]: small widgets (errors, copy, download, JSON, findings, key select, nav).
//! - [`browser`]: the clock, clipboard, downloads, theme and URL helpers.
//!
//! Private keys stay in the worker's memory: nothing is written to the URL, browser storage or
//! the console, and the page sees private bytes only when the user reveals or exports them.

pub mod browser;
pub mod components;
pub mod drafts;
pub mod engine;
pub mod examples;
pub mod expect;
pub mod keytext;
pub mod pages;
pub mod received;
pub mod state;
pub mod workshop;

use yew::prelude::*;
use yew_router::prelude::*;

use components::{Nav, ThemeToggle};
use engine::{use_engine, EngineProvider, EngineStatus, EngineStatusBar};
use state::{use_app_state, Action, AppState};
use crate::worker::protocol::Request;

/// The views, addressed in the fragment (`#/decode`, ...), so the static host needs no rewrites.
#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub enum Route {
    /// The bare page: shows the Decoder.
    #[at("/")]
    Home,
    /// Decode and verify a token.
    #[at("/decode")]
    Decode,
    /// Sign a token.
    #[at("/sign")]
    Sign,
    /// Generate, import and export keys.
    #[at("/keys")]
    Keys,
    /// Build and check a JWK Set.
    #[at("/jwks")]
    Jwks,
    /// Measure WebCrypto against the pure-Rust engine.
    #[at("/bench")]
    Bench,
    /// The guided hackathon path, step by step.
    #[at("/workshop")]
    Workshop,
    /// Anything else.
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

impl Route {
    /// The route a tab is highlighted for (`/` is the Decoder).
    pub fn canonical(self) -> Route {
        match self {
            Route::Home => Route::Decode,
            other => other,
        }
    }
}

/// The page for a route.
fn view(route: Route) -> Html {
    match route {
        Route::Home | Route::Decode => html! { <pages::decode::DecodePage /> },
        Route::Sign => html! { <pages::sign::SignPage /> },
        Route::Keys => html! { <pages::keys::KeysPage /> },
        Route::Jwks => html! { <pages::jwks::JwksPage /> },
        Route::Bench => html! { <pages::bench::BenchPage /> },
        Route::Workshop => html! { <pages::workshop::WorkshopPage /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The whole app: state, the crypto worker, router, header and the current view.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let on_restart = {
        let dispatcher = state.dispatcher();
        Callback::from(move |reason: String| dispatcher.dispatch(Action::EngineRestarted(reason)))
    };
    html! {
        <ContextProvider<state::AppContext> context={state}>
            <EngineProvider {on_restart}>
                <HashRouter>
                    <AppRoot />
                </HashRouter>
            </EngineProvider>
        </ContextProvider<state::AppContext>>
    }
}

/// Inside the providers: `data-edition="full"` once the crypto worker is ready (kept from the
/// two-module days because it costs nothing; tests may wait on it).
#[function_component(AppRoot)]
fn app_root() -> Html {
    let engine = use_engine();
    let edition = (engine.status == EngineStatus::Ready).then_some("full");
    html! {
        <div class="app" data-edition={edition}>
            <Header />
            <EngineNotice />
            <main class="main" id="main" tabindex="-1">
                <Switch<Route> render={view} />
            </main>
            <Footer />
        </div>
    }
}

/// What a crypto worker restart cost, until the user dismisses it.
#[function_component(EngineNotice)]
fn engine_notice() -> Html {
    let state = use_app_state();
    let Some(notice) = state.engine_notice.clone() else {
        return html! {};
    };
    let ondismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissEngineNotice))
    };
    html! {
        <div class="notice warn engine-notice" data-testid="engine-restarted" role="alert">
            <span>{notice}</span>
            <button type="button" class="button ghost small" data-testid="engine-restarted-dismiss" onclick={ondismiss}>{"Dismiss"}</button>
        </div>
    }
}

/// The page header: brand, view tabs and tools. On a phone the tabs and tools fold behind the
/// `menu-toggle` button (CSS decides when it shows), so the header stays one row; picking a view
/// closes the menu again.
#[function_component(Header)]
fn header() -> Html {
    let open = use_state(|| false);
    let route = use_route::<Route>();
    {
        let open = open.clone();
        use_effect_with(route, move |_| {
            if *open {
                open.set(false);
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    html! {
        <header class="header">
            <SkipLink />
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{"⟨kt⟩"}</span>
                <span class="brand-name">{"Koppeltaal JWT Debugger"}</span>
            </div>
            <button type="button" class="button ghost menu-toggle" data-testid="menu-toggle"
                aria-controls="header-menu" aria-expanded={if *open { "true" } else { "false" }}
                onclick={ontoggle}>
                <span aria-hidden="true">{if *open { "✕" } else { "☰" }}</span>
                {" Menu"}
            </button>
            <div id="header-menu" data-testid="header-menu"
                class={classes!("header-menu", open.then_some("open"))}>
                <Nav />
                <div class="header-tools">
                    <EngineStatusBar />
                    <KeyringStatus />
                    <ThemeToggle />
                </div>
            </div>
        </header>
    }
}

/// "Skip to content" for keyboard users. It moves focus instead of linking to `#main`, because
/// the fragment holds the route: a `#main` fragment would not be a route at all.
#[function_component(SkipLink)]
fn skip_link() -> Html {
    let onclick = Callback::from(|event: MouseEvent| {
        event.prevent_default();
        let main = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id("main"));
        if let Some(main) = main.and_then(|element| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
        }) {
            let _ = main.focus();
        }
    });
    html! {
        <a class="skip-link" href="#/" data-testid="skip-link" {onclick}>{"Skip to content"}</a>
    }
}

/// How many keys the in-memory keyring holds, and the button that forgets them all.
#[function_component(KeyringStatus)]
fn keyring_status() -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let count = state.keys.len();
    let nothing_to_forget = count == 0 && state.decoder.key_text.is_empty();
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::ClearKeyring);
            // The worker forgets too; if it is restarting, it has forgotten already.
            let cleared = engine.call(Request::Clear);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = cleared.await;
            });
        })
    };
    html! {
        <div class="keyring-status">
            <span data-testid="keyring-count" data-count={count.to_string()}>
                { match count { 0 => "Keyring empty".to_owned(), 1 => "1 key".to_owned(), n => format!("{n} keys") } }
            </span>
            <button type="button" class="button ghost small" data-testid="keyring-clear"
                title="Forget every key in this page's memory" disabled={nothing_to_forget} {onclick}>
                {"Clear keyring"}
            </button>
        </div>
    }
}

#[function_component(Footer)]
fn footer() -> Html {
    html! {
        <footer class="footer">
            <p>
                {"Everything runs in this browser tab: keys are generated, used and kept in memory \
                  only, and nothing is sent anywhere or stored. Reloading the page forgets all keys."}
            </p>
        </footer>
    }
}

/// The page for an unknown route.
#[function_component(NotFound)]
pub fn not_found() -> Html {
    html! {
        <section class="view" data-testid="not-found">
            <h1>{"Page not found"}</h1>
            <p><a href="#/decode">{"Go to the Decoder"}</a></p>
        </section>
    }
}

/// Mounts the app on `<body>` (called by `src/main.rs`).
pub fn start() {
    install_panic_banner();
    yew::Renderer::<App>::new().render();
}

/// A visible banner for any panic on the page (the worker's panics end its requests, which the
/// page reports like a crash).
pub fn install_panic_banner() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_banner(&info.to_string());
    }));
}

/// Puts the panic message on the page, so the user sees why the app stopped instead of a blank
/// or frozen page.
#[cfg(target_arch = "wasm32")]
fn show_panic_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    banner.set_text_content(Some(&format!(
        "The debugger hit an internal error and stopped: {message}. Reload the page to continue \
         (keys in memory are lost)."
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
