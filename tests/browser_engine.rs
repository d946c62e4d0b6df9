//! The engine running in a real browser (headless Chromium via wasm-bindgen-test-runner).
//!
//! Native `cargo test` proves the maths; these prove the same code works compiled to wasm, with
//! the browser's randomness (getrandom's `js` feature) and without threads or a file system.
//! Run with `cargo test --target wasm32-unknown-unknown --test browser_engine` (`make test-wasm`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use jose::key::{generate, EcCurve, Key, KeyKind, KeyMaterial};
use jose::sign::sign_compact;
use jose::verify::{VerifyOptions, VerifyStatus};
use jose::{decode_compact, verify_compact, JwsAlgorithm};
use rand_core::OsRng;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const HEADER: &str = r#"{"typ":"JWT","kid":"browser-test"}"#;
const PAYLOAD: &str =
    r#"{"iss":"https://example.org","sub":"test","aud":"https://auth.example.org/token"}"#;

/// Only the public half, as a verifier gets it from a JWKS.
fn public_only(key: &Key) -> Key {
    Key::new(KeyMaterial::Public(
        key.public_key().expect("an asymmetric key"),
    ))
}

/// Generates a key in the browser, signs with it, and verifies with its public half.
fn sign_and_verify(kind: KeyKind, alg: JwsAlgorithm) -> String {
    let key = generate(kind, &mut OsRng).expect("key generation");
    let token = sign_compact(HEADER, PAYLOAD, &key, alg, &mut OsRng).expect("signing");
    let decoded = decode_compact(&token).expect("decoding our own token");
    let verified = verify_compact(&decoded, &[public_only(&key)], &VerifyOptions::default())
        .expect("our own signature verifies");
    assert_eq!(verified.alg(), alg);
    token
}

#[wasm_bindgen_test]
fn algorithm_names_parse_in_the_browser() {
    assert_eq!(JwsAlgorithm::from_str("ES256"), Ok(JwsAlgorithm::Es256));
    assert!(JwsAlgorithm::from_str("none").is_err());
}

#[wasm_bindgen_test]
fn es256_key_generated_in_the_browser_signs_a_verifiable_token() {
    let token = sign_and_verify(KeyKind::Ec(EcCurve::P256), JwsAlgorithm::Es256);
    assert_eq!(decode_compact(&token).unwrap().signature().len(), 64);
}

#[wasm_bindgen_test]
fn es512_key_generated_in_the_browser_signs_a_verifiable_token() {
    let token = sign_and_verify(KeyKind::Ec(EcCurve::P521), JwsAlgorithm::Es512);
    assert_eq!(decode_compact(&token).unwrap().signature().len(), 132);
}

#[wasm_bindgen_test]
fn rsa_2048_key_generated_in_the_browser_signs_a_verifiable_ps256_token() {
    let token = sign_and_verify(KeyKind::Rsa { bits: 2048 }, JwsAlgorithm::Ps256);
    assert_eq!(decode_compact(&token).unwrap().signature().len(), 256);
}

#[wasm_bindgen_test]
fn ed25519_key_generated_in_the_browser_signs_a_verifiable_token() {
    let token = sign_and_verify(KeyKind::Ed25519, JwsAlgorithm::EdDsa);
    assert_eq!(decode_compact(&token).unwrap().signature().len(), 64);
}

#[wasm_bindgen_test]
fn a_changed_payload_fails_verification_in_the_browser() {
    let key = generate(KeyKind::Ec(EcCurve::P256), &mut OsRng).unwrap();
    let token = sign_compact(HEADER, PAYLOAD, &key, JwsAlgorithm::Es256, &mut OsRng).unwrap();
    let mut parts: Vec<&str> = token.split('.').collect();
    // {"sub":"admin"}
    parts[1] = "eyJzdWIiOiJhZG1pbiJ9";
    let forged = decode_compact(&parts.join(".")).unwrap();
    let error = verify_compact(&forged, &[public_only(&key)], &VerifyOptions::default())
        .expect_err("a forged payload must not verify");
    assert_eq!(error.status(), VerifyStatus::Invalid, "{error}");
}
