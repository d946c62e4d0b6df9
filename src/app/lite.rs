//! The first-load app: header, navigation and the Decoder, without the crypto half of the engine.
//!
//! Issue 7 budgets the first page load at 250 KB gzip; the full app is over twice that. Most
//! visits start by pasting a token, which needs no key parsing and no signature algorithm, so the
//! page first loads this edition (bin `app`). The first time the user needs more (a key to verify
//! with, or another view) it loads the full app (bin `full_app`, a second wasm module), hands it
//! the Decoder's inputs ([`Handover`]) and steps aside. Both editions render the same components;
//! [`Lite`] only swaps the signature check for "loading" and the other views for a placeholder.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;
use yew::AppHandle;

use crate::app::components::ErrorMessage;
use crate::app::handover::Handover;
use crate::app::keytext::ReadKey;
use crate::app::pages::decode::DecodePage;
use crate::app::state::{use_app_state, DecoderInput, KeyEntry};
use crate::app::verifier::{ReadKeys, Verifier, VerifyOutcome};
use crate::app::{browser, App, Edition, NotFound, Route};
use jose::finding::Finding;
use jose::key::{Key, PublicKey, SecretEncoding};
use jose::token::UntrustedToken;

// The loader lives in www/init.js with the page's other module loading (a `module = "…"`
// snippet here would make wasm-bindgen refuse the no-modules key generation worker).
#[wasm_bindgen(js_namespace = kjdLoader)]
extern "C" {
    #[wasm_bindgen(js_name = loadFullApp)]
    fn load_full_app(js_url: &str, wasm_url: &str) -> js_sys::Promise;

    #[wasm_bindgen(js_name = startFullApp, catch)]
    fn start_full_app(module: &JsValue, handover: &str) -> Result<(), JsValue>;
}

/// The first-load edition.
pub enum Lite {}

impl Edition for Lite {
    const NAME: &'static str = "lite";

    fn view(route: Route) -> Html {
        let waiting = match route {
            Route::Home | Route::Decode => {
                return html! { <><DecodePage<Lite> /><FullAppLoader /></> }
            }
            Route::NotFound => return html! { <NotFound /> },
            Route::Sign => "Signer",
            Route::Keys => "Keys view",
            Route::Jwks => "JWKS builder",
            Route::Bench => "Benchmark",
        };
        html! { <FullAppLoader waiting={waiting} /> }
    }
}

/// No crypto here: any key text means "loading", and [`FullAppLoader`] fetches the real checker.
impl Verifier for Lite {
    fn read_key_text(text: &str, _: SecretEncoding, _: bool) -> Option<ReadKeys> {
        text.trim().is_empty().then(ReadKeys::default)
    }

    fn keyring_key(_: &KeyEntry) -> Option<ReadKey> {
        // Keys are made and imported only in the full app, so this keyring is always empty.
        None
    }

    fn verify(_: &UntrustedToken, _: &[ReadKey]) -> (VerifyOutcome, Option<usize>) {
        // Not reached: `read_key_text` gives no keys to verify with, only "loading".
        (VerifyOutcome::loading(), None)
    }

    fn hs_with_public_key(_: &UntrustedToken, _: &[ReadKey]) -> Option<Finding> {
        None
    }

    fn public_key(_: &Key) -> Option<PublicKey> {
        None
    }

    /// Focus on the key box says a key is coming: start the download now, so the verdict is
    /// there sooner after the paste. A failure is left for the hand-over to report.
    fn prepare() {
        spawn_local(async {
            let _ = load().await;
        });
    }
}

thread_local! {
    /// The mounted first-load app and its host element, until the full app takes over.
    static MOUNTED: RefCell<Option<(AppHandle<App<Lite>>, web_sys::Element)>> = const { RefCell::new(None) };
    /// The Decoder's inputs as last rendered: what the handover carries.
    static LATEST: RefCell<DecoderInput> = RefCell::new(DecoderInput::default());
    /// Set once the full app was started, so two waiting views cannot start it twice.
    static HANDED_OVER: Cell<bool> = const { Cell::new(false) };
}

/// Starts the first-load app: a banner for any panic, then render into a new element in `<body>`.
pub fn start() {
    crate::app::install_panic_banner();
    let Some(host) = crate::app::new_host() else {
        return;
    };
    let handle = yew::Renderer::<App<Lite>>::with_root(host.clone()).render();
    MOUNTED.with(|mounted| *mounted.borrow_mut() = Some((handle, host)));
}

#[derive(Properties, PartialEq)]
struct FullAppLoaderProps {
    /// The view waiting for the full app; `None` on the Decoder, which needs it only for a key.
    #[prop_or_default]
    waiting: Option<&'static str>,
}

/// Loads the full app when it is needed and shows the wait (or why it failed).
#[function_component(FullAppLoader)]
fn full_app_loader(props: &FullAppLoaderProps) -> Html {
    let state = use_app_state();
    LATEST.with(|latest| *latest.borrow_mut() = state.decoder.clone());
    let needed = props.waiting.is_some() || !state.decoder.key_text.trim().is_empty();
    let error = use_state(|| None::<AttrValue>);
    let attempt = use_state(|| 0_u32);
    {
        let error = error.clone();
        use_effect_with((needed, *attempt), move |(needed, _)| {
            if *needed {
                spawn_local(async move {
                    if let Err(message) = hand_over().await {
                        error.set(Some(message.into()));
                    }
                });
            }
        });
    }
    let onretry = {
        let (error, attempt) = (error.clone(), attempt.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            attempt.set(*attempt + 1);
        })
    };
    html! {
        <>
            if let Some(message) = &*error {
                <div class="card full-app-error">
                    <ErrorMessage testid="full-app-error" message={Some(message.clone())} />
                    <button type="button" class="button" data-testid="full-app-retry" onclick={onretry}>
                        {"Try again"}
                    </button>
                </div>
            } else if let Some(view) = props.waiting {
                <section class="view" data-testid="full-app-loading" aria-busy="true">
                    <p class="muted">{format!("Loading the {view}…")}</p>
                </section>
            }
        </>
    }
}

/// Loads the full app, starts it with the Decoder's latest inputs and unmounts this one, all in
/// one task: the full app renders before the browser paints again, so no frame is empty.
async fn hand_over() -> Result<(), String> {
    let module = load().await?;
    if HANDED_OVER.with(|done| done.replace(true)) {
        return Ok(());
    }
    let handover = LATEST.with(|latest| Handover::capture(&latest.borrow()));
    let json = serde_json::to_string(&handover).map_err(|err| err.to_string())?;
    if let Err(err) = start_full_app(&module, &json) {
        HANDED_OVER.with(|done| done.set(false));
        return Err(format!(
            "The rest of the app failed to start: {}",
            browser::js_error_text(&err)
        ));
    }
    if let Some((handle, host)) = MOUNTED.with(|mounted| mounted.borrow_mut().take()) {
        host.remove();
        handle.destroy();
    }
    Ok(())
}

/// The full app's module, loaded and initialised (once: the loader in `www/init.js` keeps it).
async fn load() -> Result<JsValue, String> {
    let js = browser::built_file_url("full_app.js")?;
    let wasm = browser::built_file_url("full_app_bg.wasm")?;
    JsFuture::from(load_full_app(&js, &wasm))
        .await
        .map_err(|err| {
            format!(
                "The rest of the app (signature checks, keys, signing) could not be loaded: {}. \
                 Check the connection and try again.",
                browser::js_error_text(&err)
            )
        })
}
