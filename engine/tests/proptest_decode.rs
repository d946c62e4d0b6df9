//! The parsers never panic, whatever is pasted: arbitrary strings, dot-joined base64url-ish
//! segments, and JSON-ish text.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::b64::{self, B64Field};
use jose::json::parse_strict;
use jose::key::{Key, KeyMaterial, Secret};
use jose::token::{decode_compact, inspect_compact};
use jose::verify::{verify_compact, VerifyOptions};
use proptest::prelude::*;

/// Segments built from the base64url alphabet plus the characters that break it.
fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_=+/ \\-]{0,40}"
}

/// A JSON header or payload, encoded, so decoding reaches the JSON and `alg` checks.
fn encoded_json() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"alg":"HS256"}"#.to_owned()),
        Just(r#"{"alg":"none"}"#.to_owned()),
        Just(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#.to_owned()),
        Just(r#"{"alg":"HS256","crit":["x"],"x":1}"#.to_owned()),
        "[{}\\[\\]\",:a-z0-9 ]{0,30}",
    ]
    .prop_map(|json| b64::encode(json.as_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(input in any::<String>()) {
        let inspection = inspect_compact(&input);
        prop_assert_eq!(decode_compact(&input).is_ok(), inspection.token.is_ok());
        let _ = parse_strict(&input);
        let _ = b64::decode(B64Field::Payload, &input);
    }

    #[test]
    fn dot_joined_segments_never_panic(segments in prop::collection::vec(segment(), 0..7)) {
        let input = segments.join(".");
        let _ = inspect_compact(&input);
        if let Ok(token) = decode_compact(&input) {
            // Whatever decodes has a signing input that is a prefix of the tidied text.
            prop_assert!(token.compact().starts_with(token.signing_input()));
        }
    }

    #[test]
    fn decodable_headers_with_any_payload_and_signature_never_panic_in_verify(
        header in encoded_json(),
        payload in encoded_json(),
        signature in prop::collection::vec(any::<u8>(), 0..80),
    ) {
        let input = format!("{header}.{payload}.{}", b64::encode(&signature));
        if let Ok(token) = decode_compact(&input) {
            let key = Key::new(KeyMaterial::Secret(Secret::new(vec![1u8; 32])));
            let result = verify_compact(&token, &[key], &VerifyOptions::default());
            prop_assert!(result.is_err(), "a random signature verified");
        }
    }

    #[test]
    fn json_like_text_never_panics_and_valid_json_round_trips(
        text in "[{}\\[\\]\",:a-c0-9 .eE+\\-]{0,60}"
    ) {
        if let Ok(value) = parse_strict(&text) {
            let reparsed = parse_strict(&value.to_string());
            prop_assert_eq!(reparsed.ok(), Some(value));
        }
    }

    #[test]
    fn base64url_round_trips_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        prop_assert_eq!(b64::decode(B64Field::Signature, &b64::encode(&bytes)).ok(), Some(bytes));
    }
}
