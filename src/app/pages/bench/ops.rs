//! The benchmark's operations, as the page runs them. The engine ("ours") and the browser's
//! own implementation (WebCrypto) are timed inside the crypto worker, where the app's crypto
//! runs ([`Request::Bench`], `src/worker/bench.rs`); the page times the app's path as the user
//! meets it, a request to the worker and its answer ("app"), and watches its own thread for long
//! tasks throughout. Decoding needs no key and runs on the page in the app, so its row is timed
//! here.

use std::cell::RefCell;

use js_sys::JSON;

use super::measure::{Stats, Timer};
use crate::app::browser::js_error_text;
use crate::app::engine::EngineHandle;
use crate::worker::protocol::{
    BenchOp, BenchRequest, BenchSamples, BenchVerifyInput, Request, Response, VerifyRequest,
};
use jose::b64;
use jose::key::{EcCurve, KeyKind, SecretEncoding};
use jose::limits;

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Generate a key: ours = the pure-Rust generator; browser = WebCrypto `generateKey` plus
    /// `exportKey("pkcs8")` of the private key (a key generator must export a key to show it);
    /// both in the crypto worker. App = [`Request::Generate`] as the Keys view sends it, to
    /// its answer (WebCrypto, the engine's import, the keyring, the round trip).
    Keygen(KeyKind),
    /// Sign a JWS signing input with an RSA-2048 key.
    SignRs256,
    /// Verify an ES256 signature; app = [`Request::Verify`] with the public key pasted as PEM.
    VerifyEs256,
    /// Verify an RS256 token against a 50-key JWK Set, picking the key by `kid`; app =
    /// [`Request::Verify`] with the set pasted.
    VerifyJwks50,
    /// Decode (split, base64url, strict JSON) a token of 1 MiB, the input limit, on the page.
    Decode1Mib,
    /// Decrypt or encrypt a ~1.3 KB HTI launch token as a JWE (one of the `BenchOp` JWE
    /// operations), ours and WebCrypto only: the app has no encrypt request to time, and its
    /// decrypt path is the Decoder's, which the verify rows already stand for.
    Jwe(BenchOp),
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
    /// How many times each side runs (key generation: the pure-Rust generator only).
    pub runs: usize,
    /// Key generation only: how many times the browser and the app path run, alternately.
    /// More than `runs`: these two columns are compared with each other, while the slow
    /// pure-Rust generator is only shown for scale. RSA generation time varies a lot by nature (a random search for
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
pub const OPS: [OpSpec; 15] = [
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
    // RSA decryption is a private-key operation (like signing: batch 3); the rest take well
    // under a millisecond in WebCrypto, so they are timed ten at a time.
    op(
        "jwe-decrypt-rsa-oaep-256",
        "JWE decrypt, RSA-OAEP-256 + A256GCM (RSA-2048)",
        Op::Jwe(BenchOp::DecryptRsaOaep256),
        20,
        3,
    ),
    op(
        "jwe-encrypt-rsa-oaep-256",
        "JWE encrypt, RSA-OAEP-256 + A256GCM (RSA-2048)",
        Op::Jwe(BenchOp::EncryptRsaOaep256),
        20,
        10,
    ),
    op(
        "jwe-decrypt-ecdh-es-a256kw",
        "JWE decrypt, ECDH-ES+A256KW + A256GCM (P-256)",
        Op::Jwe(BenchOp::DecryptEcdhEsA256Kw),
        20,
        10,
    ),
    op(
        "jwe-encrypt-ecdh-es-a256kw",
        "JWE encrypt, ECDH-ES+A256KW + A256GCM (P-256)",
        Op::Jwe(BenchOp::EncryptEcdhEsA256Kw),
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
    /// Key generation and verification: the app's request to the crypto worker, to its answer.
    pub app: Option<Stats>,
    /// The longest main-thread task (≥ 50 ms) while the row ran; 0 when none.
    pub longest_task_ms: f64,
}

/// Runs one operation and times every side. `quick` runs each side once.
pub async fn run(
    spec: &OpSpec,
    quick: bool,
    engine: &EngineHandle,
    timer: &Timer,
) -> Result<Measured, String> {
    let runs = if quick { 1 } else { spec.runs };
    let batch = spec.batch.max(1);
    let (ours, browser, app) = match spec.op {
        Op::Keygen(kind) => {
            let compare_runs = if quick { 1 } else { spec.compare_runs };
            keygen_runs(engine, timer, kind, (runs, compare_runs), batch).await?
        }
        Op::SignRs256 => {
            let measured = bench(engine, timer, BenchOp::SignRs256, (runs, runs), batch).await?;
            (measured.ours, measured.browser, None)
        }
        Op::Jwe(op) => {
            let measured = bench(engine, timer, op, (runs, runs), batch).await?;
            (measured.ours, measured.browser, None)
        }
        Op::VerifyEs256 => verify_runs(engine, timer, BenchOp::VerifyEs256, runs, batch).await?,
        Op::VerifyJwks50 => verify_runs(engine, timer, BenchOp::VerifyJwks50, runs, batch).await?,
        Op::Decode1Mib => decode_runs(timer, runs, batch).await?,
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

type Samples = (Vec<f64>, Vec<f64>, Option<Vec<f64>>);

/// Asks the worker to time `op`: `runs` = (the engine's, the browser's).
async fn bench(
    engine: &EngineHandle,
    timer: &Timer,
    op: BenchOp,
    (ours_runs, browser_runs): (usize, usize),
    batch: usize,
) -> Result<BenchSamples, String> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let request = Request::Bench(BenchRequest {
        op,
        ours_runs: count(ours_runs),
        browser_runs: count(browser_runs),
        batch: count(batch),
    });
    // The page waits while the worker computes: a long task now would mean the worker's work
    // reached the page after all, so the wait counts as timed.
    match timer.watch(engine.call(request)).await {
        Ok(Response::Bench(samples)) => Ok(samples),
        Ok(_) => Err(unexpected_answer()),
        Err(error) => Err(error.to_string()),
    }
}

fn unexpected_answer() -> String {
    "the crypto worker gave an unexpected answer".to_owned()
}

/// `runs`: (the pure-Rust generator's, the browser's and the app path's).
async fn keygen_runs(
    engine: &EngineHandle,
    timer: &Timer,
    kind: KeyKind,
    (ours_runs, compare_runs): (usize, usize),
    batch: usize,
) -> Result<Samples, String> {
    let op = BenchOp::Keygen(kind);
    let ours = bench(engine, timer, op, (ours_runs, 0), batch).await?.ours;
    // The browser and the app path take turns, run by run, so that a change in the machine's
    // load during the row weighs on both alike.
    let (mut browser, mut app) = (Vec::new(), Vec::new());
    for _ in 0..compare_runs {
        browser.extend(bench(engine, timer, op, (0, 1), batch).await?.browser);
        app.extend(app_keygen(engine, timer, kind, batch).await?);
    }
    Ok((ours, browser, Some(app)))
}

/// One timed run of `batch` generations as the Keys view asks for them. The keys are removed
/// afterwards, untimed, so the keyring the user sees on `#/keys` does not fill with them.
async fn app_keygen(
    engine: &EngineHandle,
    timer: &Timer,
    kind: KeyKind,
    batch: usize,
) -> Result<Vec<f64>, String> {
    let generated = RefCell::new(Vec::new());
    let sink = &generated;
    let timed = timer
        .runs(1, batch, move || {
            let call = engine.call(Request::Generate { kind, key_use: None, label: None });
            async move {
                match call.await {
                    Ok(Response::KeysAdded(added)) if !added.keys.is_empty() => {
                        sink.borrow_mut()
                            .extend(added.keys.iter().map(|key| key.id));
                        Ok(())
                    }
                    Ok(Response::KeysAdded(added)) => Err(added.problems.join("; ")),
                    Ok(_) => Err(unexpected_answer()),
                    Err(error) => Err(error.to_string()),
                }
            }
        })
        .await;
    // Also after a failed run: the keys made before it are in the keyring all the same.
    for id in generated.take() {
        match engine.call(Request::Remove { id }).await {
            Ok(_) => {}
            Err(error) => return Err(format!("could not remove a benchmark key: {error}")),
        }
    }
    timed
}

/// Ours and the browser in the worker, then the app path with the worker's fixture.
async fn verify_runs(
    engine: &EngineHandle,
    timer: &Timer,
    op: BenchOp,
    runs: usize,
    batch: usize,
) -> Result<Samples, String> {
    let measured = bench(engine, timer, op, (runs, runs), batch).await?;
    let input = measured
        .verify_input
        .ok_or_else(|| "the crypto worker sent no token to verify".to_owned())?;
    let app = app_verify(engine, timer, &input, runs, batch).await?;
    Ok((measured.ours, measured.browser, Some(app)))
}

/// "Paste a key, and the verdict appears": [`Request::Verify`] with the key text, to its
/// answer, the worker warm.
async fn app_verify(
    engine: &EngineHandle,
    timer: &Timer,
    input: &BenchVerifyInput,
    runs: usize,
    batch: usize,
) -> Result<Vec<f64>, String> {
    let mut pastes = 0usize;
    timer
        .runs(runs, batch, || {
            // The worker keeps the last key text read; a paste is new text, so every other
            // paste gets a trailing newline (ignored by every key format) and each request reads
            // its key again, as a real paste does.
            pastes += 1;
            let mut key_text = input.key_text.clone();
            if pastes % 2 == 1 {
                key_text.push('\n');
            }
            let call = engine.call(Request::Verify(VerifyRequest {
                token: input.token.clone(),
                key_text,
                encoding: SecretEncoding::default(),
                keyring_key: None,
            }));
            async move {
                match call.await {
                    Ok(Response::Verified(report)) if report.status == "valid" => Ok(()),
                    Ok(Response::Verified(report)) => {
                        Err(format!("the app path did not verify: {}", report.sentence))
                    }
                    Ok(_) => Err(unexpected_answer()),
                    Err(error) => Err(error.to_string()),
                }
            }
        })
        .await
}

async fn decode_runs(timer: &Timer, runs: usize, batch: usize) -> Result<Samples, String> {
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
        let text = window.atob(&standard).map_err(|e| js_error_text(&e))?;
        if index < 2 {
            JSON::parse(&text).map_err(|e| js_error_text(&e))?;
        }
    }
    Ok(())
}
