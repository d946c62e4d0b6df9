//! Decoding compact JWS text: every `DecodeError` names where the problem is, pasted tokens
//! are tidied (and the tidying reported), and inspection shows what it can of a broken token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::b64::encode;
use jose::limits::MAX_INPUT_BYTES;
use jose::token::{decode_compact, inspect_compact, DecodeError, InputNote, Payload};
use serde_json::json;

/// A token from header and payload text and signature bytes.
fn token(header: &str, payload: &str, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        encode(header.as_bytes()),
        encode(payload.as_bytes()),
        encode(signature)
    )
}

const HS256: &str = r#"{"alg":"HS256"}"#;
const CLAIMS: &str = r#"{"sub":"alice"}"#;

fn message(input: &str) -> String {
    decode_compact(input).unwrap_err().to_string()
}

#[test]
fn each_decode_error_says_where_and_what() {
    let good_payload = encode(CLAIMS.as_bytes());
    let good_header = encode(HS256.as_bytes());
    let cases: Vec<(String, &str)> = vec![
        ("  \n ".into(), "no token: the input is empty"),
        ("a.b".into(), "a compact JWS has 3 segments separated by '.' (header.payload.signature); found 2"),
        ("a.b.c.d".into(), "found 4"),
        (format!("eyJ+{}.{good_payload}.c2ln", &good_header[4..]), "header (segment 1) is not valid base64url: character 3 is '+' (that is standard base64"),
        (format!("{good_header}.{good_payload}.c2ln="), "signature (segment 3) is not valid base64url: padding '=' at character 4"),
        (format!("{good_header}.{}x.c2ln", &good_payload), "payload (segment 2) is not valid base64url"),
        (format!("{}.{good_payload}.c2ln", encode(&[0x7b, 0xff, 0x7d])), "header (segment 1) decodes to bytes that are not UTF-8 text (invalid byte at offset 1)"),
        (token("{\"alg\":\"HS256\",\n}", CLAIMS, b"sig"), "header (segment 1) is not valid JSON: trailing comma (line 2, column 1)"),
        (token(r#"{"alg":"RS256","alg":"none"}"#, CLAIMS, b"sig"), "header (segment 1) is not valid JSON: duplicate member \"alg\""),
        (token(HS256, r#"{"sub":"a","sub":"b"}"#, b"sig"), "payload (segment 2) is not valid JSON: duplicate member \"sub\""),
        (token("[1]", CLAIMS, b"sig"), "the header must be a JSON object; found an array"),
        (token(r#"{"typ":"JWT"}"#, CLAIMS, b"sig"), "the header has no \"alg\" member"),
        (token(r#"{"alg":256}"#, CLAIMS, b"sig"), "the header's \"alg\" must be a string; found a number"),
    ];
    for (input, expected) in cases {
        let message = message(&input);
        assert!(
            message.contains(expected),
            "input {input:?}\n  got:      {message}\n  expected: {expected}"
        );
    }
}

#[test]
fn input_over_the_size_limit_is_refused_before_parsing() {
    let huge = "a".repeat(MAX_INPUT_BYTES + 1);
    assert_eq!(
        decode_compact(&huge).unwrap_err(),
        DecodeError::TooLarge {
            bytes: MAX_INPUT_BYTES + 1
        }
    );
    assert!(message(&huge).contains("at most 1048576 bytes"));
}

#[test]
fn a_five_segment_jwe_is_named_and_its_header_shown() {
    let jwe = format!(
        "{}.a.b.c.d",
        encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
    );
    let err = decode_compact(&jwe).unwrap_err();
    let DecodeError::Jwe {
        header: Some(header),
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(header["enc"], "A256GCM");
    assert!(
        err.to_string()
            .starts_with("this is a JWE (an encrypted token: 5 segments)"),
        "{err}"
    );
    assert!(
        err.to_string().contains("alg RSA-OAEP, enc A256GCM"),
        "{err}"
    );
}

#[test]
fn five_segments_without_a_jwe_header_are_a_segment_count_error() {
    let launch = format!(
        "launch={}&iss=https%3A%2F%2Ffhir.example.org%2Ffhir",
        token(HS256, CLAIMS, b"signature-bytes")
    );
    for text in [launch.as_str(), "a.b.c.d.e"] {
        let err = decode_compact(text).unwrap_err();
        assert_eq!(err, DecodeError::SegmentCount { found: 5 }, "{text}");
        assert!(err.to_string().ends_with("found 5"), "{err}");
    }
}

#[test]
fn five_segments_whose_header_lacks_enc_are_not_a_jwe() {
    let jws_header_with_extra_dots = format!("{}.a.b.c.d", encode(br#"{"alg":"RS256"}"#));
    assert_eq!(
        decode_compact(&jws_header_with_extra_dots).unwrap_err(),
        DecodeError::SegmentCount { found: 5 }
    );
}

#[test]
fn bearer_prefix_surrounding_whitespace_and_line_breaks_are_tolerated_and_reported() {
    let clean = token(HS256, CLAIMS, b"signature-bytes");
    let (first, rest) = clean.split_at(10);
    let pasted = format!("  Bearer {first}\r\n    {rest}\n");
    let token = decode_compact(&pasted).unwrap();
    assert_eq!(token.compact(), clean);
    assert_eq!(
        token.input_notes(),
        [
            InputNote::SurroundingWhitespace,
            InputNote::BearerPrefix,
            InputNote::LineBreaks { count: 1 }
        ]
    );
    assert!(token
        .findings()
        .iter()
        .any(|f| f.rule == "token.input-tidied"));
}

#[test]
fn whitespace_inside_a_line_is_not_forgiven() {
    let clean = token(HS256, CLAIMS, b"sig");
    let (first, rest) = clean.split_at(5);
    assert!(message(&format!("{first} {rest}"))
        .contains("character 5 is ' ' (whitespace is not allowed"));
}

#[test]
fn the_signing_input_is_the_exact_text_not_a_reserialization() {
    // RFC 7515 A.1's header has a CR LF and a space inside.
    let header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
    let compact = token(header, CLAIMS, b"sig");
    let token = decode_compact(&compact).unwrap();
    assert_eq!(token.header_text(), header);
    assert_eq!(token.signing_input(), compact.rsplit_once('.').unwrap().0);
    assert_eq!(token.header_b64(), encode(header.as_bytes()));
    assert_eq!(token.signature(), b"sig");
}

#[test]
fn unknown_and_none_algorithms_decode_but_have_no_algorithm() {
    let none = decode_compact(&format!(
        "{}.{}.",
        encode(br#"{"alg":"none"}"#),
        encode(CLAIMS.as_bytes())
    ))
    .unwrap();
    assert!(none.signature().is_empty());
    assert!(none.alg().unwrap_err().to_string().contains("never valid"));
    assert!(none.findings().iter().any(|f| f.rule == "token.alg-none"));

    let lowercase = decode_compact(&token(r#"{"alg":"hs256"}"#, CLAIMS, b"s")).unwrap();
    assert!(lowercase
        .alg()
        .unwrap_err()
        .to_string()
        .contains("unknown \"alg\" \"hs256\""));
}

#[test]
fn payload_that_is_not_json_is_kept_as_text_or_bytes() {
    let text = decode_compact(&token(HS256, "hello, world", b"s")).unwrap();
    assert_eq!(text.payload(), &Payload::Text("hello, world".into()));
    assert!(text.claims().is_none());
    let binary = decode_compact(&format!(
        "{}.{}.{}",
        encode(HS256.as_bytes()),
        encode(&[0xff, 0xfe]),
        encode(b"s")
    ))
    .unwrap();
    assert_eq!(binary.payload(), &Payload::Binary(vec![0xff, 0xfe]));
}

#[test]
fn header_members_b64_and_crit_are_exposed() {
    let header = r#"{"alg":"HS256","b64":false,"crit":["b64"],"kid":"k"}"#;
    let token = decode_compact(&format!(
        "{}.raw payload.{}",
        encode(header.as_bytes()),
        encode(b"s")
    ))
    .unwrap();
    assert!(token.unencoded_payload());
    assert_eq!(token.payload_bytes(), b"raw payload");
    assert_eq!(token.crit(), Some(&json!(["b64"])));
    assert_eq!(token.kid(), Some("k"));
    let findings = token.findings();
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    // `crit` lists `b64`, which is present and understood: nothing to say about `crit` itself.
    assert!(rules.contains(&"header.b64-false"), "{rules:?}");
    assert!(!rules.iter().any(|rule| rule.contains("crit")), "{rules:?}");
}

#[test]
fn inspection_shows_header_and_payload_when_the_signature_is_broken() {
    let compact = format!(
        "{}.{}.not*base64",
        encode(HS256.as_bytes()),
        encode(CLAIMS.as_bytes())
    );
    let inspection = inspect_compact(&compact);
    assert_eq!(inspection.segment_count, 3);
    assert_eq!(inspection.header.unwrap().unwrap()["alg"], "HS256");
    assert_eq!(
        inspection.payload.unwrap().unwrap(),
        Payload::Json(json!({"sub":"alice"}))
    );
    let signature_error = inspection.signature.unwrap().unwrap_err().to_string();
    assert!(
        signature_error.contains("signature (segment 3)")
            && signature_error.contains("character 3 is '*'")
    );
    assert!(inspection.token.is_err());
}

#[test]
fn inspection_shows_the_payload_when_the_header_is_broken() {
    let compact = format!("{}.{}.", encode(b"{not json"), encode(CLAIMS.as_bytes()));
    let inspection = inspect_compact(&compact);
    assert_eq!(inspection.header_text.as_deref(), Some("{not json"));
    assert!(inspection.header.unwrap().is_err());
    assert!(inspection.payload.unwrap().is_ok());
}
