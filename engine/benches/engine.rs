//! Native timings of the engine's hot paths (`cargo bench --bench engine`), for comparing with
//! the same code in wasm (`make bench`, the `#/bench` page). Native x86_64 is typically 3–4×
//! faster than wasm in Chromium; WebCrypto is faster still.
// criterion is a native-only dev-dependency: on wasm32 (`cargo clippy --target wasm32-unknown-unknown
// --all-targets`) this bench compiles to nothing.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use jose::alg::{self, SigningKeyRef};
use jose::key::generate::generate;
use jose::key::{EcCurve, Key, KeyKind, KeyMaterial};
use jose::{b64, decode_compact, limits, JwsAlgorithm};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

const MESSAGE: &[u8] = b"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaCJ9";

fn private(key: &Key) -> &jose::PrivateKey {
    match &key.material {
        KeyMaterial::Private(private) => private,
        _ => panic!("expected a private key"),
    }
}

fn keygen(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let mut group = c.benchmark_group("keygen");
    for (id, kind) in [
        ("EC-P256", KeyKind::Ec(EcCurve::P256)),
        ("EC-P384", KeyKind::Ec(EcCurve::P384)),
        ("EC-P521", KeyKind::Ec(EcCurve::P521)),
        ("Ed25519", KeyKind::Ed25519),
    ] {
        group.bench_function(id, |b| {
            b.iter(|| generate(black_box(kind), &mut rng).unwrap())
        });
    }
    // Seconds per key and a wide spread (prime search): few samples.
    group.sample_size(10);
    group.bench_function("RSA-2048", |b| {
        b.iter(|| generate(KeyKind::Rsa { bits: 2048 }, &mut rng).unwrap())
    });
    group.finish();
}

fn sign_verify(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let rsa = generate(KeyKind::Rsa { bits: 2048 }, &mut rng).unwrap();
    c.bench_function("RS256 sign (RSA-2048)", |b| {
        b.iter(|| {
            let key = SigningKeyRef::Private(private(&rsa));
            alg::sign(JwsAlgorithm::Rs256, key, black_box(MESSAGE), &mut rng).unwrap()
        })
    });

    let ec = generate(KeyKind::Ec(EcCurve::P256), &mut rng).unwrap();
    let signature = alg::sign(
        JwsAlgorithm::Es256,
        SigningKeyRef::Private(private(&ec)),
        MESSAGE,
        &mut rng,
    )
    .unwrap();
    let public = ec.verification_key();
    c.bench_function("ES256 verify", |b| {
        b.iter(|| {
            alg::verify(JwsAlgorithm::Es256, &public, black_box(MESSAGE), &signature).unwrap()
        })
    });
}

fn decode(c: &mut Criterion) {
    let header = b64::encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let signature = b64::encode(&[7u8; 256]);
    let room = limits::MAX_INPUT_BYTES - header.len() - signature.len() - 2;
    let skeleton = r#"{"sub":"bench","blob":""}"#;
    let payload = format!(
        r#"{{"sub":"bench","blob":"{}"}}"#,
        "x".repeat(room / 4 * 3 - skeleton.len())
    );
    let token = format!("{header}.{}.{signature}", b64::encode(payload.as_bytes()));
    let mut group = c.benchmark_group("decode");
    group.sample_size(20);
    group.bench_function("1 MiB token", |b| {
        b.iter(|| decode_compact(black_box(&token)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, keygen, sign_verify, decode);
criterion_main!(benches);
