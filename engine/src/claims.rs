//! Registered JWT claims (RFC 7519 §4.1): time claims and audiences.
//!
//! Everything here takes the current time as `now` (Unix seconds) and a leeway in seconds, so the
//! engine never reads a clock. Bad input (a date written as a string, in milliseconds, negative,
//! with a fraction) is reported as a [`Finding`], never a panic.
//!
//! Rule ids produced here: `token.expired`, `token.expired-within-leeway`, `token.not-yet-valid`,
//! `token.iat-in-future`, `token.exp-missing`, `token.exp-before-iat`, `token.exp-before-nbf`,
//! `token.time-not-number`, `token.time-fraction`, `token.time-negative`,
//! `token.time-milliseconds`, `token.time-out-of-range`.

use core::fmt;

use serde_json::Value;

/// Every rule id the time-claim checks ([`check_time_claims`]) can produce.
pub const TIME_RULE_IDS: &[&str] = &[
    "token.expired",
    "token.expired-within-leeway",
    "token.not-yet-valid",
    "token.iat-in-future",
    "token.exp-missing",
    "token.exp-before-iat",
    "token.exp-before-nbf",
    "token.time-not-number",
    "token.time-fraction",
    "token.time-negative",
    "token.time-milliseconds",
    "token.time-out-of-range",
];

use super::finding::{Finding, Severity};
use super::json::kind_of;

/// Clock skew tolerated between issuer and receiver, in seconds, unless the caller says otherwise.
pub const DEFAULT_LEEWAY_SECS: i64 = 60;

/// A NumericDate above this (year 5138) is almost certainly in milliseconds, not seconds.
pub const MILLISECONDS_THRESHOLD: i64 = 100_000_000_000;

/// The time claims RFC 7519 defines, in the order they are checked and shown.
pub const TIME_CLAIMS: [&str; 3] = ["iat", "nbf", "exp"];

const SOURCE_EXP: &str = "RFC 7519 §4.1.4 (exp)";
const SOURCE_NBF: &str = "RFC 7519 §4.1.5 (nbf)";
const SOURCE_IAT: &str = "RFC 7519 §4.1.6 (iat)";
const SOURCE_NUMERIC_DATE: &str = "RFC 7519 §2 (NumericDate)";

/// A usable NumericDate: whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumericDate {
    /// Seconds since the epoch (rounded down when the JSON number had a fraction).
    pub seconds: i64,
    /// True when the JSON number had a fractional part (allowed by RFC 7519, rejected by some libraries).
    pub fractional: bool,
}

/// Why a claim value cannot be used as a NumericDate.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NumericDateError {
    /// Not a JSON number at all: `found` names what it is ("a string", "an array", …).
    NotANumber {
        /// What the value is instead.
        found: &'static str,
    },
    /// A string holding digits, e.g. `"1700000000"`.
    NumericString(String),
    /// A number so large it is probably milliseconds since the epoch.
    Milliseconds(i64),
    /// A number no date can represent (beyond ±2^63 seconds, or not finite).
    OutOfRange(String),
}

impl fmt::Display for NumericDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumericDateError::NotANumber { found } => {
                write!(
                    f,
                    "expected a JSON number of seconds since 1970, found {found}"
                )
            }
            NumericDateError::NumericString(text) => write!(
                f,
                "expected a JSON number of seconds since 1970, found the string {}",
                quote(text)
            ),
            NumericDateError::Milliseconds(value) => write!(
                f,
                "{value} looks like milliseconds (as seconds it is after the year 5000); \
                 expected seconds since 1970, e.g. {}",
                value / 1000
            ),
            NumericDateError::OutOfRange(text) => {
                write!(
                    f,
                    "{text} is outside any date range; expected seconds since 1970"
                )
            }
        }
    }
}

impl std::error::Error for NumericDateError {}

/// Reads a claim value as a NumericDate (RFC 7519 §2).
pub fn parse_numeric_date(value: &Value) -> Result<NumericDate, NumericDateError> {
    let number = match value {
        Value::Number(number) => number,
        Value::String(text) => {
            let trimmed = text.trim();
            let numeric = trimmed.chars().any(|c| c.is_ascii_digit())
                && trimmed
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.');
            return Err(if numeric {
                NumericDateError::NumericString(text.clone())
            } else {
                NumericDateError::NotANumber { found: "a string" }
            });
        }
        other => {
            return Err(NumericDateError::NotANumber {
                found: kind_of(other),
            })
        }
    };
    let date = if let Some(seconds) = number.as_i64() {
        NumericDate {
            seconds,
            fractional: false,
        }
    } else if let Some(float) = number.as_f64() {
        // 2^63 as f64; anything at or beyond it does not fit an i64.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let floor = float.floor();
        if !floor.is_finite() || !(-LIMIT..LIMIT).contains(&floor) {
            return Err(NumericDateError::OutOfRange(number.to_string()));
        }
        // In range, checked just above, so the cast cannot saturate.
        #[allow(clippy::cast_possible_truncation)]
        let seconds = floor as i64;
        NumericDate {
            seconds,
            fractional: float.fract() != 0.0,
        }
    } else {
        return Err(NumericDateError::OutOfRange(number.to_string()));
    };
    if date.seconds > MILLISECONDS_THRESHOLD {
        return Err(NumericDateError::Milliseconds(date.seconds));
    }
    Ok(date)
}

/// Every audience in an `aud` claim: a single string or the strings of an array (others skipped).
pub fn audiences(aud: &Value) -> Vec<&str> {
    match aud {
        Value::String(single) => vec![single.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A time shown two ways: as a UTC date and relative to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeDescription {
    /// E.g. `2026-11-29 10:15:00 UTC`.
    pub utc: String,
    /// E.g. `in 4 minutes`, `3 hours ago`, `expired 3 hours ago`, `now`.
    pub relative: String,
}

/// Describes `ts` (Unix seconds) relative to `now`: "in 4 minutes", "3 hours ago" or "now".
pub fn describe_time(ts: i64, now: i64) -> TimeDescription {
    let distance = describe_duration(ts.abs_diff(now));
    let relative = match ts.cmp(&now) {
        core::cmp::Ordering::Greater => format!("in {distance}"),
        core::cmp::Ordering::Less => format!("{distance} ago"),
        core::cmp::Ordering::Equal => "now".to_owned(),
    };
    TimeDescription {
        utc: format_utc(ts),
        relative,
    }
}

/// Like [`describe_time`], but an `exp` at or before `now` reads "expired 3 hours ago".
pub fn describe_claim_time(claim: &str, ts: i64, now: i64) -> TimeDescription {
    let mut description = describe_time(ts, now);
    if claim == "exp" && ts <= now {
        description.relative = if ts == now {
            "expired just now".to_owned()
        } else {
            format!("expired {}", description.relative)
        };
    }
    description
}

/// `ts` as `2026-11-29 10:15:00 UTC`, or a note when no calendar date fits.
pub fn format_utc(ts: i64) -> String {
    match chrono::DateTime::from_timestamp(ts, 0) {
        Some(date) => date.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        None => format!("{ts} (outside the calendar range)"),
    }
}

/// A length of time in the largest whole unit: "1 second", "59 seconds", "4 minutes", "3 hours", "12 days".
pub fn describe_duration(seconds: u64) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    let (count, unit) = if seconds < MINUTE {
        (seconds, "second")
    } else if seconds < HOUR {
        (seconds / MINUTE, "minute")
    } else if seconds < DAY {
        (seconds / HOUR, "hour")
    } else {
        (seconds / DAY, "day")
    };
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

/// The usable time claims of a payload (missing or malformed ones are `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeClaims {
    /// Issued at.
    pub iat: Option<i64>,
    /// Not before.
    pub nbf: Option<i64>,
    /// Expiration time.
    pub exp: Option<i64>,
}

impl TimeClaims {
    /// Reads `iat`, `nbf` and `exp`; anything that is not a usable NumericDate becomes `None`.
    pub fn from_payload(payload: &Value) -> Self {
        let read = |name: &str| {
            payload
                .get(name)
                .and_then(|value| parse_numeric_date(value).ok())
                .map(|d| d.seconds)
        };
        TimeClaims {
            iat: read("iat"),
            nbf: read("nbf"),
            exp: read("exp"),
        }
    }

    /// `exp - iat` in seconds, when both are usable.
    pub fn lifetime(&self) -> Option<i64> {
        self.exp?.checked_sub(self.iat?)
    }
}

/// Checks `exp`, `nbf` and `iat` of `payload` against `now`, allowing `leeway_secs` of clock skew.
///
/// A missing `exp` is reported as `token.exp-missing` (info: profiles that require it raise it).
/// A non-object payload yields no findings here (the caller reports that once).
pub fn check_time_claims(payload: &Value, now: i64, leeway_secs: i64) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(object) = payload.as_object() else {
        return findings;
    };
    let leeway = leeway_secs.max(0);

    for name in TIME_CLAIMS {
        if let Some(value) = object.get(name) {
            findings.extend(numeric_date_findings(name, value));
        }
    }
    let times = TimeClaims::from_payload(payload);

    match times.exp {
        None if !object.contains_key("exp") => findings.push(
            Finding::new(
                "token.exp-missing",
                Severity::Info,
                "no `exp`: the token never expires (expected an expiration time)",
            )
            .with_source(SOURCE_EXP),
        ),
        None => {}
        Some(exp) => {
            let when = describe_claim_time("exp", exp, now);
            let late = now.saturating_sub(exp);
            if late >= leeway {
                findings.push(
                    Finding::new(
                        "token.expired",
                        Severity::Error,
                        format!(
                            "`exp` is {}: {} (now {}, leeway {leeway} s)",
                            when.utc,
                            when.relative,
                            format_utc(now)
                        ),
                    )
                    .with_source(SOURCE_EXP),
                );
            } else if late >= 0 {
                findings.push(
                    Finding::new(
                        "token.expired-within-leeway",
                        Severity::Info,
                        format!(
                            "`exp` is {}: {}, but within the {leeway} s clock-skew leeway",
                            when.utc, when.relative
                        ),
                    )
                    .with_source(SOURCE_EXP),
                );
            }
        }
    }

    if let Some(nbf) = times.nbf {
        if nbf.saturating_sub(now) > leeway {
            let when = describe_time(nbf, now);
            findings.push(
                Finding::new(
                    "token.not-yet-valid",
                    Severity::Error,
                    format!(
                        "`nbf` is {}: valid only {} (expected at or before now, {}, leeway {leeway} s)",
                        when.utc,
                        when.relative,
                        format_utc(now)
                    ),
                )
                .with_source(SOURCE_NBF),
            );
        }
    }

    if let Some(iat) = times.iat {
        if iat.saturating_sub(now) > leeway {
            let when = describe_time(iat, now);
            findings.push(
                Finding::new(
                    "token.iat-in-future",
                    Severity::Warning,
                    format!(
                        "`iat` is {}, {} (expected at or before now, {}, leeway {leeway} s): \
                         the issuer's clock is ahead or the value is wrong",
                        when.utc,
                        when.relative,
                        format_utc(now)
                    ),
                )
                .with_source(SOURCE_IAT),
            );
        }
    }

    if let (Some(exp), Some(iat)) = (times.exp, times.iat) {
        if exp <= iat {
            findings.push(
                Finding::new(
                    "token.exp-before-iat",
                    Severity::Error,
                    format!(
                        "`exp` ({}) is not after `iat` ({}): the token was never valid",
                        format_utc(exp),
                        format_utc(iat)
                    ),
                )
                .with_source(SOURCE_EXP),
            );
        }
    }
    if let (Some(exp), Some(nbf)) = (times.exp, times.nbf) {
        if exp <= nbf {
            findings.push(
                Finding::new(
                    "token.exp-before-nbf",
                    Severity::Error,
                    format!(
                        "`exp` ({}) is not after `nbf` ({}): the token is never valid",
                        format_utc(exp),
                        format_utc(nbf)
                    ),
                )
                .with_source(SOURCE_NBF),
            );
        }
    }
    findings
}

/// Findings about how one time claim is written (not about what time it says).
fn numeric_date_findings(name: &str, value: &Value) -> Vec<Finding> {
    let source = SOURCE_NUMERIC_DATE;
    match parse_numeric_date(value) {
        Ok(date) => {
            let mut findings = Vec::new();
            if date.fractional {
                findings.push(
                    Finding::new(
                        "token.time-fraction",
                        Severity::Warning,
                        format!(
                            "`{name}` is {value}, with a fraction: RFC 7519 allows it but many \
                             libraries expect whole seconds (e.g. {})",
                            date.seconds
                        ),
                    )
                    .with_source(source),
                );
            }
            if date.seconds < 0 {
                findings.push(
                    Finding::new(
                        "token.time-negative",
                        Severity::Warning,
                        format!(
                            "`{name}` is {} ({}), before 1970: expected a recent time in seconds",
                            date.seconds,
                            format_utc(date.seconds)
                        ),
                    )
                    .with_source(source),
                );
            }
            findings
        }
        Err(error) => {
            let (rule, severity) = match error {
                NumericDateError::Milliseconds(_) => ("token.time-milliseconds", Severity::Error),
                NumericDateError::OutOfRange(_) => ("token.time-out-of-range", Severity::Error),
                _ => ("token.time-not-number", Severity::Error),
            };
            vec![Finding::new(
                rule,
                severity,
                format!("`{name}`: {error}; not checked against the clock"),
            )
            .with_source(source)]
        }
    }
}

/// A user-supplied string for a one-line message: quoted, escaped, cut at 80 characters.
pub(crate) fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    if text.chars().count() > MAX_CHARS {
        let cut: String = text.chars().take(MAX_CHARS).collect();
        format!("{cut:?}…")
    } else {
        format!("{text:?}")
    }
}
