//! RFC 7638 thumbprints and kid conventions, against the RFC examples and real Koppeltaal JWKS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::vector;
use jose::jwk::key_from_jwk;
use jose::key::{Key, PublicKey, Secret};
use jose::thumbprint::{
    canonical_json, canonical_json_secret, recognise_kid, thumbprint, thumbprint_hex,
    thumbprint_secret, KidConvention, ThumbprintHash,
};
use serde_json::Value;

fn public_key(jwk: &Value) -> PublicKey {
    key_from_jwk(jwk).unwrap().public_key().unwrap()
}

#[test]
fn rfc7638_example_has_the_published_canonical_json_and_thumbprint() {
    let v = vector("rfc/rfc7638_3.1_thumbprint.json");
    let key = public_key(&v["input"]["jwk"]);
    assert_eq!(
        canonical_json(&key),
        v["expected"]["canonical_json"].as_str().unwrap()
    );
    assert_eq!(
        thumbprint(&key, ThumbprintHash::Sha256),
        v["expected"]["thumbprint_b64u"].as_str().unwrap()
    );
    let octets: Vec<u8> = serde_json::from_value(v["expected"]["sha256_octets"].clone()).unwrap();
    assert_eq!(
        thumbprint_hex(&key, ThumbprintHash::Sha256),
        hex::encode(octets)
    );
}

#[test]
fn rfc8037_ed25519_thumbprint_matches_appendix_a3() {
    let v = vector("rfc/rfc8037_A_Ed25519.json");
    let expected = &v["A.3_thumbprint"];
    for jwk in [&v["A.2_public_jwk"], &v["A.1_private_jwk"]] {
        let key = public_key(jwk);
        assert_eq!(
            canonical_json(&key),
            expected["canonical_json"].as_str().unwrap()
        );
        assert_eq!(
            thumbprint(&key, ThumbprintHash::Sha256),
            expected["thumbprint_b64u"].as_str().unwrap()
        );
        assert_eq!(
            thumbprint_hex(&key, ThumbprintHash::Sha256),
            expected["sha256_hex"].as_str().unwrap()
        );
    }
}

#[test]
fn koppeltaal_auth_service_kid_is_the_sha256_thumbprint() {
    let v = vector("koppeltaal/koppeltaal_auth_service_jwks.json");
    let jwk = &v["jwks"]["keys"][0];
    let key = public_key(jwk);
    let kid = jwk["kid"].as_str().unwrap();
    assert_eq!(thumbprint(&key, ThumbprintHash::Sha256), kid);
    assert_eq!(recognise_kid(kid, &key), KidConvention::Rfc7638Sha256);
    assert_eq!(
        recognise_kid(kid, &key).id(),
        v["expected"]["kid_is"].as_str().unwrap()
    );
}

#[test]
fn koppeltaal_devguide_kid_is_the_md5_thumbprint() {
    let v = vector("koppeltaal/devguide_jwks_md5_kid.json");
    let jwk = &v["jwks"]["keys"][0];
    let key = public_key(jwk);
    let expected = &v["expected"];
    assert_eq!(
        thumbprint(&key, ThumbprintHash::Sha256),
        expected["rfc7638_sha256_thumbprint"].as_str().unwrap()
    );
    assert_eq!(
        thumbprint(&key, ThumbprintHash::Md5),
        expected["rfc7638_md5_thumbprint"].as_str().unwrap()
    );
    let convention = recognise_kid(jwk["kid"].as_str().unwrap(), &key);
    assert_eq!(convention, KidConvention::Rfc7638Md5);
    assert_eq!(convention.id(), expected["kid_is"].as_str().unwrap());
    assert!(
        convention.explanation().contains("jose4j"),
        "{}",
        convention.explanation()
    );
}

#[test]
fn recognise_kid_tells_every_convention_apart() {
    let v = vector("rfc/rfc7638_3.1_thumbprint.json");
    let key = public_key(&v["input"]["jwk"]);
    let cases = [
        (
            thumbprint(&key, ThumbprintHash::Sha256),
            KidConvention::Rfc7638Sha256,
        ),
        (
            thumbprint(&key, ThumbprintHash::Md5),
            KidConvention::Rfc7638Md5,
        ),
        (
            thumbprint(&key, ThumbprintHash::Sha1),
            KidConvention::Rfc7638Sha1,
        ),
        (
            thumbprint_hex(&key, ThumbprintHash::Sha256),
            KidConvention::Rfc7638Hex(ThumbprintHash::Sha256),
        ),
        (
            thumbprint_hex(&key, ThumbprintHash::Md5).to_uppercase(),
            KidConvention::Rfc7638Hex(ThumbprintHash::Md5),
        ),
        (
            thumbprint_hex(&key, ThumbprintHash::Sha1),
            KidConvention::Rfc7638Hex(ThumbprintHash::Sha1),
        ),
        ("2011-04-29".to_owned(), KidConvention::Unrecognised),
        (String::new(), KidConvention::Unrecognised),
    ];
    for (kid, expected) in cases {
        assert_eq!(recognise_kid(&kid, &key), expected, "kid {kid:?}");
    }
}

#[test]
fn each_convention_has_a_stable_id_and_an_explanation() {
    let cases = [
        (KidConvention::Rfc7638Sha256, "rfc7638-sha256", "SHA-256"),
        (KidConvention::Rfc7638Md5, "rfc7638-md5", "MD5"),
        (KidConvention::Rfc7638Sha1, "rfc7638-sha1", "SHA-1"),
        (
            KidConvention::Rfc7638Hex(ThumbprintHash::Sha256),
            "rfc7638-sha256-hex",
            "hex",
        ),
        (KidConvention::Unrecognised, "none", "not derived"),
    ];
    for (convention, id, phrase) in cases {
        assert_eq!(convention.id(), id);
        assert!(
            convention.explanation().contains(phrase),
            "{}",
            convention.explanation()
        );
    }
}

#[test]
fn canonical_json_has_only_required_members_in_lexicographic_order() {
    let cookbook_ec = vector("rfc/rfc7520_cookbook/jwk/3_2.ec_private_key.json");
    let key = public_key(&cookbook_ec);
    let canonical: Value = serde_json::from_str(&canonical_json(&key)).unwrap();
    let names: Vec<&String> = canonical.as_object().unwrap().keys().collect();
    assert_eq!(names, ["crv", "kty", "x", "y"]);
    assert_eq!(canonical["x"], cookbook_ec["x"]);
    assert!(!canonical_json(&key).contains(' '));
}

#[test]
fn private_members_and_metadata_do_not_change_the_thumbprint() {
    let cookbook = "rfc/rfc7520_cookbook/jwk";
    let pairs = [
        ("3_1.ec_public_key.json", "3_2.ec_private_key.json"),
        ("3_3.rsa_public_key.json", "3_4.rsa_private_key.json"),
    ];
    for (public, private) in pairs {
        let public_key_a = public_key(&vector(&format!("{cookbook}/{public}")));
        let public_key_b = public_key(&vector(&format!("{cookbook}/{private}")));
        for hash in ThumbprintHash::ALL {
            assert_eq!(
                thumbprint(&public_key_a, hash),
                thumbprint(&public_key_b, hash),
                "{public} {hash:?}"
            );
        }
    }
}

#[test]
fn secret_canonical_json_is_k_then_kty() {
    let v = vector("rfc/rfc7520_cookbook/jwk/3_5.symmetric_key_mac_computation.json");
    let key: Key = key_from_jwk(&v).unwrap();
    let jose::key::KeyMaterial::Secret(secret) = &key.material else {
        panic!("not a secret")
    };
    let expected = format!(r#"{{"k":"{}","kty":"oct"}}"#, v["k"].as_str().unwrap());
    assert_eq!(canonical_json_secret(secret), expected);
    assert_eq!(thumbprint_secret(secret, ThumbprintHash::Sha256).len(), 43);
    assert_ne!(
        thumbprint_secret(&Secret::new(b"other".to_vec()), ThumbprintHash::Sha256),
        thumbprint_secret(secret, ThumbprintHash::Sha256)
    );
}

#[test]
fn thumbprint_lengths_follow_the_hash() {
    let key = public_key(&vector("rfc/rfc8037_A_Ed25519.json")["A.2_public_jwk"]);
    let cases = [
        (ThumbprintHash::Sha256, 43),
        (ThumbprintHash::Sha1, 27),
        (ThumbprintHash::Md5, 22),
    ];
    for (hash, length) in cases {
        assert_eq!(thumbprint(&key, hash).len(), length, "{}", hash.name());
    }
}
