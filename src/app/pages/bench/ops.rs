//! The benchmark's operations. Each times the engine ("ours") and the browser's own
//! implementation on the same input, after checking both give the same answer.

use js_sys::{Array, Reflect, JSON};
use rand_core::OsRng;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use super::measure::{Stats, Timer};
use crate::app::keygen::{self, KeygenWorker};
use crate::app::webcrypto::{self, describe};
use jose::alg::{self, SigningKeyRef};
use jose::key::{EcCurve, Key, KeyKind, KeyMaterial, PrivateKey};
use jose::verify::{verify_compact, VerifyOptions};
use jose::{b64, jwks, limits, JwsAlgorithm};

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Generate a key: ours = pure Rust in the worker; browser = WebCrypto `generateKey` plus
    /// `exportKey("pkcs8")` of the private key (a key generator must export a key to show it;
    /// see [`webcrypto::generate_pkcs8`]); app = [`keygen::generate_key`], the path the Keys
    /// page really takes (the same two calls, Ed25519 also exports its public key, then the
    /// engine's import).
    Keygen(KeyKind),
    /// Sign a JWS signing input with an RSA-2048 key.
    SignRs256,
    /// Verify an ES256 signature.
    VerifyEs256,
    /// Verify an RS256 token against a 50-key JWK Set, picking the key by `kid`.
    VerifyJwks50,
    /// Decode (split, base64url, strict JSON) a token of 1 MiB, the input limit.
    Decode1Mib,
}

/// One row of the benchmark.
#[derive(Debug, Clone, Copy)]
pub struct OpSpec {
    /// Stable id, the row's `data-op`.
    pub id: &'static str,
    /// What the row shows.
    pub label: &'static str,
    /// The operation.
    pub op: Op,
    /// How many times each side runs (key generation: the worker).
    pub runs: usize,
    /// Key generation only: how many times the browser and the app path run, alternately.
    /// More than `runs`: these two columns are compared with each other, while the slow worker
    /// is only shown for scale. RSA generation time varies a lot by nature (a random search for
    /// primes: 25–160 ms for RSA-2048 here), so the medians of 15 runs each differed by
    /// up to 1.7× between two columns whose work differs by under a millisecond; 30 runs
    /// narrow that.
    pub compare_runs: usize,
    /// Calls per timed run. The browser's clock ticks in 0.1 ms steps, so sub-millisecond
    /// operations are timed several at a time (kept under 50 ms of blocking per run). EC and
    /// Ed25519 generation take 20: WebCrypto makes such a key in 0.05–1 ms, and the app path is
    /// compared with it, so 5 calls (0.02 ms resolution) would blur the ratio.
    pub batch: usize,
}

/// Every operation, in table order. Run counts keep the whole benchmark near two minutes; the
/// pure-Rust RSA generator takes seconds, so it gets five runs.
pub const OPS: [OpSpec; 11] = [
    keygen(
        "keygen-rsa-2048",
        "RSA-2048 key generation",
        KeyKind::Rsa { bits: 2048 },
        (5, 30),
        1,
    ),
    keygen(
        "keygen-rsa-3072",
        "RSA-3072 key generation",
        KeyKind::Rsa { bits: 3072 },
        (5, 30),
        1,
    ),
    // RSA-4096 generation time is the most spread (0.13–1.75 s here): at 30 runs a side the two
    // medians still differed by up to 1.6× from run to run, so it gets 60.
    keygen(
        "keygen-rsa-4096",
        "RSA-4096 key generation",
        KeyKind::Rsa { bits: 4096 },
        (5, 60),
        1,
    ),
    keygen(
        "keygen-ec-p256",
        "EC P-256 key generation",
        KeyKind::Ec(EcCurve::P256),
        (10, 20),
        20,
    ),
    keygen(
        "keygen-ec-p384",
        "EC P-384 key generation",
        KeyKind::Ec(EcCurve::P384),
        (10, 20),
        20,
    ),
    keygen(
        "keygen-ec-p521",
        "EC P-521 key generation",
        KeyKind::Ec(EcCurve::P521),
        (10, 20),
        20,
    ),
    keygen(
        "keygen-ed25519",
        "Ed25519 key generation",
        KeyKind::Ed25519,
        (10, 20),
        20,
    ),
    op("sign-rs256", "RS256 sign (RSA-2048)", Op::SignRs256, 20, 3),
    op("verify-es256", "ES256 verify", Op::VerifyEs256, 20, 10),
    op(
        "verify-jwks-50",
        "RS256 verify against a 50-key JWKS",
        Op::VerifyJwks50,
        20,
        10,
    ),
    op("decode-1mib", "Decode a 1 MiB token", Op::Decode1Mib, 5, 1),
];

const fn op(id: &'static str, label: &'static str, op: Op, runs: usize, batch: usize) -> OpSpec {
    OpSpec {
        id,
        label,
        op,
        runs,
        compare_runs: runs,
        batch,
    }
}

/// A key generation row; `runs` = (the worker's runs, the browser's and app path's runs).
const fn keygen(
    id: &'static str,
    label: &'static str,
    kind: KeyKind,
    (runs, compare_runs): (usize, usize),
    batch: usize,
) -> OpSpec {
    OpSpec {
        id,
        label,
        op: Op::Keygen(kind),
        runs,
        compare_runs,
        batch,
    }
}

/// The measured result of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The engine (pure Rust, wasm).
    pub ours: Stats,
    /// The browser (WebCrypto, or `atob` + `JSON.parse` for decoding).
    pub browser: Stats,
    /// Key generation only: what [`keygen::generate_key`] takes end to end.
    pub app: Option<Stats>,
    /// The longest main-thread task (≥ 50 ms) during the timed runs; 0 when none.
    pub longest_task_ms: f64,
}

/// Runs one operation (fixtures first, untimed) and times both sides. `quick` runs each side
/// once.
pub async fn run(
    spec: &OpSpec,
    quick: bool,
    worker: Result<&KeygenWorker, &str>,
    timer: &Timer,
) -> Result<Measured, String> {
    let n = Runs {
        runs: if quick { 1 } else { spec.runs },
        batch: spec.batch,
    };
    let (ours, browser, app) = match spec.op {
        Op::Keygen(kind) => {
            let compare = Runs {
                runs: if quick { 1 } else { spec.compare_runs },
                ..n
            };
            keygen_runs(timer, (n, compare), kind, worker).await?
        }
        Op::SignRs256 => sign_runs(timer, n).await?,
        Op::VerifyEs256 => verify_runs(timer, n).await?,
        Op::VerifyJwks50 => jwks_runs(timer, n).await?,
        Op::Decode1Mib => decode_runs(timer, n).await?,
    };
    let longest_task_ms = timer.longest_task().await;
    let stats = |samples: &[f64]| Stats::of(samples).ok_or_else(|| "no runs".to_owned());
    Ok(Measured {
        ours: stats(&ours)?,
        browser: stats(&browser)?,
        app: app.as_deref().map(stats).transpose()?,
        longest_task_ms,
    })
}

#[derive(Debug, Clone, Copy)]
struct Runs {
    runs: usize,
    batch: usize,
}

type Samples = (Vec<f64>, Vec<f64>, Option<Vec<f64>>);

/// `runs`: (the worker's, the browser's and the app path's).
async fn keygen_runs(
    timer: &Timer,
    (worker_runs, compare): (Runs, Runs),
    kind: KeyKind,
    worker: Result<&KeygenWorker, &str>,
) -> Result<Samples, String> {
    let worker = worker.map_err(str::to_owned)?;
    let ours = timer
        .runs(worker_runs.runs, worker_runs.batch, || async move {
            worker.generate(kind).await.map(drop)
        })
        .await?;
    // The browser and the app path take turns, run by run, so that a change in the machine's
    // load during the row weighs on both alike.
    let (mut browser, mut app) = (Vec::new(), Vec::new());
    for _ in 0..compare.runs {
        let one = timer
            .runs(1, compare.batch, || async move {
                webcrypto::generate_pkcs8(kind).await.map(drop)
            })
            .await?;
        browser.extend(one);
        let one = timer
            .runs(1, compare.batch, || async move {
                keygen::generate_key(kind).await.map(drop)
            })
            .await?;
        app.extend(one);
    }
    Ok((ours, browser, Some(app)))
}

async fn sign_runs(timer: &Timer, Runs { runs, batch }: Runs) -> Result<Samples, String> {
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
    let ours = timer
        .runs(runs, batch, || async { ours_sign().map(drop) })
        .await?;
    let browser = timer
        .runs(runs, batch, || async { browser_sign().await.map(drop) })
        .await?;
    Ok((ours, browser, None))
}

async fn verify_runs(timer: &Timer, Runs { runs, batch }: Runs) -> Result<Samples, String> {
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
    let ours = timer.runs(runs, batch, || async { ours_verify() }).await?;
    let browser = timer.runs(runs, batch, browser_verify).await?;
    Ok((ours, browser, None))
}

async fn jwks_runs(timer: &Timer, Runs { runs, batch }: Runs) -> Result<Samples, String> {
    let (token, jwks) = jwks_fixture().await?;
    let ours_verify = || verify_with_jwks(&token, &jwks);
    let browser_verify = || browser_verify_with_jwks(&token, &jwks);
    ours_verify()?;
    browser_verify().await?;
    let ours = timer.runs(runs, batch, || async { ours_verify() }).await?;
    let browser = timer.runs(runs, batch, browser_verify).await?;
    Ok((ours, browser, None))
}

async fn decode_runs(timer: &Timer, Runs { runs, batch }: Runs) -> Result<Samples, String> {
    let token = large_token();
    let ours_decode = || {
        jose::decode_compact(&token)
            .map(drop)
            .map_err(|e| e.to_string())
    };
    ours_decode()?;
    browser_decode(&token)?;
    let ours = timer.runs(runs, batch, || async { ours_decode() }).await?;
    let browser = timer
        .runs(runs, batch, || async { browser_decode(&token) })
        .await?;
    Ok((ours, browser, None))
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

/// A signed-looking token of exactly the input limit (1 MiB): a normal header and a payload
/// with one big claim.
fn large_token() -> String {
    let header = b64::encode(br#"{"alg":"RS256","typ":"JWT","kid":"bench-big"}"#);
    let signature = b64::encode(&[7u8; 256]);
    let room = limits::MAX_INPUT_BYTES - header.len() - signature.len() - 2;
    // base64url turns 3 bytes into 4 characters.
    let skeleton = r#"{"iss":"bench","sub":"bench","blob":""}"#;
    let filler = "x".repeat(room / 4 * 3 - skeleton.len());
    let payload = format!(r#"{{"iss":"bench","sub":"bench","blob":"{filler}"}}"#);
    format!("{header}.{}.{signature}", b64::encode(payload.as_bytes()))
}

/// The browser's own decoding: `atob` of all three segments, `JSON.parse` of the first two.
fn browser_decode(token: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or_else(|| "no window".to_owned())?;
    for (index, part) in token.split('.').enumerate() {
        let mut standard: String = part
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        while !standard.len().is_multiple_of(4) {
            standard.push('=');
        }
        let text = window.atob(&standard).map_err(describe)?;
        if index < 2 {
            JSON::parse(&text).map_err(describe)?;
        }
    }
    Ok(())
}
