//! Round trips: generate every key type, write it in every format, read each back, and get the
//! same key and the right format. Plus encrypted PKCS#8 with right, wrong and missing password.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use base64ct::{Base64, Encoding};
use jose::jwk::{key_to_jwk, JwkOptions};
use jose::key::{
    export_all, generate, import_der, import_keys, parse_secret, to_pkcs1_pem, to_pkcs1_public_pem,
    to_pkcs8_pem, to_sec1_pem, to_spki_pem, EcCurve, Key, KeyEncoding, KeyError, KeyFormat,
    KeyKind, KeyMaterial, PrivateKey, SecretEncoding,
};
use pkcs8::pkcs5::pbes2;
use pkcs8::{EncodePrivateKey, LineEnding, PrivateKeyInfo};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// RSA generation is slow in debug builds: one 2048-bit key, shared by every test here.
fn rsa_key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| generate(KeyKind::Rsa { bits: 2048 }, &mut rng(2048)).unwrap())
}

fn asymmetric_keys() -> Vec<Key> {
    let mut keys = vec![rsa_key().clone()];
    for (seed, kind) in [
        (1, KeyKind::Ec(EcCurve::P256)),
        (2, KeyKind::Ec(EcCurve::P384)),
        (3, KeyKind::Ec(EcCurve::P521)),
        (4, KeyKind::Ed25519),
    ] {
        keys.push(generate(kind, &mut rng(seed)).unwrap());
    }
    keys
}

fn private_of(key: &Key) -> &PrivateKey {
    match &key.material {
        KeyMaterial::Private(private) => private,
        other => panic!("not a private key: {other:?}"),
    }
}

/// Two private keys are the same when their PKCS#8 encodings are.
fn same_private(a: &PrivateKey, b: &PrivateKey) -> bool {
    *to_pkcs8_pem(a).unwrap() == *to_pkcs8_pem(b).unwrap()
}

/// Imports text that must hold exactly one key, checking the detected format.
fn import_one(text: &str, format: KeyFormat, encoding: KeyEncoding) -> Key {
    let imported = import_keys(text, None).unwrap_or_else(|err| panic!("{err}\n{text}"));
    assert_eq!(imported.keys.len(), 1);
    let key = &imported.keys[0];
    assert_eq!(
        (key.format, key.encoding),
        (format, encoding),
        "{}",
        key.describe()
    );
    key.key.clone()
}

fn pem_der(pem: &str) -> Vec<u8> {
    pem_rfc7468::decode_vec(pem.as_bytes()).unwrap().1
}

#[test]
fn generated_kinds_are_what_was_asked_for() {
    let kinds = [
        KeyKind::Ec(EcCurve::P256),
        KeyKind::Ec(EcCurve::P384),
        KeyKind::Ec(EcCurve::P521),
        KeyKind::Ed25519,
        KeyKind::Hmac { bytes: 32 },
        KeyKind::Hmac { bytes: 48 },
        KeyKind::Hmac { bytes: 64 },
    ];
    for kind in kinds {
        let key = generate(kind, &mut rng(7)).unwrap();
        assert_eq!(key.kind(), kind);
        assert!(key.can_sign());
    }
    assert_eq!(rsa_key().kind(), KeyKind::Rsa { bits: 2048 });
}

#[test]
fn generated_rsa_key_uses_exponent_65537() {
    let jwk = key_to_jwk(rsa_key(), &JwkOptions::default());
    assert_eq!(jwk["e"], "AQAB");
}

#[test]
fn unsupported_sizes_are_refused() {
    let cases = [
        (KeyKind::Rsa { bits: 1024 }, "cannot generate RSA 1024: RSA keys are generated with 2048, 3072 or 4096 bits"),
        (KeyKind::Hmac { bytes: 20 }, "cannot generate HMAC secret, 20 bytes: secrets are generated with 32, 48 or 64 bytes (HS256, HS384, HS512) or, as AES keys, 16, 24 or 32 bytes"),
    ];
    for (kind, expected) in cases {
        assert!(generate(kind, &mut rng(1))
            .unwrap_err()
            .to_string()
            .starts_with(expected));
    }
}

#[test]
fn aes_keys_and_x25519_are_generated_for_encryption() {
    for (id, bytes) in [("AES-128", 16), ("AES-192", 24), ("AES-256", 32)] {
        let kind = KeyKind::from_id(id).unwrap();
        assert_eq!(kind, KeyKind::Hmac { bytes });
        let key = generate(kind, &mut rng(3)).unwrap();
        assert_eq!(key.kind(), kind);
        assert_eq!(kind.label_for_use(Some("enc")), format!("{id} key"));
    }
    assert_eq!(KeyKind::Hmac { bytes: 32 }.label_for_use(None), "HMAC secret, 32 bytes");
    let x25519 = generate(KeyKind::from_id("X25519").unwrap(), &mut rng(4)).unwrap();
    assert_eq!(x25519.kind(), KeyKind::X25519);
    assert!(x25519.kind().algorithms().is_empty(), "X25519 never signs");
}

#[test]
fn the_same_seed_gives_the_same_key() {
    for kind in [
        KeyKind::Ec(EcCurve::P256),
        KeyKind::Ed25519,
        KeyKind::Hmac { bytes: 32 },
    ] {
        let options = JwkOptions {
            include_private: true,
            ..JwkOptions::default()
        };
        let a = key_to_jwk(&generate(kind, &mut rng(42)).unwrap(), &options);
        let b = key_to_jwk(&generate(kind, &mut rng(42)).unwrap(), &options);
        let c = key_to_jwk(&generate(kind, &mut rng(43)).unwrap(), &options);
        assert_eq!(a, b, "{kind:?}");
        assert_ne!(a, c, "{kind:?}");
    }
}

#[test]
fn pkcs8_round_trips_for_every_key_type() {
    for key in asymmetric_keys() {
        let private = private_of(&key);
        let pem = to_pkcs8_pem(private).unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let back = import_one(&pem, KeyFormat::Pkcs8, KeyEncoding::Pem);
        assert!(same_private(private, private_of(&back)), "{:?}", key.kind());
        let der = import_der(&pem_der(&pem)).unwrap();
        assert_eq!(der.format, KeyFormat::Pkcs8);
        assert!(same_private(private, private_of(&der.key)));
        let base64 = import_one(
            &Base64::encode_string(&pem_der(&pem)),
            KeyFormat::Pkcs8,
            KeyEncoding::Base64Der,
        );
        assert!(same_private(private, private_of(&base64)));
    }
}

#[test]
fn spki_round_trips_for_every_key_type() {
    for key in asymmetric_keys() {
        let public = key.public_key().unwrap();
        let pem = to_spki_pem(&public).unwrap();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        let back = import_one(&pem, KeyFormat::Spki, KeyEncoding::Pem);
        assert!(matches!(back.material, KeyMaterial::Public(_)));
        assert_eq!(back.public_key(), Some(public));
    }
}

#[test]
fn pkcs1_round_trips_for_rsa_private_and_public() {
    let key = rsa_key();
    let private = private_of(key);
    let private_pem = to_pkcs1_pem(private).unwrap();
    assert!(private_pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    let back = import_one(&private_pem, KeyFormat::Pkcs1Private, KeyEncoding::Pem);
    assert!(same_private(private, private_of(&back)));

    let public_pem = to_pkcs1_public_pem(&private.public_key()).unwrap();
    assert!(public_pem.starts_with("-----BEGIN RSA PUBLIC KEY-----\n"));
    let back = import_one(&public_pem, KeyFormat::Pkcs1Public, KeyEncoding::Pem);
    assert_eq!(back.public_key(), key.public_key());
}

#[test]
fn sec1_round_trips_for_every_curve() {
    for key in asymmetric_keys()
        .iter()
        .filter(|k| matches!(k.kind(), KeyKind::Ec(_)))
    {
        let private = private_of(key);
        let pem = to_sec1_pem(private).unwrap();
        assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
        let back = import_one(&pem, KeyFormat::Sec1, KeyEncoding::Pem);
        assert!(same_private(private, private_of(&back)), "{:?}", key.kind());
    }
}

/// The engine writes EC and Ed25519 keys itself, from the public half it stores; the bytes must
/// be exactly what the `elliptic-curve` and `ed25519-dalek` crates write (they recompute it).
#[test]
fn ec_and_ed25519_exports_are_byte_identical_to_the_crates_own() {
    for key in asymmetric_keys() {
        let ours = (
            to_pkcs8_pem(private_of(&key)).unwrap(),
            to_sec1_pem(private_of(&key)).ok(),
        );
        let theirs = match private_of(&key) {
            PrivateKey::P256(k) => (
                k.secret().to_pkcs8_pem(LineEnding::LF).unwrap(),
                Some(k.secret().to_sec1_pem(LineEnding::LF).unwrap()),
            ),
            PrivateKey::P384(k) => (
                k.secret().to_pkcs8_pem(LineEnding::LF).unwrap(),
                Some(k.secret().to_sec1_pem(LineEnding::LF).unwrap()),
            ),
            PrivateKey::P521(k) => (
                k.secret().to_pkcs8_pem(LineEnding::LF).unwrap(),
                Some(k.secret().to_sec1_pem(LineEnding::LF).unwrap()),
            ),
            PrivateKey::Ed25519(k) => (
                ed25519_dalek::SigningKey::from_bytes(k.seed())
                    .to_pkcs8_pem(LineEnding::LF)
                    .unwrap(),
                None,
            ),
            PrivateKey::Rsa(_) | PrivateKey::X25519(_) => continue,
        };
        assert_eq!(*ours.0, *theirs.0, "{:?}", key.kind());
        assert_eq!(
            ours.1.as_deref().map(|s| s.as_str()),
            theirs.1.as_deref().map(|s| s.as_str()),
            "{:?}",
            key.kind()
        );
    }
}

#[test]
fn formats_that_do_not_fit_the_key_type_are_refused() {
    let ed25519 = generate(KeyKind::Ed25519, &mut rng(5)).unwrap();
    let private = private_of(&ed25519);
    let cases = [
        (
            to_pkcs1_pem(private).map(|_| ()),
            "Ed25519 keys cannot be written as PKCS#1 (RSA PRIVATE KEY)",
        ),
        (
            to_pkcs1_public_pem(&private.public_key()).map(|_| ()),
            "cannot be written as PKCS#1 (RSA PUBLIC KEY)",
        ),
        (
            to_sec1_pem(private).map(|_| ()),
            "cannot be written as SEC1 (EC PRIVATE KEY)",
        ),
        (
            to_sec1_pem(private_of(rsa_key())).map(|_| ()),
            "RSA 2048 keys cannot be written as SEC1",
        ),
    ];
    for (result, phrase) in cases {
        let message = result.unwrap_err().to_string();
        assert!(message.contains(phrase), "{message}");
    }
}

#[test]
fn jwk_private_and_public_round_trip_with_metadata() {
    for key in asymmetric_keys() {
        let options = JwkOptions {
            include_private: true,
            kid: Some("key-1".to_owned()),
            key_use: Some("sig".to_owned()),
            alg: Some(key.kind().algorithms()[0].name().to_owned()),
            key_ops: Some(vec!["sign".to_owned()]),
        };
        let private_text = key_to_jwk(&key, &options).to_string();
        let back = import_one(&private_text, KeyFormat::Jwk, KeyEncoding::Json);
        assert!(
            same_private(private_of(&key), private_of(&back)),
            "{:?}",
            key.kind()
        );
        assert_eq!(back.meta.kid.as_deref(), Some("key-1"));
        assert_eq!(back.meta.key_use.as_deref(), Some("sig"));
        assert_eq!(back.meta.alg, options.alg);
        assert_eq!(back.meta.key_ops, options.key_ops);

        let public_text = key_to_jwk(
            &key,
            &JwkOptions {
                include_private: false,
                ..options
            },
        )
        .to_string();
        let public = import_one(&public_text, KeyFormat::Jwk, KeyEncoding::Json);
        assert!(matches!(public.material, KeyMaterial::Public(_)));
        assert_eq!(public.public_key(), key.public_key());
    }
}

#[test]
fn jwk_members_come_in_rfc_order() {
    let options = JwkOptions {
        include_private: true,
        kid: Some("k".to_owned()),
        key_use: Some("sig".to_owned()),
        alg: Some("X".to_owned()),
        key_ops: Some(vec!["sign".to_owned()]),
    };
    let cases: Vec<(Key, Vec<&str>)> = vec![
        (
            rsa_key().clone(),
            vec![
                "kty", "n", "e", "d", "p", "q", "dp", "dq", "qi", "use", "key_ops", "alg", "kid",
            ],
        ),
        (
            generate(KeyKind::Ec(EcCurve::P384), &mut rng(8)).unwrap(),
            vec!["kty", "crv", "x", "y", "d", "use", "key_ops", "alg", "kid"],
        ),
        (
            generate(KeyKind::Ed25519, &mut rng(9)).unwrap(),
            vec!["kty", "crv", "x", "d", "use", "key_ops", "alg", "kid"],
        ),
        (
            generate(KeyKind::Hmac { bytes: 32 }, &mut rng(10)).unwrap(),
            vec!["kty", "k", "use", "key_ops", "alg", "kid"],
        ),
    ];
    for (key, expected) in cases {
        let jwk = key_to_jwk(&key, &options);
        let names: Vec<&str> = jwk
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, expected, "{:?}", key.kind());
    }
}

#[test]
fn public_jwk_of_a_private_key_has_no_private_members() {
    for key in asymmetric_keys() {
        let jwk = key_to_jwk(&key, &JwkOptions::default());
        for member in jose::jwk::PRIVATE_MEMBERS {
            assert!(jwk.get(member).is_none(), "{member} in {jwk}");
        }
    }
}

#[test]
fn hmac_secrets_round_trip_through_jwk_and_base64url() {
    for bytes in [32, 48, 64] {
        let key = generate(KeyKind::Hmac { bytes }, &mut rng(bytes as u64)).unwrap();
        let KeyMaterial::Secret(secret) = &key.material else {
            panic!("not a secret")
        };
        let exports = export_all(&key, &JwkOptions::default()).unwrap();
        let jwk_text = exports.jwk_private.as_deref().unwrap();
        let back = import_one(jwk_text, KeyFormat::Jwk, KeyEncoding::Json);
        let KeyMaterial::Secret(back_secret) = &back.material else {
            panic!("not a secret")
        };
        assert_eq!(back_secret, secret);
        let from_text = parse_secret(
            exports.secret_base64url.as_deref().unwrap(),
            SecretEncoding::Base64Url,
        )
        .unwrap();
        assert_eq!(&from_text, secret);
        assert!(
            exports.spki_pem.is_none()
                && exports.jwk_public.is_none()
                && exports.pkcs8_pem.is_none()
        );
    }
}

#[test]
fn export_all_fills_exactly_the_formats_that_apply() {
    let ec = generate(KeyKind::Ec(EcCurve::P256), &mut rng(11)).unwrap();
    let ed = generate(KeyKind::Ed25519, &mut rng(12)).unwrap();
    let public_only = Key::new(KeyMaterial::Public(ec.public_key().unwrap()));
    // (key, pkcs8, pkcs1, sec1, spki, pkcs1 public, jwk private, jwk public)
    let cases = [
        (
            rsa_key().clone(),
            [true, true, false, true, true, true, true],
        ),
        (ec, [true, false, true, true, false, true, true]),
        (ed, [true, false, false, true, false, true, true]),
        (public_only, [false, false, false, true, false, false, true]),
    ];
    for (key, expected) in cases {
        let e = export_all(&key, &JwkOptions::default()).unwrap();
        let present = [
            e.pkcs8_pem.is_some(),
            e.pkcs1_pem.is_some(),
            e.sec1_pem.is_some(),
            e.spki_pem.is_some(),
            e.pkcs1_public_pem.is_some(),
            e.jwk_private.is_some(),
            e.jwk_public.is_some(),
        ];
        assert_eq!(present, expected, "{:?}", key.kind());
        if let Some(public) = &e.jwk_public {
            assert!(!public.contains("\"d\""), "{public}");
        }
    }
}

// ------------------------------------------------------------------------------------------
// Encrypted PKCS#8
// ------------------------------------------------------------------------------------------

const PASSWORD: &str = "correct horse battery staple";

/// Encrypts a key with PBES2 (PBKDF2-SHA256, AES-256-CBC), as `openssl pkcs8 -topk8` does;
/// 2048 iterations keep the debug-build test fast.
fn encrypted_pem(private: &PrivateKey) -> String {
    let der = pem_der(&to_pkcs8_pem(private).unwrap());
    let info = PrivateKeyInfo::try_from(der.as_slice()).unwrap();
    let params =
        pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, b"0123456789abcdef", &[7u8; 16]).unwrap();
    let encrypted = info.encrypt_with_params(params, PASSWORD).unwrap();
    encrypted
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .unwrap()
        .to_string()
}

#[test]
fn encrypted_pkcs8_imports_with_the_right_password() {
    for key in asymmetric_keys() {
        let pem = encrypted_pem(private_of(&key));
        let imported = import_keys(&pem, Some(PASSWORD)).unwrap();
        let back = &imported.keys[0];
        assert_eq!(
            (back.format, back.encoding),
            (KeyFormat::EncryptedPkcs8, KeyEncoding::Pem)
        );
        assert!(
            same_private(private_of(&key), private_of(&back.key)),
            "{:?}",
            key.kind()
        );
    }
}

#[test]
fn encrypted_pkcs8_without_or_with_a_wrong_password_is_a_distinct_error() {
    let pem = encrypted_pem(private_of(&asymmetric_keys()[1]));
    let cases = [
        (None, KeyError::PasswordRequired, "enter its password"),
        (Some(""), KeyError::PasswordRequired, "enter its password"),
        (
            Some("Tr0ub4dor&3"),
            KeyError::WrongPassword,
            "wrong password",
        ),
    ];
    for (password, expected, phrase) in cases {
        let err = import_keys(&pem, password).unwrap_err();
        assert_eq!(err.root_cause(), &expected, "{password:?}");
        let message = err.to_string();
        assert!(
            message.starts_with("PEM block 1 (ENCRYPTED PRIVATE KEY):"),
            "{message}"
        );
        assert!(message.contains(phrase), "{message}");
    }
}

#[test]
fn encrypted_pkcs8_der_is_detected_and_needs_the_password() {
    let pem = encrypted_pem(private_of(&asymmetric_keys()[4]));
    let der = pem_der(&pem);
    assert_eq!(import_der(&der).unwrap_err(), KeyError::PasswordRequired);
    let key = jose::key::import::import_der_with_password(&der, Some(PASSWORD)).unwrap();
    assert_eq!(key.format, KeyFormat::EncryptedPkcs8);
    assert_eq!(key.key.kind(), KeyKind::Ed25519);
}

/// X25519 (RFC 8037 §2, RFC 8410): JWK, PKCS#8 and SPKI round trips, in the layouts OpenSSL
/// writes, and the RFC 7638 thumbprint members (`crv`, `kty`, `x`).
#[test]
fn x25519_keys_round_trip_through_jwk_pkcs8_and_spki() {
    let key = generate(KeyKind::X25519, &mut rng(11)).unwrap();
    assert_eq!(key.kind(), KeyKind::X25519);
    assert_eq!(key.kind().label(), "X25519");
    assert!(key.kind().algorithms().is_empty(), "X25519 never signs");
    let private = private_of(&key);

    let options = JwkOptions {
        include_private: true,
        kid: Some("bob".to_owned()),
        key_use: Some("enc".to_owned()),
        ..JwkOptions::default()
    };
    let jwk = key_to_jwk(&key, &options);
    let names: Vec<&str> = jwk
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["kty", "crv", "x", "d", "use", "kid"]);
    assert_eq!(jwk["kty"], "OKP");
    assert_eq!(jwk["crv"], "X25519");
    let back = import_one(&jwk.to_string(), KeyFormat::Jwk, KeyEncoding::Json);
    assert!(same_private(private, private_of(&back)));
    assert_eq!(back.meta.kid.as_deref(), Some("bob"));
    let public_jwk = key_to_jwk(&key, &JwkOptions::default());
    assert!(public_jwk.get("d").is_none());
    let public = import_one(&public_jwk.to_string(), KeyFormat::Jwk, KeyEncoding::Json);
    assert!(matches!(public.material, KeyMaterial::Public(_)));
    assert_eq!(public.public_key(), key.public_key());

    let pem = to_pkcs8_pem(private).unwrap();
    assert!(hex::encode(pem_der(&pem)).starts_with("302e020100300506032b656e04220420"));
    let back = import_one(&pem, KeyFormat::Pkcs8, KeyEncoding::Pem);
    assert!(same_private(private, private_of(&back)));
    assert_eq!(back.public_key(), key.public_key());

    let spki = to_spki_pem(&key.public_key().unwrap()).unwrap();
    assert!(hex::encode(pem_der(&spki)).starts_with("302a300506032b656e032100"));
    let back = import_one(&spki, KeyFormat::Spki, KeyEncoding::Pem);
    assert_eq!(back.public_key(), key.public_key());

    let canonical = jose::thumbprint::canonical_json(&key.public_key().unwrap());
    assert_eq!(
        canonical,
        format!(r#"{{"crv":"X25519","kty":"OKP","x":{}}}"#, jwk["x"])
    );
    assert!(export_all(&key, &JwkOptions::default()).is_ok());
}

/// RFC 8037's Bob key (Appendix A.6) imports; a `d` that does not match `x`, and a short `x`,
/// are refused.
#[test]
fn x25519_jwk_import_checks_the_pair_and_the_length() {
    let bob = serde_json::json!({
        "kty": "OKP",
        "crv": "X25519",
        "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08",
        "d": "XasIfmJKikt54X-Lg4AO5m87sSkmGLb9HC-LJ_-I4Os"
    });
    assert_eq!(
        jose::jwk::key_from_jwk(&bob).unwrap().kind(),
        KeyKind::X25519
    );
    let mut mismatched = bob.clone();
    mismatched["x"] = "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo".into();
    let err = jose::jwk::key_from_jwk(&mismatched).unwrap_err();
    assert!(err.to_string().contains("not the public key of"), "{err}");
    let short = serde_json::json!({"kty": "OKP", "crv": "X25519", "x": "AA"});
    let err = jose::jwk::key_from_jwk(&short).unwrap_err();
    assert!(
        err.to_string().contains("an X25519 public key is 32 bytes"),
        "{err}"
    );
}
