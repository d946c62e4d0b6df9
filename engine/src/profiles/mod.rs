//! Token profiles: what a Koppeltaal client assertion, HTI launch token or access token must look
//! like, plus the generic checks every token gets.
//!
//! [`check`] runs the generic checks ([`generic`], including the time claims from
//! [`crate::claims`]) and then the chosen profile's. [`Profile::Auto`] picks the profile with
//! [`detect`]. A profile may raise a generic finding's severity (for example `token.hs-alg` is
//! info for a generic token but an error for Koppeltaal profiles); the rule id stays the same.
//!
//! # Rule ids
//!
//! Rule ids are a public API (the UI shows them as `data-rule`); they never change meaning.
//! [`RULE_IDS`] lists every id the engine can produce, these and the JWK Set rules
//! ([`crate::jwks`]), `token.input-tidied` and `token.payload-not-json`
//! ([`crate::token::UntrustedToken::findings`]), `verify.hs-with-public-key` and
//! `verify.hmac-short-secret` ([`crate::verify`]) and the verdict's own reasons,
//! `verify.signature-invalid` and `verify.key-unusable` ([`crate::verdict`]).
//!
//! Generic (every token; the header rules come from [`crate::header_rules`]):
//! `token.payload-not-object`, `token.alg-missing`, `token.alg-none`, `token.alg-unknown`,
//! `token.hs-alg`, `header.jwk-embedded`, `header.jku`, `header.x5u`, `header.x5c`,
//! `header.kid-not-string`, `header.crit-invalid`, `header.crit-unknown`, `header.b64-false`.
//!
//! Time claims (every token):
//! `token.expired`, `token.expired-within-leeway`, `token.not-yet-valid`, `token.iat-in-future`,
//! `token.exp-missing`, `token.exp-before-iat`, `token.exp-before-nbf`, `token.time-not-number`,
//! `token.time-fraction`, `token.time-negative`, `token.time-milliseconds`,
//! `token.time-out-of-range`.
//!
//! Client assertion (`client-assertion`):
//! `kt.client-assertion.alg-not-accepted`, `kt.client-assertion.kid-missing`,
//! `kt.client-assertion.typ-not-jwt`, `kt.client-assertion.jku-present`,
//! `kt.client-assertion.iss-missing`, `kt.client-assertion.sub-missing`,
//! `kt.client-assertion.iss-sub-mismatch`, `kt.client-assertion.aud-missing`,
//! `kt.client-assertion.aud-not-string`, `kt.client-assertion.aud-not-token-endpoint`,
//! `kt.client-assertion.aud-not-https`, `kt.client-assertion.aud-introspection`,
//! `kt.client-assertion.exp-too-far`, `kt.client-assertion.lifetime-too-long`,
//! `kt.client-assertion.jti-missing`, `kt.client-assertion.jti-not-uuid`.
//!
//! HTI launch (`hti-launch`):
//! `kt.hti.alg-not-hti`, `kt.hti.alg-not-koppeltaal`, `kt.hti.kid-missing`, `kt.hti.iss-missing`,
//! `kt.hti.aud-missing`, `kt.hti.aud-not-string`, `kt.hti.aud-url`, `kt.hti.aud-not-device`,
//! `kt.hti.sub-missing`, `kt.hti.sub-invalid`, `kt.hti.resource-missing`,
//! `kt.hti.resource-not-task`, `kt.hti.definition-missing`, `kt.hti.definition-invalid`,
//! `kt.hti.patient-invalid`, `kt.hti.intent-invalid`, `kt.hti.idp-hint-invalid`,
//! `kt.hti.version-missing`, `kt.hti.version-unknown`, `kt.hti.jti-missing`, `kt.hti.jti-not-uuid`,
//! `kt.hti.iat-missing`, `kt.hti.lifetime-too-long`.
//!
//! Access token (`access-token`):
//! `kt.access-token.alg-not-rs512`, `kt.access-token.kid-missing`,
//! `kt.access-token.type-not-access`, `kt.access-token.iss-missing`,
//! `kt.access-token.aud-unexpected`, `kt.access-token.iat-missing`, `kt.access-token.nbf-missing`,
//! `kt.access-token.lifetime-unusual`, `kt.access-token.jti-missing`,
//! `kt.access-token.nonce-missing`, `kt.access-token.sub-missing`, `kt.access-token.azp-missing`,
//! `kt.access-token.scope-missing`.
//!
//! SHOF id_token (`id-token`, [`id_token`]):
//! `kt.id-token.alg-not-rs512`, `kt.id-token.kid-missing`, `kt.id-token.iss-missing`,
//! `kt.id-token.aud-missing`, `kt.id-token.azp-missing`, `kt.id-token.azp-mismatch`,
//! `kt.id-token.nonce-missing`, `kt.id-token.iat-missing`, `kt.id-token.sub-missing`,
//! `kt.id-token.sub-not-person`.
//!
//! Expectations (every profile, [`expect`]): `expect.aud-mismatch`, `expect.iss-untrusted`,
//! `expect.nonce-mismatch`.
//!
//! Scope (access tokens, [`scope`]):
//! `kt.scope.granted` (info: one per entry, explained), `kt.scope.empty`, `kt.scope.unknown`,
//! `kt.scope.unknown-context`, `kt.scope.malformed`, `kt.scope.no-permissions`,
//! `kt.scope.unknown-permission`, `kt.scope.duplicate-permission`, `kt.scope.permission-order`,
//! `kt.scope.smart-v1`, `kt.scope.search-without-read`, `kt.scope.bad-resource-origin`,
//! `kt.scope.unknown-parameter`.
//!
//! JWE (every encrypted token, [`crate::jwe::UntrustedJwe::findings`]): `jwe.rsa1_5`,
//! `jwe.kid-missing` ([`crate::jwe::JWE_RULE_IDS`]).
//!
//! Key id ([`explain_kid`], using [`crate::thumbprint::recognise_kid`]):
//! `kid.thumbprint`, `kid.name`, `kid.thumbprint-other-key`, `kid.looks-like-thumbprint`.

pub mod access_token;
pub mod client_assertion;
pub mod expect;
pub mod explain;
mod fields;
pub mod generic;
pub mod hti_launch;
pub mod id_token;
pub mod key_hint;
pub mod kid;
pub mod requests;
pub mod scope;
pub mod templates;

/// Kept here too: the citations were first published under `profiles`.
pub use crate::sources;

use serde_json::{Map, Value};

use crate::claims::{audiences, DEFAULT_LEEWAY_SECS};
use crate::finding::{Finding, Severity};

pub use expect::Expectations;
pub use explain::{explain_claim, explain_header, explain_token_response_field, ClaimInfo};
pub use key_hint::{key_hint, KeyHint};
pub use kid::explain_kid;
pub use scope::{parse_scope, ScopeEntry};

/// Every rule id the UI can show, from every area of the engine: the token's own findings,
/// the header rules, the payload shape, the time claims, the Koppeltaal profiles, `kid`
/// explanations, JWK Set validation and the verifier's algorithm-confusion finding.
///
/// One list built from the per-area lists, so an area cannot add a rule without it appearing
/// here; `tests/profiles.rs` holds a passing and a failing case for each.
pub const RULE_IDS: &[&str] = &ALL_RULE_IDS;

const ALL_RULE_IDS: [&str; RULE_COUNT] = concat_rule_ids(RULE_AREAS);

/// The per-area lists [`RULE_IDS`] is made of.
const RULE_AREAS: &[&[&str]] = &[
    crate::token::TOKEN_RULE_IDS,
    crate::header_rules::HEADER_RULE_IDS,
    generic::PAYLOAD_RULE_IDS,
    crate::claims::TIME_RULE_IDS,
    KOPPELTAAL_RULE_IDS,
    expect::EXPECT_RULE_IDS,
    KID_RULE_IDS,
    crate::jwks::JWKS_RULE_IDS,
    crate::verify::VERIFY_RULE_IDS,
    crate::verdict::VERDICT_RULE_IDS,
    crate::jwe::JWE_RULE_IDS,
];

const RULE_COUNT: usize = count_rule_ids(RULE_AREAS);

const fn count_rule_ids(areas: &[&[&str]]) -> usize {
    let mut count = 0;
    let mut area = 0;
    while area < areas.len() {
        count += areas[area].len();
        area += 1;
    }
    count
}

const fn concat_rule_ids<const N: usize>(areas: &[&[&'static str]]) -> [&'static str; N] {
    let mut all = [""; N];
    let mut next = 0;
    let mut area = 0;
    while area < areas.len() {
        let mut index = 0;
        while index < areas[area].len() {
            all[next] = areas[area][index];
            next += 1;
            index += 1;
        }
        area += 1;
    }
    all
}

/// The rule ids of the Koppeltaal profiles (client assertion, HTI launch, access token,
/// id_token, scope).
pub const KOPPELTAAL_RULE_IDS: &[&str] = &[
    "kt.client-assertion.alg-not-accepted",
    "kt.client-assertion.kid-missing",
    "kt.client-assertion.typ-not-jwt",
    "kt.client-assertion.jku-present",
    "kt.client-assertion.iss-missing",
    "kt.client-assertion.sub-missing",
    "kt.client-assertion.iss-sub-mismatch",
    "kt.client-assertion.aud-missing",
    "kt.client-assertion.aud-not-string",
    "kt.client-assertion.aud-not-token-endpoint",
    "kt.client-assertion.aud-not-https",
    "kt.client-assertion.aud-introspection",
    "kt.client-assertion.exp-too-far",
    "kt.client-assertion.lifetime-too-long",
    "kt.client-assertion.jti-missing",
    "kt.client-assertion.jti-not-uuid",
    "kt.hti.alg-not-hti",
    "kt.hti.alg-not-koppeltaal",
    "kt.hti.kid-missing",
    "kt.hti.iss-missing",
    "kt.hti.aud-missing",
    "kt.hti.aud-not-string",
    "kt.hti.aud-url",
    "kt.hti.aud-not-device",
    "kt.hti.sub-missing",
    "kt.hti.sub-invalid",
    "kt.hti.resource-missing",
    "kt.hti.resource-not-task",
    "kt.hti.definition-missing",
    "kt.hti.definition-invalid",
    "kt.hti.patient-invalid",
    "kt.hti.intent-invalid",
    "kt.hti.idp-hint-invalid",
    "kt.hti.version-missing",
    "kt.hti.version-unknown",
    "kt.hti.jti-missing",
    "kt.hti.jti-not-uuid",
    "kt.hti.iat-missing",
    "kt.hti.lifetime-too-long",
    "kt.access-token.alg-not-rs512",
    "kt.access-token.kid-missing",
    "kt.access-token.type-not-access",
    "kt.access-token.iss-missing",
    "kt.access-token.aud-unexpected",
    "kt.access-token.iat-missing",
    "kt.access-token.nbf-missing",
    "kt.access-token.lifetime-unusual",
    "kt.access-token.jti-missing",
    "kt.access-token.nonce-missing",
    "kt.access-token.sub-missing",
    "kt.access-token.azp-missing",
    "kt.access-token.scope-missing",
    "kt.id-token.alg-not-rs512",
    "kt.id-token.kid-missing",
    "kt.id-token.iss-missing",
    "kt.id-token.aud-missing",
    "kt.id-token.azp-missing",
    "kt.id-token.azp-mismatch",
    "kt.id-token.nonce-missing",
    "kt.id-token.iat-missing",
    "kt.id-token.sub-missing",
    "kt.id-token.sub-not-person",
    "kt.scope.granted",
    "kt.scope.empty",
    "kt.scope.unknown",
    "kt.scope.unknown-context",
    "kt.scope.malformed",
    "kt.scope.no-permissions",
    "kt.scope.unknown-permission",
    "kt.scope.duplicate-permission",
    "kt.scope.permission-order",
    "kt.scope.smart-v1",
    "kt.scope.search-without-read",
    "kt.scope.bad-resource-origin",
    "kt.scope.unknown-parameter",
];

/// The rule ids [`explain_kid`] can produce.
pub const KID_RULE_IDS: &[&str] = &[
    "kid.thumbprint",
    "kid.name",
    "kid.thumbprint-other-key",
    "kid.looks-like-thumbprint",
];

/// Which rules to check a token against.
///
/// Serialized as its stable id ([`Profile::id`]), e.g. `"client-assertion"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Pick one with [`detect`].
    #[default]
    Auto,
    /// A client assertion (SMART backend services, Koppeltaal TOP-KT-005c).
    ClientAssertion,
    /// An HTI launch token (HTI 2.0, Koppeltaal TOP-KT-007).
    HtiLaunch,
    /// An access token from the Koppeltaal auth server.
    AccessToken,
    /// The OpenID Connect id_token the Koppeltaal auth server returns to a module at the end of
    /// a SMART-HTI-on-FHIR (SHOF) launch.
    IdToken,
    /// Any other JWT: the generic checks only.
    Generic,
}

impl Profile {
    /// Every profile, in the order the UI lists them.
    pub const ALL: [Profile; 6] = [
        Profile::Auto,
        Profile::ClientAssertion,
        Profile::HtiLaunch,
        Profile::AccessToken,
        Profile::IdToken,
        Profile::Generic,
    ];

    /// The stable id (`profile-select` values, URLs): `auto`, `client-assertion`, `hti-launch`,
    /// `access-token`, `id-token`, `generic`.
    pub fn id(self) -> &'static str {
        match self {
            Profile::Auto => "auto",
            Profile::ClientAssertion => "client-assertion",
            Profile::HtiLaunch => "hti-launch",
            Profile::AccessToken => "access-token",
            Profile::IdToken => "id-token",
            Profile::Generic => "generic",
        }
    }

    /// The profile with this stable id.
    pub fn from_id(id: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|profile| profile.id() == id)
    }

    /// A human label for menus.
    pub fn label(self) -> &'static str {
        match self {
            Profile::Auto => "Detect automatically",
            Profile::ClientAssertion => "Client assertion (SMART backend services)",
            Profile::HtiLaunch => "HTI launch token",
            Profile::AccessToken => "Koppeltaal access token",
            Profile::IdToken => "SHOF id_token (SMART-HTI-on-FHIR launch)",
            Profile::Generic => "Generic JWT",
        }
    }
}

/// Guesses the profile from the claims, most specific sign first:
/// - HTI launch when `resource` or `definition` is present;
/// - access token when `type` is `access` (or `scope` and `azp` are both present);
/// - id_token when `nonce` is present, neither `scope` nor `type` is, and `azp` is present or
///   `sub` is a FHIR person reference (`Patient/…`): the auth server's id_tokens look like that,
///   while its access tokens (which also carry `nonce`) always have `type` or `scope`;
/// - client assertion when `iss` equals `sub` and an `aud` is a token endpoint (`…/token`) or
///   an introspection endpoint (`…/introspect`, which TOP-KT-021 prescribes for introspection
///   calls);
/// - otherwise generic.
pub fn detect(_header: &Map<String, Value>, payload: &Value) -> Profile {
    let Some(claims) = payload.as_object() else {
        return Profile::Generic;
    };
    if claims.contains_key("resource") || claims.contains_key("definition") {
        return Profile::HtiLaunch;
    }
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    // The reference server's older tokens carry `type: access` without `scope`, so either sign counts.
    if text("type") == Some("access") || (text("scope").is_some() && claims.contains_key("azp")) {
        return Profile::AccessToken;
    }
    let sub_is_person =
        text("sub").is_some_and(|sub| fields::is_fhir_reference(sub, &hti_launch::PERSON_TYPES));
    if text("nonce").is_some()
        && !claims.contains_key("scope")
        && !claims.contains_key("type")
        && (claims.contains_key("azp") || sub_is_person)
    {
        return Profile::IdToken;
    }
    let aud_is_endpoint = claims.get("aud").is_some_and(|aud| {
        audiences(aud).iter().any(|aud| {
            let path = aud.trim_end_matches('/');
            path.ends_with("/token") || path.ends_with("/introspect")
        })
    });
    if text("iss").is_some() && text("iss") == text("sub") && aud_is_endpoint {
        return Profile::ClientAssertion;
    }
    Profile::Generic
}

/// The outcome of checking one token against a profile (serde: it crosses to the page).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProfileReport {
    /// The profile the token was checked against (never [`Profile::Auto`]).
    pub profile: Profile,
    /// True when the profile was picked by [`detect`] rather than chosen.
    pub detected: bool,
    /// Every finding, most serious first (stable within a severity).
    pub findings: Vec<Finding>,
    /// What the receiver has not said yet that a complete verdict on this profile needs,
    /// worded for the UI (e.g. "your token endpoint URL (expected aud)"); see
    /// [`expect::missing`].
    pub missing: Vec<String>,
}

impl ProfileReport {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    }

    /// True when no finding is an error.
    pub fn passes(&self) -> bool {
        self.count(Severity::Error) == 0
    }
}

/// Checks a decoded header and payload against `profile` at time `now` (Unix seconds), with the
/// default clock-skew leeway ([`DEFAULT_LEEWAY_SECS`]) and no expectations.
pub fn check(
    profile: Profile,
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
) -> ProfileReport {
    check_expecting(profile, header, payload, now, &Expectations::default())
}

/// Like [`check`], with an explicit leeway in seconds.
pub fn check_with_leeway(
    profile: Profile,
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
) -> ProfileReport {
    let expect = Expectations {
        leeway_secs: Some(leeway_secs),
        ..Expectations::default()
    };
    check_expecting(profile, header, payload, now, &expect)
}

/// Checks a token as its receiver would: the generic checks, the profile's rules, and what the
/// receiver expects ([`Expectations`]: its own `aud`, the issuers it trusts, the nonce it sent,
/// its clock skew). A token that does not meet an expectation gets an `expect.*` error; an
/// expectation the profile needs but `expect` lacks is listed in [`ProfileReport::missing`].
pub fn check_expecting(
    profile: Profile,
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    expect: &Expectations,
) -> ProfileReport {
    let leeway_secs = expect.leeway_secs.unwrap_or(DEFAULT_LEEWAY_SECS);
    let (resolved, detected) = match profile {
        Profile::Auto => (detect(header, payload), true),
        chosen => (chosen, false),
    };
    let mut findings = generic::check_generic(header, payload, now, leeway_secs);
    match resolved {
        Profile::ClientAssertion => {
            client_assertion::check(header, payload, now, leeway_secs, &mut findings)
        }
        Profile::HtiLaunch => hti_launch::check(header, payload, now, leeway_secs, &mut findings),
        Profile::AccessToken => access_token::check(header, payload, &mut findings),
        Profile::IdToken => {
            id_token::check(header, payload, expect.audience.as_deref(), &mut findings)
        }
        Profile::Auto | Profile::Generic => {}
    }
    expect::check(resolved, payload.as_object(), expect, &mut findings);
    findings.sort_by_key(|finding| finding.severity);
    ProfileReport {
        profile: resolved,
        detected,
        findings,
        missing: expect::missing(resolved, expect),
    }
}
