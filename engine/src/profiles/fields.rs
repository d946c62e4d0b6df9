//! Small readers shared by the profiles: string claims, FHIR references, UUIDs, URLs.

use serde_json::{Map, Value};

use crate::finding::{Finding, Severity};
use crate::json::kind_of;

/// Why a required string member is not usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Absent {
    /// Not there at all.
    Missing,
    /// There, but `""`.
    Empty,
    /// There, but not a string.
    NotString(&'static str),
}

impl Absent {
    /// "missing", "an empty string", "a number, not a string".
    pub(crate) fn describe(self) -> String {
        match self {
            Absent::Missing => "missing".to_owned(),
            Absent::Empty => "an empty string".to_owned(),
            Absent::NotString(kind) => format!("{kind}, not a string"),
        }
    }
}

/// A non-empty string member of an object (header or payload).
pub(crate) fn string_member<'a>(
    object: Option<&'a Map<String, Value>>,
    name: &str,
) -> Result<&'a str, Absent> {
    match object.and_then(|object| object.get(name)) {
        None => Err(Absent::Missing),
        Some(Value::String(text)) if text.is_empty() => Err(Absent::Empty),
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(Absent::NotString(kind_of(other))),
    }
}

/// True when `text` is `<Type>/<id>` with `Type` one of `types` and `id` a FHIR id
/// (`[A-Za-z0-9\-\.]{1,64}`).
pub(crate) fn is_fhir_reference(text: &str, types: &[&str]) -> bool {
    match text.split_once('/') {
        Some((resource_type, id)) => types.contains(&resource_type) && is_fhir_id(id),
        None => false,
    }
}

/// A FHIR logical id: 1 to 64 of `A-Z a-z 0-9 - .`.
pub(crate) fn is_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// A UUID in its 8-4-4-4-12 hex form (any version).
pub(crate) fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// An absolute `http://` or `https://` URL with something after the scheme.
pub(crate) fn is_http_url(text: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| {
        text.strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// Raises the severity of every finding with `rule` (a generic rule a profile treats more
/// strictly), adds why to its message and cites the profile's source.
pub(crate) fn escalate(
    findings: &mut [Finding],
    rule: &str,
    severity: Severity,
    why: &str,
    source: &'static str,
) {
    for finding in findings.iter_mut().filter(|finding| finding.rule == rule) {
        if severity < finding.severity {
            finding.severity = severity;
        }
        finding.message = format!("{}; {why}", finding.message);
        finding.source = Some(source.to_owned());
    }
}

/// A finding when `exp` lies more than `max_secs` after `iat` (or after `now` when there is no
/// usable `iat`, allowing `leeway_secs` for clock skew). `who` names the rule's author.
pub(crate) fn lifetime_too_long(
    rule: &'static str,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
    max_secs: i64,
    who: &str,
    source: &'static str,
) -> Option<Finding> {
    use crate::claims::{describe_duration, TimeClaims};
    let times = TimeClaims::from_payload(payload);
    let exp = times.exp?;
    let (start, since, allowed) = match times.iat {
        Some(iat) => (iat, "`iat`", max_secs),
        None => (
            now,
            "now (there is no `iat`)",
            max_secs.saturating_add(leeway_secs.max(0)),
        ),
    };
    let lifetime = exp.saturating_sub(start);
    (lifetime > allowed).then(|| {
        Finding::new(
            rule,
            Severity::Error,
            format!(
                "`exp` is {lifetime} s ({}) after {since}: {who} allows at most {max_secs} s ({})",
                describe_duration(lifetime.unsigned_abs()),
                describe_duration(max_secs.unsigned_abs())
            ),
        )
        .with_source(source)
    })
}
