//! Compact JWE: RFC 7520 §5 and §6 examples, the RFC 8037 X25519 example, Wycheproof's JWE
//! cases, round trips for every alg × enc pair, and the error messages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jose::jwe::{
    self, decode_jwe, decrypt, encrypt, encrypt_with, ContentEncryption, EncryptOptions, JweError,
    KeyManagement,
};
use jose::jwk::key_from_jwk;
use jose::key::{Key, KeyMaterial, Secret};
use rand_core::OsRng;
use serde_json::{Map, Value};

/// The RFC 7520 §5 examples that have a compact serialization (5.10–5.13 are JSON only).
const COOKBOOK: [&str; 9] = [
    "5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2",
    "5_2.key_encryption_using_rsa-oaep_with_aes-gcm",
    "5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2",
    "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
    "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2",
    "5_6.direct_encryption_using_aes-gcm",
    "5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2",
    "5_8.key_wrap_using_aes-keywrap_with_aes-gcm",
    "5_9.compressed_content",
];

fn cookbook(name: &str) -> Value {
    common::vector(&format!("rfc/rfc7520_cookbook/jwe/{name}.json"))
}

fn b64(value: &Value) -> Vec<u8> {
    jose::b64::decode(
        jose::b64::B64Field::Payload,
        value.as_str().expect("a base64url string"),
    )
    .expect("valid base64url")
}

/// The key of an example: its JWK, or its password as a secret.
fn input_key(input: &Value) -> Key {
    match input.get("pwd") {
        Some(pwd) => Key::new(KeyMaterial::Secret(Secret::new(
            pwd.as_str().unwrap().as_bytes().to_vec(),
        ))),
        None => key_from_jwk(&input["key"]).expect("the example key imports"),
    }
}

#[test]
fn rfc7520_section5_compact_examples_decrypt_to_their_plaintext() {
    for name in COOKBOOK {
        let vector = cookbook(name);
        let compact = vector["output"]["compact"].as_str().unwrap();
        let token = decode_jwe(compact).unwrap_or_else(|e| panic!("{name}: {e}"));
        let key = input_key(&vector["input"]);
        let opened = decrypt(&token, &[key], &mut OsRng).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            opened.plaintext,
            vector["input"]["plaintext"].as_str().unwrap().as_bytes(),
            "{name}"
        );
        assert_eq!(opened.key_index, 0);
        assert!(!opened.nested, "{name}");
    }
}

/// Re-encrypts an example with its generated CEK, IV, ephemeral key, salt and key-wrap IV.
fn reencrypt(vector: &Value) -> String {
    let input = &vector["input"];
    let protected = vector["encrypting_content"]["protected"]
        .as_object()
        .unwrap();
    let mut key = input_key(input);
    key.meta.kid = protected
        .get("kid")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let generated = &vector["generated"];
    let encrypting = &vector["encrypting_key"];
    let options = EncryptOptions {
        cek: generated.get("cek").map(b64),
        iv: generated.get("iv").map(b64),
        ephemeral: encrypting
            .get("epk")
            .map(|epk| match key_from_jwk(epk).unwrap().material {
                KeyMaterial::Private(private) => private,
                _ => panic!("the example's ephemeral key has no \"d\""),
            }),
        p2s: encrypting.get("salt").map(b64),
        p2c: encrypting
            .get("iteration_count")
            .and_then(Value::as_u64)
            .map(|n| u32::try_from(n).unwrap()),
        key_wrap_iv: encrypting.get("iv").map(b64),
    };
    let written_by_engine = ["alg", "enc", "kid", "epk", "p2s", "p2c", "iv", "tag"];
    let extra: Map<String, Value> = protected
        .iter()
        .filter(|(name, _)| !written_by_engine.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let alg: KeyManagement = input["alg"].as_str().unwrap().parse().unwrap();
    let enc: ContentEncryption = input["enc"].as_str().unwrap().parse().unwrap();
    let plaintext = input["plaintext"].as_str().unwrap().as_bytes();
    encrypt_with(plaintext, &key, alg, enc, extra, &options, &mut OsRng).unwrap()
}

#[test]
fn rfc7520_deterministic_examples_reencrypt_byte_for_byte() {
    // 5.1 (RSA1_5) and 5.2 (RSA-OAEP) use random padding, so only their decryption is checked.
    // 5.9's DEFLATE output depends on the compressor, so it is checked by decrypting our own.
    for name in &COOKBOOK[2..8] {
        let vector = cookbook(name);
        assert_eq!(
            reencrypt(&vector),
            vector["output"]["compact"].as_str().unwrap(),
            "{name}"
        );
    }
    let vector = cookbook(COOKBOOK[8]);
    let ours = reencrypt(&vector);
    let opened = decrypt(
        &decode_jwe(&ours).unwrap(),
        &[input_key(&vector["input"])],
        &mut OsRng,
    )
    .unwrap();
    assert_eq!(
        opened.plaintext,
        vector["input"]["plaintext"].as_str().unwrap().as_bytes()
    );
}

#[test]
fn rfc7520_section6_nested_jws_decrypts_and_verifies() {
    let vector = common::vector("rfc/rfc7520_cookbook/6.nesting_signatures_and_encryption.json");
    let encrypt = &vector["encrypt"];
    let token = decode_jwe(encrypt["output"]["compact"].as_str().unwrap()).unwrap();
    let key = key_from_jwk(&encrypt["input"]["key"]).unwrap();
    let opened = decrypt(&token, &[key], &mut OsRng).unwrap();
    assert!(opened.nested, "cty JWT marks a nested token");
    let jws = String::from_utf8(opened.plaintext).unwrap();
    assert_eq!(jws, vector["sign"]["output"]["compact"].as_str().unwrap());
    let signer = key_from_jwk(&vector["sign"]["input"]["key"]).unwrap();
    let inner = jose::decode_compact(&jws).unwrap();
    jose::verify_compact(&inner, &[signer], &jose::verify::VerifyOptions::default())
        .expect("the inner JWS verifies");
}

#[test]
fn the_wrong_key_says_so_once_per_key_tried() {
    let vector = cookbook(COOKBOOK[7]);
    let token = decode_jwe(vector["output"]["compact"].as_str().unwrap()).unwrap();
    let wrong = Key::new(KeyMaterial::Secret(Secret::new(vec![7u8; 16])));
    let short = Key::new(KeyMaterial::Secret(Secret::new(vec![7u8; 5])));
    let err = decrypt(&token, &[wrong, short], &mut OsRng).unwrap_err();
    let JweError::NotDecrypted { attempts } = &err else {
        panic!("{err}")
    };
    assert_eq!(attempts.len(), 2);
    let message = err.to_string();
    assert_eq!(
        message
            .matches("this key does not decrypt this token")
            .count(),
        2,
        "{message}"
    );
    assert!(message.contains("5 bytes"), "{message}");
}

#[test]
fn keys_are_searched_by_kid_first() {
    let vector = cookbook(COOKBOOK[7]);
    let token = decode_jwe(vector["output"]["compact"].as_str().unwrap()).unwrap();
    let right = input_key(&vector["input"]);
    let mut decoy = Key::new(KeyMaterial::Secret(Secret::new(vec![1u8; 16])));
    decoy.meta.kid = Some("other".into());
    let opened = decrypt(&token, &[decoy, right], &mut OsRng).unwrap();
    assert_eq!(opened.key_index, 1);
}

#[test]
fn unknown_alg_enc_crit_and_zip_are_explained() {
    let header = |json: &str| {
        format!(
            "{}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
            jose::b64::encode(json.as_bytes())
        )
    };
    let key = [Key::new(KeyMaterial::Secret(Secret::new(vec![0u8; 16])))];
    let cases = [
        (
            r#"{"alg":"XYZ","enc":"A128GCM"}"#,
            "unknown key management algorithm",
        ),
        (
            r#"{"alg":"dir","enc":"A1GCM"}"#,
            "unknown content encryption",
        ),
        (
            r#"{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}"#,
            "critical",
        ),
        (r#"{"alg":"dir","enc":"A128GCM","zip":"GZ"}"#, "compression"),
    ];
    for (json, expected) in cases {
        let token = decode_jwe(&header(json)).unwrap();
        let message = decrypt(&token, &key, &mut OsRng).unwrap_err().to_string();
        assert!(message.contains(expected), "{json}: {message}");
    }
}

#[test]
fn decode_errors_name_the_segment_and_position() {
    let err = decode_jwe("a.b.c").unwrap_err();
    assert!(err.to_string().contains("found 3"), "{err}");
    let valid = cookbook(COOKBOOK[7])["output"]["compact"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
    parts[2].insert(3, '+');
    let message = decode_jwe(&parts.join(".")).unwrap_err().to_string();
    assert!(message.contains("segment 3"), "{message}");
    assert!(message.contains("character 3"), "{message}");
    let dup = format!(
        "{}.AA.AA.AA.AA",
        jose::b64::encode(br#"{"alg":"dir","alg":"dir","enc":"A128GCM"}"#)
    );
    let message = decode_jwe(&dup).unwrap_err().to_string();
    assert!(message.contains("duplicate member"), "{message}");
}

#[test]
fn a_huge_pbes2_count_is_refused_without_work() {
    let json = format!(
        r#"{{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AAAAAAAAAAA","p2c":{}}}"#,
        u64::from(jose::limits::MAX_PBES2_COUNT) + 1
    );
    let text = format!(
        "{}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        jose::b64::encode(json.as_bytes())
    );
    let token = decode_jwe(&text).unwrap();
    let key = [Key::new(KeyMaterial::Secret(Secret::new(b"pw".to_vec())))];
    let started = std::time::Instant::now();
    let err = decrypt(&token, &key, &mut OsRng).unwrap_err();
    assert!(matches!(err, JweError::Pbes2CountTooHigh { .. }), "{err}");
    assert!(started.elapsed().as_millis() < 500);
}

#[test]
fn a_zip_bomb_is_refused() {
    let bomb = vec![0u8; jose::limits::MAX_INPUT_BYTES + 1];
    let key = Key::new(KeyMaterial::Secret(Secret::new(vec![3u8; 16])));
    let mut extra = Map::new();
    extra.insert("zip".into(), Value::String("DEF".into()));
    let text = encrypt(
        &bomb,
        &key,
        KeyManagement::A128Kw,
        ContentEncryption::A128Gcm,
        extra,
        &mut OsRng,
    )
    .unwrap();
    assert!(text.len() < 20_000, "it compresses well");
    let err = decrypt(&decode_jwe(&text).unwrap(), &[key], &mut OsRng).unwrap_err();
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn rsa1_5_decrypts_with_a_warning_but_never_encrypts() {
    let vector = cookbook(COOKBOOK[0]);
    let token = decode_jwe(vector["output"]["compact"].as_str().unwrap()).unwrap();
    let key = input_key(&vector["input"]);
    let opened = decrypt(&token, std::slice::from_ref(&key), &mut OsRng).unwrap();
    assert!(opened.findings.iter().any(|f| f.rule == "jwe.rsa1_5"));
    let err = encrypt(
        b"x",
        &key,
        KeyManagement::Rsa1_5,
        ContentEncryption::A128Gcm,
        Map::new(),
        &mut OsRng,
    )
    .unwrap_err();
    assert!(matches!(err, JweError::Rsa1_5Encrypt));
}

#[test]
fn algorithm_names_round_trip() {
    for alg in KeyManagement::ALL {
        assert_eq!(alg.name().parse::<KeyManagement>().unwrap(), alg);
    }
    for enc in ContentEncryption::ALL {
        assert_eq!(enc.name().parse::<ContentEncryption>().unwrap(), enc);
    }
    assert_eq!(jwe::JWE_RULE_IDS.len(), 2);
}

/// Wycheproof `json_web_crypto_test.json`, the 34 cases that carry a `jwe` (tcId 50–83,
/// groups `jwe_aes` with A256KW + A256CBC-HS512 and `jwe_ec` with ECDH-ES+A128KW on P-256).
/// No case is mislabelled: every `valid` decrypts and every `invalid` is refused (tcId 66 is
/// a JSON serialization, which a compact-only decoder refuses; tcId 83 has an `epk` off the
/// curve, refused by the JWK importer).
#[test]
fn wycheproof_jwe_cases_decrypt_or_are_refused_as_labelled() {
    let file = common::vector("wycheproof/testvectors_v1/json_web_crypto_test.json");
    let mut counts = (0, 0);
    for group in file["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            let Some(text) = test.get("jwe") else {
                continue;
            };
            let text = match text {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let keys: Vec<Key> = match group["private"].get("keys") {
                Some(set) => set
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| key_from_jwk(k).unwrap())
                    .collect(),
                None => vec![key_from_jwk(&group["private"]).unwrap()],
            };
            let outcome = decode_jwe(&text).and_then(|t| decrypt(&t, &keys, &mut OsRng));
            let id = &test["tcId"];
            match test["result"].as_str().unwrap() {
                "valid" => {
                    let opened = outcome.unwrap_or_else(|e| panic!("tcId {id}: {e}"));
                    if let Some(pt) = test.get("pt") {
                        assert_eq!(
                            String::from_utf8(opened.plaintext).unwrap(),
                            pt.as_str().unwrap()
                        );
                    }
                    counts.0 += 1;
                }
                _ => {
                    assert!(
                        outcome.is_err(),
                        "tcId {id} ({}) was accepted",
                        test["comment"]
                    );
                    counts.1 += 1;
                }
            }
        }
    }
    assert_eq!(counts, (2, 32), "(valid, invalid) JWE cases");
}

/// Recipients for every algorithm family, generated (RSA from RFC 7520 §3.4, since RSA key
/// generation is slow in debug builds); ECDH gets one NIST curve (by `curve`) and X25519.
fn recipients(alg: KeyManagement, enc: ContentEncryption, curve: usize) -> Vec<Key> {
    use jose::key::{generate, KeyKind};
    if alg.family() == jwe::KeyFamily::Ecdh {
        let mut x25519 = generate(KeyKind::X25519, &mut OsRng).unwrap();
        x25519.meta.kid = Some(format!("{alg}/{enc}/X25519"));
        return vec![recipient(alg, enc, curve), x25519];
    }
    vec![recipient(alg, enc, curve)]
}

/// One recipient of the right family (see [`recipients`]).
fn recipient(alg: KeyManagement, enc: ContentEncryption, curve: usize) -> Key {
    use jose::key::{generate, EcCurve, KeyKind};
    let mut key = match alg.family() {
        jwe::KeyFamily::Rsa => key_from_jwk(&common::vector(
            "rfc/rfc7520_cookbook/jwk/3_4.rsa_private_key.json",
        ))
        .unwrap(),
        jwe::KeyFamily::Ecdh => {
            let curve = [EcCurve::P256, EcCurve::P384, EcCurve::P521][curve % 3];
            generate(KeyKind::Ec(curve), &mut OsRng).unwrap()
        }
        jwe::KeyFamily::Symmetric => {
            let len = match alg {
                KeyManagement::Dir => enc.key_len(),
                a => a.wrap_key_len().unwrap(),
            };
            let mut bytes = vec![0u8; len];
            rand_core::RngCore::fill_bytes(&mut OsRng, &mut bytes);
            Key::new(KeyMaterial::Secret(Secret::new(bytes)))
        }
    };
    key.meta.kid = Some(format!("{alg}/{enc}"));
    key
}

#[test]
fn every_alg_and_enc_pair_round_trips() {
    let mut pairs = 0;
    for (i, alg) in KeyManagement::ALL.into_iter().enumerate() {
        if alg == KeyManagement::Rsa1_5 {
            continue;
        }
        for (enc, key) in ContentEncryption::ALL.into_iter().flat_map(|enc| {
            recipients(alg, enc, i)
                .into_iter()
                .map(move |key| (enc, key))
        }) {
            let mut extra = Map::new();
            extra.insert("cty".into(), Value::String("JWT".into()));
            let options = EncryptOptions {
                p2c: Some(1000),
                ..EncryptOptions::default()
            };
            let text = encrypt_with(b"a.b.c", &key, alg, enc, extra, &options, &mut OsRng)
                .unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
            let token = decode_jwe(&text).unwrap();
            assert_eq!(
                token.kid(),
                key.meta.kid.as_deref(),
                "the recipient's kid is in the header"
            );
            assert!(token.findings().is_empty(), "{alg} {enc}");
            let opened =
                decrypt(&token, &[key], &mut OsRng).unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
            assert_eq!(opened.plaintext, b"a.b.c");
            assert!(opened.nested);
            pairs += 1;
        }
    }
    // Every pair once, and the four ECDH-ES algorithms again with X25519.
    assert_eq!(pairs, 18 * 6 + 4 * 6);
}

#[test]
fn encrypt_with_the_default_pbes2_count_opens_again() {
    let key = Key::new(KeyMaterial::Secret(Secret::new(b"correct horse".to_vec())));
    let text = encrypt(
        b"hi",
        &key,
        KeyManagement::Pbes2Hs256A128Kw,
        ContentEncryption::A128Gcm,
        Map::new(),
        &mut OsRng,
    )
    .unwrap();
    let token = decode_jwe(&text).unwrap();
    assert_eq!(token.header()["p2c"], u64::from(jwe::DEFAULT_PBES2_COUNT));
    let wrong = Key::new(KeyMaterial::Secret(Secret::new(b"wrong".to_vec())));
    let err = decrypt(&token, &[wrong], &mut OsRng).unwrap_err();
    assert!(err.to_string().contains("wrong password"), "{err}");
}

#[test]
fn a_public_key_cannot_decrypt_and_says_why() {
    let vector = cookbook(COOKBOOK[1]);
    let token = decode_jwe(vector["output"]["compact"].as_str().unwrap()).unwrap();
    let private = input_key(&vector["input"]);
    let public = Key::new(KeyMaterial::Public(private.public_key().unwrap()));
    let message = decrypt(&token, &[public], &mut OsRng)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("only the private key decrypts"),
        "{message}"
    );
}

/// RFC 8037 Appendix A.6 (as in the RFC 7520 cookbook's `curve25519/ecdh-es.json`): Bob's
/// X25519 key decrypts the example.
#[test]
fn the_rfc8037_x25519_example_decrypts() {
    let vector = common::vector("rfc/rfc7520_cookbook/curve25519/ecdh-es.json");
    let compact = vector["output"]["compact"].as_str().unwrap();
    let token = decode_jwe(compact).unwrap();
    assert_eq!(token.alg_name(), "ECDH-ES");
    let key = key_from_jwk(&vector["input"]["key"]).unwrap();
    assert_eq!(key.kind(), jose::key::KeyKind::X25519);
    let opened = decrypt(&token, &[key], &mut OsRng).unwrap();
    assert_eq!(
        opened.plaintext,
        vector["input"]["plaintext"].as_str().unwrap().as_bytes()
    );
}

/// An X25519 `epk` on the wrong kind of key, or a NIST key for an X25519 token, is explained.
#[test]
fn an_x25519_epk_needs_an_x25519_key() {
    let vector = common::vector("rfc/rfc7520_cookbook/curve25519/ecdh-es.json");
    let token = decode_jwe(vector["output"]["compact"].as_str().unwrap()).unwrap();
    let p256 =
        jose::key::generate(jose::key::KeyKind::Ec(jose::key::EcCurve::P256), &mut OsRng).unwrap();
    let err = decrypt(&token, &[p256], &mut OsRng).unwrap_err();
    assert!(err.to_string().contains("X25519"), "{err}");
}

/// A compact JWE whose header is `header`, with dummy (well-formed) other segments.
fn with_header(header: &Value) -> String {
    let protected = jose::b64::encode(header.to_string().as_bytes());
    format!("{protected}..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA")
}

/// An all-zero X25519 public key (a low-order point) makes the shared secret all zero whatever
/// the private key: refused when decrypting (as `epk`) and when encrypting (as recipient).
#[test]
fn an_all_zero_x25519_public_key_is_refused() {
    use jose::key::{generate, KeyKind};
    let zero = jose::b64::encode(&[0u8; 32]);
    let recipient = generate(KeyKind::X25519, &mut OsRng).unwrap();
    let header = serde_json::json!({
        "alg": "ECDH-ES",
        "enc": "A128GCM",
        "epk": {"kty": "OKP", "crv": "X25519", "x": zero},
    });
    let token = decode_jwe(&with_header(&header)).unwrap();
    let err = decrypt(&token, &[recipient], &mut OsRng).unwrap_err();
    assert!(err.to_string().contains("all zero"), "{err}");

    let public =
        key_from_jwk(&serde_json::json!({"kty": "OKP", "crv": "X25519", "x": zero})).unwrap();
    let err = encrypt(
        b"hi",
        &public,
        KeyManagement::EcdhEsA128Kw,
        ContentEncryption::A128Gcm,
        Map::new(),
        &mut OsRng,
    )
    .unwrap_err();
    assert!(err.to_string().contains("all zero"), "{err}");
}

/// The `epk` written for an X25519 recipient is `{"kty":"OKP","crv":"X25519","x":…}`.
#[test]
fn an_x25519_epk_is_an_okp_jwk() {
    let key = jose::key::generate(jose::key::KeyKind::X25519, &mut OsRng).unwrap();
    let text = encrypt(
        b"hi",
        &key,
        KeyManagement::EcdhEs,
        ContentEncryption::A256Gcm,
        Map::new(),
        &mut OsRng,
    )
    .unwrap();
    let token = decode_jwe(&text).unwrap();
    let epk = token.header()["epk"].as_object().unwrap();
    let names: Vec<&str> = epk.keys().map(String::as_str).collect();
    assert_eq!(names, ["kty", "crv", "x"]);
    assert_eq!(epk["kty"], "OKP");
    assert_eq!(epk["crv"], "X25519");
    assert_eq!(
        decrypt(&token, &[key], &mut OsRng).unwrap().plaintext,
        b"hi"
    );
}
