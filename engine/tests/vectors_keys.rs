//! Public key vectors: RFC 7515/7517/7520/8037 example keys and every Wycheproof public key,
//! imported from each form they are given in (JWK, PEM, DER, bare base64), which must agree.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::vector;
use jose::jwk::key_from_jwk;
use jose::jwks::validate_jwks;
use jose::key::{import_der, import_keys, KeyEncoding, KeyFormat, KeyKind, KeyMaterial, PublicKey};
use serde_json::Value;

fn public_of(jwk: &Value) -> PublicKey {
    key_from_jwk(jwk)
        .unwrap_or_else(|err| panic!("{jwk}: {err}"))
        .public_key()
        .unwrap()
}

#[test]
fn rfc7517_a1_public_set_loads_with_its_metadata() {
    let v = vector("rfc/rfc7517_A_B_example_keys.json");
    let imported = import_keys(&v["A.1_public_jwks"].to_string(), None).unwrap();
    assert!(imported.problems.is_empty());
    let kinds: Vec<KeyKind> = imported.keys.iter().map(|k| k.key.kind()).collect();
    assert_eq!(
        kinds,
        [
            KeyKind::Ec(jose::key::EcCurve::P256),
            KeyKind::Rsa { bits: 2048 }
        ]
    );
    let ec = &imported.keys[0];
    assert_eq!(ec.format, KeyFormat::Jwks);
    assert_eq!(ec.location, "keys[0]");
    assert_eq!(ec.key.meta.key_use.as_deref(), Some("enc"));
    assert_eq!(ec.key.meta.kid.as_deref(), Some("1"));
    assert_eq!(imported.keys[1].key.meta.kid.as_deref(), Some("2011-04-29"));
    assert!(imported
        .keys
        .iter()
        .all(|k| matches!(k.key.material, KeyMaterial::Public(_))));
}

#[test]
fn rfc7517_a1_is_the_public_part_of_a2() {
    let v = vector("rfc/rfc7517_A_B_example_keys.json");
    let public = import_keys(&v["A.1_public_jwks"].to_string(), None).unwrap();
    let private = import_keys(&v["A.2_private_jwks"].to_string(), None).unwrap();
    assert_eq!(private.keys.len(), 2);
    for (public, private) in public.keys.iter().zip(&private.keys) {
        assert!(matches!(private.key.material, KeyMaterial::Private(_)));
        assert_eq!(public.key.public_key(), private.key.public_key());
    }
}

/// A.1's EC key has `use: "enc"`: an encryption key may be in a set (HTI:jwe), so it is an info
/// finding naming the key, not an error.
#[test]
fn rfc7517_a1_enc_key_is_reported_by_the_validator_not_a_crash() {
    let v = vector("rfc/rfc7517_A_B_example_keys.json");
    let report = validate_jwks(&v["A.1_public_jwks"].to_string());
    assert_eq!(report.keys.len(), 2);
    assert!(!report.has_rule("jwks.use-not-sig"), "{:#?}", report.findings);
    let use_findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "jwks.use-enc")
        .collect();
    assert_eq!(use_findings.len(), 1);
    assert_eq!(use_findings[0].severity, jose::Severity::Info);
    assert!(
        use_findings[0].message.contains("keys[0] (kid \"1\")"),
        "{}",
        use_findings[0].message
    );
}

#[test]
fn rfc7517_a3_symmetric_set_loads_and_the_aes_key_is_reported() {
    let v = vector("rfc/rfc7517_A_B_example_keys.json");
    let text = v["A.3_symmetric_jwks"].to_string();
    let imported = import_keys(&text, None).unwrap();
    let lengths: Vec<KeyKind> = imported.keys.iter().map(|k| k.key.kind()).collect();
    assert_eq!(
        lengths,
        [KeyKind::Hmac { bytes: 16 }, KeyKind::Hmac { bytes: 64 }]
    );
    let report = validate_jwks(&text);
    let aes = report
        .findings
        .iter()
        .find(|f| f.rule == "jwks.alg-unsuitable")
        .expect("A128KW reported");
    assert!(aes.message.contains("A128KW"), "{}", aes.message);
    assert!(report.has_rule("jwks.symmetric-key"));
}

#[test]
fn rfc7517_b_certificate_in_x5c_carries_the_same_key_as_n_and_e() {
    let v = vector("rfc/rfc7517_A_B_example_keys.json");
    let jwk = &v["B_x5c_jwk"];
    let from_jwk = public_of(jwk);
    let x5c = jwk["x5c"][0].as_str().unwrap();
    let imported = import_keys(x5c, None).unwrap();
    let cert = &imported.keys[0];
    assert_eq!(cert.format, KeyFormat::Certificate);
    assert_eq!(cert.encoding, KeyEncoding::Base64Der);
    assert_eq!(cert.key.public_key().unwrap(), from_jwk);
    assert!(
        cert.note
            .as_deref()
            .unwrap_or("")
            .contains("Brian Campbell"),
        "{:?}",
        cert.note
    );

    let pem_body: Vec<String> = x5c
        .as_bytes()
        .chunks(64)
        .map(|line| String::from_utf8(line.to_vec()).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        pem_body.join("\n")
    );
    let from_pem = import_keys(&pem, None).unwrap();
    assert_eq!(from_pem.keys[0].format, KeyFormat::Certificate);
    assert_eq!(from_pem.keys[0].encoding, KeyEncoding::Pem);
    assert_eq!(from_pem.keys[0].key.public_key().unwrap(), from_jwk);
}

#[test]
fn rfc7515_signing_keys_load_as_private_keys() {
    let cases = [
        ("rfc/rfc7515_A.2_RS256.json", KeyKind::Rsa { bits: 2048 }),
        (
            "rfc/rfc7515_A.3_ES256.json",
            KeyKind::Ec(jose::key::EcCurve::P256),
        ),
        (
            "rfc/rfc7515_A.4_ES512.json",
            KeyKind::Ec(jose::key::EcCurve::P521),
        ),
        ("rfc/rfc7515_A.1_HS256.json", KeyKind::Hmac { bytes: 64 }),
    ];
    for (path, kind) in cases {
        let key = key_from_jwk(&vector(path)["input"]["jwk"])
            .unwrap_or_else(|err| panic!("{path}: {err}"));
        assert_eq!(key.kind(), kind, "{path}");
        assert!(key.can_sign(), "{path}");
    }
}

#[test]
fn rfc7520_cookbook_keys_load_and_private_ones_match_their_public_halves() {
    let dir = "rfc/rfc7520_cookbook/jwk";
    let ec_public = public_of(&vector(&format!("{dir}/3_1.ec_public_key.json")));
    let ec_private = key_from_jwk(&vector(&format!("{dir}/3_2.ec_private_key.json"))).unwrap();
    assert_eq!(ec_private.public_key(), Some(ec_public));
    assert_eq!(
        ec_private.meta.kid.as_deref(),
        Some("bilbo.baggins@hobbiton.example")
    );

    let rsa_public = public_of(&vector(&format!("{dir}/3_3.rsa_public_key.json")));
    let rsa_private = key_from_jwk(&vector(&format!("{dir}/3_4.rsa_private_key.json"))).unwrap();
    assert_eq!(rsa_private.public_key(), Some(rsa_public));
    assert_eq!(rsa_private.kind(), KeyKind::Rsa { bits: 2048 });

    let mac = key_from_jwk(&vector(&format!(
        "{dir}/3_5.symmetric_key_mac_computation.json"
    )))
    .unwrap();
    assert_eq!(mac.kind(), KeyKind::Hmac { bytes: 32 });
    assert_eq!(mac.meta.alg.as_deref(), Some("HS256"));
}

#[test]
fn rfc7520_encryption_key_loads_but_is_flagged_for_signatures() {
    let jwk = vector("rfc/rfc7520_cookbook/jwk/3_6.symmetric_key_encryption.json");
    assert_eq!(
        key_from_jwk(&jwk).unwrap().meta.key_use.as_deref(),
        Some("enc")
    );
    let report = validate_jwks(&format!(r#"{{"keys":[{jwk}]}}"#));
    // `use: "enc"` is only information; A256GCM is a content encryption, not a key
    // management algorithm, and a secret is never published.
    for rule in [
        "jwks.use-enc",
        "jwks.alg-unsuitable",
        "jwks.symmetric-key",
        "jwks.private-member",
    ] {
        assert!(
            report.has_rule(rule),
            "{rule} missing: {:#?}",
            report.findings
        );
    }
}

/// The Wycheproof signature files give each public key as JWK, PEM and DER; all three must
/// import to the same key. Returns how many groups were compared.
fn check_wycheproof_file(file: &str, jwk_member: &str) -> usize {
    let v = vector(&format!("wycheproof/testvectors_v1/{file}"));
    let mut compared = 0;
    for group in v["testGroups"].as_array().unwrap() {
        let from_pem = import_keys(group["publicKeyPem"].as_str().unwrap(), None)
            .unwrap_or_else(|err| panic!("{file} PEM: {err}"));
        assert_eq!(from_pem.keys[0].format, KeyFormat::Spki, "{file}");
        let pem_key = from_pem.keys[0].key.public_key().unwrap();
        let der = hex::decode(group["publicKeyDer"].as_str().unwrap()).unwrap();
        let from_der = import_der(&der).unwrap_or_else(|err| panic!("{file} DER: {err}"));
        assert_eq!(from_der.format, KeyFormat::Spki);
        assert_eq!(from_der.key.public_key().unwrap(), pem_key, "{file}");
        // Nine ECDSA edge-case groups per file carry no JWK.
        if let Some(jwk) = group.get(jwk_member) {
            assert_eq!(public_of(jwk), pem_key, "{file}: JWK differs from PEM");
            compared += 1;
        }
        if let Some(asn) = group.get("publicKeyAsn").and_then(Value::as_str) {
            let pkcs1 = import_der(&hex::decode(asn).unwrap()).unwrap();
            assert_eq!(pkcs1.format, KeyFormat::Pkcs1Public);
            assert_eq!(
                pkcs1.key.public_key().unwrap(),
                pem_key,
                "{file}: PKCS#1 differs"
            );
        }
    }
    compared
}

#[test]
fn wycheproof_public_keys_agree_in_every_form() {
    let files = [
        (
            "ecdsa_secp256r1_sha256_p1363_test.json",
            "publicKeyJwk",
            103,
        ),
        ("ecdsa_secp384r1_sha384_p1363_test.json", "publicKeyJwk", 95),
        ("ecdsa_secp521r1_sha512_p1363_test.json", "publicKeyJwk", 98),
        ("ed25519_test.json", "publicKeyJwk", 0),
        ("rsa_signature_2048_sha256_test.json", "keyJwk", 0),
        ("rsa_signature_3072_sha384_test.json", "keyJwk", 0),
        ("rsa_signature_4096_sha512_test.json", "keyJwk", 0),
        ("rsa_pss_2048_sha256_mgf1_32_test.json", "publicKeyJwk", 0),
        ("rsa_pss_4096_sha512_mgf1_64_test.json", "publicKeyJwk", 0),
    ];
    for (file, member, expected_jwk_groups) in files {
        let compared = check_wycheproof_file(file, member);
        if expected_jwk_groups > 0 {
            // The README counts these; every JWK group must have been compared.
            assert_eq!(compared, expected_jwk_groups, "{file}");
        } else {
            assert!(compared > 0, "{file}: no JWK compared");
        }
    }
}
