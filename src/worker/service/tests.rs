//! The worker's answers, natively: what the page gets for each request.

use rand_core::OsRng;
use serde_json::json;

use super::Service;
use crate::worker::protocol::{
    BuildJwksRequest, JwksEntryRequest, KeyInfo, KeySource, PublicSource, Request, Response,
    SignRequest, Signed, VerifyReport, VerifyRequest,
};
use jose::jwks::KidStrategy;
use jose::key::{EcCurve, KeyKind, SecretEncoding};
use jose::JwsAlgorithm;

const HEADER: &str = r#"{"typ":"JWT"}"#;
const PAYLOAD: &str = r#"{"sub":"worker"}"#;

fn ask(service: &mut Service, request: Request) -> Response {
    service.handle(request, &mut OsRng).unwrap()
}

fn generate(service: &mut Service, kind: KeyKind) -> KeyInfo {
    match ask(service, Request::Generate { kind, key_use: None, label: None }) {
        Response::KeysAdded(mut added) => added.keys.remove(0),
        other => panic!("{other:?}"),
    }
}

fn sign(service: &mut Service, alg: JwsAlgorithm, key: KeySource) -> Result<Signed, String> {
    let request = Request::Sign(SignRequest {
        header: HEADER.into(),
        payload: PAYLOAD.into(),
        alg,
        key,
    });
    service.handle(request, &mut OsRng).map(|response| match response {
        Response::Signed(signed) => signed,
        other => panic!("{other:?}"),
    })
}

fn verify(service: &mut Service, token: &str, key_text: &str, keyring_key: Option<u32>) -> VerifyReport {
    let request = Request::Verify(VerifyRequest {
        token: token.into(),
        key_text: key_text.into(),
        encoding: SecretEncoding::Utf8,
        keyring_key,
    });
    match ask(service, request) {
        Response::Verified(report) => report,
        other => panic!("{other:?}"),
    }
}

fn tampered(token: &str) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = jose::b64::encode(br#"{"sub":"someone else"}"#);
    parts.join(".")
}

#[test]
fn a_token_signed_with_a_keyring_key_verifies_with_its_public_pem_and_not_when_tampered() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P256));
    let signed = sign(&mut service, JwsAlgorithm::Es256, KeySource::Keyring(key.id)).unwrap();
    let pem = signed.public_pem.clone().unwrap();

    let cases = [
        (signed.token.clone(), pem.clone(), "valid"),
        (tampered(&signed.token), pem, "invalid"),
        (signed.token.clone(), String::new(), "unverified"),
        (signed.token, "-----BEGIN PUBLIC KEY-----\nnot base64\n".into(), "error"),
    ];
    for (token, key_text, status) in cases {
        let report = verify(&mut service, &token, &key_text, None);
        assert_eq!(report.status, status, "{}", report.sentence);
    }
}

#[test]
fn a_keyring_key_verifies_and_is_named_in_the_keys_read() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ed25519);
    let signed = sign(&mut service, JwsAlgorithm::EdDsa, KeySource::Keyring(key.id)).unwrap();

    let report = verify(&mut service, &signed.token, "", Some(key.id));

    assert_eq!(report.status, "valid", "{}", report.sentence);
    assert_eq!(report.keys_read, vec![format!("keyring: {}", key.label)]);
}

#[test]
fn a_removed_keyring_key_is_reported_not_silently_skipped() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P256));
    let signed = sign(&mut service, JwsAlgorithm::Es256, KeySource::Keyring(key.id)).unwrap();
    ask(&mut service, Request::Remove { id: key.id });

    let report = verify(&mut service, &signed.token, "", Some(key.id));

    assert_eq!(report.status, "error");
    assert!(report.key_error.unwrap().contains("no longer in the keyring"));
}

#[test]
fn an_hmac_token_verifies_with_the_typed_secret() {
    let mut service = Service::default();
    let secret = "a-shared-secret-of-at-least-32-bytes!";
    let text = KeySource::Text {
        text: json!({"kty": "oct", "k": jose::b64::encode(secret.as_bytes())}).to_string(),
        password: None,
    };
    let signed = sign(&mut service, JwsAlgorithm::Hs256, text).unwrap();

    assert_eq!(verify(&mut service, &signed.token, secret, None).status, "valid");
    assert_eq!(verify(&mut service, &signed.token, "another secret of 32 bytes or more", None).status, "invalid");
}

#[test]
fn a_public_key_cannot_sign() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P256));
    let public = KeySource::Text {
        text: key.spki_pem.unwrap(),
        password: None,
    };

    let error = sign(&mut service, JwsAlgorithm::Es256, public).unwrap_err();

    assert!(error.contains("signing needs the private key"), "{error}");
}

#[test]
fn private_bytes_reach_the_page_only_through_export_private() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P256));
    assert!(!serde_json::to_string(&key).unwrap().contains("\"d\""));

    let Response::Exported(exports) = ask(&mut service, Request::ExportPrivate { id: key.id }) else {
        panic!("no exports");
    };

    assert!(exports.pkcs8_pem.unwrap().contains("BEGIN PRIVATE KEY"));
    assert!(exports.jwk.unwrap().contains("\"d\""));
}

#[test]
fn importing_text_adds_every_key_and_reports_the_rest() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P384));
    let text = format!("{}\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", key.spki_pem.unwrap());

    let Response::KeysAdded(added) = ask(&mut service, Request::Import { text, password: None }) else {
        panic!("not imported");
    };

    assert_eq!(added.keys.len(), 1);
    assert_eq!(added.keys[0].kind, KeyKind::Ec(EcCurve::P384));
    assert_eq!(added.problems.len(), 1, "{:?}", added.problems);
}

#[test]
fn hello_starts_a_fresh_keyring_at_the_pages_next_id() {
    let mut service = Service::default();
    generate(&mut service, KeyKind::Ed25519);

    ask(&mut service, Request::Hello { first_key_id: 7 });
    let key = generate(&mut service, KeyKind::Ed25519);

    assert_eq!(key.id, 7);
}

#[test]
fn the_jwks_builder_gets_public_halves_only_and_builds_a_set_with_thumbprint_kids() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P256));
    let secret = generate(&mut service, KeyKind::Hmac { bytes: 32 });

    let Response::PublicKeys(added) =
        ask(&mut service, Request::PublicKeys(PublicSource::Keyring(vec![key.id, secret.id])))
    else {
        panic!("no public keys");
    };
    assert_eq!(added.keys.len(), 1);
    assert!(added.keys[0].jwk.get("d").is_none());
    assert_eq!(added.problems.len(), 1, "the secret is refused: {:?}", added.problems);

    let request = BuildJwksRequest {
        entries: vec![JwksEntryRequest {
            jwk: added.keys[0].jwk.clone(),
            kid: None,
            kid_edited: false,
            key_use: "sig".into(),
            alg: "ES256".into(),
        }],
        strategy: KidStrategy::Rfc7638Sha256,
    };
    let Response::JwksBuilt(built) = ask(&mut service, Request::BuildJwks(request)) else {
        panic!("not built");
    };
    assert_eq!(built.error, None);
    assert_eq!(built.kids, vec![Some(key.thumbprint.clone())]);
    let jwks = built.jwks.unwrap();
    assert_eq!(jwks["keys"][0]["kid"], json!(key.thumbprint));
    assert_eq!(jwks["keys"][0]["alg"], json!("ES256"));
}

#[test]
fn a_custom_kid_strategy_without_a_kid_says_which_key() {
    let mut service = Service::default();
    let key = generate(&mut service, KeyKind::Ec(EcCurve::P256));
    let Response::PublicKeys(added) =
        ask(&mut service, Request::PublicKeys(PublicSource::Keyring(vec![key.id])))
    else {
        panic!("no public keys");
    };
    let request = BuildJwksRequest {
        entries: vec![JwksEntryRequest {
            jwk: added.keys[0].jwk.clone(),
            kid: None,
            kid_edited: false,
            key_use: String::new(),
            alg: String::new(),
        }],
        strategy: KidStrategy::Custom,
    };

    let Response::JwksBuilt(built) = ask(&mut service, Request::BuildJwks(request)) else {
        panic!("not built");
    };

    assert_eq!(built.error.as_deref(), Some("Key 1 has no kid: type one, or choose a thumbprint strategy."));
}

#[test]
fn every_request_and_answer_survives_serde() {
    let request = Request::Sign(SignRequest {
        header: HEADER.into(),
        payload: PAYLOAD.into(),
        alg: JwsAlgorithm::Ps384,
        key: KeySource::Keyring(3),
    });
    let back: Request = serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
    assert!(matches!(back, Request::Sign(SignRequest { alg: JwsAlgorithm::Ps384, .. })));

    let mut service = Service::default();
    let info = generate(&mut service, KeyKind::Rsa { bits: 2048 });
    let back: KeyInfo = serde_json::from_str(&serde_json::to_string(&info).unwrap()).unwrap();
    assert_eq!(back, info);
}

#[test]
fn jwt_ios_own_sample_verifies_with_its_short_secret_and_a_warning() {
    let sample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    let mut service = Service::default();

    let report = verify(&mut service, sample, "your-256-bit-secret", None);

    assert_eq!(report.status, "valid", "{}", report.sentence);
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["verify.hmac-short-secret"]);
}

fn generate_for(service: &mut Service, kind: KeyKind, key_use: Option<&str>) -> Result<KeyInfo, String> {
    let request = Request::Generate {
        kind,
        key_use: key_use.map(str::to_owned),
        label: None,
    };
    service.handle(request, &mut OsRng).map(|response| match response {
        Response::KeysAdded(mut added) => added.keys.remove(0),
        other => panic!("{other:?}"),
    })
}

#[test]
fn an_encryption_key_is_generated_with_use_enc_in_its_info_and_public_jwk() {
    let mut service = Service::default();
    for kind in [KeyKind::X25519, KeyKind::Ec(EcCurve::P256), KeyKind::Rsa { bits: 2048 }] {
        let info = generate_for(&mut service, kind, Some("enc")).unwrap();

        assert_eq!(info.key_use.as_deref(), Some("enc"), "{kind:?}");
        assert!(info.label.contains("encryption"), "{}", info.label);
        assert!(!info.can_sign(), "an enc key is not offered for signing: {kind:?}");
        let jwk: serde_json::Value = serde_json::from_str(info.public_jwk.as_deref().unwrap()).unwrap();
        assert_eq!(jwk["use"], "enc", "{jwk}");
    }
}

#[test]
fn an_aes_key_is_a_secret_of_its_size_marked_enc_and_labelled_as_aes() {
    let mut service = Service::default();
    for (bytes, label) in [(16, "AES-128 key"), (24, "AES-192 key"), (32, "AES-256 key")] {
        let info = generate_for(&mut service, KeyKind::Hmac { bytes }, Some("enc")).unwrap();

        assert_eq!(info.kind, KeyKind::Hmac { bytes });
        assert_eq!(info.key_use.as_deref(), Some("enc"));
        assert!(info.label.starts_with(label), "{}", info.label);
        let exported = match ask(&mut service, Request::ExportPrivate { id: info.id }) {
            Response::Exported(exports) => exports,
            other => panic!("{other:?}"),
        };
        let jwk: serde_json::Value = serde_json::from_str(exported.jwk.as_deref().unwrap()).unwrap();
        assert_eq!(jwk["use"], "enc", "{jwk}");
        // Unpadded base64url: 4 characters per 3 bytes, rounded up.
        assert_eq!(jwk["k"].as_str().unwrap().len(), (bytes * 4).div_ceil(3), "{jwk}");
    }
}

#[test]
fn a_signing_key_is_generated_as_before_and_misfit_purposes_are_refused() {
    let mut service = Service::default();
    let info = generate_for(&mut service, KeyKind::Hmac { bytes: 32 }, None).unwrap();
    assert_eq!(info.key_use, None);
    assert!(info.label.starts_with("HMAC secret, 32 bytes"), "{}", info.label);
    assert!(info.can_sign());

    assert!(generate_for(&mut service, KeyKind::Ed25519, Some("enc")).is_err());
    assert!(generate_for(&mut service, KeyKind::X25519, None).is_err());
    assert!(generate_for(&mut service, KeyKind::Hmac { bytes: 16 }, Some("sig")).is_err());
    assert!(generate_for(&mut service, KeyKind::Ec(EcCurve::P256), Some("wrap")).is_err());
}

#[test]
fn a_labelled_generation_names_the_key_first_and_an_unlabelled_one_says_generated() {
    let mut service = Service::default();
    let cases = [
        (Some("Demo key (examples only)"), None, "Demo key (examples only) · EC P-384 private"),
        (Some("Demo key (examples only)"), Some("enc"), "Demo key (examples only) · EC P-384 private for encryption"),
        (Some("   "), None, "EC P-384 private · generated"),
        (None, None, "EC P-384 private · generated"),
    ];
    for (label, key_use, expected) in cases {
        let request = Request::Generate {
            kind: KeyKind::Ec(EcCurve::P384),
            key_use: key_use.map(str::to_owned),
            label: label.map(str::to_owned),
        };
        let info = match ask(&mut service, request) {
            Response::KeysAdded(mut added) => added.keys.remove(0),
            other => panic!("{other:?}"),
        };
        assert_eq!(info.label, expected, "{label:?} {key_use:?}");
    }
}

#[test]
fn a_generation_request_without_a_label_still_reads() {
    let request: Request = serde_json::from_value(json!({ "Generate": { "kind": { "Ec": "P256" } } })).unwrap();

    assert!(matches!(request, Request::Generate { label: None, key_use: None, .. }), "{request:?}");
}
