//! SMART / Koppeltaal `scope` strings: parsed, checked and explained in English.
//!
//! Koppeltaal's auth server grants space-separated SMART v2 scopes
//! `system/<Type>.<cruds>[?resource-origin=Device/<id>[,Device/<id>]]`, where `resource-origin`
//! limits access to resources created by those Devices (applications). `system/*.cruds` covers
//! every type. OpenID and launch scopes (`openid`, `fhirUser`, `launch`) are recognised too.
//!
//! Rule ids: `kt.scope.unknown`, `kt.scope.unknown-context`, `kt.scope.malformed`,
//! `kt.scope.no-permissions`, `kt.scope.unknown-permission`, `kt.scope.duplicate-permission`,
//! `kt.scope.permission-order`, `kt.scope.smart-v1`, `kt.scope.search-without-read`,
//! `kt.scope.bad-resource-origin`, `kt.scope.unknown-parameter`.

use super::fields::is_fhir_reference;
use super::sources;
use crate::claims::quote;
use crate::finding::{Finding, Severity};

/// The SMART v2 permission letters, in the order SMART requires, with their words.
const PERMISSIONS: [(char, &str); 5] = [
    ('c', "create"),
    ('r', "read"),
    ('u', "update"),
    ('d', "delete"),
    ('s', "search"),
];

/// Scopes that are not about FHIR resource types, with what they ask for.
const NON_RESOURCE_SCOPES: [(&str, &str); 8] = [
    ("openid", "an OpenID Connect id_token saying who signed in"),
    (
        "fhirUser",
        "the FHIR resource of the signed-in user (Patient/…, Practitioner/…) in the id_token",
    ),
    (
        "profile",
        "the signed-in user's profile claims (OpenID Connect)",
    ),
    (
        "launch",
        "the launch context (the Task being launched) of an EHR or HTI launch",
    ),
    ("launch/patient", "the patient of the launch context"),
    ("launch/encounter", "the encounter of the launch context"),
    (
        "offline_access",
        "a refresh token that works after the user leaves",
    ),
    (
        "online_access",
        "a refresh token that works while the user is online",
    ),
];

/// One space-separated entry of a `scope` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeEntry {
    /// The entry as written.
    pub raw: String,
    /// `system`, `user` or `patient` for resource scopes (as written); empty for others.
    pub context: String,
    /// The FHIR resource type (`Task`), `*` for all, or empty for non-resource scopes.
    pub resource_type: String,
    /// Granted operations as words, in `cruds` order: "create", "read", "update", "delete", "search".
    pub permissions: Vec<&'static str>,
    /// The Devices whose resources this entry is limited to (`Device/<id>`); empty means any.
    pub resource_origin: Vec<String>,
    /// What is wrong with the entry, if anything.
    pub problems: Vec<Finding>,
    /// One English sentence: "create, read, search Task resources created by Device/abc".
    pub description: String,
}

impl ScopeEntry {
    /// True for `<context>/<Type>.<permissions>` entries (as opposed to `openid`, `launch`, …).
    pub fn is_resource_scope(&self) -> bool {
        !self.resource_type.is_empty()
    }
}

/// Splits a `scope` string on whitespace and explains every entry. An empty string gives no entries.
pub fn parse_scope(scope: &str) -> Vec<ScopeEntry> {
    scope.split_whitespace().map(parse_entry).collect()
}

fn parse_entry(raw: &str) -> ScopeEntry {
    let mut entry = ScopeEntry {
        raw: raw.to_owned(),
        context: String::new(),
        resource_type: String::new(),
        permissions: Vec::new(),
        resource_origin: Vec::new(),
        problems: Vec::new(),
        description: String::new(),
    };
    if let Some((_, meaning)) = NON_RESOURCE_SCOPES.iter().find(|(name, _)| *name == raw) {
        entry.description = format!("asks for {meaning}");
        return entry;
    }
    let Some((context, rest)) = raw.split_once('/') else {
        entry.problems.push(problem(
            "kt.scope.unknown",
            Severity::Warning,
            format!(
                "scope {} is neither a resource scope (`system/Task.rs`) nor a known OpenID/launch scope",
                quote(raw)
            ),
        ));
        entry.description = "an unknown scope".to_owned();
        return entry;
    };
    entry.context = context.to_owned();
    if !matches!(context, "system" | "user" | "patient") {
        entry.problems.push(problem(
            "kt.scope.unknown-context",
            Severity::Warning,
            format!(
                "scope {} starts with {}: expected `system/`, `user/` or `patient/` (Koppeltaal uses `system/`)",
                quote(raw),
                quote(context)
            ),
        ));
    }
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let (resource_type, letters) = match path.split_once('.') {
        Some((resource_type, letters)) => (resource_type, letters),
        None => (path, ""),
    };
    if resource_type == "*" || is_resource_type_name(resource_type) {
        entry.resource_type = resource_type.to_owned();
    } else {
        entry.problems.push(problem(
            "kt.scope.malformed",
            Severity::Error,
            format!(
                "scope {}: {} is not a FHIR resource type; expected e.g. `system/Task.crus` or `system/*.rs`",
                quote(raw),
                quote(resource_type)
            ),
        ));
        entry.description = "a malformed resource scope".to_owned();
        return entry;
    }
    parse_permissions(raw, letters, &mut entry);
    if let Some(query) = query {
        parse_query(raw, query, &mut entry);
    }
    entry.description = describe_resource_scope(&entry);
    entry
}

/// Reads `cruds` letters (SMART v2) or `read`/`write`/`*` (SMART v1) into words.
fn parse_permissions(raw: &str, letters: &str, entry: &mut ScopeEntry) {
    let v1 = match letters {
        "read" => Some(&["read", "search"][..]),
        "write" => Some(&["create", "update", "delete"][..]),
        "*" => Some(&["create", "read", "update", "delete", "search"][..]),
        _ => None,
    };
    if let Some(words) = v1 {
        entry.permissions = words.to_vec();
        entry.problems.push(problem(
            "kt.scope.smart-v1",
            Severity::Warning,
            format!(
                "scope {} uses SMART v1 `.{letters}`: Koppeltaal uses SMART v2 letters, e.g. `.{}`",
                quote(raw),
                v2_letters(words)
            ),
        ));
        return;
    }
    if letters.is_empty() {
        entry.problems.push(problem(
            "kt.scope.no-permissions",
            Severity::Warning,
            format!(
                "scope {} grants no operations: expected `.` and some of c r u d s",
                quote(raw)
            ),
        ));
        return;
    }
    let mut seen: Vec<char> = Vec::new();
    let mut in_order = true;
    for letter in letters.chars() {
        let Some(rank) = PERMISSIONS.iter().position(|(known, _)| *known == letter) else {
            entry.problems.push(problem(
                "kt.scope.unknown-permission",
                Severity::Error,
                format!(
                    "scope {}: {} is not a permission; expected letters from c r u d s",
                    quote(raw),
                    quote(&letter.to_string())
                ),
            ));
            continue;
        };
        if seen.contains(&letter) {
            entry.problems.push(problem(
                "kt.scope.duplicate-permission",
                Severity::Warning,
                format!("scope {}: permission `{letter}` appears twice", quote(raw)),
            ));
            continue;
        }
        if seen
            .last()
            .and_then(|last| PERMISSIONS.iter().position(|(known, _)| known == last))
            > Some(rank)
        {
            in_order = false;
        }
        seen.push(letter);
    }
    if !in_order {
        let ordered: String = PERMISSIONS
            .iter()
            .map(|(l, _)| *l)
            .filter(|l| seen.contains(l))
            .collect();
        entry.problems.push(problem(
            "kt.scope.permission-order",
            Severity::Warning,
            format!(
                "scope {}: permissions out of order; SMART v2 expects `.{ordered}`",
                quote(raw)
            ),
        ));
    }
    entry.permissions = PERMISSIONS
        .iter()
        .filter(|(letter, _)| seen.contains(letter))
        .map(|(_, word)| *word)
        .collect();
    if seen.contains(&'s') && !seen.contains(&'r') {
        entry.problems.push(
            problem(
                "kt.scope.search-without-read",
                Severity::Warning,
                format!(
                    "scope {} allows search (`s`) without read (`r`): the Koppeltaal auth server \
                     always grants `s` together with `r`",
                    quote(raw)
                ),
            )
            .with_source(sources::KT_AUTH_SCOPES),
        );
    }
}

/// Reads `resource-origin=Device/a,Device/b` (and reports any other parameter).
fn parse_query(raw: &str, query: &str, entry: &mut ScopeEntry) {
    for parameter in query.split('&') {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        if name != "resource-origin" {
            entry.problems.push(problem(
                "kt.scope.unknown-parameter",
                Severity::Warning,
                format!(
                    "scope {}: parameter {} is not used by Koppeltaal (expected `resource-origin=Device/<id>`)",
                    quote(raw),
                    quote(name)
                ),
            ));
            continue;
        }
        for origin in value.split(',') {
            if is_fhir_reference(origin, &["Device"]) {
                entry.resource_origin.push(origin.to_owned());
            } else {
                entry.problems.push(
                    problem(
                        "kt.scope.bad-resource-origin",
                        Severity::Error,
                        format!(
                            "scope {}: resource-origin {} is not a Device reference; expected `Device/<id>`",
                            quote(raw),
                            quote(origin)
                        ),
                    )
                    .with_source(sources::KT_AUTH_SCOPES),
                );
            }
        }
    }
}

/// "create, read, search Task resources created by Device/abc".
fn describe_resource_scope(entry: &ScopeEntry) -> String {
    let operations = if entry.permissions.is_empty() {
        "no operations on".to_owned()
    } else {
        entry.permissions.join(", ")
    };
    let resources = if entry.resource_type == "*" {
        "resources of every type".to_owned()
    } else {
        format!("{} resources", entry.resource_type)
    };
    let origin = if entry.resource_origin.is_empty() {
        String::new()
    } else {
        format!(" created by {}", entry.resource_origin.join(" or "))
    };
    let context = match entry.context.as_str() {
        "user" => " (as far as the signed-in user may)",
        "patient" => " (of the patient in context only)",
        _ => "",
    };
    format!("{operations} {resources}{origin}{context}")
}

/// `["read", "search"]` → `rs`.
fn v2_letters(words: &[&str]) -> String {
    PERMISSIONS
        .iter()
        .filter(|(_, word)| words.contains(word))
        .map(|(letter, _)| *letter)
        .collect()
}

/// A FHIR resource type name: an upper-case letter then letters, at most 64.
fn is_resource_type_name(name: &str) -> bool {
    name.len() <= 64
        && name
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphabetic())
}

fn problem(rule: &'static str, severity: Severity, message: String) -> Finding {
    Finding::new(rule, severity, message).with_source(sources::SMART_SCOPES)
}
