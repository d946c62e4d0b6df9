//! The page's wasm module: the Yew app ([`kjd::app`]). The crypto worker is a second module
//! (`src/bin/crypto_worker.rs`) that the app starts itself.
#![forbid(unsafe_code)]

fn main() {
    #[cfg(target_arch = "wasm32")]
    kjd::app::start();
}
