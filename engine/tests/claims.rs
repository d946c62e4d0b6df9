//! Time claims, NumericDate parsing, audiences and the human descriptions of times.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::claims::{
    audiences, check_time_claims, describe_claim_time, describe_duration, describe_time,
    format_utc, parse_numeric_date, NumericDate, NumericDateError, TimeClaims, DEFAULT_LEEWAY_SECS,
};
use jose::Severity;
use serde_json::{json, Value};

/// 2026-11-29 10:15:00 UTC.
const NOW: i64 = 1_795_947_300;

#[test]
fn describe_time_formats_the_utc_date() {
    assert_eq!(describe_time(NOW, NOW).utc, "2026-11-29 10:15:00 UTC");
    assert_eq!(describe_time(0, NOW).utc, "1970-01-01 00:00:00 UTC");
}

#[test]
fn describe_time_says_how_far_away_in_the_largest_whole_unit() {
    let cases: &[(i64, &str)] = &[
        (0, "now"),
        (1, "in 1 second"),
        (-1, "1 second ago"),
        (59, "in 59 seconds"),
        (60, "in 1 minute"),
        (240, "in 4 minutes"),
        (3_599, "in 59 minutes"),
        (3_600, "in 1 hour"),
        (-10_800, "3 hours ago"),
        (86_399, "in 23 hours"),
        (86_400, "in 1 day"),
        (-172_800, "2 days ago"),
    ];
    for (offset, expected) in cases {
        assert_eq!(
            describe_time(NOW + offset, NOW).relative,
            *expected,
            "offset {offset}"
        );
    }
}

#[test]
fn describe_claim_time_says_expired_only_for_a_past_exp() {
    let cases: &[(&str, i64, &str)] = &[
        ("exp", -10_800, "expired 3 hours ago"),
        ("exp", 0, "expired just now"),
        ("exp", 240, "in 4 minutes"),
        ("iat", -10_800, "3 hours ago"),
        ("nbf", 240, "in 4 minutes"),
    ];
    for (claim, offset, expected) in cases {
        assert_eq!(
            describe_claim_time(claim, NOW + offset, NOW).relative,
            *expected,
            "{claim} {offset}"
        );
    }
}

#[test]
fn describe_time_survives_extreme_values() {
    let far = describe_time(i64::MAX, i64::MIN);
    assert!(far.relative.starts_with("in "), "{}", far.relative);
    assert!(format_utc(i64::MAX).contains("outside the calendar range"));
}

#[test]
fn describe_duration_uses_singular_and_plural() {
    let cases: &[(u64, &str)] = &[
        (0, "0 seconds"),
        (1, "1 second"),
        (2, "2 seconds"),
        (120, "2 minutes"),
        (7_200, "2 hours"),
    ];
    for (seconds, expected) in cases {
        assert_eq!(describe_duration(*seconds), *expected);
    }
}

#[test]
fn parse_numeric_date_accepts_numbers_and_reports_everything_else() {
    let cases: Vec<(Value, Result<NumericDate, NumericDateError>)> = vec![
        (
            json!(NOW),
            Ok(NumericDate {
                seconds: NOW,
                fractional: false,
            }),
        ),
        (
            json!(1_700_000_000.5),
            Ok(NumericDate {
                seconds: 1_700_000_000,
                fractional: true,
            }),
        ),
        (
            json!(1_700_000_000.0),
            Ok(NumericDate {
                seconds: 1_700_000_000,
                fractional: false,
            }),
        ),
        (
            json!(-5),
            Ok(NumericDate {
                seconds: -5,
                fractional: false,
            }),
        ),
        (
            json!("1700000000"),
            Err(NumericDateError::NumericString("1700000000".to_owned())),
        ),
        (
            json!("tomorrow"),
            Err(NumericDateError::NotANumber { found: "a string" }),
        ),
        (
            json!(true),
            Err(NumericDateError::NotANumber { found: "a boolean" }),
        ),
        (
            json!(null),
            Err(NumericDateError::NotANumber { found: "null" }),
        ),
        (
            json!([NOW]),
            Err(NumericDateError::NotANumber { found: "an array" }),
        ),
        (
            json!(1_700_000_000_000_i64),
            Err(NumericDateError::Milliseconds(1_700_000_000_000)),
        ),
        (
            json!(u64::MAX),
            Err(NumericDateError::OutOfRange(u64::MAX.to_string())),
        ),
        (
            json!(1e300),
            Err(NumericDateError::OutOfRange("1e+300".to_owned())),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(parse_numeric_date(&value), expected, "{value}");
    }
}

#[test]
fn numeric_date_errors_say_what_was_expected() {
    let message = NumericDateError::Milliseconds(1_700_000_000_000).to_string();
    assert!(
        message.contains("milliseconds") && message.contains("1700000000"),
        "{message}"
    );
    let message = NumericDateError::NumericString("17".to_owned()).to_string();
    assert!(
        message.contains("expected a JSON number") && message.contains("\"17\""),
        "{message}"
    );
}

#[test]
fn audiences_reads_a_string_or_the_strings_of_an_array() {
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!("fhir-server"), vec!["fhir-server"]),
        (json!(["a", "b"]), vec!["a", "b"]),
        (json!(["a", 1, null, "b"]), vec!["a", "b"]),
        (json!(42), vec![]),
        (json!({"aud": "x"}), vec![]),
    ];
    for (aud, expected) in cases {
        assert_eq!(audiences(&aud), expected, "{aud}");
    }
}

#[test]
fn time_claims_reads_usable_values_and_the_lifetime() {
    let times = TimeClaims::from_payload(&json!({"iat": NOW, "exp": NOW + 300, "nbf": "soon"}));
    assert_eq!(
        times,
        TimeClaims {
            iat: Some(NOW),
            nbf: None,
            exp: Some(NOW + 300)
        }
    );
    assert_eq!(times.lifetime(), Some(300));
    assert_eq!(TimeClaims::from_payload(&json!([])).lifetime(), None);
}

fn rules(payload: &Value, leeway: i64) -> Vec<String> {
    check_time_claims(payload, NOW, leeway)
        .into_iter()
        .map(|finding| finding.rule)
        .collect()
}

#[test]
fn the_leeway_decides_between_expired_and_within_leeway() {
    let payload = json!({"exp": NOW - 30});
    assert_eq!(rules(&payload, 0), vec!["token.expired"]);
    assert_eq!(
        rules(&payload, DEFAULT_LEEWAY_SECS),
        vec!["token.expired-within-leeway"]
    );
    assert_eq!(rules(&json!({"exp": NOW - 60}), 60), vec!["token.expired"]);
}

#[test]
fn the_leeway_tolerates_a_slightly_early_nbf_and_iat() {
    let payload = json!({"iat": NOW + 30, "nbf": NOW + 30, "exp": NOW + 300});
    assert!(rules(&payload, DEFAULT_LEEWAY_SECS).is_empty());
    assert_eq!(
        rules(&payload, 0),
        vec!["token.not-yet-valid", "token.iat-in-future"]
    );
}

#[test]
fn the_expired_message_says_when_and_how_long_ago() {
    let findings = check_time_claims(&json!({"exp": NOW - 10_800}), NOW, DEFAULT_LEEWAY_SECS);
    let expired = findings
        .iter()
        .find(|finding| finding.rule == "token.expired")
        .expect("expired finding");
    assert_eq!(expired.severity, Severity::Error);
    assert!(
        expired.message.contains("expired 3 hours ago"),
        "{}",
        expired.message
    );
    assert!(
        expired.message.contains("2026-11-29 07:15:00 UTC"),
        "{}",
        expired.message
    );
}

#[test]
fn a_missing_exp_is_only_info_here() {
    let findings = check_time_claims(&json!({"iss": "x"}), NOW, DEFAULT_LEEWAY_SECS);
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (findings[0].rule.as_str(), findings[0].severity),
        ("token.exp-missing", Severity::Info)
    );
}

#[test]
fn a_malformed_exp_is_reported_once_and_not_compared_with_the_clock() {
    assert_eq!(
        rules(&json!({"exp": "1700000000"}), 60),
        vec!["token.time-not-number"]
    );
    assert_eq!(
        rules(&json!({"exp": (NOW - 100) * 1000}), 60),
        vec!["token.time-milliseconds"]
    );
}

#[test]
fn a_non_object_payload_has_no_time_findings() {
    for payload in [json!(null), json!("text"), json!([1, 2]), json!(3)] {
        assert!(rules(&payload, 60).is_empty(), "{payload}");
    }
}
