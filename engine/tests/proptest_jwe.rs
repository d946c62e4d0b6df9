//! JWE decoding and decryption never panic, whatever is pasted: arbitrary strings, and
//! five-segment tokens with a real header over random bytes, for every alg × enc.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::b64;
use jose::jwe::{decode_jwe, decrypt, ContentEncryption, KeyManagement};
use jose::key::{Key, KeyMaterial, Secret};
use proptest::prelude::*;
use rand_core::OsRng;

/// A secret for every symmetric alg, plus an EC key so ECDH is tried too.
fn keys() -> Vec<Key> {
    let mut keys: Vec<Key> = [16usize, 24, 32, 48, 64, 3]
        .into_iter()
        .map(|len| Key::new(KeyMaterial::Secret(Secret::new(vec![9u8; len]))))
        .collect();
    keys.push(
        jose::key::generate(jose::key::KeyKind::Ec(jose::key::EcCurve::P256), &mut OsRng).unwrap(),
    );
    keys
}

/// A header that names a real alg and enc, with the members some algorithms need.
fn header() -> impl Strategy<Value = String> {
    (0..KeyManagement::ALL.len(), 0..ContentEncryption::ALL.len(), any::<bool>()).prop_map(
        |(alg, enc, zip)| {
            let alg = KeyManagement::ALL[alg];
            let enc = ContentEncryption::ALL[enc];
            let zip = if zip { r#","zip":"DEF""# } else { "" };
            let json = format!(
                r#"{{"alg":"{alg}","enc":"{enc}","p2s":"AAAAAAAAAAA","p2c":10,"iv":"AAAAAAAAAAAAAAAA","tag":"AAAAAAAAAAAAAAAAAAAAAA","epk":{{"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"}}{zip}}}"#
            );
            b64::encode(json.as_bytes())
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(input in any::<String>()) {
        if let Ok(token) = decode_jwe(&input) {
            let _ = decrypt(&token, &keys(), &mut OsRng);
        }
    }

    #[test]
    fn real_headers_over_random_segments_never_panic(
        header in header(),
        parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..80), 4),
    ) {
        let text = std::iter::once(header)
            .chain(parts.iter().map(|p| b64::encode(p)))
            .collect::<Vec<_>>()
            .join(".");
        let token = decode_jwe(&text).unwrap();
        let _ = token.findings();
        prop_assert!(decrypt(&token, &keys(), &mut OsRng).is_err());
    }
}
