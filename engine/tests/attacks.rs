//! Known attacks on JWT verifiers, each written out as the attacker would do it, and the
//! engine's refusal of it.
//!
//! Every test builds the malicious token for real (signed with real keys where the attack needs
//! a signature), hands it to the engine the way the Decoder does, and checks both that the token
//! is not accepted and that the message says why. Keys come from the RFC vectors: generating RSA
//! keys is slow in debug builds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use jose::alg::JwsAlgorithm;
use jose::b64;
use jose::jwk::key_from_jwk;
use jose::key::import::import_keys;
use jose::key::{
    generate, parse_secret, to_spki_pem, EcCurve, Key, KeyKind, KeyMaterial, PublicKey, Secret,
    SecretEncoding,
};
use jose::sign::{sign_compact, sign_signing_input};
use jose::token::{decode_compact, DecodeError, Segment, UntrustedToken};
use jose::verify::{
    hs_with_public_key_finding, verify_compact, VerifyError, VerifyOptions, VerifyStatus,
};
use jose::{Severity, VerifiedToken};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rsa::pkcs8::EncodePublicKey;
use serde_json::{json, Value};

const CLAIMS: &str = r#"{"iss":"attacker","sub":"admin","exp":4102444800}"#;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(7)
}

fn vector(path: &str, pointer: &str) -> Value {
    common::vector(path).pointer(pointer).unwrap().clone()
}

/// The victim's RSA key pair (RFC 7515 A.2), without JWK metadata.
fn victim_rsa_private() -> Key {
    let mut key = key_from_jwk(&vector("rfc/rfc7515_A.2_RS256.json", "/input/jwk")).unwrap();
    key.meta = Default::default();
    key
}

/// The public half of a key, as a verifier holds it.
fn public_half(key: &Key) -> Key {
    Key::new(KeyMaterial::Public(key.public_key().unwrap()))
}

fn victim_rsa_public() -> PublicKey {
    victim_rsa_private().public_key().unwrap()
}

/// The victim's public key as the SPKI PEM a server publishes (and an attacker downloads).
fn victim_rsa_public_pem() -> String {
    to_spki_pem(&victim_rsa_public()).unwrap()
}

/// The victim's public key as a JWK, as it appears in a published JWKS.
fn victim_rsa_public_jwk_text() -> String {
    let jwk = vector("rfc/rfc7515_A.2_RS256.json", "/input/jwk");
    json!({"kty": "RSA", "n": jwk["n"], "e": jwk["e"]}).to_string()
}

/// The verifier's keys, read from text exactly as the Decoder reads a pasted key.
fn import(text: &str) -> Vec<Key> {
    import_keys(text, None)
        .unwrap()
        .keys
        .into_iter()
        .map(|imported| imported.key)
        .collect()
}

/// An EC key of `curve` from the vectors, as the victim's signing key.
fn victim_ec_private(curve: EcCurve) -> Key {
    let jwk = match curve {
        EcCurve::P256 => vector("rfc/rfc7515_A.3_ES256.json", "/input/jwk"),
        EcCurve::P384 => vector(
            "koppeltaal/smart_es384_client_assertion.json",
            "/private_jwks/keys/1",
        ),
        EcCurve::P521 => vector("rfc/rfc7515_A.4_ES512.json", "/input/jwk"),
    };
    let mut key = key_from_jwk(&jwk).unwrap();
    key.meta = Default::default();
    key
}

/// A compact token from header JSON, payload bytes (base64url-encoded here) and signature bytes.
fn assemble(header: &Value, payload: &[u8], signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64::encode(header.to_string().as_bytes()),
        b64::encode(payload),
        b64::encode(signature)
    )
}

/// What the attacker computes: HMAC-SHA256 of the signing input under `secret`.
fn attacker_hs256(header: &Value, secret: &[u8]) -> String {
    let signing_input = format!(
        "{}.{}",
        b64::encode(header.to_string().as_bytes()),
        b64::encode(CLAIMS.as_bytes())
    );
    let secret = Key::new(KeyMaterial::Secret(Secret::new(secret.to_vec())));
    let signature =
        sign_signing_input(&signing_input, &secret, JwsAlgorithm::Hs256, &mut rng()).unwrap();
    format!("{signing_input}.{signature}")
}

fn verify(compact: &str, keys: &[Key]) -> Result<VerifiedToken, VerifyError> {
    verify_compact(
        &decode_compact(compact).unwrap(),
        keys,
        &VerifyOptions::default(),
    )
}

/// Asserts the token is refused (never `Ok`) and returns the message shown to the user.
fn refused(result: Result<VerifiedToken, VerifyError>) -> (VerifyStatus, String) {
    match result {
        Ok(verified) => panic!("the attack verified with key {}", verified.key_index()),
        Err(err) => (err.status(), err.to_string()),
    }
}

// --- alg: none ---------------------------------------------------------------------------------

#[test]
fn unsigned_alg_none_token_is_invalid_with_any_key_or_none() {
    let token = format!(
        "{}.{}.",
        b64::encode(br#"{"alg":"none","typ":"JWT"}"#),
        b64::encode(CLAIMS.as_bytes())
    );
    let hmac = Key::new(KeyMaterial::Secret(Secret::new(vec![7u8; 32])));
    for keys in [
        vec![],
        vec![public_half(&victim_rsa_private())],
        vec![victim_rsa_private()],
        vec![hmac],
    ] {
        let (status, message) = refused(verify(&token, &keys));
        assert_eq!(status, VerifyStatus::Invalid, "{message}");
        assert!(
            message.contains("\"none\" means an unsecured token; it is never valid"),
            "{message}"
        );
    }
}

#[test]
fn alg_none_with_a_real_signature_attached_is_still_invalid() {
    // The attacker copies a genuine RS256 signature onto an alg-none token, hoping a verifier
    // that sees a signature will check it against "whatever alg fits the key".
    let genuine = sign_compact(
        "{}",
        CLAIMS,
        &victim_rsa_private(),
        JwsAlgorithm::Rs256,
        &mut rng(),
    )
    .unwrap();
    let signature = genuine.rsplit('.').next().unwrap();
    let token = format!(
        "{}.{}.{signature}",
        b64::encode(br#"{"alg":"none"}"#),
        b64::encode(CLAIMS.as_bytes())
    );
    let (status, message) = refused(verify(&token, &[public_half(&victim_rsa_private())]));
    assert_eq!(status, VerifyStatus::Invalid);
    assert!(message.contains("never valid"), "{message}");
}

#[test]
fn alg_none_spelled_in_other_cases_is_refused_as_none() {
    for alg in ["None", "NONE", "nOnE"] {
        let token = format!(
            "{}.{}.",
            b64::encode(json!({"alg": alg}).to_string().as_bytes()),
            b64::encode(CLAIMS.as_bytes())
        );
        let (status, message) = refused(verify(&token, &[public_half(&victim_rsa_private())]));
        assert_eq!(status, VerifyStatus::Invalid, "{message}");
        assert!(
            message.contains(&format!("{alg:?} is \"none\" in other letters")),
            "{message}"
        );
    }
}

// --- Algorithm confusion: HS256 signed with the victim's public key ----------------------------

#[test]
fn hs256_signed_with_the_public_key_pem_is_refused_by_that_pem() {
    let pem = victim_rsa_public_pem();
    let forged = attacker_hs256(&json!({"alg": "HS256", "typ": "JWT"}), pem.as_bytes());
    let pem_as_secret = Key::new(KeyMaterial::Secret(Secret::new(pem.as_bytes().to_vec())));
    assert!(
        verify(&forged, &[pem_as_secret]).is_ok(),
        "a naive verifier would accept it"
    );

    let (status, message) = refused(verify(&forged, &import(&pem)));

    assert_eq!(status, VerifyStatus::Error);
    assert!(
        message.contains("never used as an HMAC secret"),
        "{message}"
    );
    assert!(message.contains("algorithm-confusion"), "{message}");
}

#[test]
fn hs256_signed_with_the_public_key_spki_der_is_refused_by_that_key() {
    let der = match victim_rsa_public() {
        PublicKey::Rsa(rsa) => rsa.to_public_key_der().unwrap().into_vec(),
        other => panic!("expected RSA, got {other:?}"),
    };
    let forged = attacker_hs256(&json!({"alg": "HS256"}), &der);

    let (status, message) = refused(verify(&forged, &import(&victim_rsa_public_pem())));

    assert_eq!(status, VerifyStatus::Error);
    assert!(
        message.contains("never used as an HMAC secret"),
        "{message}"
    );
}

#[test]
fn hs256_signed_with_the_public_jwk_text_is_refused_by_that_jwk() {
    let jwk = victim_rsa_public_jwk_text();
    let forged = attacker_hs256(&json!({"alg": "HS256"}), jwk.as_bytes());

    let (status, message) = refused(verify(&forged, &import(&jwk)));

    assert_eq!(status, VerifyStatus::Error);
    assert!(message.contains("RSA 2048"), "{message}");
    assert!(
        message.contains("never used as an HMAC secret"),
        "{message}"
    );
}

#[test]
fn the_public_key_pem_is_refused_when_typed_as_an_hmac_secret() {
    let err = parse_secret(&victim_rsa_public_pem(), SecretEncoding::Utf8).unwrap_err();
    assert!(err.to_string().contains("PUBLIC KEY"), "{err}");
}

#[test]
fn the_public_key_der_and_jwk_are_refused_when_typed_as_an_hmac_secret() {
    let der = match victim_rsa_public() {
        PublicKey::Rsa(rsa) => rsa.to_public_key_der().unwrap().into_vec(),
        other => panic!("expected RSA, got {other:?}"),
    };
    let as_base64url = parse_secret(&b64::encode(&der), SecretEncoding::Base64Url).unwrap_err();
    assert!(as_base64url.to_string().contains("DER"), "{as_base64url}");
    let as_jwk = parse_secret(&victim_rsa_public_jwk_text(), SecretEncoding::Utf8).unwrap_err();
    assert!(as_jwk.to_string().contains("JWK"), "{as_jwk}");
}

#[test]
fn the_decoder_names_hs256_against_a_public_key_as_algorithm_confusion() {
    let pem = victim_rsa_public_pem();
    let forged = attacker_hs256(&json!({"alg": "HS256"}), pem.as_bytes());

    let finding = hs_with_public_key_finding(&decode_compact(&forged).unwrap(), &import(&pem))
        .expect("a finding");

    assert_eq!(finding.rule, "verify.hs-with-public-key");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding
        .message
        .contains("HS256 token checked against an RSA 2048 public key"));
}

// --- ECDSA psychic signatures (CVE-2022-21449) --------------------------------------------------

#[test]
fn ecdsa_signature_with_r_and_s_zero_is_invalid_on_every_curve() {
    for curve in [EcCurve::P256, EcCurve::P384, EcCurve::P521] {
        let alg = curve.algorithm();
        let zeros = vec![0u8; 2 * curve.field_bytes()];
        let token = assemble(&json!({"alg": alg.name()}), CLAIMS.as_bytes(), &zeros);

        let (status, message) = refused(verify(&token, &[public_half(&victim_ec_private(curve))]));

        assert_eq!(status, VerifyStatus::Invalid, "{alg}: {message}");
        assert!(message.contains("r or s is zero"), "{alg}: {message}");
    }
}

// --- Embedded jwk header (CVE-2018-0114) --------------------------------------------------------

/// A token signed with the attacker's own P-256 key, carrying that key in its `jwk` header.
fn token_with_embedded_attacker_jwk() -> String {
    let attacker = generate(KeyKind::Ec(EcCurve::P256), &mut rng()).unwrap();
    let jwk = jose::jwk::key_to_jwk(&attacker, &Default::default());
    let header = json!({"alg": "ES256", "jwk": jwk}).to_string();
    sign_compact(&header, CLAIMS, &attacker, JwsAlgorithm::Es256, &mut rng()).unwrap()
}

#[test]
fn token_signed_by_its_embedded_jwk_is_invalid_against_the_real_key() {
    let token = token_with_embedded_attacker_jwk();
    let header_key = key_from_jwk(&decode_compact(&token).unwrap().header()["jwk"]).unwrap();
    assert!(
        verify(&token, &[header_key]).is_ok(),
        "the forgery is genuinely signed by its jwk"
    );

    let (status, message) = refused(verify(
        &token,
        &[public_half(&victim_ec_private(EcCurve::P256))],
    ));

    assert_eq!(status, VerifyStatus::Invalid);
    assert!(message.contains("does not match"), "{message}");
}

#[test]
fn token_with_an_embedded_jwk_and_no_key_given_is_not_verified_with_the_header_key() {
    let token = token_with_embedded_attacker_jwk();

    let (status, message) = refused(verify(&token, &[]));

    assert_eq!(status, VerifyStatus::Error);
    assert!(message.contains("no key to verify with"), "{message}");
}

#[test]
fn embedded_jwk_header_is_flagged_as_never_used() {
    let token = decode_compact(&token_with_embedded_attacker_jwk()).unwrap();
    let finding = token
        .findings()
        .into_iter()
        .find(|finding| finding.rule == "header.jwk-embedded")
        .expect("a finding about the jwk header");
    assert!(finding.message.contains("`jwk`"), "{}", finding.message);
    assert!(
        finding.message.contains("never used to verify"),
        "{}",
        finding.message
    );
}

// --- Duplicate JSON members (parser differential) -----------------------------------------------

fn duplicate_member_error(compact: &str) -> (Segment, String) {
    match decode_compact(compact) {
        Err(DecodeError::Json { segment, error }) => (segment, error.to_string()),
        other => panic!("expected a JSON error, got {other:?}"),
    }
}

#[test]
fn header_with_alg_twice_is_a_decode_error_naming_alg() {
    let token = format!(
        "{}.{}.{}",
        b64::encode(br#"{"alg":"HS256","alg":"RS256"}"#),
        b64::encode(CLAIMS.as_bytes()),
        b64::encode(&[1u8; 32])
    );

    let (segment, message) = duplicate_member_error(&token);

    assert_eq!(segment, Segment::Header);
    assert!(message.contains("duplicate member \"alg\""), "{message}");
}

#[test]
fn payload_with_sub_twice_is_a_decode_error_naming_sub() {
    let token = format!(
        "{}.{}.{}",
        b64::encode(br#"{"alg":"RS256"}"#),
        b64::encode(br#"{"sub":"alice","sub":"admin"}"#),
        b64::encode(&[1u8; 256])
    );

    let (segment, message) = duplicate_member_error(&token);

    assert_eq!(segment, Segment::Payload);
    assert!(message.contains("duplicate member \"sub\""), "{message}");
}

// --- crit with an unknown extension -------------------------------------------------------------

#[test]
fn correctly_signed_token_with_an_unknown_crit_extension_is_rejected() {
    // Signed by the real key: the signature is fine, the token still must not be accepted.
    let header = r#"{"alg":"RS256","crit":["http://example.invalid/must-check"],"http://example.invalid/must-check":true}"#;
    let token = sign_compact(
        header,
        CLAIMS,
        &victim_rsa_private(),
        JwsAlgorithm::Rs256,
        &mut rng(),
    )
    .unwrap();

    let err = verify(&token, &[public_half(&victim_rsa_private())]).unwrap_err();

    assert!(matches!(err, VerifyError::CritUnknown { .. }), "{err:?}");
    assert!(err.to_string().contains("RFC 7515 §4.1.11"), "{err}");
    assert!(err.to_string().contains("must-check"), "{err}");
}

// --- b64: false (RFC 7797) ----------------------------------------------------------------------

/// `header.payload` with the payload raw, as RFC 7797 writes an unencoded payload.
fn unencoded_signing_input(header: &Value, payload: &str) -> String {
    format!("{}.{payload}", b64::encode(header.to_string().as_bytes()))
}

#[test]
fn b64_false_without_crit_is_refused_with_an_explanation() {
    let header = json!({"alg": "RS256", "b64": false});
    let input = unencoded_signing_input(&header, "$02");
    let signature = sign_signing_input(
        &input,
        &victim_rsa_private(),
        JwsAlgorithm::Rs256,
        &mut rng(),
    )
    .unwrap();

    let err = verify(
        &format!("{input}.{signature}"),
        &[public_half(&victim_rsa_private())],
    )
    .unwrap_err();

    assert_eq!(err, VerifyError::UnencodedPayloadWithoutCrit);
    assert!(err.to_string().contains("RFC 7797"), "{err}");
}

#[test]
fn b64_false_token_signed_over_the_encoded_payload_is_invalid() {
    // A signature over base64url(payload) (what b64: true means) must not verify a token whose
    // header says the payload is unencoded: the raw payload is what was signed, or nothing is.
    let header = json!({"alg": "RS256", "b64": false, "crit": ["b64"]});
    let as_if_encoded = format!(
        "{}.{}",
        b64::encode(header.to_string().as_bytes()),
        b64::encode(b"$02")
    );
    let signature = sign_signing_input(
        &as_if_encoded,
        &victim_rsa_private(),
        JwsAlgorithm::Rs256,
        &mut rng(),
    )
    .unwrap();
    let token = format!("{}.{signature}", unencoded_signing_input(&header, "$02"));

    let (status, message) = refused(verify(&token, &[public_half(&victim_rsa_private())]));

    assert_eq!(status, VerifyStatus::Invalid, "{message}");
}

#[test]
fn b64_false_token_is_explained_in_the_findings() {
    let header = json!({"alg": "RS256", "b64": false, "crit": ["b64"]});
    let token = decode_compact(&format!(
        "{}.{}",
        unencoded_signing_input(&header, "$02"),
        b64::encode(&[1u8; 256])
    ))
    .unwrap();

    let findings = token.findings();
    let rules: Vec<&str> = findings
        .iter()
        .map(|finding| finding.rule.as_str())
        .collect();

    assert!(rules.contains(&"header.b64-false"), "{rules:?}");
    assert!(token.unencoded_payload());
    assert_eq!(token.payload_bytes(), b"$02");
}

// --- jku / x5u pointing at the attacker ---------------------------------------------------------

/// A token signed by the attacker, whose header points at the attacker's key set.
fn token_with_key_urls() -> UntrustedToken {
    let attacker = generate(KeyKind::Ec(EcCurve::P256), &mut rng()).unwrap();
    let header = r#"{"alg":"ES256","jku":"https://attacker.example/jwks.json","x5u":"https://attacker.example/cert.pem"}"#;
    decode_compact(
        &sign_compact(header, CLAIMS, &attacker, JwsAlgorithm::Es256, &mut rng()).unwrap(),
    )
    .unwrap()
}

#[test]
fn jku_and_x5u_headers_do_not_supply_a_key_when_none_is_given() {
    let err = verify_compact(&token_with_key_urls(), &[], &VerifyOptions::default()).unwrap_err();
    assert_eq!(err, VerifyError::NoKeys);
}

#[test]
fn token_pointing_at_the_attackers_jku_is_invalid_against_the_real_key() {
    let keys = [public_half(&victim_ec_private(EcCurve::P256))];
    let (status, _) = refused(verify_compact(
        &token_with_key_urls(),
        &keys,
        &VerifyOptions::default(),
    ));
    assert_eq!(status, VerifyStatus::Invalid);
}

#[test]
fn jku_and_x5u_headers_are_flagged_as_never_fetched() {
    let findings = token_with_key_urls().findings();
    for name in ["jku", "x5u"] {
        let finding = findings
            .iter()
            .find(|finding| finding.rule == format!("header.{name}"))
            .unwrap_or_else(|| panic!("no finding about {name}"));
        assert!(
            finding.message.contains(&format!("`{name}`")),
            "{}",
            finding.message
        );
        assert!(
            finding.message.contains("never fetched"),
            "{}",
            finding.message
        );
    }
}

#[test]
fn the_engine_source_has_no_way_to_fetch_a_url() {
    // The engine is the only code that sees headers; with no network API in it, a jku or x5u
    // cannot be followed however the header is crafted.
    let forbidden = [
        "web_sys", "js_sys", "gloo", "reqwest", "ureq", "hyper", "std::net", "fetch(",
    ];
    let mut offending = Vec::new();
    // The crate's own `src`: a relative path broke when the engine moved into its own crate.
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                for word in forbidden.iter().filter(|word| text.contains(**word)) {
                    offending.push(format!("{}: {word}", path.display()));
                }
            }
        }
    }
    assert_eq!(offending, Vec::<String>::new());
}
