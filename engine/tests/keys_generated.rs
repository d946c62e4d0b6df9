//! Key pairs this program has just generated (`import_generated`, what the Keys view does with
//! WebCrypto's and the worker's output): the public half is taken as given instead of being
//! re-derived at import, and a private half that does not match it is refused when it signs.
//! Keys from outside (`import_der`, `import_keys`, JWK) are still checked at import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jose::alg::AlgError;
use jose::jwk::key_from_jwk;
use jose::key::der::detect;
use jose::key::export::to_pkcs8_der;
use jose::key::{
    generate, import_der, import_generated, to_spki_pem, EcCurve, Key, KeyError, KeyFormat,
    KeyKind, KeyMaterial, PrivateKey,
};
use jose::sign::{sign_compact, SignError};
use jose::verify::{verify_compact, VerifyOptions};
use jose::{decode_compact, JwsAlgorithm};
use pkcs8::EncodePrivateKey;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

const CURVES: [EcCurve; 3] = [EcCurve::P256, EcCurve::P384, EcCurve::P521];

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn private_of(key: &Key) -> &PrivateKey {
    match &key.material {
        KeyMaterial::Private(private) => private,
        other => panic!("not a private key: {other:?}"),
    }
}

fn generated(kind: KeyKind, seed: u64) -> Key {
    generate(kind, &mut rng(seed)).unwrap()
}

fn pkcs8_of(key: &Key) -> Vec<u8> {
    to_pkcs8_der(private_of(key)).unwrap().to_vec()
}

fn spki_of(key: &Key) -> Vec<u8> {
    let pem = to_spki_pem(&key.public_key().unwrap()).unwrap();
    pem_rfc7468::decode_vec(pem.as_bytes()).unwrap().1
}

/// Ed25519 PKCS#8 version 1, the seed alone: what WebCrypto exports.
fn ed25519_pkcs8_v1(key: &Key) -> Vec<u8> {
    let PrivateKey::Ed25519(private) = private_of(key) else {
        panic!("not an Ed25519 key")
    };
    let seed_only = ed25519_dalek::ed25519::pkcs8::KeypairBytes {
        secret_key: *private.seed(),
        public_key: None,
    };
    seed_only.to_pkcs8_der().unwrap().as_bytes().to_vec()
}

/// `owner`'s EC PKCS#8 with the public point of `other` in its SEC1 `publicKey`. The point is
/// the last field of both structures, and of the same length for the same curve.
fn ec_pkcs8_with_point_of(owner: &Key, other: &Key, curve: EcCurve) -> Vec<u8> {
    let mut mixed = pkcs8_of(owner);
    let theirs = pkcs8_of(other);
    let point = 1 + 2 * curve.field_bytes();
    let (start, their_start) = (mixed.len() - point, theirs.len() - point);
    mixed[start..].copy_from_slice(&theirs[their_start..]);
    mixed
}

/// Signs a token with `key` and verifies it with `public`.
fn sign_and_verify(key: &Key, public: &Key) -> Result<(), SignError> {
    let alg = key.kind().algorithms()[0];
    let token = sign_compact(
        r#"{"typ":"JWT"}"#,
        r#"{"sub":"generated"}"#,
        key,
        alg,
        &mut rng(9),
    )?;
    let decoded = decode_compact(&token).unwrap();
    verify_compact(
        &decoded,
        std::slice::from_ref(public),
        &VerifyOptions::default(),
    )
    .unwrap();
    Ok(())
}

fn public_half(key: &Key) -> Key {
    Key::new(KeyMaterial::Public(key.public_key().unwrap()))
}

fn is_pair_mismatch(error: &SignError) -> bool {
    matches!(error, SignError::Alg(AlgError::KeyPairMismatch { .. }))
}

#[test]
fn a_generated_ec_key_keeps_the_point_its_pkcs8_carries_and_signs() {
    for (seed, curve) in (1..).zip(CURVES) {
        let original = generated(KeyKind::Ec(curve), seed);
        let key = import_generated(&pkcs8_of(&original), None).unwrap();
        assert_eq!(key.kind(), KeyKind::Ec(curve));
        assert_eq!(key.public_key(), original.public_key(), "{curve:?}");
        sign_and_verify(&key, &public_half(&original)).unwrap();
    }
}

#[test]
fn a_generated_ed25519_key_takes_its_public_key_from_the_spki_beside_it() {
    let original = generated(KeyKind::Ed25519, 4);
    let spki = spki_of(&original);
    let key = import_generated(&ed25519_pkcs8_v1(&original), Some(&spki)).unwrap();
    assert_eq!(key.public_key(), original.public_key());
    sign_and_verify(&key, &public_half(&original)).unwrap();
}

#[test]
fn a_generated_key_without_any_public_half_gets_it_derived() {
    let original = generated(KeyKind::Ed25519, 5);
    let key = import_generated(&ed25519_pkcs8_v1(&original), None).unwrap();
    assert_eq!(key.public_key(), original.public_key());
}

#[test]
fn a_generated_rsa_key_imports_and_signs() {
    let jwk = common::vector("rfc/rfc7515_A.2_RS256.json")["input"]["jwk"].clone();
    let original = key_from_jwk(&jwk).unwrap();
    let key = import_generated(&pkcs8_of(&original), Some(&spki_of(&original))).unwrap();
    assert_eq!(key.kind(), KeyKind::Rsa { bits: 2048 });
    sign_and_verify(&key, &public_half(&original)).unwrap();
}

#[test]
fn a_pasted_ec_key_whose_point_is_not_its_scalars_is_refused_at_import() {
    for (seed, curve) in (10..).zip(CURVES) {
        let mixed = ec_pkcs8_with_point_of(
            &generated(KeyKind::Ec(curve), seed),
            &generated(KeyKind::Ec(curve), seed + 100),
            curve,
        );
        assert_eq!(detect(&mixed), Some(KeyFormat::Pkcs8));
        let error = import_der(&mixed).unwrap_err();
        assert!(
            matches!(error, KeyError::PrivatePublicMismatch { .. }),
            "{curve:?}: {error}"
        );
    }
}

#[test]
fn a_generated_ec_key_whose_point_is_not_its_scalars_is_refused_when_it_signs() {
    for (seed, curve) in (20..).zip(CURVES) {
        let owner = generated(KeyKind::Ec(curve), seed);
        let other = generated(KeyKind::Ec(curve), seed + 100);
        let key = import_generated(&ec_pkcs8_with_point_of(&owner, &other, curve), None).unwrap();
        assert_eq!(key.public_key(), other.public_key());
        let error = sign_and_verify(&key, &public_half(&other)).unwrap_err();
        assert!(is_pair_mismatch(&error), "{curve:?}: {error}");
    }
}

#[test]
fn a_generated_ed25519_key_whose_public_key_is_not_its_seeds_is_refused_when_it_signs() {
    let owner = generated(KeyKind::Ed25519, 30);
    let other = generated(KeyKind::Ed25519, 31);
    let key = import_generated(&ed25519_pkcs8_v1(&owner), Some(&spki_of(&other))).unwrap();
    let error = sign_and_verify(&key, &public_half(&other)).unwrap_err();
    assert!(is_pair_mismatch(&error), "{error}");
    assert!(
        error.to_string().contains("does not match the public key"),
        "{error}"
    );
}

#[test]
fn a_pasted_ed25519_pkcs8_whose_public_key_is_not_its_seeds_is_refused_at_import() {
    let owner = generated(KeyKind::Ed25519, 40);
    let other = generated(KeyKind::Ed25519, 41);
    let PrivateKey::Ed25519(owner_private) = private_of(&owner) else {
        panic!()
    };
    let PrivateKey::Ed25519(other_private) = private_of(&other) else {
        panic!()
    };
    let mixed = ed25519_dalek::ed25519::pkcs8::KeypairBytes {
        secret_key: *owner_private.seed(),
        public_key: Some(ed25519_dalek::ed25519::pkcs8::PublicKeyBytes(
            other_private.public().to_bytes(),
        )),
    };
    let error = import_der(mixed.to_pkcs8_der().unwrap().as_bytes()).unwrap_err();
    assert!(
        matches!(error, KeyError::PrivatePublicMismatch { .. }),
        "{error}"
    );
}

#[test]
fn a_public_key_beside_that_differs_from_the_one_inside_is_refused() {
    let owner = generated(KeyKind::Ec(EcCurve::P256), 50);
    let other = generated(KeyKind::Ec(EcCurve::P256), 51);
    let error = import_generated(&pkcs8_of(&owner), Some(&spki_of(&other))).unwrap_err();
    assert!(
        matches!(error, KeyError::PrivatePublicMismatch { .. }),
        "{error}"
    );
}

#[test]
fn keys_checked_at_import_sign_as_before() {
    for (seed, kind) in (60..).zip([
        KeyKind::Ec(EcCurve::P256),
        KeyKind::Ec(EcCurve::P384),
        KeyKind::Ec(EcCurve::P521),
        KeyKind::Ed25519,
    ]) {
        let original = generated(kind, seed);
        let key = import_der(&pkcs8_of(&original)).unwrap().key;
        sign_and_verify(&key, &public_half(&original)).unwrap();
    }
}

#[test]
fn es512_signing_still_uses_the_callers_randomness() {
    let key = generated(KeyKind::Ec(EcCurve::P521), 70);
    let sign = |seed| {
        sign_compact(
            r#"{"typ":"JWT"}"#,
            r#"{"sub":"n"}"#,
            &key,
            JwsAlgorithm::Es512,
            &mut rng(seed),
        )
        .unwrap()
    };
    assert_eq!(sign(1), sign(1));
    assert_ne!(sign(1), sign(2));
}
