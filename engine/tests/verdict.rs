//! The receiver's verdict: accept, reject or incomplete, over profile × signature × findings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jose::profiles::{check_expecting, Expectations, Profile, ProfileReport};
use jose::verdict::{receiver_verdict, SignatureState, Verdict, VerdictKind};
use jose::{Finding, Severity};

/// A report with no findings and the given missing expectations.
fn report(profile: Profile, missing: &[&str]) -> ProfileReport {
    ProfileReport {
        profile,
        detected: false,
        findings: Vec::new(),
        missing: missing.iter().map(|m| (*m).to_owned()).collect(),
    }
}

fn error(rule: &'static str) -> Finding {
    Finding::new(rule, Severity::Error, format!("{rule} message"))
}

fn warning(rule: &'static str) -> Finding {
    Finding::new(rule, Severity::Warning, format!("{rule} message"))
}

fn verdict(report: &ProfileReport, signature: SignatureState, extra: &[Finding]) -> Verdict {
    receiver_verdict(report, &signature, extra)
}

#[test]
fn the_kind_follows_signature_findings_and_missing_expectations() {
    use SignatureState::*;
    use VerdictKind::*;
    let unusable = || KeyUnusable("no key has kid \"k\"".to_owned());
    // (signature, findings in the report, missing expectations, expected kind)
    let cases: Vec<(SignatureState, Vec<Finding>, Vec<&str>, VerdictKind)> = vec![
        (Valid, vec![], vec![], Accept),
        (Valid, vec![warning("kt.hti.aud-url")], vec![], Accept),
        (Valid, vec![error("token.expired")], vec![], Reject),
        (
            Valid,
            vec![],
            vec!["your module's Device/<id> (expected aud)"],
            Incomplete,
        ),
        (Invalid, vec![], vec![], Reject),
        (Invalid, vec![], vec!["the nonce you sent"], Reject),
        (unusable(), vec![], vec![], Reject),
        (NoKey, vec![], vec![], Incomplete),
        (NoKey, vec![error("token.expired")], vec![], Reject),
        (Pending, vec![], vec![], Incomplete),
        (Error("crit lists x".to_owned()), vec![], vec![], Incomplete),
    ];
    for profile in [
        Profile::ClientAssertion,
        Profile::HtiLaunch,
        Profile::AccessToken,
        Profile::IdToken,
        Profile::Generic,
    ] {
        for (signature, findings, missing, kind) in &cases {
            let mut report = report(profile, missing);
            report.findings = findings.clone();
            let found = verdict(&report, signature.clone(), &[]);
            assert_eq!(
                found.kind, *kind,
                "{profile:?} {signature:?} {findings:?} {missing:?}"
            );
        }
    }
}

#[test]
fn an_error_among_the_extra_findings_rejects_too() {
    let found = verdict(
        &report(Profile::Generic, &[]),
        SignatureState::Valid,
        &[error("verify.hs-with-public-key")],
    );
    assert_eq!(found.kind, VerdictKind::Reject);
    assert_eq!(found.reasons[0].rule, "verify.hs-with-public-key");
}

#[test]
fn headlines_name_the_receiver_of_each_profile() {
    let cases = [
        (
            Profile::ClientAssertion,
            "The Koppeltaal auth server would accept this client assertion",
        ),
        (Profile::HtiLaunch, "A module would accept this launch"),
        (
            Profile::AccessToken,
            "The FHIR server would accept this access token",
        ),
        (
            Profile::IdToken,
            "Your app (the SHOF client) would accept this id_token",
        ),
        (Profile::Generic, "A receiver would accept this token"),
    ];
    for (profile, headline) in cases {
        let found = verdict(&report(profile, &[]), SignatureState::Valid, &[]);
        assert_eq!(found.headline, headline);
    }
}

#[test]
fn a_rejection_counts_its_reasons_bad_signature_first() {
    let mut launch = report(Profile::HtiLaunch, &[]);
    launch.findings = vec![error("kt.hti.resource-missing"), warning("kt.hti.aud-url")];
    let found = verdict(&launch, SignatureState::Invalid, &[]);
    assert_eq!(
        found.headline,
        "A module would reject this launch: 2 reasons"
    );
    let rules: Vec<&str> = found.reasons.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["verify.signature-invalid", "kt.hti.resource-missing"]
    );

    let found = verdict(
        &report(Profile::HtiLaunch, &[]),
        SignatureState::Invalid,
        &[],
    );
    assert_eq!(
        found.headline,
        "A module would reject this launch: 1 reason"
    );
}

#[test]
fn an_unusable_key_is_a_reason_that_says_why() {
    let found = verdict(
        &report(Profile::ClientAssertion, &[]),
        SignatureState::KeyUnusable("no key has kid \"k1\"".to_owned()),
        &[],
    );
    assert_eq!(found.reasons[0].rule, "verify.key-unusable");
    assert!(found.reasons[0].message.contains("no key has kid \"k1\""));
}

#[test]
fn an_incomplete_verdict_says_what_to_add() {
    let found = verdict(
        &report(
            Profile::HtiLaunch,
            &["your module's Device/<id> (expected aud)"],
        ),
        SignatureState::NoKey,
        &[],
    );
    assert_eq!(found.missing.len(), 2);
    assert!(found.missing[0].starts_with("a key to verify with: the portal's JWKS"));
    assert_eq!(found.missing[1], "your module's Device/<id> (expected aud)");
    assert!(
        found
            .headline
            .starts_with("Not enough to decide whether a module would accept this launch: add a key to verify with"),
        "{}",
        found.headline
    );
    assert!(found
        .headline
        .ends_with("and your module's Device/<id> (expected aud)"));
}

#[test]
fn a_real_report_with_expectations_given_is_accepted_when_signed() {
    let header = serde_json::json!({"alg": "RS512", "kid": "k", "typ": "JWT"});
    let header = header.as_object().unwrap().clone();
    let now = 1_800_000_000;
    let payload = serde_json::json!({
        "iss": "https://auth.example.org/", "aud": "client-1", "azp": "client-1",
        "sub": "Patient/1", "nonce": "n-1", "iat": now, "exp": now + 300
    });
    let expect = Expectations {
        audience: Some("client-1".to_owned()),
        nonce: Some("n-1".to_owned()),
        ..Expectations::default()
    };
    let report = check_expecting(Profile::Auto, &header, &payload, now, &expect);
    assert_eq!(report.profile, Profile::IdToken);
    let found = verdict(&report, SignatureState::Valid, &[]);
    assert_eq!(found.kind, VerdictKind::Accept, "{found:#?}");
    let without = check_expecting(
        Profile::Auto,
        &header,
        &payload,
        now,
        &Expectations::default(),
    );
    assert_eq!(
        verdict(&without, SignatureState::Valid, &[]).kind,
        VerdictKind::Incomplete
    );
}

#[test]
fn verdicts_cross_to_the_page_as_json() {
    let found = verdict(&report(Profile::Generic, &[]), SignatureState::NoKey, &[]);
    let text = serde_json::to_string(&found).unwrap();
    assert!(text.contains("\"kind\":\"incomplete\""), "{text}");
    assert_eq!(serde_json::from_str::<Verdict>(&text).unwrap(), found);
    assert_eq!(VerdictKind::Reject.id(), "reject");
}

#[test]
fn verification_results_map_onto_signature_states() {
    use jose::key::{Key, KeyMaterial, Secret};
    use jose::verify::{verify_compact, VerifyOptions};
    let token = jose::decode_compact(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    )
    .unwrap();
    let secret = |text: &str| Key::new(KeyMaterial::Secret(Secret::new(text.as_bytes().to_vec())));
    let mut with_kid = secret("your-256-bit-secret");
    with_kid.meta.kid = Some("other".to_owned());
    let cases: Vec<(Vec<Key>, SignatureState)> = vec![
        (vec![secret("your-256-bit-secret")], SignatureState::Valid),
        (
            vec![secret("another-secret-of-32-bytes-long!")],
            SignatureState::Invalid,
        ),
        (vec![], SignatureState::NoKey),
        // No kid in the token: the key is tried although it has one.
        (vec![with_kid], SignatureState::Valid),
    ];
    for (keys, expected) in cases {
        let result = verify_compact(&token, &keys, &VerifyOptions::default());
        assert_eq!(SignatureState::from_verification(result.as_ref()), expected);
    }
    // A token with a kid meets a key set whose kids differ: the key is unusable.
    let kid_token = jose::decode_compact(&format!(
        "{}.e30.c2ln",
        jose::b64::encode(br#"{"alg":"HS256","kid":"k1"}"#)
    ))
    .unwrap();
    let mut other = secret("your-256-bit-secret");
    other.meta.kid = Some("k2".to_owned());
    let result = verify_compact(&kid_token, &[other], &VerifyOptions::default());
    let state = SignatureState::from_verification(result.as_ref());
    assert!(
        matches!(&state, SignatureState::KeyUnusable(why) if why.contains("no key has kid \"k1\"")),
        "{state:?}"
    );
}
