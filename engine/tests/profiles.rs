//! Profile detection and every profile rule: for each rule one token where it stays quiet and one
//! where it fires (with the expected severity), plus the real Koppeltaal and SMART example tokens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64ct::{Base64UrlUnpadded, Encoding};
use jose::key::{Key, KeyMaterial, Secret};
use jose::profiles::{
    check, check_expecting, detect, Expectations, Profile, ProfileReport, RULE_IDS,
};
use jose::verdict::{receiver_verdict, SignatureState};
use jose::{decode_compact, verify, Finding, Severity};
use serde_json::{json, Map, Value};

/// 2027-01-15 08:00:00 UTC.
const NOW: i64 = 1_800_000_000;
const JTI: &str = "6f1c2a6e-8d3b-4b1e-9f2a-1c2d3e4f5a6b";
/// The nonce the SHOF client sent, carried back in the id_token baseline.
const ID_TOKEN_NONCE: &str = "f4c186e7-c326-4180-b1f2-ca9e1b8a82ad";

type Header = Map<String, Value>;
/// Changes a baseline token into a test case.
type Edit = fn(&mut Header, &mut Value);

fn object(value: Value) -> Header {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// A token that passes `profile` with no warnings or errors.
fn baseline(profile: Profile) -> (Header, Value) {
    match profile {
        Profile::ClientAssertion => (
            object(json!({"alg": "RS384", "kid": "key-1", "typ": "JWT"})),
            json!({
                "iss": "client-1", "sub": "client-1", "aud": "https://auth.example.org/oauth2/token",
                "iat": NOW, "exp": NOW + 300, "jti": JTI
            }),
        ),
        Profile::HtiLaunch => (
            object(json!({"alg": "RS384", "kid": "key-1", "typ": "JWT"})),
            json!({
                "iss": "portal-1", "aud": "Device/module-1", "sub": "Practitioner/pr1",
                "resource": "Task/t1", "definition": "ActivityDefinition/ad1", "patient": "Patient/p1",
                "intent": "plan", "idp_hint": "https://idp.example.org", "hti-version": "2.0",
                "iat": NOW, "exp": NOW + 300, "jti": JTI
            }),
        ),
        Profile::AccessToken => (
            object(
                json!({"alg": "RS512", "kid": "JGzSbh3U-SBUZnYHB2Pihs7AAsEnnO3zZjQ-QJ1S7Ks", "typ": "JWT"}),
            ),
            json!({
                "iss": "https://auth.example.org/", "aud": "fhir-server", "iat": NOW, "nbf": NOW,
                "exp": NOW + 300, "jti": JTI, "nonce": "48529576-1be7-4cf9-81c4-dd15a2186707",
                "type": "access", "sub": "client-1", "azp": "client-1",
                "scope": "system/Task.crus?resource-origin=Device/abc system/Patient.rs"
            }),
        ),
        Profile::IdToken => (
            object(json!({"alg": "RS512", "kid": AUTH_KID, "typ": "JWT"})),
            json!({
                "iss": "https://auth.example.org/", "aud": "client-1", "azp": "client-1",
                "sub": "Patient/p1", "nonce": ID_TOKEN_NONCE, "iat": NOW, "nbf": NOW,
                "exp": NOW + 300
            }),
        ),
        Profile::Auto | Profile::Generic => (
            object(json!({"alg": "ES256", "typ": "JWT"})),
            json!({"iss": "someone", "iat": NOW, "exp": NOW + 600}),
        ),
    }
}

fn run(profile: Profile, edit: Edit) -> ProfileReport {
    let (mut header, mut payload) = baseline(profile);
    edit(&mut header, &mut payload);
    check(profile, &header, &payload, NOW)
}

fn set(payload: &mut Value, name: &str, value: Value) {
    if let Some(claims) = payload.as_object_mut() {
        claims.insert(name.to_owned(), value);
    }
}

fn remove(payload: &mut Value, name: &str) {
    if let Some(claims) = payload.as_object_mut() {
        claims.remove(name);
    }
}

fn no_edit(_: &mut Header, _: &mut Value) {}

/// (rule, profile, edit where the rule stays quiet, edit where it fires, severity when it fires)
const CASES: &[(&str, Profile, Edit, Edit, Severity)] = &[
    // --- generic header ---
    (
        "token.payload-not-object",
        Profile::Generic,
        no_edit,
        |_, p| *p = json!([1, 2]),
        Severity::Error,
    ),
    (
        "token.alg-missing",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.remove("alg");
        },
        Severity::Error,
    ),
    (
        "token.alg-none",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.insert("alg".into(), json!("none"));
        },
        Severity::Error,
    ),
    (
        "token.alg-unknown",
        Profile::Generic,
        |h, _| {
            h.insert("alg".into(), json!("PS512"));
        },
        |h, _| {
            h.insert("alg".into(), json!("RS999"));
        },
        Severity::Error,
    ),
    (
        "token.hs-alg",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.insert("alg".into(), json!("HS256"));
        },
        Severity::Info,
    ),
    (
        "header.jwk-embedded",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.insert("jwk".into(), json!({"kty": "EC"}));
        },
        Severity::Warning,
    ),
    (
        "header.jku",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.insert("jku".into(), json!("https://evil.example/jwks"));
        },
        Severity::Warning,
    ),
    (
        "header.x5u",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.insert("x5u".into(), json!("https://evil.example/cert"));
        },
        Severity::Warning,
    ),
    (
        "header.x5c",
        Profile::Generic,
        no_edit,
        |h, _| {
            h.insert("x5c".into(), json!(["MIIB"]));
        },
        Severity::Info,
    ),
    (
        "header.kid-not-string",
        Profile::Generic,
        |h, _| {
            h.insert("kid".into(), json!("k"));
        },
        |h, _| {
            h.insert("kid".into(), json!(5));
        },
        Severity::Error,
    ),
    (
        "header.crit-invalid",
        Profile::Generic,
        |h, _| {
            h.insert("crit".into(), json!(["b64"]));
            h.insert("b64".into(), json!(true));
        },
        |h, _| {
            h.insert("crit".into(), json!([]));
        },
        Severity::Error,
    ),
    (
        "header.crit-unknown",
        Profile::Generic,
        |h, _| {
            h.insert("crit".into(), json!(["b64"]));
            h.insert("b64".into(), json!(true));
        },
        |h, _| {
            h.insert("crit".into(), json!(["ext"]));
            h.insert("ext".into(), json!(1));
        },
        Severity::Error,
    ),
    (
        "header.b64-false",
        Profile::Generic,
        |h, _| {
            h.insert("crit".into(), json!(["b64"]));
            h.insert("b64".into(), json!(true));
        },
        |h, _| {
            h.insert("crit".into(), json!(["b64"]));
            h.insert("b64".into(), json!(false));
        },
        Severity::Warning,
    ),
    // --- time claims ---
    (
        "token.expired",
        Profile::Generic,
        no_edit,
        |_, p| {
            set(p, "iat", json!(NOW - 7200));
            set(p, "exp", json!(NOW - 3600));
        },
        Severity::Error,
    ),
    (
        "token.expired-within-leeway",
        Profile::Generic,
        no_edit,
        |_, p| set(p, "exp", json!(NOW - 30)),
        Severity::Info,
    ),
    (
        "token.not-yet-valid",
        Profile::Generic,
        |_, p| set(p, "nbf", json!(NOW)),
        |_, p| set(p, "nbf", json!(NOW + 3600)),
        Severity::Error,
    ),
    (
        "token.iat-in-future",
        Profile::Generic,
        |_, p| set(p, "iat", json!(NOW + 30)),
        |_, p| {
            set(p, "iat", json!(NOW + 3600));
            set(p, "exp", json!(NOW + 4000));
        },
        Severity::Warning,
    ),
    (
        "token.exp-missing",
        Profile::Generic,
        no_edit,
        |_, p| remove(p, "exp"),
        Severity::Info,
    ),
    (
        "token.exp-before-iat",
        Profile::Generic,
        no_edit,
        |_, p| {
            set(p, "iat", json!(NOW + 10));
            set(p, "exp", json!(NOW + 5));
        },
        Severity::Error,
    ),
    (
        "token.exp-before-nbf",
        Profile::Generic,
        |_, p| set(p, "nbf", json!(NOW)),
        |_, p| {
            set(p, "nbf", json!(NOW + 10));
            set(p, "exp", json!(NOW + 5));
        },
        Severity::Error,
    ),
    (
        "token.time-not-number",
        Profile::Generic,
        no_edit,
        |_, p| set(p, "exp", json!("1800000600")),
        Severity::Error,
    ),
    (
        "token.time-fraction",
        Profile::Generic,
        no_edit,
        |_, p| set(p, "exp", json!(1_800_000_600.5)),
        Severity::Warning,
    ),
    (
        "token.time-negative",
        Profile::Generic,
        no_edit,
        |_, p| set(p, "iat", json!(-5)),
        Severity::Warning,
    ),
    (
        "token.time-milliseconds",
        Profile::Generic,
        no_edit,
        |_, p| set(p, "exp", json!((NOW + 600) * 1000)),
        Severity::Error,
    ),
    (
        "token.time-out-of-range",
        Profile::Generic,
        no_edit,
        |_, p| set(p, "exp", json!(1e300)),
        Severity::Error,
    ),
    // --- client assertion ---
    (
        "kt.client-assertion.alg-not-accepted",
        Profile::ClientAssertion,
        |h, _| {
            h.insert("alg".into(), json!("ES384"));
        },
        |h, _| {
            h.insert("alg".into(), json!("PS256"));
        },
        Severity::Warning,
    ),
    (
        "kt.client-assertion.kid-missing",
        Profile::ClientAssertion,
        no_edit,
        |h, _| {
            h.remove("kid");
        },
        Severity::Error,
    ),
    (
        "kt.client-assertion.typ-not-jwt",
        Profile::ClientAssertion,
        no_edit,
        |h, _| {
            h.insert("typ".into(), json!("at+jwt"));
        },
        Severity::Warning,
    ),
    (
        "kt.client-assertion.jku-present",
        Profile::ClientAssertion,
        no_edit,
        |h, _| {
            h.insert("jku".into(), json!("https://client.example.org/jwks"));
        },
        Severity::Warning,
    ),
    (
        "kt.client-assertion.iss-missing",
        Profile::ClientAssertion,
        no_edit,
        |_, p| remove(p, "iss"),
        Severity::Error,
    ),
    (
        "kt.client-assertion.sub-missing",
        Profile::ClientAssertion,
        no_edit,
        |_, p| remove(p, "sub"),
        Severity::Warning,
    ),
    (
        "kt.client-assertion.iss-sub-mismatch",
        Profile::ClientAssertion,
        no_edit,
        |_, p| set(p, "sub", json!("client-2")),
        Severity::Warning,
    ),
    (
        "kt.client-assertion.aud-missing",
        Profile::ClientAssertion,
        no_edit,
        |_, p| remove(p, "aud"),
        Severity::Error,
    ),
    (
        "kt.client-assertion.aud-not-string",
        Profile::ClientAssertion,
        no_edit,
        |_, p| set(p, "aud", json!(["https://auth.example.org/oauth2/token"])),
        Severity::Error,
    ),
    (
        "kt.client-assertion.aud-not-token-endpoint",
        Profile::ClientAssertion,
        |_, p| set(p, "aud", json!("https://auth.example.org/oauth2/token/")),
        |_, p| set(p, "aud", json!("https://auth.example.org/oauth2/authorize")),
        Severity::Warning,
    ),
    (
        "kt.client-assertion.aud-not-https",
        Profile::ClientAssertion,
        no_edit,
        |_, p| set(p, "aud", json!("http://localhost:8080/oauth2/token")),
        Severity::Warning,
    ),
    (
        "kt.client-assertion.lifetime-too-long",
        Profile::ClientAssertion,
        |_, p| set(p, "exp", json!(NOW + 300)),
        // Made ten minutes ago, expiring in one: a long life, but `exp` is near.
        |_, p| {
            set(p, "iat", json!(NOW - 600));
            set(p, "exp", json!(NOW + 60));
        },
        Severity::Warning,
    ),
    (
        "kt.client-assertion.exp-too-far",
        Profile::ClientAssertion,
        |_, p| {
            remove(p, "iat");
            set(p, "exp", json!(NOW + 300));
        },
        |_, p| {
            remove(p, "iat");
            set(p, "exp", json!(NOW + 3600));
        },
        Severity::Error,
    ),
    (
        "kt.client-assertion.aud-introspection",
        Profile::ClientAssertion,
        no_edit,
        |_, p| {
            set(
                p,
                "aud",
                json!("https://auth.example.org/oauth2/introspect/"),
            )
        },
        Severity::Warning,
    ),
    (
        "kt.client-assertion.jti-missing",
        Profile::ClientAssertion,
        no_edit,
        |_, p| remove(p, "jti"),
        Severity::Error,
    ),
    (
        "kt.client-assertion.jti-not-uuid",
        Profile::ClientAssertion,
        no_edit,
        |_, p| set(p, "jti", json!("random-non-reusable-jwt-id-123")),
        Severity::Info,
    ),
    // --- HTI launch ---
    (
        "kt.hti.alg-not-hti",
        Profile::HtiLaunch,
        |h, _| {
            h.insert("alg".into(), json!("ES256"));
        },
        |h, _| {
            h.insert("alg".into(), json!("PS256"));
        },
        Severity::Warning,
    ),
    (
        "kt.hti.alg-not-koppeltaal",
        Profile::HtiLaunch,
        |h, _| {
            h.insert("alg".into(), json!("RS512"));
        },
        |h, _| {
            h.insert("alg".into(), json!("RS256"));
        },
        Severity::Warning,
    ),
    (
        "kt.hti.kid-missing",
        Profile::HtiLaunch,
        no_edit,
        |h, _| {
            h.remove("kid");
        },
        Severity::Error,
    ),
    (
        "kt.hti.iss-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "iss"),
        Severity::Error,
    ),
    (
        "kt.hti.aud-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "aud"),
        Severity::Error,
    ),
    (
        "kt.hti.aud-not-string",
        Profile::HtiLaunch,
        no_edit,
        |_, p| set(p, "aud", json!(["Device/module-1"])),
        Severity::Error,
    ),
    (
        "kt.hti.aud-url",
        Profile::HtiLaunch,
        no_edit,
        |_, p| set(p, "aud", json!("https://module.example.org/launch")),
        Severity::Warning,
    ),
    (
        "kt.hti.aud-not-device",
        Profile::HtiLaunch,
        |_, p| set(p, "aud", json!("Device/abc-1.2")),
        |_, p| set(p, "aud", json!("module-1")),
        Severity::Error,
    ),
    (
        "kt.hti.sub-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "sub"),
        Severity::Error,
    ),
    (
        "kt.hti.sub-invalid",
        Profile::HtiLaunch,
        |_, p| set(p, "sub", json!("RelatedPerson/r1")),
        |_, p| set(p, "sub", json!("Organization/1")),
        Severity::Error,
    ),
    (
        "kt.hti.resource-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "resource"),
        Severity::Error,
    ),
    (
        "kt.hti.resource-not-task",
        Profile::HtiLaunch,
        no_edit,
        |_, p| set(p, "resource", json!("ServiceRequest/1")),
        Severity::Error,
    ),
    (
        "kt.hti.definition-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "definition"),
        Severity::Warning,
    ),
    (
        "kt.hti.definition-invalid",
        Profile::HtiLaunch,
        |_, p| {
            set(
                p,
                "definition",
                json!("https://module.example.org/fhir/ActivityDefinition/ad1|1.0"),
            )
        },
        |_, p| set(p, "definition", json!("fear fighter")),
        Severity::Warning,
    ),
    (
        "kt.hti.patient-invalid",
        Profile::HtiLaunch,
        |_, p| remove(p, "patient"),
        |_, p| set(p, "patient", json!("Practitioner/1")),
        Severity::Error,
    ),
    (
        "kt.hti.intent-invalid",
        Profile::HtiLaunch,
        |_, p| remove(p, "intent"),
        |_, p| set(p, "intent", json!(3)),
        Severity::Warning,
    ),
    (
        "kt.hti.idp-hint-invalid",
        Profile::HtiLaunch,
        |_, p| remove(p, "idp_hint"),
        |_, p| set(p, "idp_hint", json!(true)),
        Severity::Warning,
    ),
    (
        "kt.hti.version-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "hti-version"),
        Severity::Info,
    ),
    (
        "kt.hti.version-unknown",
        Profile::HtiLaunch,
        no_edit,
        |_, p| set(p, "hti-version", json!("1.0")),
        Severity::Warning,
    ),
    (
        "kt.hti.jti-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "jti"),
        Severity::Error,
    ),
    (
        "kt.hti.jti-not-uuid",
        Profile::HtiLaunch,
        no_edit,
        |_, p| set(p, "jti", json!("launch-1")),
        Severity::Info,
    ),
    (
        "kt.hti.iat-missing",
        Profile::HtiLaunch,
        no_edit,
        |_, p| remove(p, "iat"),
        Severity::Error,
    ),
    (
        "kt.hti.lifetime-too-long",
        Profile::HtiLaunch,
        no_edit,
        |_, p| set(p, "exp", json!(NOW + 301)),
        Severity::Error,
    ),
    // --- access token ---
    (
        "kt.access-token.alg-not-rs512",
        Profile::AccessToken,
        no_edit,
        |h, _| {
            h.insert("alg".into(), json!("RS256"));
        },
        Severity::Warning,
    ),
    (
        "kt.access-token.kid-missing",
        Profile::AccessToken,
        no_edit,
        |h, _| {
            h.remove("kid");
        },
        Severity::Warning,
    ),
    (
        "kt.access-token.type-not-access",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "type", json!("refresh")),
        Severity::Error,
    ),
    (
        "kt.access-token.iss-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "iss"),
        Severity::Error,
    ),
    (
        "kt.access-token.aud-unexpected",
        Profile::AccessToken,
        |_, p| set(p, "aud", json!(["fhir-server"])),
        |_, p| set(p, "aud", json!("other")),
        Severity::Warning,
    ),
    (
        "kt.access-token.iat-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "iat"),
        Severity::Warning,
    ),
    (
        "kt.access-token.nbf-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "nbf"),
        Severity::Warning,
    ),
    (
        "kt.access-token.lifetime-unusual",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "exp", json!(NOW + 3600)),
        Severity::Info,
    ),
    (
        "kt.access-token.jti-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "jti"),
        Severity::Warning,
    ),
    (
        "kt.access-token.nonce-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "nonce"),
        Severity::Info,
    ),
    (
        "kt.access-token.sub-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "sub"),
        Severity::Info,
    ),
    (
        "kt.access-token.azp-missing",
        Profile::AccessToken,
        no_edit,
        |_, p| remove(p, "azp"),
        Severity::Warning,
    ),
    (
        "kt.access-token.scope-missing",
        Profile::AccessToken,
        |_, p| set(p, "scope", json!("")),
        |_, p| remove(p, "scope"),
        Severity::Warning,
    ),
    // --- SHOF id_token ---
    (
        "kt.id-token.alg-not-rs512",
        Profile::IdToken,
        no_edit,
        |h, _| {
            h.insert("alg".into(), json!("ES384"));
        },
        Severity::Warning,
    ),
    (
        "kt.id-token.kid-missing",
        Profile::IdToken,
        no_edit,
        |h, _| {
            h.remove("kid");
        },
        Severity::Warning,
    ),
    (
        "kt.id-token.iss-missing",
        Profile::IdToken,
        no_edit,
        |_, p| remove(p, "iss"),
        Severity::Error,
    ),
    (
        "kt.id-token.aud-missing",
        Profile::IdToken,
        no_edit,
        |_, p| remove(p, "aud"),
        Severity::Error,
    ),
    (
        "kt.id-token.azp-missing",
        Profile::IdToken,
        |_, p| remove(p, "azp"),
        |_, p| {
            remove(p, "azp");
            set(p, "aud", json!(["client-1", "other-client"]));
        },
        Severity::Warning,
    ),
    (
        "kt.id-token.nonce-missing",
        Profile::IdToken,
        no_edit,
        |_, p| remove(p, "nonce"),
        Severity::Error,
    ),
    (
        "kt.id-token.iat-missing",
        Profile::IdToken,
        no_edit,
        |_, p| remove(p, "iat"),
        Severity::Warning,
    ),
    (
        "kt.id-token.sub-missing",
        Profile::IdToken,
        no_edit,
        |_, p| remove(p, "sub"),
        Severity::Error,
    ),
    (
        "kt.id-token.sub-not-person",
        Profile::IdToken,
        |_, p| set(p, "sub", json!("RelatedPerson/rp1")),
        |_, p| set(p, "sub", json!("alice@example.org")),
        Severity::Warning,
    ),
    // --- scope (inside access tokens) ---
    (
        "kt.scope.granted",
        Profile::AccessToken,
        |_, p| set(p, "scope", json!("")),
        no_edit,
        Severity::Info,
    ),
    (
        "kt.scope.empty",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("")),
        Severity::Info,
    ),
    (
        "kt.scope.unknown",
        Profile::AccessToken,
        |_, p| set(p, "scope", json!("launch openid fhirUser")),
        |_, p| set(p, "scope", json!("superpowers")),
        Severity::Warning,
    ),
    (
        "kt.scope.unknown-context",
        Profile::AccessToken,
        |_, p| set(p, "scope", json!("patient/Task.rs user/Task.rs")),
        |_, p| set(p, "scope", json!("admin/Task.rs")),
        Severity::Warning,
    ),
    (
        "kt.scope.malformed",
        Profile::AccessToken,
        |_, p| set(p, "scope", json!("system/*.cruds")),
        |_, p| set(p, "scope", json!("system/task.rs")),
        Severity::Error,
    ),
    (
        "kt.scope.no-permissions",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task")),
        Severity::Warning,
    ),
    (
        "kt.scope.unknown-permission",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task.rx")),
        Severity::Error,
    ),
    (
        "kt.scope.duplicate-permission",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task.rrs")),
        Severity::Warning,
    ),
    (
        "kt.scope.permission-order",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task.sr")),
        Severity::Warning,
    ),
    (
        "kt.scope.smart-v1",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task.read")),
        Severity::Warning,
    ),
    (
        "kt.scope.search-without-read",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task.s")),
        Severity::Warning,
    ),
    (
        "kt.scope.bad-resource-origin",
        Profile::AccessToken,
        |_, p| {
            set(
                p,
                "scope",
                json!("system/Task.rs?resource-origin=Device/a,Device/b"),
            )
        },
        |_, p| {
            set(
                p,
                "scope",
                json!("system/Task.rs?resource-origin=Patient/1"),
            )
        },
        Severity::Error,
    ),
    (
        "kt.scope.unknown-parameter",
        Profile::AccessToken,
        no_edit,
        |_, p| set(p, "scope", json!("system/Task.rs?category=x")),
        Severity::Warning,
    ),
];

// --- what the receiver expects ----------------------------------------------------------------

/// The receiver's expectations for one case.
type Expect = fn() -> Expectations;

fn expecting(audience: Option<&str>, issuers: &[&str], nonce: Option<&str>) -> Expectations {
    Expectations {
        audience: audience.map(str::to_owned),
        issuers: issuers.iter().map(|i| (*i).to_owned()).collect(),
        nonce: nonce.map(str::to_owned),
        leeway_secs: None,
    }
}

/// (rule, profile, expectations the baseline meets, expectations it fails, severity): the
/// baseline token checked by a receiver that knows something.
const EXPECT_CASES: &[(&str, Profile, Expect, Expect, Severity)] = &[
    (
        "expect.aud-mismatch",
        Profile::ClientAssertion,
        || expecting(Some("https://auth.example.org/oauth2/token"), &[], None),
        || expecting(Some("https://auth.other.org/oauth2/token"), &[], None),
        Severity::Error,
    ),
    (
        "expect.iss-untrusted",
        Profile::AccessToken,
        // The trailing `/` of the auth server's issuer does not count.
        || expecting(None, &["https://auth.example.org"], None),
        || expecting(None, &["https://auth.other.org/"], None),
        Severity::Error,
    ),
    (
        "expect.nonce-mismatch",
        Profile::IdToken,
        || expecting(None, &[], Some(ID_TOKEN_NONCE)),
        || expecting(None, &[], Some("another-nonce")),
        Severity::Error,
    ),
    (
        "kt.id-token.azp-mismatch",
        Profile::IdToken,
        || expecting(Some("client-1"), &[], None),
        || expecting(Some("client-2"), &[], None),
        Severity::Error,
    ),
];

fn run_expecting(profile: Profile, expect: &Expectations) -> ProfileReport {
    let (header, payload) = baseline(profile);
    check_expecting(profile, &header, &payload, NOW, expect)
}

#[test]
fn every_expectation_rule_stays_quiet_when_met_and_fires_when_not() {
    for (rule, profile, met, failed, severity) in EXPECT_CASES {
        let quiet = run_expecting(*profile, &met());
        assert_listed(&quiet.findings);
        assert!(
            quiet.findings.iter().all(|f| f.rule != *rule),
            "{rule} fired when met: {:#?}",
            quiet.findings
        );
        let fired = run_expecting(*profile, &failed());
        assert_listed(&fired.findings);
        let found: Vec<_> = fired.findings.iter().filter(|f| f.rule == *rule).collect();
        assert!(
            !found.is_empty(),
            "{rule} did not fire: {:#?}",
            fired.findings
        );
        for finding in found {
            assert_eq!(finding.severity, *severity, "{rule}: {}", finding.message);
        }
    }
}

// --- rules outside the token profiles ---------------------------------------------------------

/// Findings from one input of a rule outside the profiles.
type Run = fn() -> Vec<Finding>;

/// A compact JWS with this header and payload and a dummy signature.
fn compact(header: &str, payload: &[u8]) -> String {
    format!(
        "{}.{}.c2ln",
        Base64UrlUnpadded::encode_string(header.as_bytes()),
        Base64UrlUnpadded::encode_string(payload)
    )
}

fn token_findings(text: &str) -> Vec<Finding> {
    decode_compact(text).expect("decodes").findings()
}

/// The RFC 7515 A.3 P-256 key as a public JWK, with `kid` "a": a JWK Set of it is clean.
fn clean_ec_jwk() -> Value {
    let mut jwk = common::vector("rfc/rfc7515_A.3_ES256.json")["input"]["jwk"].clone();
    let object = jwk.as_object_mut().expect("object");
    object.remove("d");
    object.insert("kid".into(), json!("a"));
    jwk
}

/// The RFC 7515 A.2 RSA key as a public JWK with `kid` "a", changed by `changes`.
fn rsa_jwk(changes: Value) -> Value {
    let mut jwk = common::vector("rfc/rfc7515_A.2_RS256.json")["input"]["jwk"].clone();
    let object = jwk.as_object_mut().expect("object");
    for member in jose::jwk::PRIVATE_MEMBERS {
        object.remove(member);
    }
    object.insert("kid".into(), json!("a"));
    merge(jwk, changes)
}

fn ec_jwk(changes: Value) -> Value {
    merge(clean_ec_jwk(), changes)
}

/// `base` with the members of `changes` set (`null` removes one).
fn merge(mut base: Value, changes: Value) -> Value {
    let object = base.as_object_mut().expect("object");
    for (name, value) in changes.as_object().expect("object") {
        if value.is_null() {
            object.remove(name);
        } else {
            object.insert(name.clone(), value.clone());
        }
    }
    base
}

fn jwks_findings(text: &str) -> Vec<Finding> {
    jose::jwks::validate_jwks(text).findings
}

fn set_of(keys: Vec<Value>) -> Vec<Finding> {
    jwks_findings(&json!({ "keys": keys }).to_string())
}

fn clean_set() -> Vec<Finding> {
    set_of(vec![clean_ec_jwk()])
}

/// A signing key and a different encryption key (HTI:jwe), as a module publishes them.
fn enc_set() -> Vec<Finding> {
    set_of(vec![
        rsa_jwk(json!({"kid": "s", "use": "sig"})),
        ec_jwk(
            json!({"kid": "e", "use": "enc", "alg": "ECDH-ES+A256KW", "key_ops": ["deriveKey"]}),
        ),
    ])
}

fn kid_finding(kid: &str, key: Option<(&str, &str)>) -> Vec<Finding> {
    let key = key.map(|(file, member)| first_public_key(file, member).1);
    jose::profiles::explain_kid(kid, key.as_ref())
        .into_iter()
        .collect()
}

const SMART_JWKS: (&str, &str) = ("smart_rs384_client_assertion.json", "public_jwks");
const AUTH_JWKS: (&str, &str) = ("koppeltaal_auth_service_jwks.json", "jwks");
const AUTH_KID: &str = "J-lqj3TlWHijPpwHetreow3MQgbE_luA66NiIoHKoEo";

/// A verdict's reasons on the clean generic baseline, as findings (its rule ids are listed too).
fn verdict_reasons(signature: SignatureState) -> Vec<Finding> {
    let report = run(Profile::Generic, no_edit);
    receiver_verdict(&report, &signature, &[])
        .reasons
        .into_iter()
        .map(|reason| Finding {
            rule: reason.rule,
            severity: Severity::Error,
            message: reason.message,
            source: None,
        })
        .collect()
}

/// The findings of a compact JWE with this protected header (the other segments are
/// placeholders: these rules read the header only).
fn jwe_findings(header: &str) -> Vec<Finding> {
    let text = format!("{}.AA.AA.AA.AA", jose::b64::encode(header.as_bytes()));
    jose::decode_jwe(&text).expect("decodes").findings()
}

fn hs256_token() -> jose::UntrustedToken {
    decode_compact(&compact(r#"{"alg":"HS256"}"#, b"{}")).expect("decodes")
}

/// (rule, input where it stays quiet, input where it fires): the token's own findings, `kid`
/// explanations, JWK Set validation and the verifier's algorithm-confusion finding.
const OTHER_CASES: &[(&str, Run, Run)] = &[
    (
        "jwe.rsa1_5",
        || jwe_findings(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k"}"#),
        || jwe_findings(r#"{"alg":"RSA1_5","enc":"A256GCM","kid":"k"}"#),
    ),
    (
        "jwe.kid-missing",
        || jwe_findings(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k"}"#),
        || jwe_findings(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#),
    ),
    (
        "token.input-tidied",
        || token_findings(&compact(r#"{"alg":"ES256"}"#, b"{}")),
        || token_findings(&format!("Bearer {}", compact(r#"{"alg":"ES256"}"#, b"{}"))),
    ),
    (
        "token.payload-not-json",
        || token_findings(&compact(r#"{"alg":"ES256"}"#, b"{}")),
        || token_findings(&compact(r#"{"alg":"ES256"}"#, b"hello")),
    ),
    (
        "kid.thumbprint",
        || kid_finding("key-2026", Some(AUTH_JWKS)),
        || {
            let (kid, _) = first_public_key(AUTH_JWKS.0, AUTH_JWKS.1);
            kid_finding(&kid, Some(AUTH_JWKS))
        },
    ),
    (
        "kid.name",
        || kid_finding("key-2026", None),
        || kid_finding("eee9f17a3b598fd86417a980b591fbe6", Some(SMART_JWKS)),
    ),
    (
        "kid.thumbprint-other-key",
        || kid_finding("key-2026", Some(SMART_JWKS)),
        || kid_finding(AUTH_KID, Some(SMART_JWKS)),
    ),
    (
        "kid.looks-like-thumbprint",
        || kid_finding("key-2026", None),
        || kid_finding(AUTH_KID, None),
    ),
    (
        "verify.hs-with-public-key",
        || {
            let secret = Key::new(KeyMaterial::Secret(Secret::new(vec![1; 32])));
            verify::hs_with_public_key_finding(&hs256_token(), &[secret])
                .into_iter()
                .collect()
        },
        || {
            let (_, public) = first_public_key(SMART_JWKS.0, SMART_JWKS.1);
            let key = Key::new(KeyMaterial::Public(public));
            verify::hs_with_public_key_finding(&hs256_token(), &[key])
                .into_iter()
                .collect()
        },
    ),
    (
        "verify.hmac-short-secret",
        || {
            let secret = Key::new(KeyMaterial::Secret(Secret::new(vec![1; 32])));
            verify::hmac_short_secret_finding(&hs256_token(), &[secret])
                .into_iter()
                .collect()
        },
        || {
            let secret = Key::new(KeyMaterial::Secret(Secret::new(
                b"your-256-bit-secret".to_vec(),
            )));
            verify::hmac_short_secret_finding(&hs256_token(), &[secret])
                .into_iter()
                .collect()
        },
    ),
    (
        "verify.signature-invalid",
        || verdict_reasons(SignatureState::Valid),
        || verdict_reasons(SignatureState::Invalid),
    ),
    (
        "verify.key-unusable",
        || verdict_reasons(SignatureState::NoKey),
        || {
            verdict_reasons(SignatureState::KeyUnusable(
                "no key has kid \"k\"".to_owned(),
            ))
        },
    ),
    ("jwks.too-large", clean_set, || {
        jwks_findings(&" ".repeat(jose::limits::MAX_INPUT_BYTES + 1))
    }),
    ("jwks.not-json", clean_set, || {
        jwks_findings(r#"{"keys": ["#)
    }),
    ("jwks.not-a-set", clean_set, || jwks_findings("[]")),
    ("jwks.empty", clean_set, || set_of(vec![])),
    ("jwks.key-not-object", clean_set, || set_of(vec![json!(7)])),
    ("jwks.private-member", clean_set, || {
        let mut jwk = common::vector("rfc/rfc7515_A.3_ES256.json")["input"]["jwk"].clone();
        jwk["kid"] = json!("a");
        set_of(vec![jwk])
    }),
    ("jwks.symmetric-key", clean_set, || {
        set_of(vec![json!({"kty": "oct", "kid": "s", "k": "A".repeat(43)})])
    }),
    ("jwks.kid-missing", clean_set, || {
        set_of(vec![ec_jwk(json!({"kid": null}))])
    }),
    ("jwks.kid-duplicate", clean_set, || {
        set_of(vec![clean_ec_jwk(), rsa_jwk(json!({}))])
    }),
    ("jwks.kid-is-thumbprint", clean_set, || {
        jwks_findings(
            &common::vector("koppeltaal/koppeltaal_auth_service_jwks.json")["jwks"].to_string(),
        )
    }),
    ("jwks.enc-kid-missing", enc_set, || {
        set_of(vec![ec_jwk(json!({"use": "enc", "kid": null}))])
    }),
    ("jwks.use-not-sig", enc_set, || {
        set_of(vec![ec_jwk(json!({"use": "verify"}))])
    }),
    ("jwks.use-enc", clean_set, enc_set),
    ("jwks.key-ops-no-verify", clean_set, || {
        set_of(vec![ec_jwk(json!({"key_ops": ["sign"]}))])
    }),
    ("jwks.key-ops-no-encrypt", enc_set, || {
        set_of(vec![ec_jwk(json!({"use": "enc", "key_ops": ["verify"]}))])
    }),
    ("jwks.sig-and-enc", enc_set, || {
        set_of(vec![
            clean_ec_jwk(),
            ec_jwk(json!({"use": "enc", "kid": "b"})),
        ])
    }),
    ("jwks.alg-unsuitable", clean_set, || {
        set_of(vec![ec_jwk(json!({"alg": "RS256"}))])
    }),
    ("jwks.unknown-kty", clean_set, || {
        set_of(vec![ec_jwk(json!({"kty": "EC2"}))])
    }),
    ("jwks.unknown-crv", clean_set, || {
        set_of(vec![ec_jwk(json!({"crv": "P-192"}))])
    }),
    ("jwks.member-malformed", clean_set, || {
        set_of(vec![ec_jwk(json!({"x": "a+b"}))])
    }),
    ("jwks.n-not-whole-bytes", clean_set, || {
        set_of(vec![rsa_jwk(json!({"n": "AQABA"}))])
    }),
    ("jwks.rsa-modulus-even", clean_set, || {
        set_of(vec![rsa_jwk(
            json!({"e": "Aw", "n": format!("{}g", "_".repeat(341))}),
        )])
    }),
    ("jwks.rsa-too-small", clean_set, || {
        set_of(vec![rsa_jwk(json!({"n": "w".repeat(86)}))])
    }),
    ("jwks.rsa-too-large", clean_set, || {
        set_of(vec![rsa_jwk(json!({"n": "_".repeat(2732)}))])
    }),
    ("jwks.rsa-exponent-invalid", clean_set, || {
        set_of(vec![rsa_jwk(json!({"e": "AQ"}))])
    }),
    ("jwks.rsa-roca", clean_set, || {
        let v = common::vector("wycheproof/testvectors_v1/json_web_key_test.json");
        let group = v["testGroups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["tests"][0]["comment"] == "rejectsKeyWithRocaVulnerability")
            .expect("the ROCA group")
            .clone();
        jwks_findings(&group["public"].to_string())
    }),
    ("jwks.coordinate-length", clean_set, || {
        set_of(vec![ec_jwk(json!({"x": "AAAA"}))])
    }),
    ("jwks.point-not-on-curve", clean_set, || {
        let jwk = clean_ec_jwk();
        let x = jwk["x"].clone();
        set_of(vec![merge(jwk, json!({ "y": x }))])
    }),
    ("jwks.oct-too-short", clean_set, || {
        set_of(vec![
            json!({"kty": "oct", "k": "AAAA", "kid": "s", "alg": "HS384"}),
        ])
    }),
    ("jwks.private-key-invalid", clean_set, || {
        set_of(vec![ec_jwk(
            json!({"d": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}),
        )])
    }),
];

/// Fails when a finding carries a rule id that [`RULE_IDS`] does not list.
fn assert_listed(findings: &[Finding]) {
    for finding in findings {
        assert!(
            RULE_IDS.contains(&finding.rule.as_str()),
            "unlisted rule {} ({})",
            finding.rule,
            finding.message
        );
    }
}

#[test]
fn every_rule_has_a_case_and_every_case_a_listed_rule() {
    let covered: Vec<&str> = CASES
        .iter()
        .map(|case| case.0)
        .chain(EXPECT_CASES.iter().map(|case| case.0))
        .chain(OTHER_CASES.iter().map(|case| case.0))
        .collect();
    for rule in RULE_IDS {
        assert!(covered.contains(rule), "no test case for rule {rule}");
    }
    for rule in &covered {
        assert!(RULE_IDS.contains(rule), "case for unlisted rule {rule}");
    }
    let mut sorted = RULE_IDS.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), RULE_IDS.len(), "a rule id is listed twice");
}

#[test]
fn every_rule_outside_the_profiles_stays_quiet_and_fires() {
    for (rule, quiet, fires) in OTHER_CASES {
        let quiet = quiet();
        assert_listed(&quiet);
        assert!(
            quiet.iter().all(|finding| finding.rule != *rule),
            "{rule} fired on its passing case: {quiet:#?}"
        );
        let fired = fires();
        assert_listed(&fired);
        assert!(
            fired.iter().any(|finding| finding.rule == *rule),
            "{rule} did not fire: {fired:#?}"
        );
    }
}

/// Every string literal shaped like a rule id (`token.…`, `header.…`, `kt.…`, `kid.…`,
/// `jwks.…`, `verify.…`, `expect.…`, `jwe.…`) in the files under `dir`.
fn rule_literals(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
    const PREFIXES: [&str; 8] = [
        "token.", "header.", "kt.", "kid.", "jwks.", "verify.", "expect.", "jwe.",
    ];
    for entry in std::fs::read_dir(dir).expect("directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rule_literals(&path, found);
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        for literal in text.split('"').skip(1).step_by(2) {
            let shaped = PREFIXES.iter().any(|prefix| literal.starts_with(prefix))
                && !literal.ends_with('.')
                && literal.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
                });
            if shaped {
                found.push((path.display().to_string(), literal.to_owned()));
            }
        }
    }
}

#[test]
fn every_rule_id_written_in_the_engine_or_its_tests_is_listed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    rule_literals(&root.join("src"), &mut found);
    rule_literals(&root.join("tests"), &mut found);
    assert!(found.len() > RULE_IDS.len(), "the scan found too little");
    let unlisted: Vec<_> = found
        .iter()
        .filter(|(_, literal)| !RULE_IDS.contains(&literal.as_str()))
        .collect();
    assert!(unlisted.is_empty(), "unlisted rule ids: {unlisted:#?}");
}

#[test]
fn every_rule_stays_quiet_on_its_passing_case() {
    for (rule, profile, quiet, _, _) in CASES {
        let report = run(*profile, *quiet);
        assert_listed(&report.findings);
        assert!(
            report.findings.iter().all(|finding| finding.rule != *rule),
            "{rule} fired on its passing case: {:#?}",
            report.findings
        );
    }
}

#[test]
fn every_rule_fires_on_its_failing_case_with_its_severity() {
    for (rule, profile, _, fires, severity) in CASES {
        let report = run(*profile, *fires);
        assert_listed(&report.findings);
        let found: Vec<_> = report
            .findings
            .iter()
            .filter(|finding| finding.rule == *rule)
            .collect();
        assert!(
            !found.is_empty(),
            "{rule} did not fire: {:#?}",
            report.findings
        );
        for finding in found {
            assert_eq!(finding.severity, *severity, "{rule}: {}", finding.message);
            assert!(
                !finding.message.is_empty() && !finding.message.contains('\n'),
                "{rule}: one-line message"
            );
        }
    }
}

#[test]
fn the_baselines_have_no_warnings_or_errors() {
    for profile in [
        Profile::Generic,
        Profile::ClientAssertion,
        Profile::HtiLaunch,
        Profile::AccessToken,
        Profile::IdToken,
    ] {
        let report = run(profile, no_edit);
        assert_eq!(
            report.count(Severity::Error) + report.count(Severity::Warning),
            0,
            "{profile:?}: {:#?}",
            report.findings
        );
        assert!(report.passes());
    }
}

#[test]
fn koppeltaal_profiles_make_generic_rules_stricter() {
    let cases: &[(Profile, &str, Edit)] = &[
        (Profile::ClientAssertion, "token.hs-alg", |h, _| {
            h.insert("alg".into(), json!("HS256"));
        }),
        (Profile::HtiLaunch, "token.hs-alg", |h, _| {
            h.insert("alg".into(), json!("HS512"));
        }),
        (Profile::AccessToken, "token.hs-alg", |h, _| {
            h.insert("alg".into(), json!("HS256"));
        }),
        (Profile::ClientAssertion, "token.exp-missing", |_, p| {
            remove(p, "exp")
        }),
        (Profile::HtiLaunch, "token.exp-missing", |_, p| {
            remove(p, "exp")
        }),
        (Profile::AccessToken, "token.exp-missing", |_, p| {
            remove(p, "exp")
        }),
        (Profile::ClientAssertion, "token.iat-in-future", |_, p| {
            set(p, "iat", json!(NOW + 3600));
            set(p, "exp", json!(NOW + 3700));
        }),
        (Profile::HtiLaunch, "token.iat-in-future", |_, p| {
            set(p, "iat", json!(NOW + 3600));
            set(p, "exp", json!(NOW + 3700));
        }),
    ];
    for (profile, rule, edit) in cases {
        let report = run(*profile, *edit);
        let finding = report
            .findings
            .iter()
            .find(|finding| finding.rule == *rule)
            .expect("rule fires");
        assert_eq!(
            finding.severity,
            Severity::Error,
            "{profile:?} {rule}: {}",
            finding.message
        );
    }
}

#[test]
fn findings_come_most_serious_first() {
    let report = run(Profile::ClientAssertion, |h, p| {
        h.insert("alg".into(), json!("PS256"));
        remove(p, "jti");
        set(p, "jti", json!(7));
        set(p, "sub", json!("other"));
    });
    let severities: Vec<Severity> = report
        .findings
        .iter()
        .map(|finding| finding.severity)
        .collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
}

#[test]
fn introspection_aud_is_its_own_warning_that_follows_the_reference_server() {
    let report = run(Profile::ClientAssertion, |_, p| {
        set(
            p,
            "aud",
            json!("https://auth.example.org/oauth2/introspect"),
        )
    });
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.rule == "kt.client-assertion.aud-introspection")
        .expect("aud finding");
    assert!(
        finding.message.contains("TOP-KT-021") && finding.message.contains("reference server"),
        "{}",
        finding.message
    );
    assert!(report
        .findings
        .iter()
        .all(|finding| finding.rule != "kt.client-assertion.aud-not-token-endpoint"));
}

#[test]
fn profile_ids_round_trip() {
    let expected = [
        "auto",
        "client-assertion",
        "hti-launch",
        "access-token",
        "id-token",
        "generic",
    ];
    for (profile, id) in Profile::ALL.iter().zip(expected) {
        assert_eq!(profile.id(), id);
        assert_eq!(Profile::from_id(id), Some(*profile));
    }
    assert_eq!(Profile::from_id("Auto"), None);
}

#[test]
fn detect_picks_the_profile_from_the_claims() {
    let cases: Vec<(Value, Profile)> = vec![
        (
            baseline(Profile::ClientAssertion).1,
            Profile::ClientAssertion,
        ),
        (baseline(Profile::HtiLaunch).1, Profile::HtiLaunch),
        (baseline(Profile::AccessToken).1, Profile::AccessToken),
        (
            json!({"definition": "ActivityDefinition/1"}),
            Profile::HtiLaunch,
        ),
        (json!({"type": "access"}), Profile::AccessToken),
        (
            json!({"scope": "system/Task.rs", "azp": "c"}),
            Profile::AccessToken,
        ),
        (
            json!({"iss": "c", "sub": "c", "aud": ["x", "https://a/token/"]}),
            Profile::ClientAssertion,
        ),
        (
            json!({"iss": "c", "sub": "d", "aud": "https://a/token"}),
            Profile::Generic,
        ),
        (
            json!({"iss": "c", "sub": "c", "aud": "https://a/introspect"}),
            Profile::ClientAssertion,
        ),
        (
            json!({"iss": "c", "sub": "c", "aud": "https://a/oauth2/introspect/"}),
            Profile::ClientAssertion,
        ),
        (
            json!({"iss": "c", "sub": "c", "aud": "https://a/introspection"}),
            Profile::Generic,
        ),
        (baseline(Profile::IdToken).1, Profile::IdToken),
        (
            json!({"nonce": "n", "azp": "c", "aud": "c"}),
            Profile::IdToken,
        ),
        (
            json!({"nonce": "n", "sub": "Practitioner/1"}),
            Profile::IdToken,
        ),
        (json!({"nonce": "n", "sub": "alice"}), Profile::Generic),
        (
            json!({"nonce": "n", "azp": "c", "type": "refresh"}),
            Profile::Generic,
        ),
        (json!([1, 2, 3]), Profile::Generic),
    ];
    let header = Header::new();
    for (payload, expected) in cases {
        assert_eq!(detect(&header, &payload), expected, "{payload}");
    }
}

#[test]
fn auto_reports_the_detected_profile() {
    let (header, payload) = baseline(Profile::HtiLaunch);
    let auto = check(Profile::Auto, &header, &payload, NOW);
    assert_eq!((auto.profile, auto.detected), (Profile::HtiLaunch, true));
    let chosen = check(Profile::Generic, &header, &payload, NOW);
    assert_eq!((chosen.profile, chosen.detected), (Profile::Generic, false));
}

// --- real example tokens ---

fn vector(name: &str) -> Value {
    common::vector(&format!("koppeltaal/{name}"))
}

/// Header and payload of a compact JWS, decoded without verifying anything.
fn decode(token: &str) -> (Header, Value) {
    let mut parts = token.split('.');
    let mut segment = || {
        let bytes =
            Base64UrlUnpadded::decode_vec(parts.next().expect("segment")).expect("base64url");
        serde_json::from_slice::<Value>(&bytes).expect("JSON")
    };
    let header = object(segment());
    (header, segment())
}

#[test]
fn smart_example_assertions_are_client_assertions_expired_long_ago() {
    for name in [
        "smart_rs384_client_assertion.json",
        "smart_es384_client_assertion.json",
    ] {
        let (header, payload) = decode(vector(name)["token"].as_str().expect("token"));
        // exp is 2015-01-29 22:01:00 UTC; check three hours later and at NOW.
        let exp = payload["exp"].as_i64().expect("exp");
        for (now, phrase) in [(exp + 3 * 3600, "expired 3 hours ago"), (NOW, "days ago")] {
            let report = check(Profile::Auto, &header, &payload, now);
            assert_eq!(
                (report.profile, report.detected),
                (Profile::ClientAssertion, true),
                "{name}"
            );
            let expired = report
                .findings
                .iter()
                .find(|finding| finding.rule == "token.expired")
                .expect("expired");
            assert!(
                expired.message.contains(phrase),
                "{name}: {}",
                expired.message
            );
            assert!(
                expired.message.contains("2015-01-29 22:01:00 UTC"),
                "{}",
                expired.message
            );
            // The example's jti is not a UUID: only a hint.
            assert!(report
                .findings
                .iter()
                .any(|f| f.rule == "kt.client-assertion.jti-not-uuid"
                    && f.severity == Severity::Info));
        }
    }
}

#[test]
fn devguide_access_tokens_are_detected_and_their_scope_explained() {
    let tokens = vector("devguide_example_tokens.json");
    let tokens = tokens["tokens"].as_array().expect("tokens");
    let access: Vec<_> = tokens
        .iter()
        .map(|token| decode(token["token"].as_str().expect("token")))
        .filter(|(_, payload)| payload["type"] == "access")
        .collect();
    assert_eq!(access.len(), 2);
    for (header, payload) in &access {
        let report = check(Profile::Auto, header, payload, NOW);
        assert_eq!(report.profile, Profile::AccessToken, "{payload}");
        assert!(report.findings.iter().any(|f| f.rule == "token.expired"));
        // 2021 tokens lived an hour; today's server issues 5 minutes.
        let lifetime = report
            .findings
            .iter()
            .find(|f| f.rule == "kt.access-token.lifetime-unusual")
            .expect("lifetime");
        assert!(
            lifetime.message.contains("3600 s (1 hour)"),
            "{}",
            lifetime.message
        );
        let scope_rule = if payload.get("scope").is_some() {
            "kt.scope.empty"
        } else {
            "kt.access-token.scope-missing"
        };
        assert!(
            report.findings.iter().any(|f| f.rule == scope_rule),
            "{scope_rule}: {:#?}",
            report.findings
        );
    }
}

#[test]
fn devguide_id_token_is_detected_as_an_id_token() {
    let tokens = vector("devguide_example_tokens.json");
    let (header, payload) = decode(tokens["tokens"][2]["token"].as_str().expect("token"));
    assert_eq!(detect(&header, &payload), Profile::IdToken);
}

/// The id_token the auth server returns in a SHOF launch: `iss` the server, `aud` the module's
/// client_id, `azp`, `nonce`, `sub` the launching user, RS512 and no `iat`.
fn auth_server_id_token() -> (Header, Value) {
    (
        object(json!({"alg": "RS512", "kid": AUTH_KID, "typ": "JWT"})),
        json!({
            "iss": "https://authentication-service.koppeltaal.headease.nl/",
            "aud": "b02d6ea6-b1a2-4cd4-82f5-b6423d66a988",
            "azp": "b02d6ea6-b1a2-4cd4-82f5-b6423d66a988",
            "nbf": NOW, "exp": NOW + 300, "nonce": ID_TOKEN_NONCE, "sub": "Patient/1963"
        }),
    )
}

#[test]
fn auth_server_id_token_is_detected_and_only_its_missing_iat_is_warned() {
    let (header, payload) = auth_server_id_token();
    let report = check(Profile::Auto, &header, &payload, NOW);
    assert_eq!((report.profile, report.detected), (Profile::IdToken, true));
    let warnings: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.severity <= Severity::Warning)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(warnings, ["kt.id-token.iat-missing"]);
    let iat = &report.findings[0].message;
    assert!(
        iat.contains("OIDC Core requires") && iat.contains("omits"),
        "{iat}"
    );
}

#[test]
fn id_token_report_asks_for_the_client_id_and_nonce_until_given() {
    let (header, payload) = auth_server_id_token();
    let report = check(Profile::IdToken, &header, &payload, NOW);
    assert_eq!(
        report.missing,
        [
            "your client_id (expected aud)",
            "the nonce you sent (expected nonce)"
        ]
    );
    let expect = expecting(
        Some("b02d6ea6-b1a2-4cd4-82f5-b6423d66a988"),
        &["https://authentication-service.koppeltaal.headease.nl"],
        Some(ID_TOKEN_NONCE),
    );
    let report = check_expecting(Profile::IdToken, &header, &payload, NOW, &expect);
    assert!(report.missing.is_empty());
    assert!(report.passes(), "{:#?}", report.findings);
}

#[test]
fn each_profile_says_which_expectations_it_still_needs() {
    let cases: [(Profile, &[&str]); 5] = [
        (
            Profile::ClientAssertion,
            &["your token endpoint URL (expected aud)"],
        ),
        (
            Profile::HtiLaunch,
            &["your module's Device/<id> (expected aud)"],
        ),
        (
            Profile::IdToken,
            &[
                "your client_id (expected aud)",
                "the nonce you sent (expected nonce)",
            ],
        ),
        (Profile::AccessToken, &[]),
        (Profile::Generic, &[]),
    ];
    for (profile, missing) in cases {
        assert_eq!(run(profile, no_edit).missing, missing, "{profile:?}");
    }
}

#[test]
fn the_expected_audience_may_be_one_of_several() {
    let expect = expecting(Some("Device/module-1"), &[], None);
    let (header, mut payload) = baseline(Profile::HtiLaunch);
    set(&mut payload, "aud", json!("Device/module-1"));
    let report = check_expecting(Profile::Auto, &header, &payload, NOW, &expect);
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule != "expect.aud-mismatch"));
    let (header, mut payload) = baseline(Profile::AccessToken);
    set(&mut payload, "aud", json!(["fhir-server", "other"]));
    let expect = expecting(Some("fhir-server"), &[], None);
    let report = check_expecting(Profile::AccessToken, &header, &payload, NOW, &expect);
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule != "expect.aud-mismatch"));
}

#[test]
fn an_introspection_aud_against_the_token_endpoint_is_a_mismatch_that_names_the_server_rule() {
    let expect = expecting(Some("https://auth.example.org/oauth2/token"), &[], None);
    let (header, mut payload) = baseline(Profile::ClientAssertion);
    set(
        &mut payload,
        "aud",
        json!("https://auth.example.org/oauth2/introspect"),
    );
    let report = check_expecting(Profile::Auto, &header, &payload, NOW, &expect);
    let mismatch = report
        .findings
        .iter()
        .find(|f| f.rule == "expect.aud-mismatch")
        .expect("mismatch");
    assert!(
        mismatch.message.contains("reference server"),
        "{}",
        mismatch.message
    );
}

#[test]
fn a_missing_nonce_is_a_mismatch_when_one_was_sent() {
    let (header, mut payload) = baseline(Profile::IdToken);
    remove(&mut payload, "nonce");
    let expect = expecting(None, &[], Some(ID_TOKEN_NONCE));
    let report = check_expecting(Profile::IdToken, &header, &payload, NOW, &expect);
    let found = report
        .findings
        .iter()
        .find(|f| f.rule == "expect.nonce-mismatch")
        .expect("nonce mismatch");
    assert!(
        found.message.starts_with("`nonce` is missing"),
        "{}",
        found.message
    );
}

#[test]
fn the_leeway_expectation_replaces_the_default() {
    let (header, mut payload) = baseline(Profile::Generic);
    set(&mut payload, "exp", json!(NOW - 30));
    let default = check(Profile::Generic, &header, &payload, NOW);
    assert!(default
        .findings
        .iter()
        .any(|f| f.rule == "token.expired-within-leeway"));
    let strict = Expectations {
        leeway_secs: Some(0),
        ..Expectations::default()
    };
    let report = check_expecting(Profile::Generic, &header, &payload, NOW, &strict);
    assert!(report.findings.iter().any(|f| f.rule == "token.expired"));
}

#[test]
fn key_hints_point_access_and_id_tokens_at_their_issuers_metadata() {
    use jose::profiles::key_hint;
    let (_, payload) = auth_server_id_token();
    let hint = key_hint(Profile::IdToken, &payload).expect("hint");
    assert_eq!(
        hint.metadata_url,
        "https://authentication-service.koppeltaal.headease.nl/.well-known/openid-configuration"
    );
    assert_eq!(
        hint.curl,
        "curl -s 'https://authentication-service.koppeltaal.headease.nl/.well-known/openid-configuration' | jq -r .jwks_uri | xargs curl -s"
    );
    assert_eq!(
        hint.reference_jwks_url,
        "https://authentication-service.koppeltaal.headease.nl/.well-known/jwks.json"
    );
    let (_, access) = baseline(Profile::AccessToken);
    assert_eq!(
        key_hint(Profile::AccessToken, &access).map(|h| h.issuer),
        Some("https://auth.example.org/".to_owned())
    );
}

#[test]
fn key_hints_are_not_given_for_client_issuers_or_unsafe_urls() {
    use jose::profiles::key_hint;
    let cases = [
        (
            Profile::ClientAssertion,
            baseline(Profile::ClientAssertion).1,
        ),
        (Profile::HtiLaunch, baseline(Profile::HtiLaunch).1),
        (Profile::IdToken, json!({"iss": "http://auth.example.org"})),
        (
            Profile::IdToken,
            json!({"iss": "https://a.example.org/'; rm -rf ~; '"}),
        ),
        (Profile::AccessToken, json!({"iss": 7})),
    ];
    for (profile, payload) in cases {
        assert_eq!(key_hint(profile, &payload), None, "{payload}");
    }
}

#[test]
fn shof_token_response_fields_are_explained() {
    use jose::profiles::explain_token_response_field;
    for name in [
        "resource",
        "definition",
        "patient",
        "intent",
        "id_token",
        "task",
    ] {
        let info = explain_token_response_field(name).unwrap_or_else(|| panic!("{name}"));
        assert!(!info.description.is_empty() && !info.spec.is_empty());
    }
    assert!(explain_token_response_field("resource")
        .is_some_and(|info| info.description.contains("Task/")));
    assert_eq!(explain_token_response_field("no-such-field"), None);
}

// --- scope explanations ---

#[test]
fn parse_scope_explains_each_entry_in_english() {
    use jose::profiles::parse_scope;
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "system/Task.crs?resource-origin=Device/abc",
            "create, read, search Task resources created by Device/abc",
            &["create", "read", "search"],
            &["Device/abc"],
        ),
        (
            "system/Patient.rs",
            "read, search Patient resources",
            &["read", "search"],
            &[],
        ),
        (
            "system/*.cruds",
            "create, read, update, delete, search resources of every type",
            &["create", "read", "update", "delete", "search"],
            &[],
        ),
        (
            "system/Task.crus?resource-origin=Device/a,Device/b",
            "create, read, update, search Task resources created by Device/a or Device/b",
            &["create", "read", "update", "search"],
            &["Device/a", "Device/b"],
        ),
        (
            "openid",
            "asks for an OpenID Connect id_token saying who signed in",
            &[],
            &[],
        ),
    ];
    for (raw, description, permissions, origins) in cases {
        let entries = parse_scope(raw);
        assert_eq!(entries.len(), 1);
        let entry = &entries[0];
        assert_eq!(entry.description, *description, "{raw}");
        assert_eq!(entry.permissions, *permissions, "{raw}");
        assert_eq!(entry.resource_origin, *origins, "{raw}");
        assert!(entry.problems.is_empty(), "{raw}: {:#?}", entry.problems);
    }
}

#[test]
fn parse_scope_splits_on_any_whitespace_and_keeps_the_parts() {
    use jose::profiles::parse_scope;
    let entries = parse_scope("  system/Task.rs\tuser/Observation.c\n");
    let parts: Vec<_> = entries
        .iter()
        .map(|e| (e.context.as_str(), e.resource_type.as_str(), e.raw.as_str()))
        .collect();
    assert_eq!(
        parts,
        vec![
            ("system", "Task", "system/Task.rs"),
            ("user", "Observation", "user/Observation.c")
        ]
    );
    assert!(parse_scope("").is_empty());
}

// --- claim and header explanations ---

#[test]
fn every_claim_the_tool_shows_is_explained() {
    use jose::profiles::explain_claim;
    let names = [
        "iss",
        "sub",
        "aud",
        "exp",
        "nbf",
        "iat",
        "jti",
        "nonce",
        "azp",
        "auth_time",
        "scope",
        "client_id",
        "cnf",
        "resource",
        "definition",
        "patient",
        "intent",
        "idp_hint",
        "hti-version",
        "type",
        "resource-origin",
    ];
    for name in names {
        let info = explain_claim(name).unwrap_or_else(|| panic!("no explanation for claim {name}"));
        assert!(
            !info.title.is_empty() && !info.description.is_empty() && !info.spec.is_empty(),
            "{name}"
        );
    }
    assert_eq!(
        explain_claim("exp").map(|info| info.spec),
        Some("RFC 7519 §4.1.4")
    );
    assert_eq!(explain_claim("no-such-claim"), None);
}

#[test]
fn every_registered_header_parameter_is_explained() {
    use jose::profiles::explain_header;
    for name in [
        "alg", "kid", "typ", "cty", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit", "b64",
    ] {
        let info =
            explain_header(name).unwrap_or_else(|| panic!("no explanation for header {name}"));
        assert!(
            !info.title.is_empty() && !info.description.is_empty() && !info.spec.is_empty(),
            "{name}"
        );
    }
    assert_eq!(explain_header("exp"), None);
}

// --- kid explanations ---

fn first_public_key(file: &str, member: &str) -> (String, jose::PublicKey) {
    let jwk = vector(file)[member]["keys"][0].clone();
    let kid = jwk["kid"].as_str().expect("kid").to_owned();
    let key = jose::jwk::key_from_jwk(&jwk)
        .expect("JWK")
        .public_key()
        .expect("public key");
    (kid, key)
}

#[test]
fn explain_kid_names_the_thumbprint_convention_of_real_kids() {
    use jose::profiles::explain_kid;
    let cases = [
        ("devguide_jwks_md5_kid.json", "jwks", "MD5"),
        ("koppeltaal_auth_service_jwks.json", "jwks", "SHA-256"),
    ];
    for (file, member, hash) in cases {
        let (kid, key) = first_public_key(file, member);
        let finding = explain_kid(&kid, Some(&key)).expect("finding");
        assert_eq!(
            (finding.rule.as_str(), finding.severity),
            ("kid.thumbprint", Severity::Info),
            "{file}"
        );
        assert!(
            finding.message.contains(hash),
            "{file}: {}",
            finding.message
        );
    }
}

#[test]
fn explain_kid_tells_names_thumbprints_of_other_keys_and_bare_shapes_apart() {
    use jose::profiles::{explain_kid, KID_RULE_IDS};
    let (_, smart_key) = first_public_key("smart_rs384_client_assertion.json", "public_jwks");
    let auth_kid = "J-lqj3TlWHijPpwHetreow3MQgbE_luA66NiIoHKoEo";
    type Case<'a> = (
        &'a str,
        Option<&'a jose::PublicKey>,
        Option<(&'a str, Severity)>,
    );
    let cases: &[Case] = &[
        (
            "eee9f17a3b598fd86417a980b591fbe6",
            Some(&smart_key),
            Some(("kid.name", Severity::Info)),
        ),
        (
            auth_kid,
            Some(&smart_key),
            Some(("kid.thumbprint-other-key", Severity::Warning)),
        ),
        (
            auth_kid,
            None,
            Some(("kid.looks-like-thumbprint", Severity::Info)),
        ),
        (
            "oHV39B4Ow8hcw3SbkF4k0w",
            None,
            Some(("kid.looks-like-thumbprint", Severity::Info)),
        ),
        ("key-2026", None, None),
        ("6f1c2a6e-8d3b-4b1e-9f2a-1c2d3e4f5a6b", None, None),
    ];
    for (kid, key, expected) in cases {
        let found = explain_kid(kid, *key);
        let found = found
            .as_ref()
            .map(|finding| (finding.rule.as_str(), finding.severity));
        assert_eq!(found, *expected, "{kid}");
    }
    for rule in KID_RULE_IDS {
        assert!(
            cases
                .iter()
                .any(|case| case.2.is_some_and(|(r, _)| r == *rule))
                || *rule == "kid.thumbprint",
            "{rule}"
        );
    }
}

#[test]
fn profiles_cross_to_a_worker_as_their_stable_id() {
    for profile in Profile::ALL {
        let json = serde_json::to_string(&profile).unwrap();
        assert_eq!(json, format!("\"{}\"", profile.id()));
        assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), profile);
    }
}

#[test]
fn severities_survive_a_trip_through_json() {
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let json = serde_json::to_string(&severity).unwrap();
        assert_eq!(json, format!("\"{}\"", severity.as_str()));
        assert_eq!(serde_json::from_str::<Severity>(&json).unwrap(), severity);
    }
}
