//! `extract_tokens` never panics and only ever returns token-shaped strings, whatever is pasted;
//! a token wrapped in any accepted shape comes back unchanged.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::paste::{extract_tokens, looks_like_token};
use proptest::prelude::*;

/// A compact JWS shape: `eyJ` header, payload, signature of base64url characters.
fn token() -> impl Strategy<Value = String> {
    (
        "[A-Za-z0-9_-]{1,30}",
        "[A-Za-z0-9_-]{1,60}",
        "[A-Za-z0-9_-]{0,40}",
    )
        .prop_map(|(header, payload, signature)| format!("eyJ{header}.{payload}.{signature}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_and_yields_only_token_shapes(input in any::<String>()) {
        for found in extract_tokens(&input).tokens {
            prop_assert!(looks_like_token(&found.token), "{:?}", found);
        }
    }

    #[test]
    fn form_like_text_never_panics(input in "[a-z_=&%+.A-F0-9:/?#\"' ]{0,200}") {
        for found in extract_tokens(&input).tokens {
            prop_assert!(looks_like_token(&found.token), "{:?}", found);
        }
    }

    #[test]
    fn a_token_in_any_accepted_shape_comes_back_unchanged(token in token(), shape in 0usize..7) {
        let text = match shape {
            0 => token.clone(),
            1 => format!("\"{token}\""),
            2 => format!("Authorization: Bearer {token}"),
            3 => format!("launch={token}&iss=https%3A%2F%2Ffhir.example.org"),
            4 => format!("https://m.example.org/?token={token}"),
            5 => serde_json::json!({"id_token": token, "token_type": "Bearer"}).to_string(),
            _ => format!("  {token}\n"),
        };
        let pasted = extract_tokens(&text);
        prop_assert_eq!(pasted.tokens.len(), 1, "{}", text);
        prop_assert_eq!(&pasted.tokens[0].token, &token);
    }
}
