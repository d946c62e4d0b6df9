//! Signing and verification behaviour: round trips for every algorithm, tampering, key/alg
//! mismatches, key policy, key selection by `kid`, and header extensions.
//!
//! Keys come from the RFC vectors (no RSA key generation: it is slow in debug builds).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jose::alg::{self, AlgError, JwsAlgorithm, SigningKeyRef};
use jose::b64;
use jose::jwk::key_from_jwk;
use jose::key::{Key, KeyMaterial, PrivateKey, Secret, VerificationKey};
use jose::sign::{sign_compact, SignError};
use jose::token::decode_compact;
use jose::verify::{verify_compact, VerifyError, VerifyOptions, VerifyStatus};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;

const CLAIMS: &str = r#"{"iss":"alice","sub":"alice","exp":1300819380}"#;
const HEADER: &str = r#"{"typ":"JWT"}"#;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(42)
}

fn vector_jwk(path: &str, pointer: &str) -> Value {
    common::vector(path).pointer(pointer).unwrap().clone()
}

/// A signing key (private key or secret) for each algorithm family, from the vectors.
fn signing_key(alg: JwsAlgorithm) -> Key {
    let jwk = match alg {
        JwsAlgorithm::Rs256
        | JwsAlgorithm::Rs384
        | JwsAlgorithm::Rs512
        | JwsAlgorithm::Ps256
        | JwsAlgorithm::Ps384
        | JwsAlgorithm::Ps512 => vector_jwk("rfc/rfc7515_A.2_RS256.json", "/input/jwk"),
        JwsAlgorithm::Es256 => vector_jwk("rfc/rfc7515_A.3_ES256.json", "/input/jwk"),
        JwsAlgorithm::Es384 => vector_jwk(
            "koppeltaal/smart_es384_client_assertion.json",
            "/private_jwks/keys/1",
        ),
        JwsAlgorithm::Es512 => vector_jwk("rfc/rfc7515_A.4_ES512.json", "/input/jwk"),
        JwsAlgorithm::EdDsa => vector_jwk("rfc/rfc8037_A_Ed25519.json", "/A.1_private_jwk"),
        _ => vector_jwk("rfc/rfc7515_A.1_HS256.json", "/input/jwk"),
    };
    let mut key = key_from_jwk(&jwk).unwrap();
    key.meta = Default::default();
    key
}

/// What a verifier holds: the public half, or the secret.
fn verifying_key(alg: JwsAlgorithm) -> Key {
    let key = signing_key(alg);
    match key.material {
        KeyMaterial::Private(private) => Key::new(KeyMaterial::Public(private.public_key())),
        _ => key,
    }
}

fn sign(alg: JwsAlgorithm) -> String {
    sign_compact(HEADER, CLAIMS, &signing_key(alg), alg, &mut rng()).unwrap()
}

fn verify(compact: &str, keys: &[Key]) -> Result<jose::VerifiedToken, VerifyError> {
    verify_compact(
        &decode_compact(compact).unwrap(),
        keys,
        &VerifyOptions::default(),
    )
}

/// `compact` with one segment's decoded bytes changed by `edit`, re-encoded.
fn tamper(compact: &str, segment: usize, edit: impl Fn(&mut Vec<u8>)) -> String {
    let mut parts: Vec<String> = compact.split('.').map(str::to_owned).collect();
    let mut bytes = b64::decode(b64::B64Field::Header, &parts[segment]).unwrap();
    edit(&mut bytes);
    parts[segment] = b64::encode(&bytes);
    parts.join(".")
}

/// Flips the lowest bit of the first occurrence of `from` (which must differ from its
/// replacement only there), so the JSON stays valid and only the signed bytes change.
fn flip_in(bytes: &mut [u8], from: &[u8]) {
    let at = bytes
        .windows(from.len())
        .position(|window| window == from)
        .unwrap();
    bytes[at + from.len() - 1] ^= 1;
}

#[test]
fn every_algorithm_signs_and_verifies_with_the_public_half() {
    for alg in JwsAlgorithm::ALL {
        let compact = sign(alg);
        let verified = verify(&compact, &[verifying_key(alg)]).unwrap();
        assert_eq!(verified.alg(), alg);
        assert_eq!(verified.token().claims().unwrap()["sub"], "alice", "{alg}");
    }
}

#[test]
fn a_flipped_bit_in_header_payload_or_signature_makes_every_algorithm_invalid() {
    for alg in JwsAlgorithm::ALL {
        let compact = sign(alg);
        let tampered = [
            ("header", tamper(&compact, 0, |h| flip_in(h, b"JWT"))),
            ("payload", tamper(&compact, 1, |p| flip_in(p, b"alice"))),
            ("signature", tamper(&compact, 2, |s| s[10] ^= 1)),
        ];
        for (segment, token) in tampered {
            let err = verify(&token, &[verifying_key(alg)]).unwrap_err();
            assert_eq!(
                err.status(),
                VerifyStatus::Invalid,
                "{alg} {segment}: {err}"
            );
        }
    }
}

#[test]
fn deterministic_algorithms_sign_identically_twice_and_es512_verifies_each_time() {
    for alg in [
        JwsAlgorithm::Es256,
        JwsAlgorithm::Es384,
        JwsAlgorithm::EdDsa,
        JwsAlgorithm::Hs256,
    ] {
        let first = sign_compact(HEADER, CLAIMS, &signing_key(alg), alg, &mut rng()).unwrap();
        let second = sign_compact(
            HEADER,
            CLAIMS,
            &signing_key(alg),
            alg,
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap();
        assert_eq!(first, second, "{alg}");
    }
    let mut rng = rng();
    let key = signing_key(JwsAlgorithm::Es512);
    let first = sign_compact(HEADER, CLAIMS, &key, JwsAlgorithm::Es512, &mut rng).unwrap();
    let second = sign_compact(HEADER, CLAIMS, &key, JwsAlgorithm::Es512, &mut rng).unwrap();
    assert_ne!(first, second, "ES512 nonces must differ");
    for compact in [first, second] {
        assert!(verify(&compact, &[verifying_key(JwsAlgorithm::Es512)]).is_ok());
    }
}

#[test]
fn key_and_algorithm_mismatches_name_both_sides() {
    use JwsAlgorithm::*;
    let cases = [
        (
            Es384,
            Es256,
            "ES384 needs an EC P-384 key; the key offered is EC P-256",
        ),
        (
            Es256,
            Rs256,
            "ES256 needs an EC P-256 key; the key offered is RSA 2048",
        ),
        (
            Rs256,
            EdDsa,
            "RS256 needs an RSA key; the key offered is Ed25519",
        ),
        (
            EdDsa,
            Es512,
            "EdDSA needs an Ed25519 key; the key offered is EC P-521",
        ),
        (
            Rs256,
            Hs256,
            "RS256 needs an RSA key; the key offered is HMAC secret, 64 bytes",
        ),
    ];
    for (alg, key_of, expected) in cases {
        let key = verifying_key(key_of);
        let err = alg::verify(alg, &key.verification_key(), b"x.y", &[0; 64]).unwrap_err();
        assert_eq!(err.to_string(), expected);
        let err = sign_compact(HEADER, CLAIMS, &signing_key(key_of), alg, &mut rng()).unwrap_err();
        assert_eq!(err.to_string(), expected, "signing");
    }
}

#[test]
fn hmac_is_never_computed_with_public_key_material() {
    let rsa_public = verifying_key(JwsAlgorithm::Rs256);
    let err = alg::verify(
        JwsAlgorithm::Hs256,
        &rsa_public.verification_key(),
        b"x.y",
        &[0; 32],
    )
    .unwrap_err();
    assert!(matches!(err, AlgError::PublicKeyAsSecret { .. }));
    assert!(
        err.to_string().contains("never used as an HMAC secret"),
        "{err}"
    );

    let KeyMaterial::Private(rsa_private) = signing_key(JwsAlgorithm::Rs256).material else {
        panic!("private key expected")
    };
    let err = alg::sign(
        JwsAlgorithm::Hs256,
        SigningKeyRef::Private(&rsa_private),
        b"x",
        &mut rng(),
    )
    .unwrap_err();
    assert!(matches!(err, AlgError::PublicKeyAsSecret { .. }));
}

#[test]
fn hmac_secrets_shorter_than_the_hash_are_refused_for_signing() {
    use JwsAlgorithm::*;
    for (alg, minimum) in [(Hs256, 32), (Hs384, 48), (Hs512, 64)] {
        let short = Secret::new(vec![7u8; minimum - 1]);
        let expected = AlgError::HmacKeyTooShort {
            alg,
            bytes: minimum - 1,
            minimum,
        };
        assert_eq!(
            alg::sign(alg, SigningKeyRef::Secret(&short), b"x", &mut rng()),
            Err(expected)
        );
        let exact = Secret::new(vec![7u8; minimum]);
        assert!(alg::sign(alg, SigningKeyRef::Secret(&exact), b"x", &mut rng()).is_ok());
    }
}

#[test]
fn hmac_secrets_shorter_than_the_hash_still_verify() {
    use JwsAlgorithm::*;
    for (alg, minimum) in [(Hs256, 32), (Hs384, 48), (Hs512, 64)] {
        let short = Secret::new(vec![7u8; minimum - 1]);
        let wrong_tag = vec![0u8; minimum];
        assert_eq!(
            alg::verify(alg, &VerificationKey::Secret(short), b"x", &wrong_tag),
            Err(AlgError::SignatureMismatch { alg })
        );
    }
}

/// jwt.io's sample token and its 19-byte secret.
const JWT_IO_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

#[test]
fn jwt_io_sample_token_verifies_with_its_short_secret_and_a_warning() {
    let token = jose::decode_compact(JWT_IO_TOKEN).unwrap();
    let keys = [Key::new(KeyMaterial::Secret(Secret::new(
        b"your-256-bit-secret".to_vec(),
    )))];
    let verified = jose::verify_compact(&token, &keys, &Default::default());
    assert!(verified.is_ok(), "{verified:?}");
    let warning = jose::verify::hmac_short_secret_finding(&token, &keys).unwrap();
    assert_eq!(warning.rule, "verify.hmac-short-secret");
    assert_eq!(warning.severity, jose::Severity::Warning);
    assert!(warning.message.contains("19 bytes"), "{}", warning.message);
    assert!(
        warning.message.contains("at least 32"),
        "{}",
        warning.message
    );
}

#[test]
fn jwt_io_sample_token_with_another_short_secret_is_invalid() {
    let token = jose::decode_compact(JWT_IO_TOKEN).unwrap();
    let keys = [Key::new(KeyMaterial::Secret(Secret::new(
        b"your-255-bit-secret".to_vec(),
    )))];
    let error = jose::verify_compact(&token, &keys, &Default::default()).unwrap_err();
    assert_eq!(
        error.status(),
        jose::verify::VerifyStatus::Invalid,
        "{error}"
    );
}

#[test]
fn rsa_moduli_below_the_limit_are_refused_with_the_size() {
    let tiny = rsa::RsaPrivateKey::new(&mut rng(), 256).unwrap();
    let key = PrivateKey::Rsa(Box::new(tiny));
    let err = alg::sign(
        JwsAlgorithm::Rs256,
        SigningKeyRef::Private(&key),
        b"x",
        &mut rng(),
    )
    .unwrap_err();
    assert_eq!(err, AlgError::RsaModulusSize { bits: 256 });
    assert!(err.to_string().contains("256 bits"), "{err}");
}

#[test]
fn der_encoded_ecdsa_signature_is_named_as_such() {
    let compact = sign(JwsAlgorithm::Es256);
    let raw = b64::decode(
        b64::B64Field::Signature,
        compact.rsplit('.').next().unwrap(),
    )
    .unwrap();
    let der = p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der();
    let (signing_input, _) = compact.rsplit_once('.').unwrap();
    let with_der = format!("{signing_input}.{}", b64::encode(der.as_bytes()));
    let err = verify(&with_der, &[verifying_key(JwsAlgorithm::Es256)]).unwrap_err();
    assert_eq!(err.status(), VerifyStatus::Invalid);
    assert!(
        err.to_string()
            .contains("JWS needs raw r||s of 64 bytes; this looks like DER"),
        "{err}"
    );
}

/// CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify, nor r or s = n.
#[test]
fn ecdsa_signatures_with_zero_or_out_of_range_scalars_are_invalid() {
    // The P-256 group order n.
    let n =
        hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551").unwrap();
    let one = {
        let mut one = vec![0u8; 32];
        one[31] = 1;
        one
    };
    let key = verifying_key(JwsAlgorithm::Es256).verification_key();
    for (name, r, s) in [
        ("r = s = 0", vec![0u8; 32], vec![0u8; 32]),
        ("r = n", n.clone(), one.clone()),
        ("s = n", one, n),
    ] {
        let signature = [r, s].concat();
        let err = alg::verify(JwsAlgorithm::Es256, &key, b"x.y", &signature).unwrap_err();
        assert_eq!(
            err,
            AlgError::ScalarOutOfRange {
                alg: JwsAlgorithm::Es256
            },
            "{name}"
        );
        assert!(err.is_bad_signature());
    }
}

#[test]
fn signing_sets_a_missing_alg_first_and_keeps_the_written_member_order() {
    let compact = sign_compact(
        r#"{"typ":"JWT","kid":"k1"}"#,
        CLAIMS,
        &signing_key(JwsAlgorithm::Hs256),
        JwsAlgorithm::Hs256,
        &mut rng(),
    )
    .unwrap();
    let token = decode_compact(&compact).unwrap();
    assert_eq!(
        token.header_text(),
        r#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#
    );
    assert_eq!(token.payload_bytes(), CLAIMS.as_bytes());
}

#[test]
fn signing_refuses_bad_input_with_a_reason() {
    let hs = JwsAlgorithm::Hs256;
    let secret = signing_key(hs);
    let cases: [(&str, &str, &Key, &str); 6] = [
        (
            r#"{"alg":"RS256"}"#,
            CLAIMS,
            &secret,
            "the header says \"alg\": \"RS256\", but the chosen algorithm is HS256",
        ),
        (
            "{\"typ\":\"JWT\",\n\"typ\":\"JOSE\"}",
            CLAIMS,
            &secret,
            "duplicate member \"typ\"",
        ),
        ("{\"typ\":\n}", CLAIMS, &secret, "(line 2, column 1)"),
        ("[]", CLAIMS, &secret, "the header must be a JSON object"),
        (
            r#"{"b64":false}"#,
            CLAIMS,
            &secret,
            "not supported when signing",
        ),
        (
            HEADER,
            r#"{"sub":1,"sub":2}"#,
            &secret,
            "the payload is not valid JSON: duplicate member \"sub\"",
        ),
    ];
    for (header, payload, key, expected) in cases {
        let err = sign_compact(header, payload, key, hs, &mut rng()).unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{header} / {payload}: {err}"
        );
    }
    let public = verifying_key(JwsAlgorithm::Rs256);
    let err = sign_compact(HEADER, CLAIMS, &public, JwsAlgorithm::Rs256, &mut rng()).unwrap_err();
    assert_eq!(
        err,
        SignError::PublicKeyOnly {
            kind: "RSA 2048".into()
        }
    );
}

fn with_kid(mut key: Key, kid: &str) -> Key {
    key.meta.kid = Some(kid.to_owned());
    key
}

#[test]
fn without_kid_every_fitting_key_is_tried_and_the_one_that_verified_is_named() {
    let compact = sign(JwsAlgorithm::Es256);
    let keys = [
        verifying_key(JwsAlgorithm::Rs256),
        verifying_key(JwsAlgorithm::Es512),
        verifying_key(JwsAlgorithm::Es256),
    ];
    let verified = verify(&compact, &keys).unwrap();
    assert_eq!(verified.key_index(), 2);
    assert!(!verified.selected_by_kid());
    assert_eq!(verified.keys_tried(), 1, "only the P-256 key fits ES256");
}

#[test]
fn with_kid_only_the_key_with_that_kid_is_used() {
    let header = r#"{"kid":"b"}"#;
    let compact = sign_compact(
        header,
        CLAIMS,
        &signing_key(JwsAlgorithm::Rs256),
        JwsAlgorithm::Rs256,
        &mut rng(),
    )
    .unwrap();
    let right = with_kid(verifying_key(JwsAlgorithm::Rs256), "b");
    let verified = verify(
        &compact,
        &[
            with_kid(verifying_key(JwsAlgorithm::Es256), "a"),
            right.clone(),
        ],
    )
    .unwrap();
    assert_eq!((verified.key_index(), verified.kid()), (1, Some("b")));
    assert!(verified.selected_by_kid());

    let err = verify(
        &compact,
        &[with_kid(right.clone(), "a"), with_kid(right.clone(), "c")],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no key has kid \"b\"; the set has kids \"a\", \"c\""
    );

    let err = verify(&compact, &[right.clone(), right]).unwrap_err();
    assert_eq!(
        err,
        VerifyError::AmbiguousKid {
            kid: "b".into(),
            count: 2
        }
    );
    assert_eq!(err.status(), VerifyStatus::Error);
}

#[test]
fn key_metadata_that_forbids_verifying_is_an_error() {
    let compact = sign(JwsAlgorithm::Rs256);
    let cases = [
        (Some("enc"), None, None, "\"use\": \"enc\""),
        (
            None,
            Some(vec!["encrypt".to_owned()]),
            None,
            "does not include \"verify\"",
        ),
        (
            None,
            None,
            Some("PS256"),
            "the key's JWK says \"alg\": \"PS256\", but the token uses RS256",
        ),
    ];
    for (key_use, key_ops, key_alg, expected) in cases {
        let mut key = verifying_key(JwsAlgorithm::Rs256);
        key.meta.key_use = key_use.map(str::to_owned);
        key.meta.key_ops = key_ops;
        key.meta.alg = key_alg.map(str::to_owned);
        let err = verify(&compact, &[key]).unwrap_err();
        assert!(matches!(err, VerifyError::KeyPolicy { .. }), "{err:?}");
        assert!(err.to_string().contains(expected), "{err}");
        assert_eq!(err.status(), VerifyStatus::Error);
    }
}

/// A token that carries its own key in `jwk` is verified only against the keys given.
#[test]
fn an_embedded_jwk_header_is_never_used_as_the_key() {
    let attacker = signing_key(JwsAlgorithm::Es256);
    let KeyMaterial::Private(PrivateKey::P256(private)) = &attacker.material else {
        panic!()
    };
    let point = private.public().to_jwk_string();
    let header = format!(r#"{{"jwk":{point}}}"#);
    let compact =
        sign_compact(&header, CLAIMS, &attacker, JwsAlgorithm::Es256, &mut rng()).unwrap();
    let token = decode_compact(&compact).unwrap();
    assert!(token
        .findings()
        .iter()
        .any(|f| f.rule == "header.jwk-embedded"));
    let other_p256 = {
        let secret = p256::SecretKey::from_slice(&[9u8; 32]).unwrap();
        Key::new(KeyMaterial::Public(jose::PublicKey::P256(
            secret.public_key(),
        )))
    };
    let err = verify_compact(&token, &[other_p256], &VerifyOptions::default()).unwrap_err();
    assert_eq!(err.status(), VerifyStatus::Invalid);
}

#[test]
fn header_extensions_and_policy_refusals_say_why() {
    let hs = JwsAlgorithm::Hs256;
    let key = signing_key(hs);
    let signed = |header: &str| sign_compact(header, CLAIMS, &key, hs, &mut rng()).unwrap();
    let cases = [
        (signed(r#"{"crit":["exp"],"exp":1}"#), "does not understand"),
        (
            signed(r#"{"crit":["b64"]}"#),
            "the header has no such member",
        ),
        (signed(r#"{"crit":[]}"#), "`crit` is an empty array"),
        (
            signed(r#"{"crit":["kid"],"kid":"k"}"#),
            "a standard header parameter",
        ),
        (signed(r#"{"b64":"no"}"#), "\"b64\" must be true or false"),
    ];
    for (compact, expected) in cases {
        let err = verify(&compact, &[verifying_key(hs)]).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
        assert_eq!(err.status(), VerifyStatus::Error);
    }

    let token = decode_compact(&signed(HEADER)).unwrap();
    let only_rs = VerifyOptions {
        allowed_algorithms: Some(vec![JwsAlgorithm::Rs256]),
        ..Default::default()
    };
    let err = verify_compact(&token, &[verifying_key(hs)], &only_rs).unwrap_err();
    assert_eq!(err.to_string(), "HS256 is not allowed here; allowed: RS256");
    let err = verify_compact(&token, &[], &VerifyOptions::default()).unwrap_err();
    assert_eq!(err, VerifyError::NoKeys);
}

#[test]
fn a_key_set_mixing_secrets_and_public_keys_is_refused_unless_allowed() {
    let token = decode_compact(&sign(JwsAlgorithm::Hs256)).unwrap();
    let mixed = [
        verifying_key(JwsAlgorithm::Rs256),
        verifying_key(JwsAlgorithm::Hs256),
    ];
    let err = verify_compact(&token, &mixed, &VerifyOptions::default()).unwrap_err();
    assert_eq!(err, VerifyError::MixedKeySet);
    let allow = VerifyOptions {
        allow_mixed_key_set: true,
        ..Default::default()
    };
    assert_eq!(
        verify_compact(&token, &mixed, &allow).unwrap().key_index(),
        1
    );
}

#[test]
fn no_fitting_key_lists_what_was_offered() {
    let compact = sign(JwsAlgorithm::Es384);
    let keys = [
        verifying_key(JwsAlgorithm::Rs256),
        verifying_key(JwsAlgorithm::Es256),
    ];
    let err = verify(&compact, &keys).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ES384 needs an EC P-384 key; the keys offered are: RSA 2048, EC P-256"
    );
}

#[test]
fn several_fitting_keys_that_all_fail_are_summarised() {
    let compact = sign(JwsAlgorithm::Rs256);
    let key = verifying_key(JwsAlgorithm::Rs256);
    let tampered = tamper(&compact, 2, |s| s[0] ^= 1);
    let err = verify(&tampered, &[key.clone(), key]).unwrap_err();
    assert_eq!(
        err,
        VerifyError::SignatureMismatch {
            alg: JwsAlgorithm::Rs256,
            tried: 2
        }
    );
    assert_eq!(
        err.to_string(),
        "RS256 signature does not match any of the 2 keys that fit the algorithm"
    );
}

#[test]
fn algorithms_cross_to_a_worker_as_their_jose_name() {
    for alg in JwsAlgorithm::ALL {
        let json = serde_json::to_string(&alg).unwrap();
        assert_eq!(json, format!("\"{}\"", alg.name()));
        assert_eq!(serde_json::from_str::<JwsAlgorithm>(&json).unwrap(), alg);
    }
    let error = serde_json::from_str::<JwsAlgorithm>("\"none\"").unwrap_err();
    assert!(error.to_string().contains("never valid"), "{error}");
}
