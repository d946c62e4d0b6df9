//! The page's first wasm module: the first-load app ([`kjd::app::lite`]), which loads the full
//! app (`src/bin/full_app.rs`) when the user needs it.
#![forbid(unsafe_code)]

fn main() {
    #[cfg(target_arch = "wasm32")]
    kjd::app::lite::start();
}
