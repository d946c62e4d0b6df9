//! JWK Sets (RFC 7517 §5): build one to publish, read one to verify with, and check one.
//!
//! [`build_jwks`] only ever writes public halves, with `use: "sig"`, whatever keys it is given:
//! Koppeltaal's TOP-KT-020 warns that libraries make it easy to publish a private key.
//! [`validate_jwks`] reports what a receiver (or an attacker) would notice, as [`Finding`]s.
//!
//! # Signing and encryption keys
//! A key without `use`, or with `use: "sig"`, is a signing key: its `key_ops` must allow
//! `verify` and its `alg` must be a JWS algorithm. A Koppeltaal module that accepts HTI:jwe
//! publishes an encryption key next to its signing keys, with `use: "enc"`: that is an INFO
//! finding, its `key_ops` must allow `encrypt`, `wrapKey` (or, for ECDH, `deriveKey` /
//! `deriveBits`), its `alg` must be a JWE key management algorithm for the key (RSA-OAEP* for
//! RSA, ECDH-ES* for EC) and its `kid` is required, because HTI:jwe puts the recipient's `kid`
//! in the JWE header. Any other `use` is an error. The set-level finding on an `enc` key is only
//! information: [`crate::verify`] still refuses to verify a signature with such a key.
//!
//! # Rule ids
//! Stable identifiers (the UI shows them as `data-rule`). Every message names the key as
//! `keys[index]` with its `kid`.
//!
//! | rule | severity | when |
//! |---|---|---|
//! | `jwks.too-large` | error | the text is over 1 MiB |
//! | `jwks.not-json` | error | the text is not JSON (or has duplicate members) |
//! | `jwks.not-a-set` | error | not an object with a `keys` array (e.g. a single JWK) |
//! | `jwks.empty` | warning | `keys` is empty |
//! | `jwks.key-not-object` | error | an entry of `keys` is not an object |
//! | `jwks.private-member` | error | a key has `d`, `p`, `q`, `dp`, `dq`, `qi`, `oth` or `k` |
//! | `jwks.symmetric-key` | error | a `kty: "oct"` key (a shared secret) is in the set |
//! | `jwks.kid-missing` | error | a key has no `kid` (Koppeltaal and SMART select keys by it) |
//! | `jwks.kid-duplicate` | error | two keys share a `kid`, so key selection is ambiguous |
//! | `jwks.kid-is-thumbprint` | info | the `kid` is an RFC 7638 thumbprint; names the convention |
//! | `jwks.enc-kid-missing` | error | an encryption key (`use: "enc"`) has no `kid`; HTI:jwe names the recipient's key by kid |
//! | `jwks.use-not-sig` | error | `use` is present and neither `sig` nor `enc` |
//! | `jwks.use-enc` | info | `use` is `enc`: an encryption key (HTI:jwe), never used to verify signatures |
//! | `jwks.key-ops-no-verify` | error | a signing key's `key_ops` is present and lacks `verify` |
//! | `jwks.key-ops-no-encrypt` | error | an encryption key's `key_ops` is present and lacks `encrypt` and `wrapKey` (`deriveKey`/`deriveBits` count for EC) |
//! | `jwks.sig-and-enc` | warning | one public key (same RFC 7638 SHA-256 thumbprint) is in the set for signing and for encryption, or one key's `key_ops` lists both |
//! | `jwks.alg-unsuitable` | error | `alg` is not a JWS algorithm (signing key) or JWE key management algorithm (encryption key) for this key type and curve |
//! | `jwks.unknown-kty` | error | `kty` missing or not RSA, EC, OKP, oct |
//! | `jwks.unknown-crv` | error | `crv` not P-256/P-384/P-521 (EC) or Ed25519, X25519 (OKP) |
//! | `jwks.member-malformed` | error | a member is missing, of the wrong JSON type, or not base64url |
//! | `jwks.n-not-whole-bytes` | error | the base64url text of `n` cannot be a whole number of bytes (length ≡ 1 mod 4, or stray bits in the last character) |
//! | `jwks.rsa-modulus-even` | error | `n` is even: no RSA modulus is (typically characters lost in copying) |
//! | `jwks.rsa-too-small` | error | the modulus is below 2048 bits (RFC 7518 §3.3) |
//! | `jwks.rsa-too-large` | error | the modulus is above 16384 bits (this tool's limit) |
//! | `jwks.rsa-exponent-invalid` | error | `e` is even, 1, or too large |
//! | `jwks.rsa-roca` | error | the modulus has the ROCA fingerprint (CVE-2017-15361): factorable |
//! | `jwks.coordinate-length` | error | an EC `x`/`y`/`d` is not exactly the field size |
//! | `jwks.point-not-on-curve` | error | the EC point is not on the curve |
//! | `jwks.oct-too-short` | error | an HMAC key is empty or shorter than its hash output (RFC 7518 §3.2) |
//! | `jwks.private-key-invalid` | error | private members that do not belong to the public key |

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::alg::{AlgorithmFamily, JwsAlgorithm};
use super::b64::B64Problem;
use super::finding::{Finding, Severity};
use super::jwe::{KeyFamily, KeyManagement};
use super::jwk::{self, JwkOptions, PRIVATE_MEMBERS};
pub use super::jwk_set::{jwk_set_entries, read_jwk_set, JwkSetError};
use super::key::import::in_jwks;
use super::key::{build, roca, Key, KeyError, KeyKind, KeyMaterial, PublicKey};
use super::limits;
use super::thumbprint::{self, KidConvention, ThumbprintHash};

/// Every rule id [`validate_jwks`] can produce (the table above).
pub const JWKS_RULE_IDS: &[&str] = &[
    "jwks.too-large",
    "jwks.not-json",
    "jwks.not-a-set",
    "jwks.empty",
    "jwks.key-not-object",
    "jwks.private-member",
    "jwks.symmetric-key",
    "jwks.kid-missing",
    "jwks.kid-duplicate",
    "jwks.kid-is-thumbprint",
    "jwks.enc-kid-missing",
    "jwks.use-not-sig",
    "jwks.use-enc",
    "jwks.key-ops-no-verify",
    "jwks.key-ops-no-encrypt",
    "jwks.sig-and-enc",
    "jwks.alg-unsuitable",
    "jwks.unknown-kty",
    "jwks.unknown-crv",
    "jwks.member-malformed",
    "jwks.n-not-whole-bytes",
    "jwks.rsa-modulus-even",
    "jwks.rsa-too-small",
    "jwks.rsa-too-large",
    "jwks.rsa-exponent-invalid",
    "jwks.rsa-roca",
    "jwks.coordinate-length",
    "jwks.point-not-on-curve",
    "jwks.oct-too-short",
    "jwks.private-key-invalid",
];

const SOURCE_KOPPELTAAL: &str = "Koppeltaal TOP-KT-020 (uitwisseling publieke sleutels)";
const SOURCE_RFC7517: &str = "RFC 7517 §4";
const SOURCE_RFC7518_RSA: &str = "RFC 7518 §3.3";
const SOURCE_RFC7518_HMAC: &str = "RFC 7518 §3.2";
const SOURCE_RFC7518_EC: &str = "RFC 7518 §6.2.1";
const SOURCE_RFC7638: &str = "RFC 7638 §3";
const SOURCE_ROCA: &str = "CVE-2017-15361 (ROCA)";
const SOURCE_SMART: &str = "SMART App Launch, client-confidential-asymmetric";
const SOURCE_HTI_JWE: &str = "HTI 2.0 §HTI:jwe";
const SOURCE_RFC7517_USE: &str = "RFC 7517 §4.2–4.3";
const SOURCE_RFC7518_JWE: &str = "RFC 7518 §4.1";

/// `key_ops` values for signatures (RFC 7517 §4.3).
const SIGNING_OPS: [&str; 2] = ["sign", "verify"];
/// `key_ops` values for encryption and key agreement (RFC 7517 §4.3).
const ENCRYPTION_OPS: [&str; 6] = [
    "encrypt",
    "decrypt",
    "wrapKey",
    "unwrapKey",
    "deriveKey",
    "deriveBits",
];

/// What a key in a set is for, from its `use`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// No `use`, or `use: "sig"`: verifying signatures.
    Sig,
    /// `use: "enc"`: receiving encrypted tokens (HTI:jwe).
    Enc,
    /// Any other `use` (reported as `jwks.use-not-sig`); checked as a signing key otherwise.
    Other,
}

impl Purpose {
    fn of(object: &Map<String, Value>) -> Purpose {
        match object.get("use") {
            None => Purpose::Sig,
            Some(Value::String(key_use)) if key_use == "sig" => Purpose::Sig,
            Some(Value::String(key_use)) if key_use == "enc" => Purpose::Enc,
            Some(_) => Purpose::Other,
        }
    }
}

/// How each key's `kid` is chosen when building a set.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum KidStrategy {
    /// The RFC 7638 SHA-256 thumbprint (what the Koppeltaal auth server does).
    #[default]
    Rfc7638Sha256,
    /// base64url MD5 of the RFC 7638 JSON (jose4j, Koppeltaal Spring-JWKS).
    Rfc7638Md5,
    /// Each key's own `kid` ([`crate::key::KeyMeta::kid`]); required on every key.
    Custom,
}

impl KidStrategy {
    /// The `kid` a thumbprint strategy derives from the key; `None` for [`KidStrategy::Custom`],
    /// where the key's own `kid` is used.
    pub fn thumbprint_kid(self, public: &PublicKey) -> Option<String> {
        match self {
            KidStrategy::Rfc7638Sha256 => {
                Some(thumbprint::thumbprint(public, ThumbprintHash::Sha256))
            }
            KidStrategy::Rfc7638Md5 => Some(thumbprint::thumbprint(public, ThumbprintHash::Md5)),
            KidStrategy::Custom => None,
        }
    }
}

/// What to put in a built set besides the public key members.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JwksOptions {
    /// How `kid`s are made.
    pub kid_strategy: KidStrategy,
    /// `alg` for every key (each must support it). `None`: a key's own `alg` is kept if it
    /// fits the key, otherwise no `alg` is written.
    pub alg: Option<JwsAlgorithm>,
}

/// A JWK Set of public keys, ready to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwks {
    /// The JWKs, each a JSON object.
    pub keys: Vec<Value>,
}

impl Jwks {
    /// `{"keys": [...]}`.
    pub fn to_value(&self) -> Value {
        let mut object = Map::new();
        object.insert("keys".to_owned(), Value::Array(self.keys.clone()));
        Value::Object(object)
    }

    /// Pretty-printed JSON, as it would be served.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }
}

/// Builds a JWK Set from keys: public halves only, `use: "sig"`, `kid` per the strategy.
///
/// An HMAC secret has no public half and is refused, as is a `Custom` strategy key without a
/// `kid` or a fixed `alg` the key cannot do.
pub fn build_jwks(keys: &[Key], opts: &JwksOptions) -> Result<Jwks, KeyError> {
    let mut built = Vec::with_capacity(keys.len());
    for (index, key) in keys.iter().enumerate() {
        let public = key.public_key().ok_or_else(|| KeyError::JwksBuild {
            index,
            reason: "an HMAC secret has no public half and must never be published".to_owned(),
        })?;
        let kid = match opts.kid_strategy.thumbprint_kid(&public) {
            Some(kid) => kid,
            None => key.meta.kid.clone().ok_or_else(|| KeyError::JwksBuild {
                index,
                reason: "the custom kid strategy needs a kid on every key".to_owned(),
            })?,
        };
        let alg = match opts.alg {
            Some(alg) if public.algorithms().contains(&alg) => Some(alg.name().to_owned()),
            Some(alg) => {
                return Err(KeyError::JwksBuild {
                    index,
                    reason: format!(
                        "alg {alg} needs {}, this is {}",
                        alg.key_needed(),
                        public.kind().label()
                    ),
                })
            }
            None => key.meta.alg.clone().filter(|alg| {
                alg.parse::<JwsAlgorithm>()
                    .is_ok_and(|alg| public.algorithms().contains(&alg))
            }),
        };
        let options = JwkOptions {
            include_private: false,
            kid: Some(kid),
            key_use: Some("sig".to_owned()),
            alg,
            key_ops: None,
        };
        built.push(jwk::key_to_jwk(
            &Key::new(KeyMaterial::Public(public)),
            &options,
        ));
    }
    Ok(Jwks { keys: built })
}

/// Reads a JWK Set for verification. Keys that cannot be read are left out (see
/// [`validate_jwks`] for why); it is an error only when the text is not a set or no key is usable.
/// An empty set gives no keys, not an error: the verifier then says there is no key to verify
/// with ([`crate::jwk_set`] explains the choice).
pub fn parse_jwks(text: &str) -> Result<Vec<Key>, KeyError> {
    let items = read_jwk_set(text)?;
    let mut keys = Vec::new();
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match jwk::key_from_jwk(item) {
            Ok(key) => keys.push(key),
            Err(error) => errors.push(in_jwks(index, item, error)),
        }
    }
    if keys.is_empty() && !errors.is_empty() {
        return Err(if errors.len() == 1 {
            errors.pop().unwrap_or(KeyError::Empty)
        } else {
            KeyError::NothingImported { errors }
        });
    }
    Ok(keys)
}

fn type_name(value: &Value) -> &'static str {
    super::json::kind_of(value)
}

/// What [`validate_jwks`] found.
#[derive(Debug, Clone, Default)]
pub struct JwksReport {
    /// The keys that could be read, in set order.
    pub keys: Vec<Key>,
    /// Everything noticed, key by key, then set-wide findings (duplicate kids).
    pub findings: Vec<Finding>,
}

impl JwksReport {
    /// True when a finding has this rule id.
    pub fn has_rule(&self, rule: &str) -> bool {
        self.findings.iter().any(|finding| finding.rule == rule)
    }
}

/// Checks a JWK Set as a publisher should before serving it and a receiver would on reading it.
pub fn validate_jwks(text: &str) -> JwksReport {
    match read_jwk_set(text) {
        Ok(items) => validate_entries(&items),
        Err(error) => not_a_set_report(&error),
    }
}

/// The one finding for text that is not a JWK Set at all.
fn not_a_set_report(error: &JwkSetError) -> JwksReport {
    let finding = match error {
        JwkSetError::TooLarge { .. } => {
            Finding::new("jwks.too-large", Severity::Error, error.to_string())
        }
        JwkSetError::NotJson(_) => {
            Finding::new("jwks.not-json", Severity::Error, error.to_string())
        }
        _ => Finding::new("jwks.not-a-set", Severity::Error, error.to_string())
            .with_source("RFC 7517 §5"),
    };
    JwksReport {
        keys: Vec::new(),
        findings: vec![finding],
    }
}

/// [`validate_jwks`] on parsed JSON.
pub fn validate_jwks_value(value: &Value) -> JwksReport {
    match jwk_set_entries(value) {
        Ok(items) => validate_entries(items),
        Err(error) => not_a_set_report(&error),
    }
}

/// Every check on the entries of a set that opened.
fn validate_entries(items: &[Value]) -> JwksReport {
    let mut report = JwksReport::default();
    if items.is_empty() {
        report.findings.push(Finding::new(
            "jwks.empty",
            Severity::Warning,
            "the JWK Set has no keys, so no signature can be verified with it",
        ));
    }
    let mut kids: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    // RFC 7638 SHA-256 thumbprint → (index, purpose) of each readable public key.
    let mut thumbprints: BTreeMap<String, Vec<(usize, Purpose)>> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        let Some(object) = item.as_object() else {
            report.findings.push(Finding::new(
                "jwks.key-not-object",
                Severity::Error,
                format!("keys[{index}] is {}, not a JWK object", type_name(item)),
            ));
            continue;
        };
        if let Some(kid) = object.get("kid").and_then(Value::as_str) {
            kids.entry(kid).or_default().push(index);
        }
        let mut checker = KeyChecker {
            index,
            jwk: item,
            object,
            findings: &mut report.findings,
        };
        if let Some(key) = checker.check() {
            if let Some(public) = key.public_key() {
                thumbprints
                    .entry(thumbprint::thumbprint(&public, ThumbprintHash::Sha256))
                    .or_default()
                    .push((index, Purpose::of(object)));
            }
            report.keys.push(key);
        }
    }
    for (print, uses) in &thumbprints {
        if let Some(finding) = sig_and_enc_finding(items, print, uses) {
            report.findings.push(finding);
        }
    }
    for (kid, indexes) in kids.into_iter().filter(|(_, indexes)| indexes.len() > 1) {
        let positions: Vec<String> = indexes.iter().map(|i| format!("keys[{i}]")).collect();
        report.findings.push(
            Finding::new(
                "jwks.kid-duplicate",
                Severity::Error,
                format!(
                    "kid {kid:?} is used by {}: a verifier cannot tell which key is meant",
                    positions.join(" and ")
                ),
            )
            .with_source(SOURCE_SMART),
        );
    }
    report
}

/// `jwks.sig-and-enc` when one public key is in the set both for signing and for encryption.
fn sig_and_enc_finding(items: &[Value], print: &str, uses: &[(usize, Purpose)]) -> Option<Finding> {
    let positions = |wanted: Purpose| -> Vec<String> {
        uses.iter()
            .filter(|(_, purpose)| *purpose == wanted)
            .map(
                |(index, _)| match items[*index].get("kid").and_then(Value::as_str) {
                    Some(kid) => format!("keys[{index}] (kid {kid:?})"),
                    None => format!("keys[{index}] (no kid)"),
                },
            )
            .collect()
    };
    let (sig, enc) = (positions(Purpose::Sig), positions(Purpose::Enc));
    if sig.is_empty() || enc.is_empty() {
        return None;
    }
    Some(
        Finding::new(
            "jwks.sig-and-enc",
            Severity::Warning,
            format!(
                "{} (for signing) and {} (\"use\": \"enc\") are the same public key \
                 (RFC 7638 SHA-256 thumbprint {print}); a key should serve one purpose: \
                 publish a separate encryption key",
                sig.join(", "),
                enc.join(", ")
            ),
        )
        .with_source(SOURCE_RFC7517_USE),
    )
}

/// The checks on one JWK of a set.
struct KeyChecker<'a> {
    index: usize,
    /// The JWK as given; `object` is the same value seen as an object.
    jwk: &'a Value,
    object: &'a Map<String, Value>,
    findings: &'a mut Vec<Finding>,
}

impl KeyChecker<'_> {
    /// `keys[0] (kid "abc")` or `keys[0] (no kid)`.
    fn name(&self) -> String {
        match self.object.get("kid").and_then(Value::as_str) {
            Some(kid) => format!("keys[{}] (kid {kid:?})", self.index),
            None => format!("keys[{}] (no kid)", self.index),
        }
    }

    fn report(
        &mut self,
        rule: &'static str,
        severity: Severity,
        message: String,
        source: Option<&'static str>,
    ) {
        let mut finding = Finding::new(rule, severity, format!("{}: {message}", self.name()));
        finding.source = source.map(str::to_owned);
        self.findings.push(finding);
    }

    fn string(&self, member: &str) -> Option<&str> {
        self.object.get(member).and_then(Value::as_str)
    }

    /// Runs every check; returns the key when it could be read.
    fn check(&mut self) -> Option<Key> {
        self.check_private_members();
        self.check_kid();
        self.check_use_and_ops();
        self.check_alg();
        match jwk::key_from_jwk(self.jwk) {
            Ok(key) => {
                self.check_key(&key);
                Some(key)
            }
            Err(error) => {
                self.report_import_error(&error);
                None
            }
        }
    }

    fn check_private_members(&mut self) {
        let present: Vec<&str> = PRIVATE_MEMBERS
            .iter()
            .copied()
            .filter(|m| self.object.contains_key(*m))
            .collect();
        if self.string("kty") == Some("oct") {
            self.report(
                "jwks.symmetric-key",
                Severity::Error,
                "a symmetric (kty \"oct\") key is a shared secret: publishing it lets anyone sign \
                 HS* tokens, and a JWK Set for Koppeltaal holds only RS*/ES* public keys"
                    .to_owned(),
                Some(SOURCE_KOPPELTAAL),
            );
        }
        if !present.is_empty() {
            self.report(
                "jwks.private-member",
                Severity::Error,
                format!(
                    "contains private key material ({}); a published JWK Set must hold public \
                     keys only — remove these members and rotate the key",
                    present.join(", ")
                ),
                Some(SOURCE_KOPPELTAAL),
            );
        }
    }

    fn check_kid(&mut self) {
        match self.object.get("kid") {
            None if Purpose::of(self.object) == Purpose::Enc => self.report(
                "jwks.enc-kid-missing",
                Severity::Error,
                "an encryption key (\"use\": \"enc\") has no \"kid\"; HTI:jwe requires the \
                 recipient's kid in the JWE header, so the module can pick its decryption key"
                    .to_owned(),
                Some(SOURCE_HTI_JWE),
            ),
            None => self.report(
                "jwks.kid-missing",
                Severity::Error,
                "has no \"kid\"; Koppeltaal and SMART select the verification key by kid"
                    .to_owned(),
                Some(SOURCE_KOPPELTAAL),
            ),
            Some(Value::String(_)) => {}
            Some(other) => self.report(
                "jwks.member-malformed",
                Severity::Error,
                format!("\"kid\" must be a string, found {}", type_name(other)),
                Some(SOURCE_RFC7517),
            ),
        }
    }

    fn check_use_and_ops(&mut self) {
        let purpose = Purpose::of(self.object);
        match (purpose, self.object.get("use")) {
            (Purpose::Sig, _) | (_, None) => {}
            (Purpose::Enc, _) => self.report(
                "jwks.use-enc",
                Severity::Info,
                "an encryption key (HTI:jwe): receivers encrypt launches for it; it is never \
                 used to verify signatures"
                    .to_owned(),
                Some(SOURCE_HTI_JWE),
            ),
            (Purpose::Other, Some(other)) => {
                let found = other
                    .as_str()
                    .map_or_else(|| type_name(other).to_owned(), |s| format!("{s:?}"));
                self.report(
                    "jwks.use-not-sig",
                    Severity::Error,
                    format!(
                        "\"use\" is {found}; a key for verifying signatures has \"use\": \"sig\" \
                         (an encryption key for HTI:jwe has \"use\": \"enc\")"
                    ),
                    Some(SOURCE_KOPPELTAAL),
                );
            }
        }
        match self.object.get("key_ops") {
            None => {}
            Some(Value::Array(ops)) => self.check_key_ops(purpose, ops),
            Some(other) => self.report(
                "jwks.member-malformed",
                Severity::Error,
                format!(
                    "\"key_ops\" must be an array of strings, found {}",
                    type_name(other)
                ),
                Some(SOURCE_RFC7517),
            ),
        }
    }

    /// `key_ops` against the key's purpose: `verify` for a signing key, `encrypt`/`wrapKey`
    /// (or ECDH's `deriveKey`/`deriveBits`) for an encryption key, never both kinds.
    fn check_key_ops(&mut self, purpose: Purpose, ops: &[Value]) {
        let listed: Vec<String> = ops.iter().map(|op| op.to_string()).collect();
        let has = |names: &[&str]| {
            ops.iter()
                .filter_map(Value::as_str)
                .any(|op| names.contains(&op))
        };
        if has(&SIGNING_OPS) && has(&ENCRYPTION_OPS) {
            self.report(
                "jwks.sig-and-enc",
                Severity::Warning,
                format!(
                    "\"key_ops\" is [{}]: both signing and encryption operations; a key \
                     should serve one purpose",
                    listed.join(", ")
                ),
                Some(SOURCE_RFC7517_USE),
            );
        }
        if purpose == Purpose::Enc {
            let ecdh = self.string("kty") == Some("EC") && has(&["deriveKey", "deriveBits"]);
            if !has(&["encrypt", "wrapKey"]) && !ecdh {
                self.report(
                    "jwks.key-ops-no-encrypt",
                    Severity::Error,
                    format!(
                        "\"key_ops\" is [{}] without \"encrypt\" or \"wrapKey\", so senders may \
                         not encrypt for this encryption key",
                        listed.join(", ")
                    ),
                    Some(SOURCE_RFC7517_USE),
                );
            }
        } else if !has(&["verify"]) {
            self.report(
                "jwks.key-ops-no-verify",
                Severity::Error,
                format!(
                    "\"key_ops\" is [{}] without \"verify\", so it may not verify signatures",
                    listed.join(", ")
                ),
                Some(SOURCE_KOPPELTAAL),
            );
        }
    }

    fn check_alg(&mut self) {
        let Some(alg_value) = self.object.get("alg") else {
            return;
        };
        let Some(alg) = alg_value.as_str() else {
            self.report(
                "jwks.member-malformed",
                Severity::Error,
                format!("\"alg\" must be a string, found {}", type_name(alg_value)),
                Some(SOURCE_RFC7517),
            );
            return;
        };
        let (problem, source) = if Purpose::of(self.object) == Purpose::Enc {
            (
                enc_alg_problem(alg, self.string("kty"), self.string("crv")),
                SOURCE_RFC7518_JWE,
            )
        } else {
            (
                alg_problem(alg, self.string("kty"), self.string("crv")),
                "RFC 7518 §3.1",
            )
        };
        if let Some(problem) = problem {
            self.report(
                "jwks.alg-unsuitable",
                Severity::Error,
                problem,
                Some(source),
            );
        }
    }

    /// Policy checks on a key that could be read.
    fn check_key(&mut self, key: &Key) {
        match &key.material {
            KeyMaterial::Secret(secret) => {
                let minimum = match self.string("alg") {
                    Some("HS384") => 48,
                    Some("HS512") => 64,
                    _ => 32,
                };
                let length = secret.as_bytes().len();
                if length < minimum {
                    self.report(
                        "jwks.oct-too-short",
                        Severity::Error,
                        format!(
                            "the HMAC key is {length} bytes; {} needs at least {minimum}",
                            self.string("alg").unwrap_or("HS256")
                        ),
                        Some(SOURCE_RFC7518_HMAC),
                    );
                }
            }
            KeyMaterial::Private(_) | KeyMaterial::Public(_) => {
                if let Some(public) = key.public_key() {
                    self.check_public(&public);
                }
            }
        }
    }

    fn check_public(&mut self, public: &PublicKey) {
        if let PublicKey::Rsa(rsa) = public {
            let bits = build::rsa_bits(rsa);
            if bits < limits::RECOMMENDED_RSA_BITS {
                self.report(
                    "jwks.rsa-too-small",
                    Severity::Error,
                    format!(
                        "the RSA modulus is {bits} bits; JWS requires at least {}",
                        limits::RECOMMENDED_RSA_BITS
                    ),
                    Some(SOURCE_RFC7518_RSA),
                );
            }
            if roca::has_roca_fingerprint(rsa) {
                self.report(
                    "jwks.rsa-roca",
                    Severity::Error,
                    "the RSA modulus has the ROCA fingerprint (Infineon RSALib, CVE-2017-15361): \
                     its private key can be computed; replace the key"
                        .to_owned(),
                    Some(SOURCE_ROCA),
                );
            }
        }
        if let Some(kid) = self.string("kid") {
            let convention = thumbprint::recognise_kid(kid, public);
            if convention != KidConvention::Unrecognised {
                self.report(
                    "jwks.kid-is-thumbprint",
                    Severity::Info,
                    format!("{} ({})", convention.explanation(), convention.id()),
                    Some(SOURCE_RFC7638),
                );
            }
        }
    }

    fn report_import_error(&mut self, error: &KeyError) {
        let (rule, source) = match error {
            KeyError::JwkMemberBase64 { member: "n", error }
                if matches!(
                    error.problem,
                    B64Problem::Truncated { .. } | B64Problem::NonCanonical { .. }
                ) =>
            {
                ("jwks.n-not-whole-bytes", Some(SOURCE_RFC7518_RSA))
            }
            KeyError::JwkKtyUnknown { .. } => ("jwks.unknown-kty", Some(SOURCE_RFC7517)),
            KeyError::JwkMemberMissing { member: "kty", .. } => {
                ("jwks.unknown-kty", Some(SOURCE_RFC7517))
            }
            KeyError::JwkCrvUnknown { .. } => ("jwks.unknown-crv", Some(SOURCE_RFC7518_EC)),
            KeyError::EcCoordinateLength { .. } => {
                ("jwks.coordinate-length", Some(SOURCE_RFC7518_EC))
            }
            KeyError::EcPointNotOnCurve { .. } => {
                ("jwks.point-not-on-curve", Some(SOURCE_RFC7518_EC))
            }
            KeyError::RsaModulusTooSmall { .. } => ("jwks.rsa-too-small", Some(SOURCE_RFC7518_RSA)),
            KeyError::RsaModulusTooLarge { .. } => ("jwks.rsa-too-large", None),
            KeyError::RsaModulusEven { .. } => ("jwks.rsa-modulus-even", Some(SOURCE_RFC7518_RSA)),
            KeyError::RsaExponentInvalid { .. } => {
                ("jwks.rsa-exponent-invalid", Some(SOURCE_RFC7518_RSA))
            }
            KeyError::SecretEmpty => ("jwks.oct-too-short", Some(SOURCE_RFC7518_HMAC)),
            KeyError::RsaPrivateInconsistent { .. }
            | KeyError::PrivatePublicMismatch { .. }
            | KeyError::EcPrivateScalarInvalid { .. } => ("jwks.private-key-invalid", None),
            _ => ("jwks.member-malformed", Some(SOURCE_RFC7517)),
        };
        self.report(
            rule,
            Severity::Error,
            format!("{error}; the key cannot be used"),
            source,
        );
    }
}

/// Why `alg` does not fit an encryption key (`use: "enc"`) of this `kty`/`crv`, or `None`
/// when it does: RSA-OAEP* for RSA, ECDH-ES* for EC P-256/P-384/P-521.
fn enc_alg_problem(alg: &str, kty: Option<&str>, crv: Option<&str>) -> Option<String> {
    let Ok(parsed) = alg.parse::<KeyManagement>() else {
        let signature = alg.parse::<JwsAlgorithm>().is_ok();
        return Some(format!(
            "\"alg\" is {alg:?}, which is {}not a JWE key management algorithm (RSA-OAEP, \
             RSA-OAEP-256…512, ECDH-ES, ECDH-ES+A128KW…A256KW); an encryption key names the \
             algorithm senders encrypt the content key with",
            if signature {
                "a signature algorithm, "
            } else {
                ""
            }
        ));
    };
    let curve_known = matches!(crv, Some("P-256" | "P-384" | "P-521"));
    let fits = match (kty, parsed.family()) {
        (Some("RSA"), KeyFamily::Rsa) => parsed != KeyManagement::Rsa1_5,
        (Some("EC"), KeyFamily::Ecdh) => curve_known,
        _ => false,
    };
    if fits {
        return None;
    }
    if parsed == KeyManagement::Rsa1_5 && kty == Some("RSA") {
        return Some(
            "\"alg\" is RSA1_5 (RSA PKCS#1 v1.5 key encryption), which is open to \
             padding-oracle attacks (RFC 8725 §3.2); publish RSA-OAEP-256 for senders to use"
                .to_owned(),
        );
    }
    let needed = match parsed.family() {
        KeyFamily::Rsa => "an RSA key",
        KeyFamily::Ecdh => "an EC P-256, P-384 or P-521 key",
        KeyFamily::Symmetric => "a shared secret, which is never published",
    };
    let key = match (kty, crv) {
        (Some(kty), Some(crv)) => format!("{kty} {crv}"),
        (Some(kty), None) => kty.to_owned(),
        _ => "of no known type".to_owned(),
    };
    Some(format!(
        "\"alg\" is {alg}, which needs {needed}, but the key is {key}"
    ))
}

/// Why `alg` does not fit a key of this `kty`/`crv`, or `None` when it does.
fn alg_problem(alg: &str, kty: Option<&str>, crv: Option<&str>) -> Option<String> {
    let Ok(parsed) = alg.parse::<JwsAlgorithm>() else {
        return Some(format!(
            "\"alg\" is {alg:?}, which is not a JWS signature algorithm (RS256…RS512, PS256…PS512, \
             ES256, ES384, ES512, EdDSA, HS256…HS512); this key cannot verify signatures"
        ));
    };
    let fits = match (kty, parsed.family()) {
        (Some("RSA"), AlgorithmFamily::RsaPkcs1 | AlgorithmFamily::RsaPss) => true,
        (Some("EC"), AlgorithmFamily::Ecdsa) => {
            let curve = match crv {
                Some("P-256") => Some(KeyKind::Ec(super::key::EcCurve::P256)),
                Some("P-384") => Some(KeyKind::Ec(super::key::EcCurve::P384)),
                Some("P-521") => Some(KeyKind::Ec(super::key::EcCurve::P521)),
                _ => None,
            };
            curve.is_some_and(|kind| kind.algorithms().contains(&parsed))
        }
        (Some("OKP"), AlgorithmFamily::EdDsa) => crv == Some("Ed25519"),
        (Some("oct"), AlgorithmFamily::Hmac) => true,
        _ => false,
    };
    (!fits).then(|| {
        let key = match (kty, crv) {
            (Some(kty), Some(crv)) => format!("{kty} {crv}"),
            (Some(kty), None) => kty.to_owned(),
            _ => "of no known type".to_owned(),
        };
        format!(
            "\"alg\" is {alg}, which needs {}, but the key is {key}",
            parsed.key_needed()
        )
    })
}
