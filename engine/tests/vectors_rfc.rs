//! Worked examples from RFC 7515 (A.1–A.5), RFC 7520 (§4.1–4.4, 4.8), RFC 8037 (A) and
//! RFC 7797 (`b64`), from tests/vectors/rfc (see the vectors README for provenance).
//!
//! Every signature verifies with the key's public half (the secret for HMAC); the deterministic
//! algorithms (RS256, HS256, EdDSA) re-sign the exact signing input to the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jose::alg::JwsAlgorithm;
use jose::jwk::{key_from_jwk, PRIVATE_MEMBERS};
use jose::key::{Key, KeyMaterial};
use jose::sign::sign_signing_input;
use jose::token::{decode_compact, Payload};
use jose::verify::{verify_compact, VerifyError, VerifyOptions, VerifyStatus};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;

fn load(path: &str) -> Value {
    common::vector(&format!("rfc/{path}"))
}

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(7515)
}

/// The key a JWK describes (private, or a secret for `oct`).
fn key(jwk: &Value) -> Key {
    key_from_jwk(jwk).unwrap()
}

/// The public half of a JWK (the JWK without its private members); `oct` keys stay secret.
fn verification_key(jwk: &Value) -> Key {
    if jwk["kty"] == "oct" {
        return key(jwk);
    }
    let mut public = jwk.as_object().unwrap().clone();
    for member in PRIVATE_MEMBERS {
        public.remove(member);
    }
    let key = key(&Value::Object(public));
    assert!(
        matches!(key.material, KeyMaterial::Public(_)),
        "public half expected"
    );
    key
}

/// Decodes and verifies a compact JWS with one key; returns the index-0 verification's alg.
fn verify_with(compact: &str, key: Key) -> Result<JwsAlgorithm, VerifyError> {
    let token = decode_compact(compact).unwrap();
    verify_compact(&token, &[key], &VerifyOptions::default()).map(|verified| verified.alg())
}

/// One RFC 7515 appendix file: verify the compact form, and re-sign when deterministic.
fn check_rfc7515_example(file: &str, alg: JwsAlgorithm) {
    let vector = load(file);
    let (input, expected) = (&vector["input"], &vector["expected"]);
    let compact = expected["compact"].as_str().unwrap();
    let token = decode_compact(compact).unwrap();
    assert_eq!(
        token.signing_input(),
        expected["signing_input"].as_str().unwrap(),
        "{file}"
    );
    assert_eq!(
        token.header_text(),
        input["protected_header_text"].as_str().unwrap(),
        "{file}"
    );
    assert_eq!(
        verify_with(compact, verification_key(&input["jwk"])),
        Ok(alg),
        "{file}"
    );
    if expected["deterministic"] == true {
        let signature = sign_signing_input(
            expected["signing_input"].as_str().unwrap(),
            &key(&input["jwk"]),
            alg,
            &mut rng(),
        )
        .unwrap();
        assert_eq!(
            signature,
            expected["signature_b64u"].as_str().unwrap(),
            "{file}: re-sign"
        );
    }
}

#[test]
fn rfc7515_a1_hs256_verifies_and_resigns_identically() {
    check_rfc7515_example("rfc7515_A.1_HS256.json", JwsAlgorithm::Hs256);
}

#[test]
fn rfc7515_a2_rs256_verifies_and_resigns_identically() {
    check_rfc7515_example("rfc7515_A.2_RS256.json", JwsAlgorithm::Rs256);
}

#[test]
fn rfc7515_a3_es256_verifies() {
    check_rfc7515_example("rfc7515_A.3_ES256.json", JwsAlgorithm::Es256);
}

#[test]
fn rfc7515_a4_es512_verifies() {
    check_rfc7515_example("rfc7515_A.4_ES512.json", JwsAlgorithm::Es512);
}

#[test]
fn rfc7515_a1_to_a3_payload_keeps_its_crlf_line_breaks() {
    let vector = load("rfc7515_A.1_HS256.json");
    let token = decode_compact(vector["expected"]["compact"].as_str().unwrap()).unwrap();
    let payload_text = vector["input"]["payload_text"].as_str().unwrap();
    assert!(payload_text.contains("\r\n"));
    assert_eq!(token.payload_bytes(), payload_text.as_bytes());
    assert!(matches!(token.payload(), Payload::Json(claims) if claims["iss"] == "joe"));
}

#[test]
fn rfc7515_a5_unsecured_token_decodes_but_never_verifies() {
    let vector = load("rfc7515_A.5_unsecured_none.json");
    let compact = vector["expected"]["compact"].as_str().unwrap();
    let token = decode_compact(compact).unwrap();
    assert_eq!(token.alg_name(), "none");
    assert!(token.signature().is_empty());
    let hmac_key = key(&load("rfc7515_A.1_HS256.json")["input"]["jwk"]);
    let err = verify_compact(&token, &[hmac_key], &VerifyOptions::default()).unwrap_err();
    assert_eq!(err.status(), VerifyStatus::Invalid);
    assert!(err.to_string().contains("never valid"), "{err}");
    assert_eq!(
        vector["expected"]["verify_result_when_a_key_or_alg_allow_list_is_given"],
        "invalid"
    );
}

#[test]
fn rfc8037_a4_ed25519_signs_identically_and_a5_verifies() {
    let vector = load("rfc8037_A_Ed25519.json");
    let signing = &vector["A.4_signing"];
    let signature = sign_signing_input(
        signing["signing_input"].as_str().unwrap(),
        &key(&vector["A.1_private_jwk"]),
        JwsAlgorithm::EdDsa,
        &mut rng(),
    )
    .unwrap();
    assert_eq!(signature, signing["signature_b64u"].as_str().unwrap());
    let validation = &vector["A.5_validation"];
    let token = decode_compact(validation["compact"].as_str().unwrap()).unwrap();
    let verified = verify_compact(
        &token,
        &[key(&vector["A.2_public_jwk"])],
        &VerifyOptions::default(),
    )
    .unwrap();
    assert_eq!(verified.alg(), JwsAlgorithm::EdDsa);
    // RFC 8037 A.3: the thumbprint of the verifying key.
    assert_eq!(
        verified.thumbprint(),
        vector["A.3_thumbprint"]["thumbprint_b64u"].as_str()
    );
}

/// RFC 7520 §4.1–4.4: compact output verifies with the key; reproducible ones re-sign exactly.
#[test]
fn rfc7520_cookbook_4_1_to_4_4_verify_and_reproducible_ones_resign() {
    for (file, alg) in [
        ("4_1.rsa_v15_signature.json", JwsAlgorithm::Rs256),
        ("4_2.rsa-pss_signature.json", JwsAlgorithm::Ps384),
        ("4_3.ecdsa_signature.json", JwsAlgorithm::Es512),
        (
            "4_4.hmac-sha2_integrity_protection.json",
            JwsAlgorithm::Hs256,
        ),
    ] {
        let vector = load(&format!("rfc7520_cookbook/jws/{file}"));
        let jwk = &vector["input"]["key"];
        let compact = vector["output"]["compact"].as_str().unwrap();
        assert_eq!(
            verify_with(compact, verification_key(jwk)),
            Ok(alg),
            "{file}"
        );
        let token = decode_compact(compact).unwrap();
        assert_eq!(
            token.signing_input(),
            vector["signing"]["sig-input"].as_str().unwrap()
        );
        assert!(
            matches!(token.payload(), Payload::Text(text) if text.starts_with("It’s a dangerous"))
        );
        if vector["reproducible"] == true {
            let signature =
                sign_signing_input(token.signing_input(), &key(jwk), alg, &mut rng()).unwrap();
            assert_eq!(
                signature,
                vector["signing"]["sig"].as_str().unwrap(),
                "{file}: re-sign"
            );
        }
    }
}

/// RFC 7520 §4.8 (multiple signatures): the two signatures with a protected header can be
/// written as compact tokens and verify with their own keys; the ES512 one has only an
/// unprotected header, which compact serialization cannot carry.
#[test]
fn rfc7520_cookbook_4_8_protected_signatures_verify_as_compact_tokens() {
    let vector = load("rfc7520_cookbook/jws/4_8.multiple_signatures.json");
    let keys = vector["input"]["key"].as_array().unwrap();
    let json = &vector["output"]["json"];
    let payload = json["payload"].as_str().unwrap();
    let mut verified = 0;
    for (signature, jwk) in json["signatures"].as_array().unwrap().iter().zip(keys) {
        let Some(protected) = signature["protected"].as_str() else {
            continue;
        };
        let compact = format!(
            "{protected}.{payload}.{}",
            signature["signature"].as_str().unwrap()
        );
        assert!(
            verify_with(&compact, verification_key(jwk)).is_ok(),
            "{compact}"
        );
        verified += 1;
    }
    assert_eq!(verified, 2);
}

/// Signs an RFC 7797 unencoded-payload token with the RFC 7797 §4.2 key: the payload segment is
/// the literal payload (which, in compact form, must not contain '.').
fn unencoded_token(header_json: &str, payload: &str) -> (String, Key) {
    let vector = load("rfc7520_cookbook/rfc7797/4.2.hmac-sha2_b64_false.json");
    let secret = key(&vector["input"]["key"]);
    let signing_input = format!("{}.{payload}", jose::b64::encode(header_json.as_bytes()));
    let signature =
        sign_signing_input(&signing_input, &secret, JwsAlgorithm::Hs256, &mut rng()).unwrap();
    (format!("{signing_input}.{signature}"), secret)
}

/// RFC 7797 §6 requires `"crit": ["b64"]` beside `"b64": false`; without it, verifiers that
/// ignore `b64` would check a different signing input, so the token is refused, not checked.
#[test]
fn rfc7797_unencoded_payload_without_crit_is_refused() {
    let (compact, secret) = unencoded_token(r#"{"alg":"HS256","b64":false}"#, "$02");
    let token = decode_compact(&compact).unwrap();
    assert!(token.unencoded_payload());
    assert_eq!(token.payload_bytes(), b"$02");
    let err = verify_with(&compact, secret).unwrap_err();
    assert_eq!(err, VerifyError::UnencodedPayloadWithoutCrit);
    assert_eq!(err.status(), VerifyStatus::Error);
}

/// With `"crit": ["b64"]` the signature covers the literal payload and verifies; changing the
/// payload breaks it.
#[test]
fn rfc7797_unencoded_payload_with_crit_verifies_over_the_literal_payload() {
    let header = r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#;
    let (compact, secret) = unencoded_token(header, "$02");
    assert_eq!(
        verify_with(&compact, secret.clone()),
        Ok(JwsAlgorithm::Hs256)
    );
    let tampered = compact.replacen("$02", "$03", 1);
    assert_eq!(
        verify_with(&tampered, secret).unwrap_err().status(),
        VerifyStatus::Invalid
    );
}

/// The RFC 7797 example payload "$.02" contains '.', so it exists only in JSON serialization;
/// as compact text it is refused with that explanation.
#[test]
fn rfc7797_payload_with_a_dot_cannot_be_compact() {
    let vector = load("rfc7520_cookbook/rfc7797/4.2.hmac-sha2_b64_false.json");
    let signing = &vector["signing"];
    let compact = format!(
        "{}.{}",
        signing["sig-input"].as_str().unwrap(),
        signing["sig"].as_str().unwrap()
    );
    let err = decode_compact(&compact).unwrap_err();
    assert_eq!(
        err,
        jose::token::DecodeError::UnencodedPayloadWithDot { found: 4 }
    );
    assert!(err.to_string().contains("payload contains '.'"), "{err}");
}
