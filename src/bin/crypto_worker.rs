//! The crypto worker (built by Trunk from `index.html`'s `data-type="worker"` link). All logic
//! lives in the library: [`kjd::worker`].
#![forbid(unsafe_code)]

fn main() {
    #[cfg(target_arch = "wasm32")]
    kjd::worker::runtime::start();
}
