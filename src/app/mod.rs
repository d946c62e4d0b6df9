//! The Yew front end: four views over the [`jose`] engine, routed in the URL fragment.
//!
//! Two editions of the same components, two wasm modules: [`lite::Lite`] is what the page loads
//! first (the Decoder without crypto), [`Full`] is everything, loaded on demand ([`lite`] says
//! why and how; [`handover`] carries the Decoder's inputs across).
//!
//! - [`state`]: the shared reducer (in-memory keyring, JWKS builder, hand-offs between views).
//! - [`pages`]: one component per view (`#/decode`, `#/sign`, `#/keys`, `#/jwks`).
//! - [`components`]: small widgets (errors, copy, download, JSON, findings, key select, nav).
//! - [`browser`]: the clock, clipboard, downloads, theme and URL helpers.
//! - [`keygen`], [`webcrypto`]: key generation off the main thread (WebCrypto, or a worker).
//! - [`verifier`]: the Decoder's signature check, the one crypto-dependent part of the Decoder.
//!
//! Private keys stay in memory: nothing is written to the URL, browser storage or the console.

pub mod browser;
pub mod components;
pub mod handover;
pub mod keygen;
pub mod keytext;
pub mod lite;
pub mod pages;
pub mod state;
pub mod verifier;
pub mod webcrypto;

use yew::prelude::*;
use yew_router::prelude::*;

use components::{Nav, ThemeToggle};
use handover::Handover;
use state::{use_app_state, Action, AppState};

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

/// What differs between the two builds of the app. Each is its own wasm module, and each links
/// only the pages its [`Edition::view`] names.
pub trait Edition: 'static {
    /// `data-edition` on the app's root element (`lite` or `full`), for tests and curious users.
    const NAME: &'static str;

    /// The page for a route.
    fn view(route: Route) -> Html;
}

/// The full app (bin `full_app`): every view, with the engine.
pub enum Full {}

impl Edition for Full {
    const NAME: &'static str = "full";

    fn view(route: Route) -> Html {
        match route {
            Route::Home | Route::Decode => {
                html! { <pages::decode::DecodePage<verifier::Engine> /> }
            }
            Route::Sign => html! { <pages::sign::SignPage /> },
            Route::Keys => html! { <pages::keys::KeysPage /> },
            Route::Jwks => html! { <pages::jwks::JwksPage /> },
            Route::Bench => html! { <pages::bench::BenchPage /> },
            Route::NotFound => html! { <NotFound /> },
        }
    }
}

/// Props for [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// What the first-load app handed over (nothing when the app starts afresh).
    #[prop_or_default]
    pub handover: Option<Handover>,
}

/// The whole app: state provider, router, header and the current view.
#[function_component(App)]
pub fn app<E: Edition>(props: &AppProps) -> Html {
    let state = {
        let decoder = props.handover.as_ref().map(Handover::decoder_input);
        use_reducer(move || AppState::with_decoder(decoder.unwrap_or_default()))
    };
    // Put the caret back where it was in the first-load app.
    let focus = props
        .handover
        .as_ref()
        .and_then(|handover| handover.focus.clone());
    use_effect_with((), move |_| {
        if let Some(focus) = focus {
            handover::restore(&focus);
        }
    });
    html! {
        <ContextProvider<state::AppContext> context={state}>
            <HashRouter>
                <div class="app" data-edition={E::NAME}>
                    <Header />
                    <main class="main" id="main" tabindex="-1">
                        <Switch<Route> render={E::view} />
                    </main>
                    <Footer />
                </div>
            </HashRouter>
        </ContextProvider<state::AppContext>>
    }
}

#[function_component(Header)]
fn header() -> Html {
    html! {
        <header class="header">
            <SkipLink />
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{"⟨kt⟩"}</span>
                <span class="brand-name">{"Koppeltaal JWT Debugger"}</span>
            </div>
            <Nav />
            <div class="header-tools">
                <KeyringStatus />
                <ThemeToggle />
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
    let count = state.keys.len();
    let nothing_to_forget = count == 0 && state.decoder.key_text.is_empty();
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearKeyring))
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

/// Starts the full app (called by the first-load app, through `src/bin/full_app.rs`) with the
/// handed-over state, a JSON [`Handover`]; text that is not one starts it afresh.
pub fn start_full(handover: &str) {
    install_panic_banner();
    let Some(host) = new_host() else {
        return;
    };
    let props = AppProps {
        handover: serde_json::from_str(handover).ok(),
    };
    yew::Renderer::<App<Full>>::with_root_and_props(host, props).render();
}

/// Renders the full app once into an element outside the page, then destroys it.
///
/// Chromium compiles a new wasm module lazily, each function on its first call, on the page's
/// thread: the full app's first render blocked the page for 60–150 ms here. Called in a task of
/// its own once the module has loaded, this render does most of that compiling, so neither it nor
/// the real render at the hand-over blocks the page for 50 ms (measured by `make bench`). The
/// same trick did not shorten the first-load app's long task at page load (measured), so that
/// one renders straight away.
pub fn warm_up_full() {
    let Some(host) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("div").ok())
    else {
        return;
    };
    let handle = yew::Renderer::<App<Full>>::with_root(host).render();
    // The render runs in a microtask; destroy after it.
    wasm_bindgen_futures::spawn_local(async move {
        handle.destroy();
    });
}

/// A visible banner for any panic in this module (each wasm module has its own panic hook).
pub fn install_panic_banner() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_banner(&info.to_string());
    }));
}

/// A new element at the end of `<body>` for an edition to render into: each edition owns its
/// own, so the full app never clears nodes the first-load app still holds.
pub fn new_host() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let host = document.create_element("div").ok()?;
    host.set_class_name("app-host");
    document.body()?.append_child(&host).ok()?;
    Some(host)
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
