//! Key generation in a real browser: every key WebCrypto makes, and every key the pure-Rust
//! generator makes, survives the engine's round trip (PKCS#8 PEM and JWK out, back in, sign,
//! verify against the original). Both come in through `key_from_generated`, which keeps the
//! generator's public half instead of re-deriving it.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test browser_keygen` (`make test-wasm`;
//! scripts/env.sh raises `WASM_BINDGEN_TEST_TIMEOUT`, which pure-Rust RSA needs in wasm).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::rc::Rc;

use kjd::app::engine::{EngineClient, EngineError, EngineEvent, EngineStatus, WORKER_SCRIPT};
use kjd::worker::protocol::Request;
use kjd::worker::{keygen, webcrypto};
use yew::Callback;
use jose::jwk::{self, JwkOptions};
use jose::key::{export, import, EcCurve, Key, KeyKind, KeyMaterial};
use jose::sign::sign_compact;
use jose::verify::{verify_compact, VerifyOptions};
use jose::{alg, decode_compact, JwsAlgorithm, VerificationKey};
use rand_core::OsRng;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Exports `key` as PKCS#8 PEM and as a private JWK, re-imports both, signs a token with each
/// copy and verifies it with the original's public half.
fn assert_round_trips(key: &Key) {
    let KeyMaterial::Private(private) = &key.material else {
        panic!("expected a private key, got {:?}", key.kind());
    };
    let alg = key.kind().algorithms()[0];
    let public = vec![Key::new(KeyMaterial::Public(key.public_key().unwrap()))];

    let pem = export::to_pkcs8_pem(private).unwrap();
    let from_pem = import::import_keys(&pem, None).unwrap().keys.remove(0).key;
    let jwk_text = export::to_jwk_json(
        key,
        &JwkOptions {
            include_private: true,
            ..JwkOptions::default()
        },
    );
    let from_jwk = jwk::key_from_jwk_str(&jwk_text).unwrap();

    for copy in [from_pem, from_jwk] {
        assert_eq!(copy.kind(), key.kind());
        let token = sign_compact(
            r#"{"typ":"JWT"}"#,
            r#"{"sub":"round-trip"}"#,
            &copy,
            alg,
            &mut OsRng,
        )
        .unwrap();
        let decoded = decode_compact(&token).unwrap();
        verify_compact(&decoded, &public, &VerifyOptions::default()).unwrap();
    }
}

async fn webcrypto_key(kind: KeyKind) -> Key {
    let key = keygen::generate_with_webcrypto(kind).await.unwrap();
    assert_eq!(key.kind(), kind);
    key
}

fn pure_rust_key(kind: KeyKind) -> Key {
    let generated = jose::key::generate::generate(kind, &mut OsRng).unwrap();
    let KeyMaterial::Private(private) = &generated.material else {
        panic!("{kind:?} generated without a private half");
    };
    let der = export::to_pkcs8_der(private).unwrap();
    let key = keygen::key_from_generated(&der, None).unwrap();
    assert_eq!(key.kind(), kind);
    key
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn webcrypto_rsa_2048_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Rsa { bits: 2048 }).await);
}

#[wasm_bindgen_test]
async fn webcrypto_rsa_3072_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Rsa { bits: 3072 }).await);
}

#[wasm_bindgen_test]
async fn webcrypto_rsa_4096_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Rsa { bits: 4096 }).await);
}

#[wasm_bindgen_test]
async fn webcrypto_ec_p256_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Ec(EcCurve::P256)).await);
}

#[wasm_bindgen_test]
async fn webcrypto_ec_p384_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Ec(EcCurve::P384)).await);
}

#[wasm_bindgen_test]
async fn webcrypto_ec_p521_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Ec(EcCurve::P521)).await);
}

#[wasm_bindgen_test]
async fn webcrypto_ed25519_key_round_trips_through_the_engine() {
    assert_round_trips(&webcrypto_key(KeyKind::Ed25519).await);
}

#[wasm_bindgen_test]
fn pure_rust_ec_p256_key_round_trips_through_the_engine() {
    assert_round_trips(&pure_rust_key(KeyKind::Ec(EcCurve::P256)));
}

#[wasm_bindgen_test]
fn pure_rust_ec_p384_key_round_trips_through_the_engine() {
    assert_round_trips(&pure_rust_key(KeyKind::Ec(EcCurve::P384)));
}

#[wasm_bindgen_test]
fn pure_rust_ec_p521_key_round_trips_through_the_engine() {
    assert_round_trips(&pure_rust_key(KeyKind::Ec(EcCurve::P521)));
}

#[wasm_bindgen_test]
fn pure_rust_ed25519_key_round_trips_through_the_engine() {
    assert_round_trips(&pure_rust_key(KeyKind::Ed25519));
}

/// Seconds in wasm; scripts/env.sh raises WASM_BINDGEN_TEST_TIMEOUT for it.
#[wasm_bindgen_test]
fn pure_rust_rsa_2048_key_round_trips_through_the_engine() {
    assert_round_trips(&pure_rust_key(KeyKind::Rsa { bits: 2048 }));
}

#[wasm_bindgen_test]
async fn engine_and_webcrypto_accept_each_others_es256_signatures() {
    let pair = webcrypto::generate_pair(KeyKind::Ec(EcCurve::P256))
        .await
        .unwrap();
    let pkcs8 = webcrypto::export_pkcs8(&pair.private).await.unwrap();
    let key = keygen::key_from_generated(&pkcs8, None).unwrap();
    let KeyMaterial::Private(private) = &key.material else {
        panic!("not a private key")
    };
    let message = b"header.payload";

    let browser_signature = webcrypto::sign(JwsAlgorithm::Es256, &pair.private, message)
        .await
        .unwrap();
    let engine_signature = alg::sign(
        JwsAlgorithm::Es256,
        alg::SigningKeyRef::Private(private),
        message,
        &mut OsRng,
    )
    .unwrap();

    let engine_public = VerificationKey::Public(key.public_key().unwrap());
    assert_eq!(
        alg::verify(
            JwsAlgorithm::Es256,
            &engine_public,
            message,
            &browser_signature
        ),
        Ok(())
    );
    assert!(webcrypto::verify(
        JwsAlgorithm::Es256,
        &pair.public,
        &engine_signature,
        message
    )
    .await
    .unwrap());
}

/// The engine keeps the public half WebCrypto made (from the PKCS#8, or for Ed25519 the SPKI
/// beside it): its SPKI export is the browser's, byte for byte.
#[wasm_bindgen_test]
async fn a_webcrypto_key_keeps_the_browsers_public_key() {
    for kind in [
        KeyKind::Ec(EcCurve::P256),
        KeyKind::Ec(EcCurve::P384),
        KeyKind::Ec(EcCurve::P521),
        KeyKind::Ed25519,
    ] {
        let pair = webcrypto::generate_pair(kind).await.unwrap();
        let pkcs8 = webcrypto::export_pkcs8(&pair.private).await.unwrap();
        let spki = webcrypto::export_spki(&pair.public).await.unwrap();
        let key = keygen::key_from_generated(&pkcs8, Some(&spki)).unwrap();
        let ours = export::to_spki_pem(&key.public_key().unwrap()).unwrap();
        let ours = pem_rfc7468::decode_vec(ours.as_bytes()).unwrap().1;
        assert_eq!(ours, spki, "{kind:?}");
    }
}

/// A browser whose Ed25519 PKCS#8 lacks the public key and that gave no SPKI: the engine
/// derives the public key, and it is the browser's.
#[wasm_bindgen_test]
async fn a_webcrypto_ed25519_key_without_its_spki_gets_the_same_public_key() {
    let pair = webcrypto::generate_pair(KeyKind::Ed25519).await.unwrap();
    let pkcs8 = webcrypto::export_pkcs8(&pair.private).await.unwrap();
    let spki = webcrypto::export_spki(&pair.public).await.unwrap();
    let derived = keygen::key_from_generated(&pkcs8, None).unwrap();
    let given = keygen::key_from_generated(&pkcs8, Some(&spki)).unwrap();
    assert_eq!(derived.public_key(), given.public_key());
}

#[wasm_bindgen_test]
async fn generate_key_makes_an_hmac_secret_of_the_requested_length() {
    let key = keygen::generate_key(KeyKind::Hmac { bytes: 48 })
        .await
        .unwrap();
    assert!(matches!(&key.material, KeyMaterial::Secret(secret) if secret.as_bytes().len() == 48));
}

#[wasm_bindgen_test]
async fn generate_key_makes_the_requested_kind() {
    let key = keygen::generate_key(KeyKind::Ec(EcCurve::P384))
        .await
        .unwrap();
    assert_eq!(key.kind(), KeyKind::Ec(EcCurve::P384));
}

/// The test server has no worker script: the client must say so (with the file name), and a
/// call must fail instead of hanging.
#[wasm_bindgen_test]
async fn a_crypto_worker_that_cannot_load_is_reported_and_calls_fail() {
    let events = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&events);
    let client = EngineClient::start(Callback::from(move |event| seen.borrow_mut().push(event)));
    sleep_ms(1_000).await;

    let error = client.call(Request::Clear).await.unwrap_err();

    assert!(matches!(error, EngineError::Unavailable(_)), "{error:?}");
    let last_status = events.borrow().iter().rev().find_map(|event| match event {
        EngineEvent::Status(status) => Some(status.clone()),
        EngineEvent::Restarted { .. } => None,
    });
    match last_status {
        Some(EngineStatus::Error(reason)) => assert!(reason.contains(WORKER_SCRIPT), "{reason}"),
        other => panic!("expected an error status, got {other:?}"),
    }
}
