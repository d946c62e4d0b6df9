//! Key import: format detection, several keys per paste, every limit and its message, and the
//! rule that key material never becomes an HMAC secret.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use common::vector;
use jose::jwk::{key_from_jwk, key_from_jwk_str};
use jose::key::{
    import_der, import_keys, parse_secret, to_pkcs1_pem, to_pkcs1_public_pem, to_pkcs8_pem,
    to_sec1_pem, to_spki_pem, EcCurve, ImportedKeys, Key, KeyEncoding, KeyError, KeyFormat,
    KeyKind, KeyMaterial, PrivateKey, SecretEncoding,
};
use jose::limits::MAX_INPUT_BYTES;
use pkcs8::der::{asn1::BitStringRef, Decode, Encode};
use serde_json::{json, Value};

/// The RFC 7515 A.2 RSA key (2048 bits), a ready-made private key.
fn rsa_jwk() -> Value {
    vector("rfc/rfc7515_A.2_RS256.json")["input"]["jwk"].clone()
}

/// The RFC 7515 A.3 P-256 key.
fn ec_jwk() -> Value {
    vector("rfc/rfc7515_A.3_ES256.json")["input"]["jwk"].clone()
}

fn private_key(jwk: &Value) -> PrivateKey {
    match key_from_jwk(jwk).unwrap().material {
        KeyMaterial::Private(key) => key,
        other => panic!("not a private key: {other:?}"),
    }
}

fn pem_body(pem: &str) -> Vec<u8> {
    pem_rfc7468::decode_vec(pem.as_bytes()).unwrap().1
}

fn error_of(text: &str) -> KeyError {
    import_keys(text, None).expect_err("import should fail")
}

/// Replaces a base64url JWK member with other bytes.
fn with_member(jwk: &Value, member: &str, bytes: &[u8]) -> Value {
    let mut jwk = jwk.clone();
    jwk[member] = Value::String(Base64UrlUnpadded::encode_string(bytes));
    jwk
}

fn member_bytes(jwk: &Value, member: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(jwk[member].as_str().unwrap()).unwrap()
}

/// An SPKI PEM for an arbitrary (n, e), built with the pkcs1/spki crates.
fn rsa_spki_pem(n: &[u8], e: &[u8]) -> String {
    let inner = pkcs1::RsaPublicKey {
        modulus: pkcs1::UintRef::new(n).unwrap(),
        public_exponent: pkcs1::UintRef::new(e).unwrap(),
    }
    .to_der()
    .unwrap();
    let spki = pkcs8::SubjectPublicKeyInfoRef {
        algorithm: pkcs1::ALGORITHM_ID,
        subject_public_key: BitStringRef::new(0, &inner).unwrap(),
    }
    .to_der()
    .unwrap();
    pem_rfc7468::encode_string("PUBLIC KEY", pem_rfc7468::LineEnding::LF, &spki).unwrap()
}

fn formats(imported: &ImportedKeys) -> Vec<(KeyFormat, KeyEncoding)> {
    imported
        .keys
        .iter()
        .map(|k| (k.format, k.encoding))
        .collect()
}

// ------------------------------------------------------------------------------------------
// Format detection
// ------------------------------------------------------------------------------------------

#[test]
fn every_pem_label_is_detected_and_reported() {
    let rsa = private_key(&rsa_jwk());
    let ec = private_key(&ec_jwk());
    let cases: Vec<(String, KeyFormat, KeyKind, bool)> = vec![
        (
            to_pkcs8_pem(&rsa).unwrap().to_string(),
            KeyFormat::Pkcs8,
            KeyKind::Rsa { bits: 2048 },
            true,
        ),
        (
            to_pkcs1_pem(&rsa).unwrap().to_string(),
            KeyFormat::Pkcs1Private,
            KeyKind::Rsa { bits: 2048 },
            true,
        ),
        (
            to_pkcs1_public_pem(&rsa.public_key()).unwrap(),
            KeyFormat::Pkcs1Public,
            KeyKind::Rsa { bits: 2048 },
            false,
        ),
        (
            to_spki_pem(&rsa.public_key()).unwrap(),
            KeyFormat::Spki,
            KeyKind::Rsa { bits: 2048 },
            false,
        ),
        (
            to_pkcs8_pem(&ec).unwrap().to_string(),
            KeyFormat::Pkcs8,
            KeyKind::Ec(EcCurve::P256),
            true,
        ),
        (
            to_sec1_pem(&ec).unwrap().to_string(),
            KeyFormat::Sec1,
            KeyKind::Ec(EcCurve::P256),
            true,
        ),
        (
            to_spki_pem(&ec.public_key()).unwrap(),
            KeyFormat::Spki,
            KeyKind::Ec(EcCurve::P256),
            false,
        ),
    ];
    for (pem, format, kind, private) in cases {
        let imported = import_keys(&pem, None).unwrap();
        assert_eq!(formats(&imported), [(format, KeyEncoding::Pem)], "{pem}");
        let key = &imported.keys[0];
        assert_eq!(key.key.kind(), kind);
        assert_eq!(key.key.can_sign(), private, "{}", key.describe());
        assert!(
            key.describe().contains(format.pem_label().unwrap()),
            "{}",
            key.describe()
        );
    }
}

#[test]
fn der_and_bare_base64_of_each_structure_are_detected() {
    let ec = private_key(&ec_jwk());
    let rsa = private_key(&rsa_jwk());
    let pems = [
        (to_pkcs8_pem(&ec).unwrap().to_string(), KeyFormat::Pkcs8),
        (to_sec1_pem(&ec).unwrap().to_string(), KeyFormat::Sec1),
        (to_spki_pem(&ec.public_key()).unwrap(), KeyFormat::Spki),
        (
            to_pkcs1_pem(&rsa).unwrap().to_string(),
            KeyFormat::Pkcs1Private,
        ),
        (
            to_pkcs1_public_pem(&rsa.public_key()).unwrap(),
            KeyFormat::Pkcs1Public,
        ),
    ];
    for (pem, format) in pems {
        let der = pem_body(&pem);
        let from_der = import_der(&der).unwrap();
        assert_eq!(
            (from_der.format, from_der.encoding),
            (format, KeyEncoding::Der)
        );
        let base64 = Base64::encode_string(&der);
        let from_base64 = import_keys(&base64, None).unwrap();
        assert_eq!(formats(&from_base64), [(format, KeyEncoding::Base64Der)]);
        assert_eq!(
            from_base64.keys[0].key.public_key(),
            from_der.key.public_key()
        );
    }
}

#[test]
fn jwk_and_jwk_set_are_told_apart() {
    let jwk = ec_jwk();
    let single = import_keys(&jwk.to_string(), None).unwrap();
    assert_eq!(formats(&single), [(KeyFormat::Jwk, KeyEncoding::Json)]);
    let set = import_keys(&json!({"keys": [jwk, rsa_jwk()]}).to_string(), None).unwrap();
    assert_eq!(formats(&set), [(KeyFormat::Jwks, KeyEncoding::Json); 2]);
    assert_eq!(set.keys[1].location, "keys[1]");
}

#[test]
fn several_pem_blocks_give_several_keys_and_ec_parameters_are_skipped() {
    let ec = private_key(&ec_jwk());
    let rsa = private_key(&rsa_jwk());
    let paste = format!(
        "first key:\n{}\n{}-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{}",
        to_spki_pem(&rsa.public_key()).unwrap(),
        to_pkcs1_pem(&rsa).unwrap().as_str(),
        to_sec1_pem(&ec).unwrap().as_str(),
    );
    let imported = import_keys(&paste, None).unwrap();
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let found: Vec<(&str, KeyFormat)> = imported
        .keys
        .iter()
        .map(|k| (k.location.as_str(), k.format))
        .collect();
    assert_eq!(
        found,
        [
            ("PEM block 1", KeyFormat::Spki),
            ("PEM block 2", KeyFormat::Pkcs1Private),
            ("PEM block 4", KeyFormat::Sec1)
        ]
    );
}

#[test]
fn pem_with_escaped_line_breaks_or_a_byte_order_mark_is_read() {
    let pem = to_spki_pem(&private_key(&ec_jwk()).public_key()).unwrap();
    let cases = [
        pem.replace('\n', "\\n"),
        format!("\u{feff}{pem}"),
        pem.replace('\n', "\r\n"),
    ];
    for text in cases {
        let imported = import_keys(&text, None).unwrap_or_else(|err| panic!("{text:?}: {err}"));
        assert_eq!(formats(&imported), [(KeyFormat::Spki, KeyEncoding::Pem)]);
    }
}

#[test]
fn a_bad_block_is_reported_without_losing_the_good_ones() {
    let rsa = private_key(&rsa_jwk());
    let paste = format!(
        "{}-----BEGIN PUBLIC KEY-----\nMFkw!!!\n-----END PUBLIC KEY-----\n",
        to_spki_pem(&rsa.public_key()).unwrap()
    );
    let imported = import_keys(&paste, None).unwrap();
    assert_eq!(imported.keys.len(), 1);
    assert_eq!(imported.problems.len(), 1);
    let message = imported.problems[0].to_string();
    assert!(
        message.starts_with("PEM block 2 (PUBLIC KEY):"),
        "{message}"
    );
    assert!(message.contains("not base64"), "{message}");
}

#[test]
fn a_bad_key_in_a_jwk_set_does_not_stop_the_others() {
    let mut broken = ec_jwk();
    broken["kid"] = json!("broken-one");
    broken["y"] = json!("AAAA");
    let text = json!({"keys": [rsa_jwk(), broken]}).to_string();
    let imported = import_keys(&text, None).unwrap();
    assert_eq!(imported.keys.len(), 1);
    let message = imported.problems[0].to_string();
    assert!(
        message.starts_with("keys[1] (kid \"broken-one\"):"),
        "{message}"
    );
    assert!(message.contains("\"y\""), "{message}");
}

#[test]
fn when_every_key_fails_all_problems_are_listed() {
    let text = json!({"keys": [{"kty": "RSA"}, {"kty": "EC", "crv": "P-256"}]}).to_string();
    let err = error_of(&text);
    let KeyError::NothingImported { errors } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errors.len(), 2);
    assert!(
        err.to_string()
            .contains("keys[0] (no kid): JWK member \"n\" is required"),
        "{err}"
    );
}

#[test]
fn a_private_key_always_yields_its_public_half() {
    for jwk in [
        rsa_jwk(),
        ec_jwk(),
        vector("rfc/rfc8037_A_Ed25519.json")["A.1_private_jwk"].clone(),
    ] {
        let private = private_key(&jwk);
        let from_pkcs8 = import_keys(&to_pkcs8_pem(&private).unwrap(), None).unwrap();
        let from_spki = import_keys(&to_spki_pem(&private.public_key()).unwrap(), None).unwrap();
        assert_eq!(
            from_pkcs8.keys[0].key.public_key(),
            from_spki.keys[0].key.public_key()
        );
        assert_eq!(
            from_pkcs8.keys[0].key.public_key(),
            Some(private.public_key())
        );
    }
}

// ------------------------------------------------------------------------------------------
// Inputs that are not keys
// ------------------------------------------------------------------------------------------

#[test]
fn inputs_that_are_not_keys_get_a_hint() {
    let cases = [
        ("", "nothing to import"),
        ("   \n", "nothing to import"),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
            "looks like a JWT",
        ),
        (
            "AAAA AAAA",
            "base64 for 6 bytes, but they are not a DER key structure",
        ),
        ("not base64 at all!", "not PEM, not JSON and not base64"),
        (r#"{"alg":"RS256","typ":"JWT"}"#, "JWT header"),
        (r#"{"foo":1}"#, "without \"kty\""),
        (r#"{"kty":"EC","kty":"RSA"}"#, "duplicate member \"kty\""),
        ("{not json", "not valid JSON"),
        (r#"{"keys":[]}"#, "\"keys\" is empty"),
        (r#"{"keys":{}}"#, "\"keys\" is an object, not an array"),
    ];
    for (text, phrase) in cases {
        let message = error_of(text).to_string();
        assert!(message.contains(phrase), "{text:?}: {message}");
    }
}

#[test]
fn unsupported_and_legacy_pem_blocks_are_explained() {
    let cases = [
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----", "PEM label \"OPENSSH PRIVATE KEY\" is not a key"),
        ("-----BEGIN CERTIFICATE REQUEST-----\nMA==\n-----END CERTIFICATE REQUEST-----", "\"CERTIFICATE REQUEST\" is not a key"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\nMIIB\n-----END RSA PRIVATE KEY-----",
            "openssl pkcs8 -topk8",
        ),
        ("-----BEGIN PUBLIC KEY-----\nMFkw\n", "no matching \"-----END PUBLIC KEY-----\""),
        ("-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----", "the block is empty"),
        ("-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----", "PKCS#8 PrivateKeyInfo"),
    ];
    for (text, phrase) in cases {
        let message = error_of(text).to_string();
        assert!(message.contains(phrase), "{text:?}: {message}");
    }
}

#[test]
fn unknown_key_types_and_curves_name_the_member() {
    let cases = [
        (json!({"kty": "OKP2"}), "JWK member \"kty\" is \"OKP2\""),
        (json!({"crv": "P-256"}), "\"kty\" is required"),
        (
            json!({"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"}),
            "\"crv\" is \"secp256k1\" for kty \"EC\"",
        ),
        (json!({"kty": "OKP", "crv": "X25519", "x": "AA"}), "X25519"),
        (
            json!({"kty": "RSA", "n": 123, "e": "AQAB"}),
            "JWK member \"n\" must be a string, found a number",
        ),
        (
            json!({"kty": "oct", "k": "AAAA", "key_ops": "sign"}),
            "\"key_ops\" must be an array of strings",
        ),
        (
            json!({"kty": "oct", "k": "AAAA", "kid": 7}),
            "\"kid\" must be a string",
        ),
        (json!({"kty": "oct", "k": "AA=="}), "padding '='"),
        (json!({"kty": "oct", "k": ""}), "\"k\" is empty"),
        (
            json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "oth": []}),
            "\"oth\" is not supported",
        ),
        (
            json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "p": "AQAB"}),
            "\"d\" is required",
        ),
        (
            json!(["not", "a", "jwk"]),
            "must be a JSON object, found an array",
        ),
    ];
    for (jwk, phrase) in cases {
        let message = key_from_jwk(&jwk)
            .map(|_| ())
            .expect_err("should fail")
            .to_string();
        assert!(message.contains(phrase), "{jwk}: {message}");
    }
}

#[test]
fn strict_base64url_errors_name_the_member_and_position() {
    let mut jwk = ec_jwk();
    jwk["x"] = json!("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU+");
    let message = key_from_jwk(&jwk).map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("JWK member \"x\""), "{message}");
    assert!(message.contains("character 43"), "{message}");
    assert!(message.contains("standard base64"), "{message}");
}

#[test]
fn jwk_text_with_duplicate_members_is_refused() {
    let err = key_from_jwk_str(r#"{"kty":"oct","k":"AAAA","k":"BBBB"}"#).unwrap_err();
    assert!(err.to_string().contains("duplicate member \"k\""), "{err}");
}

// ------------------------------------------------------------------------------------------
// Limits, each with its message
// ------------------------------------------------------------------------------------------

#[test]
fn text_over_one_mebibyte_is_refused() {
    let text = "A".repeat(MAX_INPUT_BYTES + 1);
    let expected = format!(
        "the input is {} bytes; the limit is 1048576 bytes (1 MiB)",
        MAX_INPUT_BYTES + 1
    );
    assert_eq!(error_of(&text).to_string(), expected);
    assert_eq!(
        parse_secret(&text, SecretEncoding::Utf8)
            .unwrap_err()
            .to_string(),
        expected
    );
    assert_eq!(
        import_der(text.as_bytes()).unwrap_err().to_string(),
        expected
    );
    assert_eq!(
        key_from_jwk_str(&text).map(|_| ()).unwrap_err().to_string(),
        expected
    );
    assert_eq!(
        jose::jwks::parse_jwks(&text).unwrap_err().to_string(),
        expected
    );
}

#[test]
fn rsa_modulus_size_limits_are_enforced_in_every_format() {
    let cases: [(usize, &str); 2] = [
        (
            504,
            "the RSA modulus (n) is 504 bits; the smallest this tool accepts is 512 bits",
        ),
        (
            16392,
            "the RSA modulus (n) is 16392 bits; the largest this tool accepts is 16384 bits",
        ),
    ];
    for (bits, expected) in cases {
        let n = vec![0xff; bits / 8];
        let jwk = json!({"kty": "RSA", "n": Base64UrlUnpadded::encode_string(&n), "e": "AQAB"});
        let jwk_message = key_from_jwk(&jwk).map(|_| ()).unwrap_err().to_string();
        assert!(jwk_message.starts_with(expected), "{jwk_message}");
        let pem_message = error_of(&rsa_spki_pem(&n, &[1, 0, 1])).to_string();
        assert!(
            pem_message.starts_with(&format!("PEM block 1 (PUBLIC KEY): {expected}")),
            "{pem_message}"
        );
    }
}

#[test]
fn unusable_public_exponents_are_refused_with_the_reason() {
    let n = vec![0xff; 256];
    let cases: [(&[u8], &str); 4] = [
        (&[1], "e = 1, so a \"signature\" is just the padded hash"),
        (&[4], "e = 4 is even"),
        (&[2], "e = 2 is even"),
        (&[1, 0, 0, 0, 0, 0, 0, 0, 1], "e is 9 bytes long"),
    ];
    for (e, phrase) in cases {
        let jwk = json!({"kty": "RSA", "n": Base64UrlUnpadded::encode_string(&n), "e": Base64UrlUnpadded::encode_string(e)});
        for message in [
            key_from_jwk(&jwk).map(|_| ()).unwrap_err().to_string(),
            error_of(&rsa_spki_pem(&n, e)).to_string(),
        ] {
            assert!(
                message.contains("the RSA public exponent (e) is unusable"),
                "{message}"
            );
            assert!(message.contains(phrase), "{message}");
        }
    }
}

#[test]
fn an_even_modulus_is_refused() {
    let mut n = vec![0xff; 256];
    n[255] = 0xfe;
    let jwk = json!({"kty": "RSA", "n": Base64UrlUnpadded::encode_string(&n), "e": "AQAB"});
    let message = key_from_jwk(&jwk).map(|_| ()).unwrap_err().to_string();
    assert!(
        message.contains("the RSA modulus (n, 2048 bits) is even"),
        "{message}"
    );
}

#[test]
fn rsa_private_values_that_do_not_belong_together_are_refused() {
    let jwk = rsa_jwk();
    let mut n = member_bytes(&jwk, "n");
    n[100] ^= 0x10;
    let mut d = member_bytes(&jwk, "d");
    d[10] ^= 0x01;
    let mut dp = member_bytes(&jwk, "dp");
    dp[5] ^= 0x01;
    let cases = [
        (with_member(&jwk, "n", &n), "n is not the product p·q"),
        (
            with_member(&jwk, "d", &d),
            "d is not the private exponent for e",
        ),
        (with_member(&jwk, "dp", &dp), "dp is not d mod (p−1)"),
        (
            with_member(&jwk, "q", &member_bytes(&jwk, "p")),
            "p equals q",
        ),
    ];
    for (broken, phrase) in cases {
        let message = key_from_jwk(&broken).map(|_| ()).unwrap_err().to_string();
        assert!(
            message.starts_with("the RSA private key values do not belong together"),
            "{message}"
        );
        assert!(message.contains(phrase), "{message}");
    }
}

#[test]
fn pkcs1_private_key_with_n_not_p_times_q_is_refused() {
    let pem = to_pkcs1_pem(&private_key(&rsa_jwk())).unwrap();
    let der = pem_body(&pem);
    let original = pkcs1::RsaPrivateKey::from_der(&der).unwrap();
    let mut modulus = original.modulus.as_bytes().to_vec();
    modulus[100] ^= 0x10;
    let tampered = pkcs1::RsaPrivateKey {
        modulus: pkcs1::UintRef::new(&modulus).unwrap(),
        ..original
    }
    .to_der()
    .unwrap();
    let tampered_pem =
        pem_rfc7468::encode_string("RSA PRIVATE KEY", pem_rfc7468::LineEnding::LF, &tampered)
            .unwrap();
    let message = error_of(&tampered_pem).to_string();
    assert!(
        message.starts_with("PEM block 1 (RSA PRIVATE KEY): the RSA private key values"),
        "{message}"
    );
    assert!(message.contains("n is not the product p·q"), "{message}");
}

#[test]
fn rsa_private_jwk_without_primes_recovers_them() {
    let mut jwk = rsa_jwk();
    for member in ["p", "q", "dp", "dq", "qi"] {
        jwk.as_object_mut().unwrap().remove(member);
    }
    let key = key_from_jwk(&jwk).unwrap();
    assert_eq!(
        key.public_key(),
        key_from_jwk(&rsa_jwk()).unwrap().public_key()
    );
    assert!(key.can_sign());
}

#[test]
fn ec_points_off_the_curve_and_wrong_lengths_are_refused() {
    let jwk = ec_jwk();
    let mut y = member_bytes(&jwk, "y");
    y[31] ^= 0x01;
    let cases = [
        (
            with_member(&jwk, "y", &y),
            "the EC public point is not on curve P-256".to_owned(),
        ),
        (
            with_member(&jwk, "x", &[7; 31]),
            "member \"x\" of a P-256 key must be exactly 32 bytes, found 31 bytes".to_owned(),
        ),
        (
            with_member(&jwk, "d", &[7; 33]),
            "member \"d\" of a P-256 key must be exactly 32 bytes, found 33 bytes".to_owned(),
        ),
        (
            with_member(&jwk, "d", &[0; 32]),
            "the EC private scalar is zero".to_owned(),
        ),
        (
            with_member(&jwk, "d", &[7; 32]),
            "the private key does not match its public part".to_owned(),
        ),
    ];
    for (broken, phrase) in cases {
        let message = key_from_jwk(&broken).map(|_| ()).unwrap_err().to_string();
        assert!(message.contains(&phrase), "{message}");
    }
}

#[test]
fn ec_point_off_the_curve_in_spki_is_refused() {
    let ec = private_key(&ec_jwk());
    let mut der = pem_body(&to_spki_pem(&ec.public_key()).unwrap());
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let message = import_der(&der).unwrap_err().to_string();
    assert_eq!(
        message,
        "the EC public point is not on curve P-256: the key is damaged or for another curve"
    );
}

#[test]
fn ed25519_keys_of_the_wrong_length_are_refused() {
    let jwk = vector("rfc/rfc8037_A_Ed25519.json")["A.1_private_jwk"].clone();
    let cases = [
        (
            with_member(&jwk, "x", &[1; 31]),
            "an Ed25519 public key is 32 bytes, found 31 bytes",
        ),
        (
            with_member(&jwk, "d", &[1; 33]),
            "an Ed25519 private key (seed) is 32 bytes, found 33 bytes",
        ),
        (
            with_member(&jwk, "d", &[1; 32]),
            "JWK member \"x\" is not the public key of \"d\"",
        ),
    ];
    for (broken, phrase) in cases {
        let message = key_from_jwk(&broken).map(|_| ()).unwrap_err().to_string();
        assert!(message.contains(phrase), "{message}");
    }
}

// ------------------------------------------------------------------------------------------
// HMAC secrets
// ------------------------------------------------------------------------------------------

#[test]
fn secrets_decode_in_each_encoding() {
    let cases = [
        (
            "your-256-bit-secret",
            SecretEncoding::Utf8,
            b"your-256-bit-secret".to_vec(),
        ),
        ("AQIDBA", SecretEncoding::Base64Url, vec![1, 2, 3, 4]),
        ("AQIDBA==", SecretEncoding::Base64Url, vec![1, 2, 3, 4]),
        ("+/8=", SecretEncoding::Base64, vec![0xfb, 0xff]),
        (
            "de:ad:BE:EF",
            SecretEncoding::Hex,
            vec![0xde, 0xad, 0xbe, 0xef],
        ),
    ];
    for (text, encoding, bytes) in cases {
        assert_eq!(
            parse_secret(text, encoding).unwrap().as_bytes(),
            bytes.as_slice(),
            "{text}"
        );
    }
}

#[test]
fn bad_secrets_say_which_encoding_failed() {
    let cases = [
        (
            "",
            SecretEncoding::Utf8,
            "the secret is not valid UTF-8 text: the secret is empty",
        ),
        (
            "a+b",
            SecretEncoding::Base64Url,
            "the secret is not valid base64url",
        ),
        (
            "a-b_",
            SecretEncoding::Base64,
            "the secret is not valid base64",
        ),
        ("abc", SecretEncoding::Hex, "the secret is not valid hex"),
    ];
    for (text, encoding, phrase) in cases {
        let message = parse_secret(text, encoding).unwrap_err().to_string();
        assert!(message.starts_with(phrase), "{text:?}: {message}");
    }
}

#[test]
fn public_key_material_never_becomes_an_hmac_secret() {
    let rsa = private_key(&rsa_jwk());
    let spki_pem = to_spki_pem(&rsa.public_key()).unwrap();
    let spki_der = pem_body(&spki_pem);
    let pkcs1_der = pem_body(&to_pkcs1_public_pem(&rsa.public_key()).unwrap());
    let cases = [
        (
            spki_pem.clone(),
            SecretEncoding::Utf8,
            "a PEM block (PUBLIC KEY)",
        ),
        (
            rsa_jwk().to_string(),
            SecretEncoding::Utf8,
            "a JWK or JWK Set",
        ),
        (
            Base64::encode_string(&spki_der),
            SecretEncoding::Base64,
            "a DER SubjectPublicKeyInfo public key",
        ),
        (
            Base64UrlUnpadded::encode_string(&spki_der),
            SecretEncoding::Base64Url,
            "a DER SubjectPublicKeyInfo",
        ),
        (
            hex::encode(&pkcs1_der),
            SecretEncoding::Hex,
            "a DER PKCS#1 RSA public key",
        ),
    ];
    for (text, encoding, what) in cases {
        let err = parse_secret(&text, encoding).unwrap_err();
        assert!(
            matches!(err, KeyError::SecretLooksLikeKey { .. }),
            "{encoding:?}: {err:?}"
        );
        let message = err.to_string();
        assert!(message.contains(what), "{message}");
        assert!(message.contains("algorithm-confusion"), "{message}");
    }
}

#[test]
fn an_oct_jwk_is_a_secret_and_never_a_public_key() {
    let key: Key = key_from_jwk(&vector("rfc/rfc7515_A.1_HS256.json")["input"]["jwk"]).unwrap();
    assert!(matches!(key.material, KeyMaterial::Secret(_)));
    assert_eq!(key.public_key(), None);
}

// ------------------------------------------------------------------------------------------
// Interoperability: what OpenSSL 3.0 writes (throwaway keys made for this test)
// ------------------------------------------------------------------------------------------

/// `openssl ecparam -name prime256v1 -genkey`: EC PARAMETERS, then a SEC1 key.
const OPENSSL_EC_PARAMS_AND_KEY: &str = "\
-----BEGIN EC PARAMETERS-----\n\
BggqhkjOPQMBBw==\n\
-----END EC PARAMETERS-----\n\
-----BEGIN EC PRIVATE KEY-----\n\
MHcCAQEEIHA9MWZ9b1cWSuASK9a4KvPkwfuSXg/DqlTqKbpXlKG0oAoGCCqGSM49\n\
AwEHoUQDQgAEeAFPRomwHHiTIF3LKPORaRlrCSY5kX41fEficsi4qgDYdyNklZa4\n\
yd3vygtJyX/8sA3hOy8+g6y+hO6MoyStAg==\n\
-----END EC PRIVATE KEY-----\n\
";

/// `openssl pkey -pubout` of that key.
const OPENSSL_EC_PUBLIC: &str = "\
-----BEGIN PUBLIC KEY-----\n\
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEeAFPRomwHHiTIF3LKPORaRlrCSY5\n\
kX41fEficsi4qgDYdyNklZa4yd3vygtJyX/8sA3hOy8+g6y+hO6MoyStAg==\n\
-----END PUBLIC KEY-----\n\
";

/// `openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:kjd-secret` (PBKDF2-SHA256).
const OPENSSL_EC_ENCRYPTED: &str = "\
-----BEGIN ENCRYPTED PRIVATE KEY-----\n\
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiY+v1sAl8DNQICCAAw\n\
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEC312f0lxlQEyrclJiiPXvAEgZD7\n\
bv6SlPmDKII16OSlVQGycadPWcaPx54Y73YHBTltalpHfUq8DS1sLeV6IL3whWLy\n\
vgCNPZ4lytO8aaiFWBsWsoYK2Sx64JS8bxq2/jWeATQCp7bNgd+UyHw2GI/ETvwv\n\
tAJ0lGt/DpD6Nl76jTpWRm5Ijb4iEPFRW7FwtdhpZ8XyCoeVxjrtxjUsxh+y6Y4=\n\
-----END ENCRYPTED PRIVATE KEY-----\n\
";

/// `openssl req -x509 -new -key ec.pem -subj /CN=kjd-test`.
const OPENSSL_EC_CERTIFICATE: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIIBezCCASGgAwIBAgIUDIXucKBCDIWofZuoKM5hd3/qm8cwCgYIKoZIzj0EAwIw\n\
EzERMA8GA1UEAwwIa2pkLXRlc3QwHhcNMjYxMTI5MDU1MDA0WhcNMjYxMTMwMDU1\n\
MDA0WjATMREwDwYDVQQDDAhramQtdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH\n\
A0IABHgBT0aJsBx4kyBdyyjzkWkZawkmOZF+NXxH4nLIuKoA2HcjZJWWuMnd78oL\n\
Scl//LAN4TsvPoOsvoTujKMkrQKjUzBRMB0GA1UdDgQWBBTg6dgVypJdTotfWvOz\n\
Qraf7R+i2jAfBgNVHSMEGDAWgBTg6dgVypJdTotfWvOzQraf7R+i2jAPBgNVHRMB\n\
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQC1PdRQie0QX5w9UKyELxxVLu4S\n\
gvIXROmFsFjJzWEcmAIgD93mrTxQMy6wnHtLwdqEI3cFjGApiRRI85NhAfOK26s=\n\
-----END CERTIFICATE-----\n\
";

/// `openssl ec -aes128`: the old Proc-Type/DEK-Info encryption.
const OPENSSL_EC_LEGACY_ENCRYPTED: &str = "\
-----BEGIN EC PRIVATE KEY-----\n\
Proc-Type: 4,ENCRYPTED\n\
DEK-Info: AES-128-CBC,33747EA6182A879ABED1C1B90F2D926F\n\
\n\
YzlLdOUmwbQQa+PEcHu22QtOdsGbeP1RoX8FCdHgfH9wYPD6M0Ha5NJKxyaCeqax\n\
0/bxDCaxhLiFl8lHY2gLLUEIQKqBAbMonZkFh1ydxFaIcGkB2coD79slIgKqoAET\n\
J2FfAS1bHRlAKLwEcJjRk5MVQpWLNfo0iDCi5ctlDpQ=\n\
-----END EC PRIVATE KEY-----\n\
";

/// `openssl genpkey -algorithm ed25519`.
const OPENSSL_ED25519: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MC4CAQAwBQYDK2VwBCIEIFIlWYR7HMLGbhalUTustko4kawFL4LEouJrneBcIVzs\n\
-----END PRIVATE KEY-----\n\
";

/// `openssl pkey -pubout` of that key.
const OPENSSL_ED25519_PUBLIC: &str = "\
-----BEGIN PUBLIC KEY-----\n\
MCowBQYDK2VwAyEAgwVh3OIE2+r04Ap90Ch0W261N0T8PtyNbnqt3MJQmxw=\n\
-----END PUBLIC KEY-----\n\
";

/// `openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:1024` (OID id-RSASSA-PSS).
const OPENSSL_RSA_PSS: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIICdgIBADALBgkqhkiG9w0BAQoEggJiMIICXgIBAAKBgQDYIv6yQTdMCuG905Gf\n\
VFm1VXODW8gU7JdXDjRL/3YXmANFIJxakhPdWVr8s1xyDhGKfC4wZuylvr1n6+/l\n\
LiBS2eDItWcU2gOt+HJIEzh6FGFdE2D4fuJsZdwf6QjasdNkm70xfwN8IYFefwsV\n\
xwr7n3QS2cMMN7sJdFRT8hzOpQIDAQABAoGBAMxGJtpqcMzZ7AjxEMy5eB++J3Kb\n\
KDs+cLrCngLF6uLZtR18eMnRDh1B+pCjJFhXm5R7UVxFqpvr7i9t+klskvZ9xK6g\n\
iUYgpx0ubl89RNZ4aRNgdFXO0EFiMMu4yzbeIA7W4IkH/SUht0bIJStOLsKq2iPM\n\
kyDqF9hm0rr38w9xAkEA+Okwv9Qg0UnlPncBBTYcjI1HpShcLdsooNiTyEagyn1Q\n\
pqU3nFPjSNe0KPgk19sop266PJrJSTL+1YHDxnkpKwJBAN5K2QZSTTeKIYOgMfYS\n\
BbkphcsIoAG3GYDcAtrqM8f+6qXkDJCLmhuEWa2pUdTxGQJAPTm4kHIj+o6CRpdn\n\
X28CQQDRSzLEedfGYz4xUds3yJIk1L7DbrZjkH4PEUziABE/cjOYjB/AgQEBxO4l\n\
7ND997etYXuTbguGUyzX1i8J+eLVAkBuJ3D8LPSOvSh2bX/UjIHBi839Gr0PnIhK\n\
zrurd7tJNA1bP3LqfgNT93XpFKq0dvUJpIOygr8xkJqs2+nXRSaJAkEA5iVYZuoC\n\
g3SFzMZPyf/9zhFBzTrLPspiMGdu1RBhzu+kuNOiEFvU+al7YSyd9bPH7atxEIFe\n\
kUsU7nO2QGSI+w==\n\
-----END PRIVATE KEY-----\n\
";

/// `openssl pkey -pubout` of that key.
const OPENSSL_RSA_PSS_PUBLIC: &str = "\
-----BEGIN PUBLIC KEY-----\n\
MIGdMAsGCSqGSIb3DQEBCgOBjQAwgYkCgYEA2CL+skE3TArhvdORn1RZtVVzg1vI\n\
FOyXVw40S/92F5gDRSCcWpIT3Vla/LNccg4RinwuMGbspb69Z+vv5S4gUtngyLVn\n\
FNoDrfhySBM4ehRhXRNg+H7ibGXcH+kI2rHTZJu9MX8DfCGBXn8LFccK+590EtnD\n\
DDe7CXRUU/IczqUCAwEAAQ==\n\
-----END PUBLIC KEY-----\n\
";

#[test]
fn openssl_private_keys_import_with_the_public_key_openssl_derives() {
    let cases = [
        (
            OPENSSL_EC_PARAMS_AND_KEY,
            None,
            KeyFormat::Sec1,
            OPENSSL_EC_PUBLIC,
        ),
        (
            OPENSSL_EC_ENCRYPTED,
            Some("kjd-secret"),
            KeyFormat::EncryptedPkcs8,
            OPENSSL_EC_PUBLIC,
        ),
        (
            OPENSSL_EC_CERTIFICATE,
            None,
            KeyFormat::Certificate,
            OPENSSL_EC_PUBLIC,
        ),
        (
            OPENSSL_ED25519,
            None,
            KeyFormat::Pkcs8,
            OPENSSL_ED25519_PUBLIC,
        ),
        (
            OPENSSL_RSA_PSS,
            None,
            KeyFormat::Pkcs8,
            OPENSSL_RSA_PSS_PUBLIC,
        ),
    ];
    for (text, password, format, public_pem) in cases {
        let imported = import_keys(text, password).unwrap_or_else(|err| panic!("{err}\n{text}"));
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        assert_eq!(imported.keys.len(), 1, "{text}");
        let public = import_keys(public_pem, None).unwrap();
        assert_eq!(imported.keys[0].format, format);
        assert_eq!(
            imported.keys[0].key.public_key(),
            public.keys[0].key.public_key(),
            "{text}"
        );
    }
}

#[test]
fn openssl_certificate_names_its_subject() {
    let imported = import_keys(OPENSSL_EC_CERTIFICATE, None).unwrap();
    assert!(
        imported.keys[0].describe().contains("CN=kjd-test"),
        "{}",
        imported.keys[0].describe()
    );
}

#[test]
fn openssl_legacy_encrypted_key_is_explained() {
    let err = import_keys(OPENSSL_EC_LEGACY_ENCRYPTED, Some("x")).unwrap_err();
    assert!(
        matches!(err.root_cause(), KeyError::PemLegacyEncrypted { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("openssl pkcs8 -topk8"), "{err}");
}

#[test]
fn key_kinds_curves_and_secret_encodings_survive_a_trip_through_json() {
    use jose::key::{EcCurve, KeyKind, SecretEncoding};
    let kinds = KeyKind::GENERATABLE
        .iter()
        .map(|(_, kind)| *kind)
        .chain([KeyKind::Hmac { bytes: 64 }]);
    for kind in kinds {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(
            serde_json::from_str::<KeyKind>(&json).unwrap(),
            kind,
            "{json}"
        );
    }
    for curve in [EcCurve::P256, EcCurve::P384, EcCurve::P521] {
        let json = serde_json::to_string(&curve).unwrap();
        assert_eq!(
            serde_json::from_str::<EcCurve>(&json).unwrap(),
            curve,
            "{json}"
        );
    }
    for encoding in [
        SecretEncoding::Utf8,
        SecretEncoding::Base64Url,
        SecretEncoding::Base64,
        SecretEncoding::Hex,
    ] {
        let json = serde_json::to_string(&encoding).unwrap();
        assert_eq!(
            serde_json::from_str::<SecretEncoding>(&json).unwrap(),
            encoding,
            "{json}"
        );
    }
}

// --- RSA-PSS-only keys (id-RSASSA-PSS) ---------------------------------------------------------

/// id-RSASSA-PSS (RFC 4055 §1.2): an RSA key restricted to PSS.
const RSA_PSS_OID: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

/// The RFC 7515 A.2 key's public half as an SPKI whose algorithm is id-RSASSA-PSS, built with
/// the `spki`/`der` types (no parameters: "any PSS parameters").
fn rsa_pss_spki_der() -> Vec<u8> {
    use rsa::pkcs1::EncodeRsaPublicKey;
    let PrivateKey::Rsa(private) = private_key(&rsa_jwk()) else {
        panic!("RSA key expected")
    };
    let pkcs1 = private.to_public_key().to_pkcs1_der().unwrap();
    pkcs8::spki::SubjectPublicKeyInfoRef {
        algorithm: pkcs8::spki::AlgorithmIdentifierRef {
            oid: RSA_PSS_OID,
            parameters: None,
        },
        subject_public_key: BitStringRef::from_bytes(pkcs1.as_bytes()).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// The RFC 7515 A.2 private key as PKCS#8 whose algorithm is id-RSASSA-PSS.
fn rsa_pss_pkcs8_der() -> Vec<u8> {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    let PrivateKey::Rsa(private) = private_key(&rsa_jwk()) else {
        panic!("RSA key expected")
    };
    let pkcs1 = private.to_pkcs1_der().unwrap();
    pkcs8::PrivateKeyInfo {
        algorithm: pkcs8::AlgorithmIdentifierRef {
            oid: RSA_PSS_OID,
            parameters: None,
        },
        private_key: pkcs1.as_bytes(),
        public_key: None,
    }
    .to_der()
    .unwrap()
}

fn signed_by_a2(alg: jose::JwsAlgorithm) -> jose::UntrustedToken {
    let key = key_from_jwk(&rsa_jwk()).unwrap();
    let mut rng =
        <rand_chacha::ChaCha20Rng as rand_chacha::rand_core::SeedableRng>::seed_from_u64(7);
    let compact = jose::sign::sign_compact("{}", r#"{"sub":"x"}"#, &key, alg, &mut rng).unwrap();
    jose::decode_compact(&compact).unwrap()
}

#[test]
fn rsa_pss_spki_is_imported_as_a_pss_only_key() {
    let imported = import_der(&rsa_pss_spki_der()).unwrap();
    assert!(imported.key.meta.rsa_pss_only);
    let plain = import_der(&pem_body(
        &to_spki_pem(&private_key(&rsa_jwk()).public_key()).unwrap(),
    ))
    .unwrap();
    assert!(
        !plain.key.meta.rsa_pss_only,
        "rsaEncryption keys stay unrestricted"
    );
}

#[test]
fn rsa_pss_only_key_verifies_ps_but_refuses_rs_with_the_reason() {
    let key = import_der(&rsa_pss_spki_der()).unwrap().key;
    let keys = [key];
    let options = jose::verify::VerifyOptions::default();
    assert!(
        jose::verify_compact(&signed_by_a2(jose::JwsAlgorithm::Ps256), &keys, &options).is_ok()
    );
    let error = jose::verify_compact(&signed_by_a2(jose::JwsAlgorithm::Rs256), &keys, &options)
        .unwrap_err();
    assert_eq!(error.status(), jose::verify::VerifyStatus::Error, "{error}");
    let message = error.to_string();
    assert!(message.contains("RSA-PSS key"), "{message}");
    assert!(message.contains("the token uses RS256"), "{message}");
}

#[test]
fn rsa_pss_only_private_key_signs_ps_but_refuses_rs() {
    let key = import_der(&rsa_pss_pkcs8_der()).unwrap().key;
    assert!(key.meta.rsa_pss_only);
    let mut rng =
        <rand_chacha::ChaCha20Rng as rand_chacha::rand_core::SeedableRng>::seed_from_u64(7);
    assert!(
        jose::sign::sign_compact("{}", "{}", &key, jose::JwsAlgorithm::Ps384, &mut rng).is_ok()
    );
    let error = jose::sign::sign_compact("{}", "{}", &key, jose::JwsAlgorithm::Rs384, &mut rng)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("may only be used with PS256, PS384 or PS512"),
        "{error}"
    );
}
