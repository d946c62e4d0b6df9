//! The browser entry point: install the panic banner, then mount the app.
#![forbid(unsafe_code)]

fn main() {
    #[cfg(target_arch = "wasm32")]
    kjd::app::start();
}
