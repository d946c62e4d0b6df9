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
//! ([`crate::token::UntrustedToken::findings`]) and `verify.hs-with-public-key`
//! ([`crate::verify::hs_with_public_key_finding`]).
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
//! `kt.client-assertion.aud-not-https`, `kt.client-assertion.lifetime-too-long`,
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
//! Scope (access tokens, [`scope`]):
//! `kt.scope.granted` (info: one per entry, explained), `kt.scope.empty`, `kt.scope.unknown`,
//! `kt.scope.unknown-context`, `kt.scope.malformed`, `kt.scope.no-permissions`,
//! `kt.scope.unknown-permission`, `kt.scope.duplicate-permission`, `kt.scope.permission-order`,
//! `kt.scope.smart-v1`, `kt.scope.search-without-read`, `kt.scope.bad-resource-origin`,
//! `kt.scope.unknown-parameter`.
//!
//! Key id ([`explain_kid`], using [`crate::thumbprint::recognise_kid`]):
//! `kid.thumbprint`, `kid.name`, `kid.thumbprint-other-key`, `kid.looks-like-thumbprint`.

pub mod access_token;
pub mod client_assertion;
pub mod explain;
mod fields;
pub mod generic;
pub mod hti_launch;
pub mod kid;
pub mod scope;
pub mod templates;

/// Kept here too: the citations were first published under `profiles`.
pub use crate::sources;

use serde_json::{Map, Value};

use crate::claims::{audiences, DEFAULT_LEEWAY_SECS};
use crate::finding::{Finding, Severity};

pub use explain::{explain_claim, explain_header, ClaimInfo};
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
    KID_RULE_IDS,
    crate::jwks::JWKS_RULE_IDS,
    crate::verify::VERIFY_RULE_IDS,
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

/// The rule ids of the Koppeltaal profiles (client assertion, HTI launch, access token, scope).
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
    /// Any other JWT: the generic checks only.
    Generic,
}

impl Profile {
    /// Every profile, in the order the UI lists them.
    pub const ALL: [Profile; 5] = [
        Profile::Auto,
        Profile::ClientAssertion,
        Profile::HtiLaunch,
        Profile::AccessToken,
        Profile::Generic,
    ];

    /// The stable id (`profile-select` values, URLs): `auto`, `client-assertion`, `hti-launch`,
    /// `access-token`, `generic`.
    pub fn id(self) -> &'static str {
        match self {
            Profile::Auto => "auto",
            Profile::ClientAssertion => "client-assertion",
            Profile::HtiLaunch => "hti-launch",
            Profile::AccessToken => "access-token",
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
            Profile::Generic => "Generic JWT",
        }
    }
}

/// Guesses the profile from the claims: HTI when `resource` or `definition` is present; access
/// token when `type` is `access` (or `scope` and `azp` are both present); client assertion when
/// `iss` equals `sub` and an `aud` ends in `/token`; otherwise generic.
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
    let aud_is_token_endpoint = claims.get("aud").is_some_and(|aud| {
        audiences(aud)
            .iter()
            .any(|aud| aud.trim_end_matches('/').ends_with("/token"))
    });
    if text("iss").is_some() && text("iss") == text("sub") && aud_is_token_endpoint {
        return Profile::ClientAssertion;
    }
    Profile::Generic
}

/// The outcome of checking one token against a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileReport {
    /// The profile the token was checked against (never [`Profile::Auto`]).
    pub profile: Profile,
    /// True when the profile was picked by [`detect`] rather than chosen.
    pub detected: bool,
    /// Every finding, most serious first (stable within a severity).
    pub findings: Vec<Finding>,
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
/// default clock-skew leeway ([`DEFAULT_LEEWAY_SECS`]).
pub fn check(
    profile: Profile,
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
) -> ProfileReport {
    check_with_leeway(profile, header, payload, now, DEFAULT_LEEWAY_SECS)
}

/// Like [`check`], with an explicit leeway in seconds.
pub fn check_with_leeway(
    profile: Profile,
    header: &Map<String, Value>,
    payload: &Value,
    now: i64,
    leeway_secs: i64,
) -> ProfileReport {
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
        Profile::Auto | Profile::Generic => {}
    }
    findings.sort_by_key(|finding| finding.severity);
    ProfileReport {
        profile: resolved,
        detected,
        findings,
    }
}
