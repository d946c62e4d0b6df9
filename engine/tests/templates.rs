//! Signer templates: the payloads they build pass their own profile, and the token request and
//! launch form they produce are quoted and escaped correctly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::alg::JwsAlgorithm;
use jose::profiles::templates::{
    hti_launch_form_html, refresh_times, token_request_body, token_request_curl, uuid_v4,
    ClientAssertionForm, HtiLaunchForm, TemplateError, MAX_LIFETIME_SECS,
};
use jose::profiles::{check, detect, Profile};
use jose::Severity;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Map, Value};

const NOW: i64 = 1_800_000_000;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(7)
}

fn client_assertion_form() -> ClientAssertionForm {
    ClientAssertionForm {
        client_id: "5ad7cf6a-9556-4d23-91ca-250dafa1df09".to_owned(),
        token_endpoint: "https://auth.koppeltaal.example/oauth2/token".to_owned(),
        scope: "system/Task.crus".to_owned(),
        lifetime_secs: 300,
        kid: "key-2026".to_owned(),
        alg: JwsAlgorithm::Rs384,
    }
}

fn hti_form() -> HtiLaunchForm {
    HtiLaunchForm {
        portal_client_id: "portal-1".to_owned(),
        module_device_id: "module-1".to_owned(),
        sub: "Practitioner/pr1".to_owned(),
        task_id: "t1".to_owned(),
        activity_definition: "ActivityDefinition/ad1".to_owned(),
        patient: "p1".to_owned(),
        intent: "plan".to_owned(),
        fhir_base_url: "https://fhir.koppeltaal.example/fhir/DEFAULT".to_owned(),
        kid: "key-2026".to_owned(),
        alg: JwsAlgorithm::Es384,
        lifetime_secs: 120,
    }
}

fn header_map(header: Value) -> Map<String, Value> {
    match header {
        Value::Object(map) => map,
        other => panic!("header is not an object: {other}"),
    }
}

fn is_uuid_v4(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-')
        && bytes[14] == b'4'
        && matches!(bytes[19], b'8' | b'9' | b'a' | b'b')
        && text
            .chars()
            .filter(|c| *c != '-')
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

#[test]
fn client_assertion_template_passes_its_own_profile() {
    let (header, payload) = client_assertion_form()
        .build(NOW, &mut rng())
        .expect("template");
    let header = header_map(header);
    assert_eq!(detect(&header, &payload), Profile::ClientAssertion);
    let report = check(Profile::ClientAssertion, &header, &payload, NOW);
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.findings);
    assert_eq!(report.count(Severity::Warning), 0, "{:#?}", report.findings);
}

#[test]
fn client_assertion_template_sets_the_smart_claims() {
    let form = client_assertion_form();
    let (header, payload) = form.build(NOW, &mut rng()).expect("template");
    assert_eq!(
        header,
        json!({"alg": "RS384", "typ": "JWT", "kid": "key-2026"})
    );
    assert_eq!(payload["iss"], form.client_id.as_str());
    assert_eq!(payload["sub"], form.client_id.as_str());
    assert_eq!(payload["aud"], form.token_endpoint.as_str());
    assert_eq!(
        (payload["iat"].as_i64(), payload["exp"].as_i64()),
        (Some(NOW), Some(NOW + 300))
    );
    assert!(
        is_uuid_v4(payload["jti"].as_str().expect("jti")),
        "{}",
        payload["jti"]
    );
}

#[test]
fn hti_template_passes_its_own_profile() {
    let (header, payload) = hti_form().build(NOW, &mut rng()).expect("template");
    let header = header_map(header);
    assert_eq!(detect(&header, &payload), Profile::HtiLaunch);
    let report = check(Profile::HtiLaunch, &header, &payload, NOW);
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.findings);
    assert_eq!(report.count(Severity::Warning), 0, "{:#?}", report.findings);
}

#[test]
fn hti_template_adds_reference_prefixes_and_leaves_out_empty_options() {
    let mut form = hti_form();
    form.module_device_id = "Device/module-1".to_owned();
    form.intent = String::new();
    form.patient = " ".to_owned();
    let (_, payload) = form.build(NOW, &mut rng()).expect("template");
    assert_eq!(payload["aud"], "Device/module-1");
    assert_eq!(payload["resource"], "Task/t1");
    assert_eq!(payload["hti-version"], "2.0");
    assert_eq!(payload["exp"].as_i64(), Some(NOW + 120));
    assert!(
        payload.get("intent").is_none() && payload.get("patient").is_none(),
        "{payload}"
    );
    assert_eq!(
        hti_form().build(NOW, &mut rng()).expect("template").1["patient"],
        "Patient/p1"
    );
}

#[test]
fn templates_refuse_bad_input() {
    let cases: Vec<(ClientAssertionForm, TemplateError)> = vec![
        (
            ClientAssertionForm {
                lifetime_secs: MAX_LIFETIME_SECS + 1,
                ..client_assertion_form()
            },
            TemplateError::LifetimeOutOfRange { found: 301 },
        ),
        (
            ClientAssertionForm {
                lifetime_secs: 0,
                ..client_assertion_form()
            },
            TemplateError::LifetimeOutOfRange { found: 0 },
        ),
        (
            ClientAssertionForm {
                alg: JwsAlgorithm::Hs256,
                ..client_assertion_form()
            },
            TemplateError::SymmetricAlgorithm(JwsAlgorithm::Hs256),
        ),
        (
            ClientAssertionForm {
                client_id: " ".to_owned(),
                ..client_assertion_form()
            },
            TemplateError::MissingField { field: "client_id" },
        ),
        (
            ClientAssertionForm {
                kid: String::new(),
                ..client_assertion_form()
            },
            TemplateError::MissingField { field: "kid" },
        ),
    ];
    for (form, expected) in cases {
        assert_eq!(form.build(NOW, &mut rng()), Err(expected));
    }
    let hti = HtiLaunchForm {
        task_id: String::new(),
        ..hti_form()
    };
    assert_eq!(
        hti.build(NOW, &mut rng()),
        Err(TemplateError::MissingField { field: "task_id" })
    );
}

#[test]
fn template_errors_say_what_was_expected() {
    let message = TemplateError::LifetimeOutOfRange { found: 600 }.to_string();
    assert!(
        message.contains("600") && message.contains("300"),
        "{message}"
    );
}

#[test]
fn uuid_v4_is_random_and_well_formed() {
    let mut rng = rng();
    let first = uuid_v4(&mut rng);
    let second = uuid_v4(&mut rng);
    assert!(
        is_uuid_v4(&first) && is_uuid_v4(&second),
        "{first} {second}"
    );
    assert_ne!(first, second);
}

#[test]
fn refresh_times_keeps_the_lifetime_and_renews_the_jti() {
    let mut rng = rng();
    let (_, mut payload) = hti_form().build(NOW, &mut rng).expect("template");
    let old_jti = payload["jti"].clone();
    let later = NOW + 3600;
    refresh_times(&mut payload, later, &mut rng).expect("refresh");
    assert_eq!(
        (payload["iat"].as_i64(), payload["exp"].as_i64()),
        (Some(later), Some(later + 120))
    );
    assert_ne!(payload["jti"], old_jti);
    assert!(is_uuid_v4(payload["jti"].as_str().expect("jti")));
}

#[test]
fn refresh_times_moves_nbf_and_defaults_the_lifetime() {
    let mut payload = json!({"nbf": 1, "exp": "soon"});
    refresh_times(&mut payload, NOW, &mut rng()).expect("refresh");
    assert_eq!(payload, json!({"nbf": NOW, "exp": NOW + 300, "iat": NOW}));
    assert_eq!(
        refresh_times(&mut json!([1]), NOW, &mut rng()),
        Err(TemplateError::PayloadNotObject)
    );
}

#[test]
fn token_request_body_is_form_urlencoded() {
    let body = token_request_body(
        "aa.bb.c-_",
        "system/Task.crus?resource-origin=Device/a,Device/b system/Patient.rs",
    );
    assert_eq!(
        body,
        "grant_type=client_credentials\
         &client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
         &client_assertion=aa.bb.c-_\
         &scope=system%2FTask.crus%3Fresource-origin%3DDevice%2Fa%2CDevice%2Fb+system%2FPatient.rs"
    );
    assert!(token_request_body("a.b.c", "").ends_with("&scope="));
}

#[test]
fn token_request_curl_quotes_every_argument_for_the_shell() {
    let curl = token_request_curl("https://auth.example/oauth2/token?x='1'", "a.b.c", "it's");
    assert!(
        curl.starts_with("curl -X POST 'https://auth.example/oauth2/token?x='\\''1'\\''' \\\n"),
        "{curl}"
    );
    assert!(
        curl.contains("-H 'Content-Type: application/x-www-form-urlencoded'"),
        "{curl}"
    );
    // The body's own quote was form-encoded, so the quoted body has no stray quote.
    assert!(curl.ends_with("--data-raw 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c&scope=it%27s'"), "{curl}");
}

#[test]
fn hti_launch_form_posts_launch_and_iss_html_escaped() {
    let html = hti_launch_form_html(
        "https://module.example/launch?a=1&b=\"2\"",
        "x.y.z",
        "https://fhir.example/<fhir>",
    );
    assert!(html.contains("<form method=\"post\" action=\"https://module.example/launch?a=1&amp;b=&quot;2&quot;\""), "{html}");
    assert!(
        html.contains("<input type=\"hidden\" name=\"launch\" value=\"x.y.z\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<input type=\"hidden\" name=\"iss\" value=\"https://fhir.example/&lt;fhir&gt;\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("onload=\"document.forms[0].submit()\""),
        "{html}"
    );
    assert!(!html.contains("<fhir>"));
}
