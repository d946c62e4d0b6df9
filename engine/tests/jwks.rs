//! JWK Sets: building one (public halves only), reading one for verification, and every
//! validation rule, on hand-made sets, the Koppeltaal JWKS and Wycheproof's keyset tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::vector;
use std::collections::BTreeSet;

use jose::jwk::{key_from_jwk, PRIVATE_MEMBERS};
use jose::jwks::{
    build_jwks, jwk_set_entries, parse_jwks, read_jwk_set, validate_jwks, JwkSetError, JwksOptions,
    JwksReport, KidStrategy,
};
use jose::key::{generate, EcCurve, Key, KeyKind, KeyMaterial};
use jose::limits::MAX_INPUT_BYTES;
use jose::thumbprint::{thumbprint, ThumbprintHash};
use jose::verify::{VerifyError, VerifyOptions};
use jose::{JwsAlgorithm, Severity};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};

/// The RFC 7515 A.2 RSA private key (2048 bits) and A.3 P-256 private key.
fn private_keys() -> Vec<Key> {
    ["rfc/rfc7515_A.2_RS256.json", "rfc/rfc7515_A.3_ES256.json"]
        .iter()
        .map(|path| key_from_jwk(&vector(path)["input"]["jwk"]).unwrap())
        .collect()
}

fn public_jwk(path: &str) -> Value {
    let mut jwk = vector(path)["input"]["jwk"].clone();
    for member in PRIVATE_MEMBERS {
        jwk.as_object_mut().unwrap().remove(member);
    }
    jwk
}

fn rules(report: &JwksReport) -> BTreeSet<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn error_rules(report: &JwksReport) -> BTreeSet<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.as_str())
        .collect()
}

// ------------------------------------------------------------------------------------------
// Building
// ------------------------------------------------------------------------------------------

#[test]
fn built_set_holds_public_halves_only_with_use_sig_and_thumbprint_kids() {
    let keys = private_keys();
    let jwks = build_jwks(&keys, &JwksOptions::default()).unwrap();
    assert_eq!(jwks.keys.len(), 2);
    for (jwk, key) in jwks.keys.iter().zip(&keys) {
        for member in PRIVATE_MEMBERS {
            assert!(jwk.get(member).is_none(), "{member} published: {jwk}");
        }
        assert_eq!(jwk["use"], "sig");
        let public = key.public_key().unwrap();
        assert_eq!(jwk["kid"], thumbprint(&public, ThumbprintHash::Sha256));
        assert_eq!(key_from_jwk(jwk).unwrap().public_key(), Some(public));
    }
}

#[test]
fn built_set_passes_validation_with_only_the_thumbprint_note() {
    let jwks = build_jwks(
        &private_keys(),
        &JwksOptions {
            alg: None,
            kid_strategy: KidStrategy::Rfc7638Md5,
        },
    );
    let report = validate_jwks(&jwks.unwrap().to_json_pretty());
    assert_eq!(report.keys.len(), 2);
    assert_eq!(rules(&report), BTreeSet::from(["jwks.kid-is-thumbprint"]));
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.message.contains("rfc7638-md5")),
        "{:#?}",
        report.findings
    );
}

#[test]
fn kid_strategies_give_sha256_md5_or_the_keys_own_kid() {
    let mut keys = private_keys();
    keys[0].meta.kid = Some("rsa-2024".to_owned());
    keys[1].meta.kid = Some("ec-2024".to_owned());
    let public = keys[0].public_key().unwrap();
    let cases = [
        (
            KidStrategy::Rfc7638Sha256,
            thumbprint(&public, ThumbprintHash::Sha256),
        ),
        (
            KidStrategy::Rfc7638Md5,
            thumbprint(&public, ThumbprintHash::Md5),
        ),
        (KidStrategy::Custom, "rsa-2024".to_owned()),
    ];
    for (kid_strategy, expected) in cases {
        let jwks = build_jwks(
            &keys,
            &JwksOptions {
                kid_strategy,
                alg: None,
            },
        )
        .unwrap();
        assert_eq!(jwks.keys[0]["kid"], expected.as_str(), "{kid_strategy:?}");
    }
}

#[test]
fn alg_is_fixed_kept_from_the_key_or_left_out() {
    let mut keys = private_keys();
    let fixed = build_jwks(
        &keys[..1],
        &JwksOptions {
            alg: Some(JwsAlgorithm::Rs384),
            ..JwksOptions::default()
        },
    );
    assert_eq!(fixed.unwrap().keys[0]["alg"], "RS384");
    keys[1].meta.alg = Some("ES256".to_owned());
    keys[0].meta.alg = Some("ES256".to_owned());
    let kept = build_jwks(&keys, &JwksOptions::default()).unwrap();
    assert!(
        kept.keys[0].get("alg").is_none(),
        "an ES256 alg on an RSA key is not kept"
    );
    assert_eq!(kept.keys[1]["alg"], "ES256");
}

#[test]
fn building_refuses_secrets_missing_custom_kids_and_unfit_algs() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let secret = generate(KeyKind::Hmac { bytes: 32 }, &mut rng).unwrap();
    let ec = generate(KeyKind::Ec(EcCurve::P384), &mut rng).unwrap();
    let cases = [
        (
            vec![ec.clone(), secret],
            JwksOptions::default(),
            "cannot put key 1 in a JWK Set: an HMAC secret",
        ),
        (
            vec![ec.clone()],
            JwksOptions {
                kid_strategy: KidStrategy::Custom,
                alg: None,
            },
            "needs a kid on every key",
        ),
        (
            vec![ec],
            JwksOptions {
                alg: Some(JwsAlgorithm::Es256),
                ..JwksOptions::default()
            },
            "alg ES256 needs an EC P-256 key, this is EC P-384",
        ),
    ];
    for (keys, options, phrase) in cases {
        let message = build_jwks(&keys, &options).unwrap_err().to_string();
        assert!(message.contains(phrase), "{message}");
    }
}

// ------------------------------------------------------------------------------------------
// Reading for verification
// ------------------------------------------------------------------------------------------

// ------------------------------------------------------------------------------------------
// The one JWK Set reader
// ------------------------------------------------------------------------------------------

#[test]
fn the_jwk_set_reader_opens_sets_and_says_what_is_not_one() {
    let ec = public_jwk("rfc/rfc7515_A.3_ES256.json");
    let too_large = format!(
        r#"{{"keys": [], "pad": "{}"}}"#,
        " ".repeat(MAX_INPUT_BYTES)
    );
    // (input, Ok(number of entries) or Err(phrase in the message))
    let cases: Vec<(String, Result<usize, &str>)> = vec![
        (r#"{"keys": []}"#.to_owned(), Ok(0)),
        (json!({ "keys": [ec.clone()] }).to_string(), Ok(1)),
        (
            json!({ "keys": [ec.clone(), ec.clone()] }).to_string(),
            Ok(2),
        ),
        // Entries are the caller's to judge: a number is still an entry.
        (r#"{"keys": [7]}"#.to_owned(), Ok(1)),
        (r#"{"keys": [], "extra": true}"#.to_owned(), Ok(0)),
        (too_large, Err("the limit is 1048576 bytes")),
        ("{".to_owned(), Err("not valid JSON")),
        (
            r#"{"keys": [], "keys": []}"#.to_owned(),
            Err("duplicate member \"keys\""),
        ),
        ("[]".to_owned(), Err("found an array, expected an object")),
        (ec.to_string(), Err("this is a single JWK")),
        (
            r#"{"keys": {}}"#.to_owned(),
            Err("\"keys\" is an object, not an array"),
        ),
        (r#"{"foo": 1}"#.to_owned(), Err("no \"keys\" member")),
    ];
    for (text, expected) in cases {
        let shown = text.chars().take(60).collect::<String>();
        match (read_jwk_set(&text), expected) {
            (Ok(entries), Ok(count)) => assert_eq!(entries.len(), count, "{shown}"),
            (Err(error), Err(phrase)) => {
                assert!(error.to_string().contains(phrase), "{shown}: {error}");
                // The parsed-JSON entry point says the same about the same value.
                if let Ok(value) = serde_json::from_str::<Value>(&text) {
                    if !matches!(
                        error,
                        JwkSetError::NotJson(_) | JwkSetError::TooLarge { .. }
                    ) {
                        assert_eq!(jwk_set_entries(&value).unwrap_err(), error, "{shown}");
                    }
                }
            }
            (found, expected) => panic!("{shown}: expected {expected:?}, found {found:?}"),
        }
    }
}

#[test]
fn an_empty_set_is_read_as_empty_and_each_caller_words_the_problem() {
    let empty = r#"{"keys": []}"#;
    assert_eq!(read_jwk_set(empty).unwrap(), Vec::<Value>::new());
    // Verification: no keys, so verify_compact says there is no key to verify with.
    assert!(parse_jwks(empty).unwrap().is_empty());
    // Validation: a warning, not an error.
    let report = validate_jwks(empty);
    assert_eq!(rules(&report), BTreeSet::from(["jwks.empty"]));
    assert_eq!(report.findings[0].severity, Severity::Warning);
    // Import: nothing to import.
    let error = jose::key::import_keys(empty, None).unwrap_err();
    assert_eq!(error, jose::key::KeyError::JwksEmpty);
    assert!(error.to_string().contains("nothing to import"), "{error}");
}

#[test]
fn parse_jwks_keeps_usable_keys_and_skips_broken_ones() {
    let text = json!({"keys": [public_jwk("rfc/rfc7515_A.3_ES256.json"), {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}]});
    let keys = parse_jwks(&text.to_string()).unwrap();
    assert_eq!(keys.len(), 1);
    assert!(matches!(keys[0].material, KeyMaterial::Public(_)));
}

#[test]
fn parse_jwks_explains_what_is_not_a_set() {
    let cases = [
        ("[]".to_owned(), "found an array, expected an object"),
        (
            public_jwk("rfc/rfc7515_A.3_ES256.json").to_string(),
            "this is a single JWK",
        ),
        (
            r#"{"keys": "x"}"#.to_owned(),
            "\"keys\" is a string, not an array",
        ),
        ("{".to_owned(), "not valid JSON"),
        (
            r#"{"keys": [{"kty": "RSA"}]}"#.to_owned(),
            "keys[0] (no kid): JWK member \"n\" is required",
        ),
    ];
    for (text, phrase) in cases {
        let message = parse_jwks(&text).unwrap_err().to_string();
        assert!(message.contains(phrase), "{text}: {message}");
    }
    assert!(parse_jwks(r#"{"keys": []}"#).unwrap().is_empty());
}

// ------------------------------------------------------------------------------------------
// Validation rules, one case each
// ------------------------------------------------------------------------------------------

#[test]
fn each_rule_fires_on_its_case_and_names_the_key() {
    let ec = public_jwk("rfc/rfc7515_A.3_ES256.json");
    let rsa = public_jwk("rfc/rfc7515_A.2_RS256.json");
    let with = |base: &Value, changes: Value| {
        let mut jwk = base.clone();
        for (name, value) in changes.as_object().unwrap() {
            if value.is_null() {
                jwk.as_object_mut().unwrap().remove(name);
            } else {
                jwk[name] = value.clone();
            }
        }
        jwk
    };
    let short_n = "w".repeat(86); // 64 bytes: a 512-bit modulus
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!([]), "jwks.not-a-set", "found an array"),
        (json!({"keys": []}), "jwks.empty", "no keys"),
        (
            json!({"keys": [7]}),
            "jwks.key-not-object",
            "keys[0] is a number",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "d": "AA"}))]}),
            "jwks.private-member",
            "keys[0] (kid \"a\"): contains private key material (d)",
        ),
        (
            json!({"keys": [{"kty": "oct", "k": "AAAA", "kid": "s"}]}),
            "jwks.symmetric-key",
            "shared secret",
        ),
        (
            json!({"keys": [ec.clone()]}),
            "jwks.kid-missing",
            "keys[0] (no kid): has no \"kid\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "x"})), with(&rsa, json!({"kid": "x"}))]}),
            "jwks.kid-duplicate",
            "kid \"x\" is used by keys[0] and keys[1]",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "use": "enc"}))]}),
            "jwks.use-enc",
            "keys[0] (kid \"a\"): an encryption key (HTI:jwe)",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "use": "verify"}))]}),
            "jwks.use-not-sig",
            "\"use\" is \"verify\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"use": "enc"}))]}),
            "jwks.enc-kid-missing",
            "keys[0] (no kid): an encryption key (\"use\": \"enc\") has no \"kid\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "use": "enc", "key_ops": ["verify"]}))]}),
            "jwks.key-ops-no-encrypt",
            "[\"verify\"] without \"encrypt\" or \"wrapKey\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a"})), with(&ec, json!({"kid": "b", "use": "enc"}))]}),
            "jwks.sig-and-enc",
            "keys[0] (kid \"a\") (for signing) and keys[1] (kid \"b\") (\"use\": \"enc\") are the same public key",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "use": "enc", "alg": "ES256"}))]}),
            "jwks.alg-unsuitable",
            "\"ES256\", which is a signature algorithm, not a JWE key management algorithm",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "key_ops": ["sign"]}))]}),
            "jwks.key-ops-no-verify",
            "[\"sign\"] without \"verify\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "alg": "RS256"}))]}),
            "jwks.alg-unsuitable",
            "\"alg\" is RS256, which needs an RSA key, but the key is EC P-256",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "alg": "ES521"}))]}),
            "jwks.alg-unsuitable",
            "\"ES521\", which is not a JWS signature algorithm",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "kty": "EC2"}))]}),
            "jwks.unknown-kty",
            "\"kty\" is \"EC2\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "crv": "P-192"}))]}),
            "jwks.unknown-crv",
            "\"crv\" is \"P-192\"",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "x": "a+b"}))]}),
            "jwks.member-malformed",
            "JWK member \"x\" is not valid base64url",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "y": null}))]}),
            "jwks.member-malformed",
            "\"y\" is required",
        ),
        (
            json!({"keys": [with(&rsa, json!({"kid": "a", "n": "AQABA"}))]}),
            "jwks.n-not-whole-bytes",
            "5 characters is not a possible length",
        ),
        (
            json!({"keys": [with(&rsa, json!({"kid": "a", "n": "AQAC"}))]}),
            "jwks.rsa-too-small",
            "the RSA modulus (n) is 17 bits",
        ),
        (
            json!({"keys": [with(&rsa, json!({"kid": "a", "n": short_n}))]}),
            "jwks.rsa-too-small",
            "512 bits; JWS requires at least 2048",
        ),
        (
            json!({"keys": [with(&rsa, json!({"kid": "a", "e": "Aw", "n": format!("{}g", "_".repeat(341))}))]}),
            "jwks.rsa-modulus-even",
            "is even",
        ),
        (
            json!({"keys": [with(&rsa, json!({"kid": "a", "e": "AQ"}))]}),
            "jwks.rsa-exponent-invalid",
            "e = 1",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "x": "AAAA"}))]}),
            "jwks.coordinate-length",
            "must be exactly 32 bytes, found 3 bytes",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "y": ec["x"].clone()}))]}),
            "jwks.point-not-on-curve",
            "not on curve P-256",
        ),
        (
            json!({"keys": [{"kty": "oct", "k": "AAAA", "kid": "s", "alg": "HS384"}]}),
            "jwks.oct-too-short",
            "3 bytes; HS384 needs at least 48",
        ),
        (
            json!({"keys": [with(&ec, json!({"kid": "a", "d": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}))]}),
            "jwks.private-key-invalid",
            "does not match its public part",
        ),
    ];
    for (set, rule, phrase) in cases {
        let report = validate_jwks(&set.to_string());
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{rule} not reported for {set}: {:#?}", report.findings));
        assert!(
            finding.message.contains(phrase),
            "{rule}: {}",
            finding.message
        );
    }
}

#[test]
fn text_that_is_not_json_or_too_large_is_one_finding() {
    let cases = [
        ("{\"keys\": [".to_owned(), "jwks.not-json"),
        ("{\"keys\": [], \"keys\": []}".to_owned(), "jwks.not-json"),
        (
            " ".repeat(jose::limits::MAX_INPUT_BYTES + 1),
            "jwks.too-large",
        ),
    ];
    for (text, rule) in cases {
        let report = validate_jwks(&text);
        assert_eq!(rules(&report), BTreeSet::from([rule]));
        assert!(report.keys.is_empty());
    }
}

#[test]
fn rsa_roca_key_is_detected() {
    let v = vector("wycheproof/testvectors_v1/json_web_key_test.json");
    let roca_group = v["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["tests"][0]["comment"] == "rejectsKeyWithRocaVulnerability")
        .unwrap();
    let report = validate_jwks(&roca_group["public"].to_string());
    assert_eq!(error_rules(&report), BTreeSet::from(["jwks.rsa-roca"]));
    // A sound key of the same file does not trip the fingerprint.
    assert!(
        !rules(&validate_jwks(&v["testGroups"][3]["public"].to_string())).contains("jwks.rsa-roca")
    );
}

// ------------------------------------------------------------------------------------------
// Koppeltaal JWKS
// ------------------------------------------------------------------------------------------

#[test]
fn koppeltaal_auth_service_jwks_is_clean_and_its_kid_is_the_sha256_thumbprint() {
    let v = vector("koppeltaal/koppeltaal_auth_service_jwks.json");
    let report = validate_jwks(&v["jwks"].to_string());
    assert_eq!(report.keys.len(), 1);
    assert_eq!(rules(&report), BTreeSet::from(["jwks.kid-is-thumbprint"]));
    assert!(
        report.findings[0].message.contains("rfc7638-sha256"),
        "{}",
        report.findings[0].message
    );
    assert_eq!(
        report.keys[0].kind(),
        KeyKind::Rsa {
            bits: v["expected"]["rsa_bits"].as_u64().unwrap() as usize
        }
    );
}

/// The markdown copy lost three characters of `n`. Its 339 characters still decode to whole
/// bytes (254 of them; 339 ≡ 3 mod 4 and the last character has no stray bits), so the
/// `jwks.n-not-whole-bytes` rule, which is about undecodable lengths, does not apply. What the
/// loss does leave behind is detectable: the shifted bits make n even, and 2032 bits is below
/// the 2048-bit minimum; the kid also no longer matches the key's thumbprint.
#[test]
fn koppeltaal_markdown_copy_with_lost_characters_is_flagged() {
    let v = vector("koppeltaal/koppeltaal_auth_service_jwks.json");
    let broken = &v["jwks_as_published_in_markdown"];
    assert_eq!(broken["keys"][0]["n"].as_str().unwrap().len(), 339);
    let report = validate_jwks(&broken.to_string());
    assert!(report.keys.is_empty(), "the damaged key must not be usable");
    assert_eq!(
        error_rules(&report),
        BTreeSet::from(["jwks.rsa-modulus-even"])
    );
    let message = &report.findings[0].message;
    assert!(message.contains("2032 bits"), "{message}");
    assert!(message.contains("characters lost"), "{message}");
    assert!(parse_jwks(&broken.to_string()).is_err());
}

#[test]
fn koppeltaal_devguide_kid_is_named_as_the_md5_convention() {
    let v = vector("koppeltaal/devguide_jwks_md5_kid.json");
    let report = validate_jwks(&v["jwks"].to_string());
    assert_eq!(rules(&report), BTreeSet::from(["jwks.kid-is-thumbprint"]));
    let finding = &report.findings[0];
    assert_eq!(finding.severity, Severity::Info);
    assert!(finding.message.contains("jose4j"), "{}", finding.message);
    assert!(
        finding.message.contains("rfc7638-md5"),
        "{}",
        finding.message
    );
}

// ------------------------------------------------------------------------------------------
// Wycheproof json_web_key_test.json: key policy
// ------------------------------------------------------------------------------------------

/// The error rules expected for each group's `private` JWKS, by the first tcId of the group.
/// Every private set carries private members, so `jwks.private-member` is expected throughout
/// except in group 1, whose EC key is public (its oct key still has `k`).
fn expected_policy_errors(tc_id: u64) -> Vec<&'static str> {
    let mut rules = vec!["jwks.private-member"];
    rules.extend_from_slice(match tc_id {
        // A secret and an EC key in one set; then two secrets.
        1 | 2 => &["jwks.symmetric-key"],
        // The second key's k ends in 'e', whose two unused bits are not zero: not canonical
        // base64url, so strict decoding refuses it.
        4 => &[
            "jwks.symmetric-key",
            "jwks.kid-duplicate",
            "jwks.member-malformed",
        ],
        5 => &[],
        // tcIds 6 and 21 test that a verifier refuses a JWS checked with a `use: "enc"` key.
        // A set may hold an encryption key (HTI:jwe), so `use: "enc"` is only the info finding
        // `jwks.use-enc` here; verification still refuses such a key
        // (`verify_refuses_the_wycheproof_use_enc_keys`). What stays an error is their `alg`:
        // RSA1_5 (padding oracle) and ES256 (a signature algorithm) are not key management
        // algorithms an encryption key may name.
        6 => &["jwks.alg-unsuitable"],
        7 => &["jwks.rsa-roca"],
        8 => &["jwks.rsa-too-small"],
        9 => &["jwks.rsa-exponent-invalid"],
        10..=12 | 16..=18 => &["jwks.symmetric-key", "jwks.oct-too-short"],
        13..=15 => &["jwks.symmetric-key"],
        19 | 20 => &["jwks.alg-unsuitable"],
        21 => &["jwks.alg-unsuitable"],
        22 => &["jwks.point-not-on-curve"],
        // P-384 with 32-byte coordinates, and an ES256 alg on a P-384 key.
        23 => &["jwks.alg-unsuitable", "jwks.coordinate-length"],
        // kty RSA with EC members: no n, and ES256 does not fit RSA.
        24 => &["jwks.alg-unsuitable", "jwks.member-malformed"],
        25 | 26 => &["jwks.symmetric-key", "jwks.alg-unsuitable"],
        other => panic!("no expectation for tcId {other}"),
    });
    rules
}

#[test]
fn wycheproof_keysets_get_the_expected_policy_findings() {
    let v = vector("wycheproof/testvectors_v1/json_web_key_test.json");
    let groups = v["testGroups"].as_array().unwrap();
    assert_eq!(groups.len(), 25);
    for group in groups {
        let tc_id = group["tests"][0]["tcId"].as_u64().unwrap();
        let report = validate_jwks(&group["private"].to_string());
        let expected: BTreeSet<&str> = expected_policy_errors(tc_id).into_iter().collect();
        assert_eq!(
            error_rules(&report),
            expected,
            "tcId {tc_id}: {:#?}",
            report.findings
        );
    }
}

/// The same two groups, as a verifier sees them: the signature is right, the key's `use` is
/// `enc`, and verification refuses (Wycheproof's `rejectsWrongUse` / `invalid_use`).
#[test]
fn verify_refuses_the_wycheproof_use_enc_keys() {
    let v = vector("wycheproof/testvectors_v1/json_web_key_test.json");
    for tc_id in [6, 21] {
        let group = v["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["tests"][0]["tcId"] == tc_id)
            .unwrap();
        let report = validate_jwks(&group["public"].to_string());
        assert!(report.has_rule("jwks.use-enc"), "tcId {tc_id}");
        let keys = parse_jwks(&group["public"].to_string()).unwrap();
        assert_eq!(keys[0].meta.key_use.as_deref(), Some("enc"));
        let token = jose::decode_compact(group["tests"][0]["jws"].as_str().unwrap()).unwrap();
        let options = VerifyOptions::default();
        // As published, the key is refused (its alg, RSA1_5 or ES256, already disagrees).
        let err = jose::verify_compact(&token, &keys, &options).unwrap_err();
        assert!(
            matches!(err, VerifyError::KeyPolicy { .. }),
            "tcId {tc_id}: {err:?}"
        );
        // Without its alg, `use` alone refuses it.
        let mut keys = keys;
        keys[0].meta.alg = None;
        let err = jose::verify_compact(&token, &keys, &options).unwrap_err();
        assert!(
            matches!(err, VerifyError::KeyPolicy { .. }),
            "tcId {tc_id}: {err:?}"
        );
        assert!(
            err.to_string().contains("\"use\": \"enc\""),
            "tcId {tc_id}: {err}"
        );
    }
}

/// Signing and encryption keys side by side: every rule each set gets (info included).
#[test]
fn encryption_keys_are_checked_as_encryption_keys() {
    let ec = public_jwk("rfc/rfc7515_A.3_ES256.json");
    let rsa = public_jwk("rfc/rfc7515_A.2_RS256.json");
    let with = |base: &Value, changes: Value| {
        let mut jwk = base.clone();
        for (name, value) in changes.as_object().unwrap() {
            if value.is_null() {
                jwk.as_object_mut().unwrap().remove(name);
            } else {
                jwk[name] = value.clone();
            }
        }
        jwk
    };
    let enc = |base: &Value, changes: Value| with(&with(base, json!({"use": "enc"})), changes);
    let cases: Vec<(&str, Vec<Value>, Vec<&str>)> = vec![
        (
            "a signing key and a separate encryption key",
            vec![
                with(&rsa, json!({"kid": "s", "use": "sig", "alg": "RS384"})),
                enc(&ec, json!({"kid": "e", "alg": "ECDH-ES+A256KW"})),
            ],
            vec!["jwks.use-enc"],
        ),
        (
            "RSA-OAEP-256 with wrapKey",
            vec![enc(
                &rsa,
                json!({"kid": "e", "alg": "RSA-OAEP-256", "key_ops": ["wrapKey"]}),
            )],
            vec!["jwks.use-enc"],
        ),
        (
            "ECDH-ES with deriveKey",
            vec![enc(
                &ec,
                json!({"kid": "e", "alg": "ECDH-ES", "key_ops": ["deriveKey"]}),
            )],
            vec!["jwks.use-enc"],
        ),
        (
            "RSA deriveKey is no encryption permission",
            vec![enc(&rsa, json!({"kid": "e", "key_ops": ["deriveKey"]}))],
            vec!["jwks.use-enc", "jwks.key-ops-no-encrypt"],
        ),
        (
            "an enc key without kid",
            vec![enc(&ec, json!({}))],
            vec!["jwks.use-enc", "jwks.enc-kid-missing"],
        ),
        (
            "a sig key without kid keeps the generic rule",
            vec![with(&ec, json!({"use": "sig"}))],
            vec!["jwks.kid-missing"],
        ),
        (
            "an enc key with verify only",
            vec![enc(&ec, json!({"kid": "e", "key_ops": ["verify"]}))],
            vec!["jwks.use-enc", "jwks.key-ops-no-encrypt"],
        ),
        (
            "a sig key with encrypt only",
            vec![with(&ec, json!({"kid": "s", "key_ops": ["encrypt"]}))],
            vec!["jwks.key-ops-no-verify"],
        ),
        (
            "one key, both kinds of key_ops",
            vec![with(
                &ec,
                json!({"kid": "s", "key_ops": ["verify", "deriveKey"]}),
            )],
            vec!["jwks.sig-and-enc"],
        ),
        (
            "the same key without use and with use enc",
            vec![
                with(&rsa, json!({"kid": "s"})),
                enc(&rsa, json!({"kid": "e"})),
            ],
            vec!["jwks.use-enc", "jwks.sig-and-enc"],
        ),
        (
            "the same key with another use is not sig-and-enc",
            vec![
                with(&rsa, json!({"kid": "s", "use": "other"})),
                enc(&rsa, json!({"kid": "e"})),
            ],
            vec!["jwks.use-enc", "jwks.use-not-sig"],
        ),
        (
            "a JWS alg on an enc key",
            vec![enc(&rsa, json!({"kid": "e", "alg": "RS256"}))],
            vec!["jwks.use-enc", "jwks.alg-unsuitable"],
        ),
        (
            "a JWE alg on a sig key",
            vec![with(&rsa, json!({"kid": "s", "alg": "RSA-OAEP-256"}))],
            vec!["jwks.alg-unsuitable"],
        ),
        (
            "RSA1_5",
            vec![enc(&rsa, json!({"kid": "e", "alg": "RSA1_5"}))],
            vec!["jwks.use-enc", "jwks.alg-unsuitable"],
        ),
        (
            "ECDH on RSA",
            vec![enc(&rsa, json!({"kid": "e", "alg": "ECDH-ES"}))],
            vec!["jwks.use-enc", "jwks.alg-unsuitable"],
        ),
        (
            "RSA-OAEP on EC",
            vec![enc(&ec, json!({"kid": "e", "alg": "RSA-OAEP"}))],
            vec!["jwks.use-enc", "jwks.alg-unsuitable"],
        ),
        (
            "a symmetric key management alg",
            vec![enc(&ec, json!({"kid": "e", "alg": "A256KW"}))],
            vec!["jwks.use-enc", "jwks.alg-unsuitable"],
        ),
    ];
    for (name, keys, expected) in cases {
        let report = validate_jwks(&json!({ "keys": keys }).to_string());
        let expected: BTreeSet<&str> = expected.into_iter().collect();
        assert_eq!(rules(&report), expected, "{name}: {:#?}", report.findings);
        for finding in &report.findings {
            let severity = match finding.rule.as_str() {
                "jwks.use-enc" => Severity::Info,
                "jwks.sig-and-enc" => Severity::Warning,
                _ => Severity::Error,
            };
            assert_eq!(finding.severity, severity, "{name}: {}", finding.rule);
        }
    }
}

#[test]
fn unsuitable_enc_algs_say_why() {
    let rsa = public_jwk("rfc/rfc7515_A.2_RS256.json");
    let ec = public_jwk("rfc/rfc7515_A.3_ES256.json");
    let cases = [
        (&rsa, "RSA1_5", "padding-oracle attacks"),
        (
            &rsa,
            "ECDH-ES",
            "needs an EC P-256, P-384 or P-521 key, but the key is RSA",
        ),
        (&ec, "RSA-OAEP", "needs an RSA key, but the key is EC P-256"),
        (&ec, "A256KW", "a shared secret, which is never published"),
        (
            &ec,
            "ES256",
            "a signature algorithm, not a JWE key management algorithm",
        ),
        (
            &ec,
            "RSA-OAEP-1024",
            "\"RSA-OAEP-1024\", which is not a JWE key management",
        ),
    ];
    for (base, alg, phrase) in cases {
        let mut jwk = base.clone();
        jwk["kid"] = json!("e");
        jwk["use"] = json!("enc");
        jwk["alg"] = json!(alg);
        let report = validate_jwks(&json!({ "keys": [jwk] }).to_string());
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "jwks.alg-unsuitable")
            .unwrap_or_else(|| panic!("{alg}: {:#?}", report.findings));
        assert!(
            finding.message.contains(phrase),
            "{alg}: {}",
            finding.message
        );
    }
}

#[test]
fn wycheproof_public_keysets_have_no_private_members() {
    let v = vector("wycheproof/testvectors_v1/json_web_key_test.json");
    let mut checked = 0;
    for group in v["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g.get("public").is_some())
    {
        let report = validate_jwks(&group["public"].to_string());
        assert!(
            !report.has_rule("jwks.private-member"),
            "{:#?}",
            report.findings
        );
        checked += 1;
    }
    assert_eq!(checked, 11);
}

#[test]
fn wycheproof_keys_that_verify_nothing_are_import_errors() {
    let v = vector("wycheproof/testvectors_v1/json_web_key_test.json");
    let cases = [
        (9, "e = 1"),
        (22, "not on curve P-256"),
        (23, "of a P-384 key must be exactly 48 bytes"),
        (16, "\"k\" is empty"),
    ];
    for (tc_id, phrase) in cases {
        let group = v["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["tests"][0]["tcId"] == tc_id)
            .unwrap();
        let message = parse_jwks(&group["private"].to_string())
            .unwrap_err()
            .to_string();
        assert!(message.contains(phrase), "tcId {tc_id}: {message}");
    }
}

#[test]
fn every_rule_id_the_validator_emits_is_documented_in_the_module_table() {
    let source =
        std::fs::read_to_string(format!("{}/src/jwks.rs", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (doc, code): (Vec<&str>, Vec<&str>) =
        source.lines().partition(|line| line.starts_with("//!"));
    let documented: BTreeSet<&str> = doc
        .iter()
        .filter_map(|line| line.strip_prefix("//! | `"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    let emitted: BTreeSet<&str> = code
        .iter()
        .flat_map(|line| line.split('"').skip(1).step_by(2))
        .filter(|literal| literal.starts_with("jwks.") && !literal.contains(' '))
        .collect();
    assert!(emitted.len() >= 25, "{emitted:?}");
    assert_eq!(emitted, documented);
}

#[test]
fn kid_strategies_survive_a_trip_through_json() {
    for strategy in [
        KidStrategy::Rfc7638Sha256,
        KidStrategy::Rfc7638Md5,
        KidStrategy::Custom,
    ] {
        let json = serde_json::to_string(&strategy).unwrap();
        assert_eq!(
            serde_json::from_str::<KidStrategy>(&json).unwrap(),
            strategy,
            "{json}"
        );
    }
}
