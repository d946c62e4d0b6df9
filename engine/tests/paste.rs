//! Pastes tidied into tokens: every shape people paste, what is taken and what is said.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::paste::{extract_tokens, NamedToken, Pasted};
use serde_json::json;

/// A well-formed (unsigned-looking) compact JWS.
const A: &str = "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJQYXRpZW50LzEifQ.c2lnbmF0dXJl";
/// Another one.
const B: &str = "eyJhbGciOiJSUzM4NCJ9.eyJpc3MiOiJjbGllbnQtMSJ9.b3RoZXI";

fn named(name: &str, token: &str) -> NamedToken {
    NamedToken {
        name: name.to_owned(),
        token: token.to_owned(),
    }
}

#[test]
fn every_paste_shape_yields_its_tokens_and_names_them() {
    let wrapped = format!("{}\n  {}", &A[..20], &A[20..]);
    let cases: Vec<(String, Vec<NamedToken>)> = vec![
        (A.to_owned(), vec![named("pasted", A)]),
        (format!("  {A}\n"), vec![named("pasted", A)]),
        (wrapped, vec![named("pasted", A)]),
        (format!("\"{A}\""), vec![named("pasted", A)]),
        (format!("'{A}'"), vec![named("pasted", A)]),
        (format!("Authorization: Bearer {A}"), vec![named("Authorization", A)]),
        (format!("Bearer {A}"), vec![named("Authorization", A)]),
        (
            format!("curl -H \"Authorization: Bearer {A}\" https://fhir.example.org/Task"),
            vec![named("Authorization", A)],
        ),
        (format!("token={A}"), vec![named("token", A)]),
        (
            format!("launch={A}&iss=https%3A%2F%2Ffhir.example.org%2Ffhir"),
            vec![named("launch", A)],
        ),
        (
            format!(
                "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={A}&scope="
            ),
            vec![named("client_assertion", A)],
        ),
        (
            format!("https://module.example.org/launch?launch={A}&iss=https%3A%2F%2Ffhir.example.org"),
            vec![named("launch", A)],
        ),
        (
            format!("https://app.example.org/cb#id_token={B}&state=xyz"),
            vec![named("id_token", B)],
        ),
        (
            json!({"access_token": A, "id_token": B, "token_type": "Bearer", "resource": "Task/1"})
                .to_string(),
            vec![named("access_token", A), named("id_token", B)],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(extract_tokens(&text).tokens, expected, "{text}");
    }
}

#[test]
fn a_bare_token_comes_without_a_notice() {
    assert_eq!(
        extract_tokens(&format!("{A}\n")),
        Pasted {
            tokens: vec![named("pasted", A)],
            notice: None,
            context: Default::default(),
        }
    );
}

#[test]
fn notices_say_what_was_taken_from_what() {
    let cases = [
        (
            json!({"access_token": A, "id_token": B, "token_type": "Bearer"}).to_string(),
            "Took the access_token and id_token from a token endpoint response",
        ),
        (
            format!("launch={A}&iss=https%3A%2F%2Ffhir.example.org"),
            "Took `launch` from a form body; also present: iss=https://fhir.example.org",
        ),
        (
            format!("https://m.example.org/?launch={A}"),
            "Took `launch` from the URL's query",
        ),
        (
            format!("Authorization: Bearer {A}"),
            "Took the token from an Authorization: Bearer header",
        ),
        (format!("\"{A}\""), "Took the token from between quotes"),
        (
            format!("{}\n{}", &A[..10], &A[10..]),
            "Removed 1 whitespace character(s) from inside the token",
        ),
    ];
    for (text, notice) in cases {
        let found = extract_tokens(&text).notice.unwrap_or_default();
        assert!(found.starts_with(notice), "{text}: {found}");
    }
}

#[test]
fn a_token_response_keeps_its_other_members_as_context() {
    let response = json!({
        "access_token": "NOOP", "id_token": B, "token_type": "Bearer", "expires_in": 300,
        "resource": "Task/123", "patient": "Patient/1"
    });
    let pasted = extract_tokens(&response.to_string());
    assert_eq!(pasted.tokens, vec![named("id_token", B)]);
    assert_eq!(pasted.context["resource"], "Task/123");
    assert_eq!(pasted.context["expires_in"], 300);
    assert_eq!(pasted.context["access_token"], "NOOP");
    assert!(pasted.context.get("id_token").is_none());
    let notice = pasted.notice.unwrap_or_default();
    assert!(notice.contains("(`access_token` is not a JWT)"), "{notice}");
}

#[test]
fn form_fields_are_percent_decoded_into_context() {
    let pasted = extract_tokens(&format!(
        "launch={A}&iss=https%3A%2F%2Ffhir.example.org%2Ffhir"
    ));
    assert_eq!(pasted.context["iss"], "https://fhir.example.org/fhir");
}

#[test]
fn the_dots_of_other_fields_never_make_a_token() {
    for text in [
        "iss=https%3A%2F%2Ffhir.example.org&scope=system%2FTask.rs",
        "https://fhir.example.org/fhir/Task?_id=1.2.3",
        "hello world. this is. not a token.",
        "a.b.c",
        "1.2.3.4.5",
        "{\"access_token\": \"a.b.c\"}",
        "",
    ] {
        assert_eq!(extract_tokens(text).tokens, vec![], "{text}");
    }
}

#[test]
fn a_paste_over_the_size_limit_is_refused_with_a_notice() {
    let huge = A.repeat(jose::limits::MAX_INPUT_BYTES / A.len() + 1);
    let pasted = extract_tokens(&huge);
    assert!(pasted.tokens.is_empty());
    assert!(pasted.notice.unwrap_or_default().contains("at most"));
}

#[test]
fn a_five_segment_jwe_counts_as_a_token() {
    let jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn";
    assert_eq!(extract_tokens(jwe).tokens, vec![named("pasted", jwe)]);
}
