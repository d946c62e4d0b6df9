//! The benchmark's timed loops ([`Request::Bench`](super::protocol::Request::Bench)): the
//! engine ("ours") against the browser's own implementation (WebCrypto), both here in the
//! crypto worker, where the app's crypto runs. Each operation checks first, untimed, that both
//! sides give the same answer.
//!
//! The page times what it can see itself: the round trip of the user's path
//! (`src/app/pages/bench/ops.rs`) and any long task on its own thread meanwhile.

use std::future::Future;

use js_sys::{Array, Function, Promise, Reflect, JSON};
use rand_core::OsRng;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, Performance};

use jose::alg::{self, SigningKeyRef};
use jose::key::{generate, to_spki_pem, EcCurve, Key, KeyKind, KeyMaterial, PrivateKey};
use jose::verify::{verify_compact, VerifyOptions};
use jose::{b64, jwks, JwsAlgorithm};

mod jwe;

use super::keygen;
use super::protocol::{BenchOp, BenchRequest, BenchSamples, BenchVerifyInput};
use super::webcrypto::{self, describe};

/// Runs one benchmark request: fixtures first (untimed), then the engine's runs, then the
/// browser's.
pub async fn run(request: BenchRequest) -> Result<BenchSamples, String> {
    let runs = Runs {
        ours: request.ours_runs,
        browser: request.browser_runs,
        batch: request.batch.max(1),
    };
    match request.op {
        BenchOp::Keygen(kind) => keygen_runs(runs, kind).await,
        BenchOp::SignRs256 => sign_runs(runs).await,
        BenchOp::VerifyEs256 => verify_runs(runs).await,
        BenchOp::VerifyJwks50 => jwks_runs(runs).await,
        BenchOp::DecryptRsaOaep256 => jwe::decrypt_runs(runs, jwe::Scheme::RsaOaep256).await,
        BenchOp::EncryptRsaOaep256 => jwe::encrypt_runs(runs, jwe::Scheme::RsaOaep256).await,
        BenchOp::DecryptEcdhEsA256Kw => jwe::decrypt_runs(runs, jwe::Scheme::EcdhEsA256Kw).await,
        BenchOp::EncryptEcdhEsA256Kw => jwe::encrypt_runs(runs, jwe::Scheme::EcdhEsA256Kw).await,
    }
}

#[derive(Debug, Clone, Copy)]
struct Runs {
    ours: u32,
    browser: u32,
    batch: u32,
}

/// `performance.now()` of this worker, in milliseconds (`js_sys::global()`: workers have no
/// `window`).
fn now_ms() -> f64 {
    Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|performance| performance.dyn_into::<Performance>().ok())
        .map_or(0.0, |performance| performance.now())
}

/// A `setTimeout(0)` turn, so messages that arrived meanwhile (a `Cancel`) are handled between
/// runs, and a run never starts in the middle of the previous one's garbage.
async fn yield_to_worker() {
    let promise = Promise::new(&mut |resolve, _reject| {
        let global = js_sys::global();
        let scheduled = Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|set_timeout| set_timeout.dyn_into::<Function>().ok())
            .map(|set_timeout| set_timeout.call2(&global, &resolve, &JsValue::from(0)));
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Runs `op` `runs` times, each run `batch` calls back to back; returns the time per call of
/// each run, in milliseconds.
async fn timed<F, Fut>(runs: u32, batch: u32, mut op: F) -> Result<Vec<f64>, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let mut samples = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        yield_to_worker().await;
        let start = now_ms();
        for _ in 0..batch {
            op().await?;
        }
        samples.push((now_ms() - start) / f64::from(batch));
    }
    Ok(samples)
}

fn samples(ours: Vec<f64>, browser: Vec<f64>) -> BenchSamples {
    BenchSamples {
        ours,
        browser,
        verify_input: None,
    }
}

/// Ours = the pure-Rust generator (the app's fallback); browser = WebCrypto `generateKey` plus
/// `exportKey("pkcs8")`, the least a key generator must do to show the user a key.
async fn keygen_runs(runs: Runs, kind: KeyKind) -> Result<BenchSamples, String> {
    let ours = timed(runs.ours, runs.batch, || async move {
        generate::generate(kind, &mut OsRng)
            .map(drop)
            .map_err(|e| e.to_string())
    })
    .await?;
    let browser = timed(runs.browser, runs.batch, || async move {
        webcrypto::generate_pkcs8(kind).await.map(drop)
    })
    .await?;
    Ok(samples(ours, browser))
}

async fn sign_runs(runs: Runs) -> Result<BenchSamples, String> {
    let (key, pair) = fixture_pair(KeyKind::Rsa { bits: 2048 }).await?;
    let private = private_of(&key)?;
    let message = signing_input("RS256", "bench-rsa");
    let ours_sign = || {
        let key = SigningKeyRef::Private(private);
        alg::sign(JwsAlgorithm::Rs256, key, message.as_bytes(), &mut OsRng)
            .map_err(|e| e.to_string())
    };
    let browser_sign = || webcrypto::sign(JwsAlgorithm::Rs256, &pair.private, message.as_bytes());
    // PKCS#1 v1.5 is deterministic: both must produce the very same bytes.
    if ours_sign()? != browser_sign().await? {
        return Err("RS256: the engine and WebCrypto signatures differ".to_owned());
    }
    let ours = timed(runs.ours, runs.batch, || async { ours_sign().map(drop) }).await?;
    let browser = timed(runs.browser, runs.batch, || async {
        browser_sign().await.map(drop)
    })
    .await?;
    Ok(samples(ours, browser))
}

async fn verify_runs(runs: Runs) -> Result<BenchSamples, String> {
    let (key, pair) = fixture_pair(KeyKind::Ec(EcCurve::P256)).await?;
    let message = signing_input("ES256", "bench-ec");
    let signature = webcrypto::sign(JwsAlgorithm::Es256, &pair.private, message.as_bytes()).await?;
    let verification_key = key.verification_key();
    let ours_verify = || {
        alg::verify(
            JwsAlgorithm::Es256,
            &verification_key,
            message.as_bytes(),
            &signature,
        )
        .map_err(|e| e.to_string())
    };
    let browser_verify = || async {
        let public = &pair.public;
        match webcrypto::verify(JwsAlgorithm::Es256, public, &signature, message.as_bytes()).await?
        {
            true => Ok(()),
            false => Err("WebCrypto rejected a valid ES256 signature".to_owned()),
        }
    };
    ours_verify()?;
    browser_verify().await?;
    let ours = timed(runs.ours, runs.batch, || async { ours_verify() }).await?;
    let browser = timed(runs.browser, runs.batch, browser_verify).await?;
    let public = key
        .public_key()
        .ok_or_else(|| "the fixture key has no public half".to_owned())?;
    let key_text = to_spki_pem(&public).map_err(|e| e.to_string())?;
    Ok(BenchSamples {
        verify_input: Some(BenchVerifyInput {
            token: format!("{message}.{}", b64::encode(&signature)),
            key_text,
        }),
        ..samples(ours, browser)
    })
}

async fn jwks_runs(runs: Runs) -> Result<BenchSamples, String> {
    let (token, jwks) = jwks_fixture().await?;
    let ours_verify = || verify_with_jwks(&token, &jwks);
    let browser_verify = || browser_verify_with_jwks(&token, &jwks);
    ours_verify()?;
    browser_verify().await?;
    let ours = timed(runs.ours, runs.batch, || async { ours_verify() }).await?;
    let browser = timed(runs.browser, runs.batch, browser_verify).await?;
    Ok(BenchSamples {
        verify_input: Some(BenchVerifyInput {
            token,
            key_text: jwks,
        }),
        ..samples(ours, browser)
    })
}

/// A WebCrypto key pair and the same private key inside the engine.
async fn fixture_pair(kind: KeyKind) -> Result<(Key, webcrypto::WebCryptoPair), String> {
    let pair = webcrypto::generate_pair(kind).await?;
    let der = webcrypto::export_pkcs8(&pair.private).await?;
    Ok((keygen::key_from_generated(&der, None)?, pair))
}

fn private_of(key: &Key) -> Result<&PrivateKey, String> {
    match &key.material {
        KeyMaterial::Private(private) => Ok(private),
        _ => Err("the fixture key has no private half".to_owned()),
    }
}

/// A realistic Koppeltaal-sized JWS signing input (header.payload).
fn signing_input(alg: &str, kid: &str) -> String {
    let header = format!(r#"{{"alg":"{alg}","typ":"JWT","kid":"{kid}"}}"#);
    let payload = r#"{"iss":"https://bench.example/client","sub":"bench-client","aud":"https://auth.example/token","iat":1764000000,"exp":1764000300,"jti":"5c1e7e9a-bench"}"#;
    format!(
        "{}.{}",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes())
    )
}

/// 50 RSA-2048 public keys (`kid` bench-00 … bench-49) and a token signed by bench-37.
async fn jwks_fixture() -> Result<(String, String), String> {
    let keys = Array::new();
    let mut signer = None;
    for index in 0..50 {
        let pair = webcrypto::generate_pair(KeyKind::Rsa { bits: 2048 }).await?;
        let promise = webcrypto::subtle()?
            .export_key("jwk", &pair.public)
            .map_err(describe)?;
        let jwk = JsFuture::from(promise).await.map_err(describe)?;
        let kid = format!("bench-{index:02}");
        for (name, value) in [("kid", kid.as_str()), ("use", "sig"), ("alg", "RS256")] {
            Reflect::set(&jwk, &JsValue::from_str(name), &JsValue::from_str(value))
                .map_err(describe)?;
        }
        // WebCrypto adds key_ops and ext; a published JWKS has neither.
        for name in ["key_ops", "ext"] {
            Reflect::delete_property(
                jwk.unchecked_ref::<js_sys::Object>(),
                &JsValue::from_str(name),
            )
            .map_err(describe)?;
        }
        keys.push(&jwk);
        if index == 37 {
            signer = Some(pair.private);
        }
    }
    let signer = signer.ok_or_else(|| "no signing key".to_owned())?;
    let set = js_sys::Object::new();
    Reflect::set(&set, &JsValue::from_str("keys"), &keys).map_err(describe)?;
    let jwks = JSON::stringify(&set)
        .map_err(describe)?
        .as_string()
        .unwrap_or_default();
    let input = signing_input("RS256", "bench-37");
    let signature = webcrypto::sign(JwsAlgorithm::Rs256, &signer, input.as_bytes()).await?;
    Ok((format!("{input}.{}", b64::encode(&signature)), jwks))
}

/// The engine: parse the JWK Set, decode the token, pick the key by `kid`, verify.
fn verify_with_jwks(token: &str, jwks: &str) -> Result<(), String> {
    let keys = jwks::parse_jwks(jwks).map_err(|e| e.to_string())?;
    let token = jose::decode_compact(token).map_err(|e| e.to_string())?;
    let verified =
        verify_compact(&token, &keys, &VerifyOptions::default()).map_err(|e| e.to_string())?;
    match verified.kid() {
        Some("bench-37") => Ok(()),
        other => Err(format!("the engine picked key {other:?}, not bench-37")),
    }
}

/// The browser: `JSON.parse` the set, find the `kid`, `importKey("jwk")`, `verify`.
async fn browser_verify_with_jwks(token: &str, jwks: &str) -> Result<(), String> {
    let (input, signature) = token
        .rsplit_once('.')
        .ok_or_else(|| "not a JWS".to_owned())?;
    let signature = b64::decode(b64::B64Field::Signature, signature).map_err(|e| e.to_string())?;
    let header = input.split('.').next().unwrap_or_default();
    let header = b64::decode(b64::B64Field::Header, header).map_err(|e| e.to_string())?;
    let header = JSON::parse(&String::from_utf8_lossy(&header)).map_err(describe)?;
    let kid = Reflect::get(&header, &JsValue::from_str("kid")).map_err(describe)?;
    let set = JSON::parse(jwks).map_err(describe)?;
    let keys: Array = Reflect::get(&set, &JsValue::from_str("keys"))
        .map_err(describe)?
        .unchecked_into();
    let jwk = keys
        .iter()
        .find(|jwk| Reflect::get(jwk, &JsValue::from_str("kid")).ok().as_ref() == Some(&kid))
        .ok_or_else(|| "kid not in the set".to_owned())?;
    let params = js_sys::Object::new();
    Reflect::set(
        &params,
        &JsValue::from_str("name"),
        &JsValue::from_str("RSASSA-PKCS1-v1_5"),
    )
    .map_err(describe)?;
    Reflect::set(
        &params,
        &JsValue::from_str("hash"),
        &JsValue::from_str("SHA-256"),
    )
    .map_err(describe)?;
    let usages = Array::of1(&JsValue::from_str("verify"));
    let promise = webcrypto::subtle()?
        .import_key_with_object("jwk", jwk.unchecked_ref(), &params, false, &usages)
        .map_err(describe)?;
    let key: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(describe)?
        .unchecked_into();
    match webcrypto::verify(JwsAlgorithm::Rs256, &key, &signature, input.as_bytes()).await? {
        true => Ok(()),
        false => Err("WebCrypto rejected the JWKS token".to_owned()),
    }
}
