//! PKCE (RFC 7636): the Appendix B example, generated verifiers, and what a typed verifier may hold.

use jose::pkce::{CodeVerifier, PkceError};
use rand_core::OsRng;

/// RFC 7636 Appendix B: the verifier from the 32 octets listed there, and its S256 challenge.
const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[test]
fn the_rfc_7636_example_verifier_gives_its_challenge() {
    let verifier = CodeVerifier::parse(RFC7636_VERIFIER).expect("the RFC's verifier is valid");
    assert_eq!(verifier.challenge_s256(), RFC7636_CHALLENGE);
}

#[test]
fn a_generated_verifier_is_43_unreserved_characters_and_fresh() {
    let first = CodeVerifier::generate(&mut OsRng);
    let second = CodeVerifier::generate(&mut OsRng);
    assert_eq!(first.as_str().len(), 43);
    assert_eq!(CodeVerifier::parse(first.as_str()), Ok(first.clone()));
    assert_ne!(first, second);
}

#[test]
fn typed_verifiers_are_checked_against_rfc_7636_section_4_1() {
    let cases: &[(&str, Result<(), PkceError>)] = &[
        (&"a".repeat(43), Ok(())),
        (&"~._-".repeat(32), Ok(())),
        (&"a".repeat(42), Err(PkceError::Length { found: 42 })),
        (&"a".repeat(129), Err(PkceError::Length { found: 129 })),
        ("", Err(PkceError::Length { found: 0 })),
        (
            "abc+defghijklmnopqrstuvwxyzabcdefghijklmnopq",
            Err(PkceError::Character { index: 3, found: '+' }),
        ),
        (
            "abc defghijklmnopqrstuvwxyzabcdefghijklmnopq",
            Err(PkceError::Character { index: 3, found: ' ' }),
        ),
    ];
    for (text, expected) in cases {
        let parsed = CodeVerifier::parse(text).map(|_| ());
        assert_eq!(&parsed, expected, "{text:?}");
    }
}

#[test]
fn a_verifier_error_says_what_was_expected() {
    let err = CodeVerifier::parse("short").expect_err("too short");
    assert_eq!(
        err.to_string(),
        "the code verifier has 5 characters: expected 43 to 128 (RFC 7636 §4.1)"
    );
}
