//! The engine running in a real browser (headless Chromium via wasm-bindgen-test-runner).
//!
//! Native `cargo test` proves the maths; these prove the same code works compiled to wasm, with
//! the browser's randomness (getrandom's `js` feature) and without threads or a file system.
//! Run with `cargo test --target wasm32-unknown-unknown --test browser_engine` (`make test-wasm`).
#![cfg(target_arch = "wasm32")]

use std::str::FromStr;

use kjd::jose::alg::JwsAlgorithm;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn algorithm_names_parse_in_the_browser() {
    assert_eq!(JwsAlgorithm::from_str("ES256"), Ok(JwsAlgorithm::Es256));
    assert!(JwsAlgorithm::from_str("none").is_err());
}
