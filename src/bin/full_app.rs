//! The full app, the page's second wasm module: loaded on demand by the first-load app
//! ([`kjd::app::lite`]), which then calls [`start`]. Built by Trunk from `index.html`'s
//! `data-bin="full_app"` link; all logic lives in the library.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::wasm_bindgen;

/// Nothing to do at load: the first-load app calls [`start`] when it hands over.
fn main() {}

/// Mounts the full app with the first-load app's state (JSON, see `kjd::app::handover`).
#[wasm_bindgen]
pub fn start(handover: &str) {
    kjd::app::start_full(handover);
}

/// Renders the app once, out of sight, and forgets it (see `kjd::app::warm_up_full`).
#[wasm_bindgen]
pub fn warm_up() {
    kjd::app::warm_up_full();
}
