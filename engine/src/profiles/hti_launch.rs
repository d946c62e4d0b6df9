//! HTI launch token: the JWT a portal signs to launch a module (HTI 2.0 core, Koppeltaal TOP-KT-007).
//!
//! Koppeltaal differs from HTI core in two places the messages point out: `aud` is the module's
//! `Device/<id>` (not its URL), and the reference server validates with RS384/ES384/RS512 only.

use serde_json::{Map, Value};

use super::client_assertion::{accepted_list, check_jti, describe_found, ACCEPTED_ALGORITHMS};
use super::fields::{
    escalate, is_fhir_reference, is_http_url, lifetime_too_long, string_member, Absent,
};
use super::generic::header_algorithm;
use super::sources;
use crate::alg::JwsAlgorithm;
use crate::claims::quote;
use crate::finding::{Finding, Severity};
use crate::json::kind_of;

/// The algorithms every HTI module must accept.
pub const HTI_ALGORITHMS: [JwsAlgorithm; 6] = [
    JwsAlgorithm::Rs256,
    JwsAlgorithm::Rs384,
    JwsAlgorithm::Rs512,
    JwsAlgorithm::Es256,
    JwsAlgorithm::Es384,
    JwsAlgorithm::Es512,
];

/// The longest lifetime HTI allows a launch token.
pub const MAX_LIFETIME_SECS: i64 = 300;

/// The HTI version this tool checks against.
pub const HTI_VERSION: &str = "2.0";

/// The resource types `sub` may reference.
pub const PERSON_TYPES: [&str; 3] = ["Patient", "Practitioner", "RelatedPerson"];

/// Adds the HTI-launch findings to `findings` (which already holds the generic ones).
pub fn check(
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
    findings: &mut Vec<Finding>,
) {
    let claims = payload.as_object();
    escalate(
        findings,
        "token.hs-alg",
        Severity::Error,
        "HTI forbids shared secrets: sign with RS* or ES*",
        sources::HTI_CORE,
    );
    escalate(
        findings,
        "token.exp-missing",
        Severity::Error,
        "HTI requires `exp`, at most 5 minutes after `iat`",
        sources::HTI_CORE,
    );
    escalate(
        findings,
        "token.iat-in-future",
        Severity::Error,
        "HTI receivers refuse an `iat` in the future",
        sources::HTI_CORE,
    );

    check_alg(header, findings);
    if let Err(absent) = string_member(Some(header), "kid") {
        findings.push(
            Finding::new(
                "kt.hti.kid-missing",
                Severity::Error,
                format!(
                    "header `kid` is {}: Koppeltaal requires it when keys are published in a JWKS \
                     (receivers pick the key by `kid`)",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_LAUNCH),
        );
    }
    if let Err(absent) = string_member(claims, "iss") {
        findings.push(
            Finding::new(
                "kt.hti.iss-missing",
                Severity::Error,
                format!(
                    "`iss` is {}: expected the portal's client_id",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_LAUNCH),
        );
    }
    check_aud(claims, findings);
    check_references(claims, findings);
    check_optional(claims, findings);
    check_jti(
        claims,
        "kt.hti.jti-missing",
        "kt.hti.jti-not-uuid",
        findings,
    );
    if claims.is_some_and(|claims| !claims.contains_key("iat")) {
        findings.push(
            Finding::new(
                "kt.hti.iat-missing",
                Severity::Error,
                "`iat` is missing: HTI requires the time the launch token was made",
            )
            .with_source(sources::HTI_CORE),
        );
    }
    if let Some(finding) = lifetime_too_long(
        "kt.hti.lifetime-too-long",
        payload,
        now,
        leeway_secs,
        MAX_LIFETIME_SECS,
        "HTI",
        sources::HTI_CORE,
    ) {
        findings.push(finding);
    }
}

fn check_alg(header: &Map<String, Value>, findings: &mut Vec<Finding>) {
    let Some(alg) = header_algorithm(header) else {
        return;
    };
    if alg.is_symmetric() {
        return;
    }
    if !HTI_ALGORITHMS.contains(&alg) {
        findings.push(
            Finding::new(
                "kt.hti.alg-not-hti",
                Severity::Warning,
                format!(
                    "`alg` is {alg}: HTI modules must accept only RS256, RS384, RS512, ES256, ES384 \
                     and ES512, so a module may refuse it"
                ),
            )
            .with_source(sources::HTI_CORE),
        );
    } else if !ACCEPTED_ALGORITHMS.contains(&alg) {
        findings.push(
            Finding::new(
                "kt.hti.alg-not-koppeltaal",
                Severity::Warning,
                format!(
                    "`alg` is {alg}: fine for HTI, but the Koppeltaal auth server validates launch \
                     tokens (introspection) with {} only",
                    accepted_list()
                ),
            )
            .with_source(sources::KT_AUTH_VERIFIERS),
        );
    }
}

fn check_aud(claims: Option<&Map<String, Value>>, findings: &mut Vec<Finding>) {
    let aud = match claims.and_then(|claims| claims.get("aud")) {
        Some(Value::String(aud)) if !aud.is_empty() => aud,
        Some(other) if !other.is_string() => {
            findings.push(
                Finding::new(
                    "kt.hti.aud-not-string",
                    Severity::Error,
                    format!(
                        "`aud` is {}: expected one string, the module's Device/<id> (the reference \
                         server reads `aud` as a single string)",
                        kind_of(other)
                    ),
                )
                .with_source(sources::KT_AUTH_VERIFIERS),
            );
            return;
        }
        found => {
            let what = if found.is_some() {
                "an empty string"
            } else {
                "missing"
            };
            findings.push(
                Finding::new(
                    "kt.hti.aud-missing",
                    Severity::Error,
                    format!(
                        "`aud` is {what}: expected the module's Device reference, e.g. Device/123"
                    ),
                )
                .with_source(sources::KT_LAUNCH),
            );
            return;
        }
    };
    if is_fhir_reference(aud, &["Device"]) {
        return;
    }
    if is_http_url(aud) {
        findings.push(
            Finding::new(
                "kt.hti.aud-url",
                Severity::Warning,
                format!(
                    "`aud` is the URL {}: HTI core uses the module's URL, but Koppeltaal (TOP-KT-007 \
                     since v1.0.1) and its reference server want the module's Device/<id>",
                    quote(aud)
                ),
            )
            .with_source(sources::HTI_AND_KT_LAUNCH),
        );
    } else {
        findings.push(
            Finding::new(
                "kt.hti.aud-not-device",
                Severity::Error,
                format!(
                    "`aud` is {}: expected the module's Device reference, e.g. Device/123",
                    quote(aud)
                ),
            )
            .with_source(sources::KT_LAUNCH),
        );
    }
}

fn check_references(claims: Option<&Map<String, Value>>, findings: &mut Vec<Finding>) {
    match string_member(claims, "sub") {
        Ok(sub) if is_fhir_reference(sub, &PERSON_TYPES) => {}
        Ok(sub) => findings.push(
            Finding::new(
                "kt.hti.sub-invalid",
                Severity::Error,
                format!(
                    "`sub` is {}: expected a reference to the launching user, Patient/<id>, \
                     Practitioner/<id> or RelatedPerson/<id>",
                    quote(sub)
                ),
            )
            .with_source(sources::HTI_AND_KT_LAUNCH),
        ),
        Err(absent) => findings.push(
            Finding::new(
                "kt.hti.sub-missing",
                Severity::Error,
                format!(
                    "`sub` is {}: expected the launching user, e.g. Patient/123 or Practitioner/456",
                    absent.describe()
                ),
            )
            .with_source(sources::HTI_CORE),
        ),
    }
    match string_member(claims, "resource") {
        Ok(resource) if is_fhir_reference(resource, &["Task"]) => {}
        Ok(resource) => findings.push(
            Finding::new(
                "kt.hti.resource-not-task",
                Severity::Error,
                format!(
                    "`resource` is {}: expected the launched Task, Task/<id>",
                    quote(resource)
                ),
            )
            .with_source(sources::KT_LAUNCH),
        ),
        Err(absent) => findings.push(
            Finding::new(
                "kt.hti.resource-missing",
                Severity::Error,
                format!(
                    "`resource` is {}: HTI requires the launched Task, e.g. Task/123",
                    absent.describe()
                ),
            )
            .with_source(sources::HTI_CORE),
        ),
    }
    match string_member(claims, "definition") {
        Ok(definition) => {
            let canonical = definition.split('|').next().unwrap_or(definition);
            if !is_fhir_reference(definition, &["ActivityDefinition"]) && !is_http_url(canonical) {
                findings.push(
                    Finding::new(
                        "kt.hti.definition-invalid",
                        Severity::Warning,
                        format!(
                            "`definition` is {}: expected ActivityDefinition/<id> or the canonical \
                             URL of the ActivityDefinition",
                            quote(definition)
                        ),
                    )
                    .with_source(sources::HTI_AND_KT_LAUNCH),
                );
            }
        }
        Err(absent) => findings.push(
            Finding::new(
                "kt.hti.definition-missing",
                Severity::Warning,
                format!(
                    "`definition` is {}: optional in HTI core, but a Koppeltaal portal fills it from \
                     the Task's instantiates extension (the ActivityDefinition)",
                    absent.describe()
                ),
            )
            .with_source(sources::KT_LAUNCH),
        ),
    }
}

fn check_optional(claims: Option<&Map<String, Value>>, findings: &mut Vec<Finding>) {
    let Some(claims) = claims else {
        return;
    };
    if claims.contains_key("patient") {
        match string_member(Some(claims), "patient") {
            Ok(patient) if is_fhir_reference(patient, &["Patient"]) => {}
            found => findings.push(
                Finding::new(
                    "kt.hti.patient-invalid",
                    Severity::Error,
                    format!(
                        "`patient` is {}: expected Patient/<id> (used when `sub` is not the patient)",
                        describe_found(found)
                    ),
                )
                .with_source(sources::HTI_CORE),
            ),
        }
    }
    for (name, rule, expected) in [
        (
            "intent",
            "kt.hti.intent-invalid",
            "a string such as \"plan\" (SMART launch intent)",
        ),
        (
            "idp_hint",
            "kt.hti.idp-hint-invalid",
            "a string naming the identity provider",
        ),
    ] {
        if claims.contains_key(name) {
            if let Err(absent) = string_member(Some(claims), name) {
                findings.push(
                    Finding::new(
                        rule,
                        Severity::Warning,
                        format!("`{name}` is {}: expected {expected}", absent.describe()),
                    )
                    .with_source(sources::HTI_AND_KT_LAUNCH),
                );
            }
        }
    }
    match string_member(Some(claims), "hti-version") {
        Ok(HTI_VERSION) => {}
        Err(Absent::Missing) => findings.push(
            Finding::new(
                "kt.hti.version-missing",
                Severity::Info,
                "`hti-version` is missing: receivers assume \"2.0\"; the HTI checklist asks for it",
            )
            .with_source(sources::HTI_CORE),
        ),
        found => findings.push(
            Finding::new(
                "kt.hti.version-unknown",
                Severity::Warning,
                format!(
                    "`hti-version` is {}: Koppeltaal uses \"{HTI_VERSION}\"",
                    describe_found(found)
                ),
            )
            .with_source(sources::HTI_AND_KT_LAUNCH),
        ),
    }
}
