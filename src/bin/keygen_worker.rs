//! The key generation Web Worker (built by Trunk from `index.html`'s `data-type="worker"` link).
//! All logic lives in the library: [`kjd::app::keygen::worker_main`].
#![forbid(unsafe_code)]

fn main() {
    #[cfg(target_arch = "wasm32")]
    kjd::app::keygen::worker_main();
}
