//! The SMART on FHIR backend-services example client assertions (RS384 and ES384), which
//! Koppeltaal clients follow: each verifies against its published JWKS, selected by `kid`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jose::alg::JwsAlgorithm;
use jose::jwk::key_from_jwk;
use jose::jwks::parse_jwks;
use jose::key::Key;
use jose::sign::sign_compact;
use jose::token::decode_compact;
use jose::verify::{verify_compact, VerifyError, VerifyOptions, VerifyStatus};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;

const FILES: [(&str, JwsAlgorithm); 2] = [
    ("smart_rs384_client_assertion.json", JwsAlgorithm::Rs384),
    ("smart_es384_client_assertion.json", JwsAlgorithm::Es384),
];

fn load(file: &str) -> Value {
    common::vector(&format!("koppeltaal/{file}"))
}

fn jwks(vector: &Value, member: &str) -> Vec<Key> {
    parse_jwks(&vector[member].to_string()).unwrap()
}

#[test]
fn example_assertions_verify_against_their_public_jwks_by_kid() {
    for (file, alg) in FILES {
        let vector = load(file);
        let token = decode_compact(vector["token"].as_str().unwrap()).unwrap();
        let verified = verify_compact(
            &token,
            &jwks(&vector, "public_jwks"),
            &VerifyOptions::default(),
        )
        .unwrap();
        assert_eq!(verified.alg(), alg, "{file}");
        assert_eq!(verified.kid(), vector["expected"]["kid"].as_str(), "{file}");
        assert!(verified.selected_by_kid(), "{file}");
        assert_eq!(vector["expected"]["signature"], "valid");
    }
}

#[test]
fn example_assertions_with_a_flipped_signature_bit_are_invalid() {
    for (file, _) in FILES {
        let vector = load(file);
        let mut token = vector["token"].as_str().unwrap().to_owned();
        // Flip a bit in the middle of the signature segment ('A' <-> 'B' is one bit).
        let middle = token.rfind('.').unwrap() + 20;
        let flipped = if &token[middle..=middle] == "A" {
            "B"
        } else {
            "A"
        };
        token.replace_range(middle..=middle, flipped);
        let token = decode_compact(&token).unwrap();
        let err = verify_compact(
            &token,
            &jwks(&vector, "public_jwks"),
            &VerifyOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.status(), VerifyStatus::Invalid, "{file}: {err}");
    }
}

#[test]
fn unknown_kid_names_the_kids_the_set_has() {
    let vector = load("smart_rs384_client_assertion.json");
    let token = decode_compact(vector["token"].as_str().unwrap()).unwrap();
    let mut keys = jwks(&vector, "public_jwks");
    keys[0].meta.kid = Some("another-kid".to_owned());
    let err = verify_compact(&token, &keys, &VerifyOptions::default()).unwrap_err();
    assert!(matches!(err, VerifyError::KidNotFound { .. }));
    assert_eq!(
        err.to_string(),
        "no key has kid \"eee9f17a3b598fd86417a980b591fbe6\"; the set has kids \"another-kid\""
    );
    assert_eq!(err.status(), VerifyStatus::Error);
}

/// The "private" JWKS holds the public key (`key_ops: ["verify"]`) and the private key
/// (`key_ops: ["sign"]`) under the same kid. The public one cannot sign; the private one signs
/// assertions that the public JWKS verifies.
#[test]
fn private_jwks_signs_assertions_the_public_jwks_verifies() {
    let mut rng = ChaCha20Rng::seed_from_u64(384);
    let claims = r#"{"iss":"client","sub":"client","aud":"https://example.org/token","exp":1}"#;
    for (file, alg) in FILES {
        let vector = load(file);
        let kid = vector["expected"]["kid"].as_str().unwrap();
        let header = format!(r#"{{"typ":"JWT","kid":"{kid}"}}"#);
        let members = vector["private_jwks"]["keys"].as_array().unwrap();
        let (with_d, without_d): (Vec<&Value>, Vec<&Value>) =
            members.iter().partition(|jwk| jwk.get("d").is_some());

        let public = key_from_jwk(without_d[0]).unwrap();
        let refused = sign_compact(&header, claims, &public, alg, &mut rng).unwrap_err();
        assert!(
            refused.to_string().contains("may not sign"),
            "{file}: {refused}"
        );

        let private = key_from_jwk(with_d[0]).unwrap();
        let compact = sign_compact(&header, claims, &private, alg, &mut rng).unwrap();
        let token = decode_compact(&compact).unwrap();
        assert_eq!(
            token.alg_name(),
            alg.name(),
            "{file}: alg inserted into the header"
        );
        let verified = verify_compact(
            &token,
            &jwks(&vector, "public_jwks"),
            &VerifyOptions::default(),
        )
        .unwrap();
        assert_eq!(verified.kid(), Some(kid), "{file}");
    }
}
