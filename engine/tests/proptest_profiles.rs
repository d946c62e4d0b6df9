//! Property tests: no header, payload or scope string, however odd, makes the checks panic.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::claims::{check_time_claims, describe_time, parse_numeric_date};
use jose::profiles::{check, check_with_leeway, detect, parse_scope, Profile};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Names the checks look at, so generated objects hit the interesting paths often.
const NAMES: &[&str] = &[
    "alg",
    "kid",
    "typ",
    "jku",
    "jwk",
    "x5u",
    "x5c",
    "crit",
    "b64",
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "scope",
    "type",
    "azp",
    "nonce",
    "resource",
    "definition",
    "patient",
    "intent",
    "idp_hint",
    "hti-version",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        (-10_000_000_000i64..10_000_000_000_000).prop_map(Value::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "none",
            "HS256",
            "RS384",
            "ES384",
            "PS256",
            "EdDSA",
            "access",
            "Device/1",
            "Task/1",
            "Patient/1",
            "https://a/token",
            "2.0",
            "system/Task.crus?resource-origin=Device/a,",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z*/.?=,&-]{0,40}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(NAMES.to_vec()), inner), 0..8).prop_map(
                |pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(name, value)| (name.to_owned(), value))
                            .collect(),
                    )
                }
            ),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(
        (
            prop::sample::select(NAMES.to_vec()).prop_map(str::to_owned),
            json_value(),
        ),
        0..14,
    )
    .prop_map(|pairs| pairs.into_iter().collect())
}

fn payload() -> impl Strategy<Value = Value> {
    prop_oneof![json_object().prop_map(Value::Object), json_value()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics_for_any_profile(header in json_object(), payload in payload(), now in any::<i64>()) {
        for profile in Profile::ALL {
            let report = check(profile, &header, &payload, now);
            prop_assert_ne!(report.profile, Profile::Auto);
            prop_assert_eq!(report.detected, profile == Profile::Auto);
        }
    }

    #[test]
    fn check_with_any_leeway_never_panics(header in json_object(), payload in payload(), now in any::<i64>(), leeway in any::<i64>()) {
        let report = check_with_leeway(Profile::Auto, &header, &payload, now, leeway);
        prop_assert_eq!(report.profile, detect(&header, &payload));
    }

    #[test]
    fn findings_are_one_line(header in json_object(), payload in payload(), now in any::<i64>()) {
        for profile in Profile::ALL {
            for finding in check(profile, &header, &payload, now).findings {
                prop_assert!(!finding.message.contains('\n'), "{}: {}", finding.rule, finding.message);
            }
        }
    }

    #[test]
    fn parse_scope_never_panics_and_keeps_every_entry(scope in "\\PC{0,120}") {
        let entries = parse_scope(&scope);
        prop_assert_eq!(entries.len(), scope.split_whitespace().count());
        for entry in entries {
            prop_assert!(!entry.description.is_empty());
        }
    }

    #[test]
    fn parse_scope_handles_scope_shaped_noise(scope in "((system|user|patient|x)/[A-Za-z*]{0,8}(\\.[crudsx*a-z]{0,6})?(\\?[a-z-]{0,16}=[A-Za-z/,.0-9]{0,20})? ?){0,5}") {
        for entry in parse_scope(&scope) {
            prop_assert!(entry.permissions.len() <= 5);
        }
    }

    #[test]
    fn time_helpers_never_panic(value in json_value(), ts in any::<i64>(), now in any::<i64>(), leeway in any::<i64>()) {
        let _ = parse_numeric_date(&value);
        let description = describe_time(ts, now);
        prop_assert!(!description.utc.is_empty() && !description.relative.is_empty());
        let payload = serde_json::json!({ "exp": value.clone(), "nbf": value.clone(), "iat": ts });
        let _ = check_time_claims(&payload, now, leeway);
    }
}
