//! "Checking as…": what the receiver knows, as the user typed it, and what it means for the
//! engine ([`jose::profiles::Expectations`]) and the clock the checks run at.
//!
//! Kept in the shared state with the Decoder's inputs, in memory only. A share link may carry it
//! beside the token (never a key): [`ExpectationsDraft::to_query`] / [`ExpectationsDraft::from_query`].

use jose::profiles::Expectations;

/// The expectation inputs as typed (`expect-*-input`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpectationsDraft {
    /// My token endpoint URL, my `Device/<id>` or my client_id, depending on the profile.
    pub audience: String,
    /// The issuers I trust, separated by spaces, commas or new lines.
    pub issuers: String,
    /// The nonce I sent (id_token).
    pub nonce: String,
    /// "Evaluate at": ISO 8601 or Unix seconds; empty means now.
    pub time: String,
    /// Clock skew in seconds; empty means the default.
    pub leeway: String,
}

/// One expectation input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectField {
    /// `expect-aud-input`.
    Audience,
    /// `expect-iss-input`.
    Issuers,
    /// `expect-nonce-input`.
    Nonce,
    /// `expect-time-input`.
    Time,
    /// `expect-leeway-input`.
    Leeway,
}

/// The share-link parameter of each field, in link order.
const QUERY_NAMES: [&str; 5] = ["aud", "iss", "nonce", "at", "leeway"];

/// What the draft means: the engine's expectations, the time to check at, and what could not be
/// read (field testid, message).
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// For the profile checks.
    pub expectations: Expectations,
    /// Unix seconds the checks run at.
    pub at: i64,
    /// True when "evaluate at" was given (the verdict then says it is not about now).
    pub at_given: bool,
    /// Inputs that could not be read, with why.
    pub problems: Vec<(&'static str, String)>,
}

impl ExpectationsDraft {
    fn fields(&self) -> [&String; 5] {
        [&self.audience, &self.issuers, &self.nonce, &self.time, &self.leeway]
    }

    fn fields_mut(&mut self) -> [&mut String; 5] {
        [
            &mut self.audience,
            &mut self.issuers,
            &mut self.nonce,
            &mut self.time,
            &mut self.leeway,
        ]
    }

    /// Sets one field to what was typed.
    pub fn set(&mut self, field: ExpectField, value: String) {
        let slot = match field {
            ExpectField::Audience => &mut self.audience,
            ExpectField::Issuers => &mut self.issuers,
            ExpectField::Nonce => &mut self.nonce,
            ExpectField::Time => &mut self.time,
            ExpectField::Leeway => &mut self.leeway,
        };
        *slot = value;
    }

    /// True when nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|field| field.trim().is_empty())
    }

    /// `&aud=…&iss=…` for a share link (only the fields that are set), each value encoded by
    /// `encode`.
    pub fn to_query(&self, encode: impl Fn(&str) -> String) -> String {
        QUERY_NAMES
            .iter()
            .zip(self.fields())
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(name, value)| format!("&{name}={}", encode(value.trim())))
            .collect()
    }

    /// The expectations a share link carries; `param` reads one decoded query parameter.
    pub fn from_query(param: impl Fn(&str) -> Option<String>) -> ExpectationsDraft {
        let mut draft = ExpectationsDraft::default();
        for (name, field) in QUERY_NAMES.iter().zip(draft.fields_mut()) {
            if let Some(value) = param(name) {
                *field = value;
            }
        }
        draft
    }

    /// What the inputs mean, with `now` (Unix seconds) for an empty "evaluate at".
    pub fn resolve(&self, now: i64) -> Resolved {
        let mut problems = Vec::new();
        let text = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
        let (at, at_given) = match text(&self.time) {
            None => (now, false),
            Some(time) => match parse_instant(&time) {
                Ok(at) => (at, true),
                Err(why) => {
                    problems.push(("expect-time-input", why));
                    (now, false)
                }
            },
        };
        let leeway_secs = match text(&self.leeway) {
            None => None,
            Some(leeway) => match leeway.parse::<i64>() {
                Ok(seconds) if (0..=86_400).contains(&seconds) => Some(seconds),
                _ => {
                    problems.push((
                        "expect-leeway-input",
                        format!("expected whole seconds from 0 to 86400, found {leeway:?}"),
                    ));
                    None
                }
            },
        };
        Resolved {
            expectations: Expectations {
                audience: text(&self.audience),
                issuers: self
                    .issuers
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|issuer| !issuer.is_empty())
                    .map(str::to_owned)
                    .collect(),
                nonce: text(&self.nonce),
                leeway_secs,
            },
            at,
            at_given,
            problems,
        }
    }
}

/// Unix seconds from "evaluate at": whole seconds, or ISO 8601 (`2026-12-01T12:00:00Z`, with an
/// offset, or without one meaning UTC; a bare date is midnight UTC).
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    if let Ok(date) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(date.timestamp());
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(date) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(date.and_utc().timestamp());
        }
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if let Some(midnight) = date.and_hms_opt(0, 0, 0) {
            return Ok(midnight.and_utc().timestamp());
        }
    }
    Err(format!(
        "expected Unix seconds or an ISO 8601 time such as 2026-12-01T12:00:00Z, found {text:?}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluate_at_reads_unix_seconds_and_iso_8601() {
        let cases = [
            ("1764590400", Ok(1_764_590_400)),
            ("2025-12-01T12:00:00Z", Ok(1_764_590_400)),
            ("2025-12-01T13:00:00+01:00", Ok(1_764_590_400)),
            ("2025-12-01T12:00:00", Ok(1_764_590_400)),
            ("2025-12-01", Ok(1_764_547_200)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_instant(text), expected, "{text}");
        }
        assert!(parse_instant("yesterday").unwrap_err().contains("ISO 8601"));
    }

    #[test]
    fn an_empty_draft_means_now_and_no_expectations() {
        let resolved = ExpectationsDraft::default().resolve(42);

        assert_eq!((resolved.at, resolved.at_given), (42, false));
        assert_eq!(resolved.expectations, Expectations::default());
        assert!(resolved.problems.is_empty());
    }

    #[test]
    fn issuers_may_be_separated_by_spaces_commas_or_lines() {
        let draft = ExpectationsDraft {
            issuers: "https://a.example, https://b.example\nhttps://c.example".into(),
            ..Default::default()
        };

        assert_eq!(draft.resolve(0).expectations.issuers.len(), 3);
    }

    #[test]
    fn unreadable_inputs_are_reported_by_their_testid() {
        let draft = ExpectationsDraft {
            time: "soon".into(),
            leeway: "-5".into(),
            ..Default::default()
        };

        let fields: Vec<_> = draft.resolve(0).problems.iter().map(|(id, _)| *id).collect();

        assert_eq!(fields, ["expect-time-input", "expect-leeway-input"]);
    }

    #[test]
    fn a_share_link_carries_the_expectations_and_reads_them_back() {
        let draft = ExpectationsDraft {
            audience: "Device/module-1".into(),
            nonce: "n-0S6".into(),
            ..Default::default()
        };

        let query = draft.to_query(str::to_owned);
        assert_eq!(query, "&aud=Device/module-1&nonce=n-0S6");
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let back = ExpectationsDraft::from_query(|name| {
            pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        });
        assert_eq!(back, draft);
    }
}
