//! Property tests: no text, bytes or JSON value, however odd, makes key import, JWK parsing,
//! secret parsing or JWK Set validation panic; and every finding still names a stable rule.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use common::vector;
use jose::jwk::{key_from_jwk, key_to_jwk, JwkOptions};
use jose::jwks::{parse_jwks, validate_jwks, validate_jwks_value};
use jose::key::{
    generate, import_der, import_keys, parse_secret, to_pkcs1_pem, to_pkcs8_pem, to_sec1_pem,
    to_spki_pem, EcCurve, KeyKind, KeyMaterial, SecretEncoding,
};
use proptest::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use serde_json::{Map, Value};

/// Members the JWK code looks at, so generated objects hit the interesting paths often.
const MEMBERS: &[&str] = &[
    "kty", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "k", "kid", "use",
    "alg", "key_ops", "keys", "x5c",
];

/// Values that make it past the first checks: real key types, curves and base64url lengths.
const WORDS: &[&str] = &[
    "RSA", "EC", "OKP", "oct", "P-256", "P-384", "P-521", "Ed25519", "X25519", "sig", "enc",
    "verify", "RS256", "ES256", "HS256", "AQAB", "AQ", "Aw", "", "AA", "AAA", "AAAA", "A", "_w",
    "-_-_", "AA==", "a+b/",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(WORDS.to_vec()).prop_map(str::to_owned),
        "[A-Za-z0-9_-]{0,100}",
        prop::collection::vec(any::<u8>(), 0..80)
            .prop_map(|bytes| Base64UrlUnpadded::encode_string(&bytes)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(MEMBERS.to_vec()), inner), 0..10).prop_map(
                |pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(name, value)| (name.to_owned(), value))
                            .collect(),
                    )
                }
            ),
        ]
    })
}

/// A JWK-shaped object: a known kty and curve most of the time, anything in the members.
fn jwk_like() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["RSA", "EC", "OKP", "oct", "?"]),
        prop::sample::select(vec!["P-256", "P-384", "P-521", "Ed25519", "X448"]),
        prop::collection::vec((prop::sample::select(MEMBERS.to_vec()), json_value()), 0..8),
    )
        .prop_map(|(kty, crv, members)| {
            let mut object = Map::new();
            object.insert("kty".to_owned(), Value::from(kty));
            object.insert("crv".to_owned(), Value::from(crv));
            for (name, value) in members {
                object.insert(name.to_owned(), value);
            }
            Value::Object(object)
        })
}

/// Valid key texts (PEM and JWK) to mutate.
fn valid_texts() -> Vec<String> {
    let rsa = key_from_jwk(&vector("rfc/rfc7515_A.2_RS256.json")["input"]["jwk"]).unwrap();
    let ec = key_from_jwk(&vector("rfc/rfc7515_A.4_ES512.json")["input"]["jwk"]).unwrap();
    let (KeyMaterial::Private(rsa_private), KeyMaterial::Private(ec_private)) =
        (&rsa.material, &ec.material)
    else {
        panic!("vectors are private keys")
    };
    vec![
        to_pkcs8_pem(rsa_private).unwrap().to_string(),
        to_pkcs1_pem(rsa_private).unwrap().to_string(),
        to_sec1_pem(ec_private).unwrap().to_string(),
        key_to_jwk(
            &ec,
            &JwkOptions {
                include_private: true,
                ..JwkOptions::default()
            },
        )
        .to_string(),
        vector("koppeltaal/koppeltaal_auth_service_jwks.json")["jwks"].to_string(),
    ]
}

/// Replaces `len` characters at `at` (both taken modulo the text) with `insert`.
fn mutate(text: &str, at: usize, len: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = at % (chars.len() + 1);
    let end = (start + len % 8).min(chars.len());
    let mut out: String = chars[..start].iter().collect();
    out.push_str(insert);
    out.extend(&chars[end..]);
    out
}

fn pem_text() -> impl Strategy<Value = String> {
    let labels = vec![
        "PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "RSA PRIVATE KEY",
        "RSA PUBLIC KEY",
        "EC PRIVATE KEY",
        "PUBLIC KEY",
        "CERTIFICATE",
        "EC PARAMETERS",
        "X",
    ];
    (
        prop::sample::select(labels),
        prop::collection::vec(any::<u8>(), 0..200),
        any::<bool>(),
    )
        .prop_map(|(label, body, close)| {
            let body = Base64::encode_string(&body);
            let end = if close {
                format!("-----END {label}-----")
            } else {
                String::new()
            };
            format!("-----BEGIN {label}-----\n{body}\n{end}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn import_keys_never_panics_on_any_text(text in prop_oneof![any::<String>(), pem_text(), text()], password in proptest::option::of("[a-z]{0,8}")) {
        let _ = import_keys(&text, password.as_deref());
    }

    #[test]
    fn import_keys_never_panics_on_mutated_keys(which in 0usize..5, at in any::<usize>(), len in any::<usize>(), insert in "[A-Za-z0-9+/=_\n{}\":,-]{0,4}") {
        let texts = valid_texts();
        let text = mutate(&texts[which], at, len, &insert);
        if let Ok(imported) = import_keys(&text, None) {
            // Whatever was read is a usable key with a format.
            for key in imported.keys {
                prop_assert!(!key.describe().is_empty());
            }
        }
    }

    #[test]
    fn import_der_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = import_der(&bytes);
    }

    #[test]
    fn key_from_jwk_never_panics_on_any_json(value in prop_oneof![json_value(), jwk_like()]) {
        if let Ok(key) = key_from_jwk(&value) {
            // A JWK that reads also writes, and reads back to the same public key.
            let written = key_to_jwk(&key, &JwkOptions { include_private: true, ..JwkOptions::default() });
            let again = key_from_jwk(&written).unwrap();
            prop_assert_eq!(again.public_key(), key.public_key());
        }
    }

    #[test]
    fn validate_jwks_never_panics_and_names_stable_rules(keys in prop::collection::vec(prop_oneof![jwk_like(), json_value()], 0..4)) {
        let mut set = Map::new();
        set.insert("keys".to_owned(), Value::Array(keys));
        let value = Value::Object(set);
        let report = validate_jwks_value(&value);
        for finding in &report.findings {
            prop_assert!(finding.rule.starts_with("jwks."), "{}", finding.rule);
            prop_assert!(!finding.message.is_empty());
        }
        let _ = parse_jwks(&value.to_string());
    }

    #[test]
    fn validate_jwks_never_panics_on_any_text(text in prop_oneof![any::<String>(), text()]) {
        let report = validate_jwks(&text);
        prop_assert!(report.keys.is_empty() || text.contains("keys"));
    }

    #[test]
    fn parse_secret_never_panics(text in prop_oneof![any::<String>(), text()]) {
        for encoding in SecretEncoding::ALL {
            if let Ok(secret) = parse_secret(&text, encoding) {
                prop_assert!(!secret.as_bytes().is_empty());
            }
        }
    }
}

proptest! {
    // Key generation and three encodings per case: fewer cases keep the debug build quick.
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn generated_keys_survive_pkcs8_spki_and_jwk_for_any_seed(
        seed in any::<u64>(),
        kind in prop::sample::select(vec![
            KeyKind::Ec(EcCurve::P256), KeyKind::Ec(EcCurve::P384), KeyKind::Ec(EcCurve::P521), KeyKind::Ed25519,
        ]),
    ) {
        let key = generate(kind, &mut rand_chacha::ChaCha20Rng::seed_from_u64(seed)).unwrap();
        let KeyMaterial::Private(private) = &key.material else { panic!("generated a non-private key") };
        let pkcs8 = import_keys(&to_pkcs8_pem(private).unwrap(), None).unwrap();
        let spki = import_keys(&to_spki_pem(&private.public_key()).unwrap(), None).unwrap();
        let jwk = key_from_jwk(&key_to_jwk(&key, &JwkOptions { include_private: true, ..JwkOptions::default() })).unwrap();
        prop_assert_eq!(pkcs8.keys[0].key.public_key(), key.public_key());
        prop_assert_eq!(spki.keys[0].key.public_key(), key.public_key());
        prop_assert_eq!(jwk.public_key(), key.public_key());
        prop_assert!(jwk.can_sign());
    }
}
