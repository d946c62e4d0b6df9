//! Signature verification of a compact JWS: [`verify_compact`] is the only way to obtain a
//! [`VerifiedToken`].
//!
//! Rules, in the order they are applied:
//! 1. `alg` must be a supported algorithm (`none` never is) and, if the caller gave an
//!    allow-list, on it.
//! 2. `crit` (RFC 7515 §4.1.11) may list only extensions understood here, which is just `b64`
//!    (RFC 7797). `"b64": false` is honoured only when `crit` lists it, as RFC 7797 §6
//!    requires; otherwise the token is refused instead of being checked one way or the other.
//! 3. Key choice: when the token has a `kid` and any offered key has a `kid`, only the key with
//!    that `kid` is used (two with the same `kid` is an error, never a guess). Otherwise every
//!    key of a fitting type is tried and the one that verified is named.
//! 4. The key's own JWK `alg`, `use` and `key_ops` must allow the operation.
//! 5. Keys embedded in the token (`jwk`, `jku`, `x5u`, `x5c`) are never used.

use core::fmt;

use super::alg::{self, AlgError, JwsAlgorithm, UnknownAlgorithm};
use super::finding::{Finding, Severity};
use super::header_rules::{self, B64Mode, CritProblem};
use super::key::{Key, KeyMaterial, KeyMeta};
use super::thumbprint::{thumbprint, ThumbprintHash};
use super::token::UntrustedToken;

/// The header extensions this verifier understands when listed in `crit` (one list for the
/// whole engine, kept here under its old name).
pub use crate::header_rules::UNDERSTOOD_CRIT;

/// The rule ids this module can produce ([`hs_with_public_key_finding`],
/// [`hmac_short_secret_finding`]).
pub const VERIFY_RULE_IDS: &[&str] = &["verify.hs-with-public-key", "verify.hmac-short-secret"];

/// Caller's policy for [`verify_compact`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// If set, only these algorithms are accepted (RFC 8725 §3.1).
    pub allowed_algorithms: Option<Vec<JwsAlgorithm>>,
    /// Accept a key set that mixes HMAC secrets with asymmetric keys. Off by default: such a
    /// set means secrets are kept (or published) beside public keys, which Wycheproof's
    /// `MixedKeySet` cases require a verifier to refuse.
    pub allow_mixed_key_set: bool,
}

/// A token whose signature verified with one of the offered keys.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedToken {
    token: UntrustedToken,
    alg: JwsAlgorithm,
    key_index: usize,
    kid: Option<String>,
    selected_by_kid: bool,
    keys_tried: usize,
    thumbprint: Option<String>,
}

impl VerifiedToken {
    /// The token (header, payload, signature), now known to be signed by [`Self::key_index`].
    pub fn token(&self) -> &UntrustedToken {
        &self.token
    }

    /// The algorithm that verified.
    pub fn alg(&self) -> JwsAlgorithm {
        self.alg
    }

    /// Index into the `keys` slice given to [`verify_compact`] of the key that verified.
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// That key's `kid`, if it has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// True when the key was chosen by the token's `kid`; false when keys were tried in turn.
    pub fn selected_by_kid(&self) -> bool {
        self.selected_by_kid
    }

    /// How many keys were tried before (and including) the one that verified.
    pub fn keys_tried(&self) -> usize {
        self.keys_tried
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key that verified (`None` for an HMAC
    /// secret, which is never fingerprinted on screen).
    pub fn thumbprint(&self) -> Option<&str> {
        self.thumbprint.as_deref()
    }
}

/// The outcome class of a verification, for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerifyStatus {
    /// The signature matches.
    Valid,
    /// The token is not validly signed (signature does not match, or `alg: none`).
    Invalid,
    /// Verification could not even be attempted (no fitting key, key policy, unknown `alg`, …).
    Error,
}

impl VerifyStatus {
    /// Lowercase name, e.g. for a `data-status` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyStatus::Valid => "valid",
            VerifyStatus::Invalid => "invalid",
            VerifyStatus::Error => "error",
        }
    }
}

/// Something in a key's JWK metadata that forbids the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyPolicyProblem {
    /// The key's `alg` names a different algorithm.
    AlgMismatch {
        /// The key's `alg`.
        key_alg: String,
        /// The token's algorithm.
        alg: JwsAlgorithm,
    },
    /// The key's `use` is not `sig`.
    UseNotSig {
        /// The key's `use`.
        key_use: String,
    },
    /// The key is an RSA-PSS key (algorithm id-RSASSA-PSS in its SPKI or PKCS#8), which
    /// RFC 4055 §1.2 restricts to PSS, and the token asks for RSASSA-PKCS1-v1_5 (RS*).
    RsaPssOnly {
        /// The token's RS* algorithm.
        alg: JwsAlgorithm,
    },
    /// The key's `key_ops` does not list the operation.
    KeyOpsWithout {
        /// `sign` or `verify`.
        operation: &'static str,
        /// The key's `key_ops`.
        key_ops: Vec<String>,
    },
}

impl fmt::Display for KeyPolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyPolicyProblem::AlgMismatch { key_alg, alg } => {
                write!(
                    f,
                    "the key's JWK says \"alg\": {key_alg:?}, but the token uses {alg}"
                )
            }
            KeyPolicyProblem::UseNotSig { key_use } => write!(
                f,
                "the key's JWK says \"use\": {key_use:?}, so it may not be used for signatures \
                 (expected \"sig\")"
            ),
            KeyPolicyProblem::RsaPssOnly { alg } => write!(
                f,
                "the key is an RSA-PSS key (its algorithm identifier is id-RSASSA-PSS, \
                 1.2.840.113549.1.1.10), so it may only be used with PS256, PS384 or PS512 \
                 (RFC 4055 §1.2); the token uses {alg}"
            ),
            KeyPolicyProblem::KeyOpsWithout { operation, key_ops } => {
                write!(
                    f,
                    "the key's JWK \"key_ops\" {key_ops:?} does not include {operation:?}"
                )
            }
        }
    }
}

/// Checks a key's restrictions against an operation (`sign` or `verify`): an RSA-PSS-only key
/// ([`KeyMeta::rsa_pss_only`]) never does RS*, then the JWK `alg`, `use` and `key_ops`.
pub fn key_policy_problem(
    meta: &KeyMeta,
    alg: JwsAlgorithm,
    operation: &'static str,
) -> Option<KeyPolicyProblem> {
    if meta.rsa_pss_only && alg.family() == alg::AlgorithmFamily::RsaPkcs1 {
        return Some(KeyPolicyProblem::RsaPssOnly { alg });
    }
    if let Some(key_alg) = &meta.alg {
        if key_alg != alg.name() {
            return Some(KeyPolicyProblem::AlgMismatch {
                key_alg: key_alg.clone(),
                alg,
            });
        }
    }
    if let Some(key_use) = &meta.key_use {
        if key_use != "sig" {
            return Some(KeyPolicyProblem::UseNotSig {
                key_use: key_use.clone(),
            });
        }
    }
    if let Some(key_ops) = &meta.key_ops {
        if !key_ops.iter().any(|op| op == operation) {
            return Some(KeyPolicyProblem::KeyOpsWithout {
                operation,
                key_ops: key_ops.clone(),
            });
        }
    }
    None
}

/// Why a token did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// `alg` is `none` or not a supported algorithm.
    UnsupportedAlgorithm(UnknownAlgorithm),
    /// `alg` is supported but not on the caller's allow-list.
    AlgorithmNotAllowed {
        /// The token's algorithm.
        alg: JwsAlgorithm,
        /// The allow-list.
        allowed: Vec<JwsAlgorithm>,
    },
    /// `crit` is present but not a non-empty array of extension names present in the header.
    CritMalformed {
        /// What is wrong with it, as a whole sentence (the [`CritProblem`] text).
        reason: String,
    },
    /// `crit` lists extensions this verifier does not understand (RFC 7515 §4.1.11: reject).
    CritUnknown {
        /// The names not understood.
        names: Vec<String>,
    },
    /// `b64` is not a boolean.
    B64NotBoolean,
    /// `"b64": false` without `"crit": ["b64"]` (RFC 7797 §6).
    UnencodedPayloadWithoutCrit,
    /// No keys were offered.
    NoKeys,
    /// The keys mix HMAC secrets with asymmetric keys (see [`VerifyOptions::allow_mixed_key_set`]).
    MixedKeySet,
    /// The token's `kid` matches none of the offered keys' kids.
    KidNotFound {
        /// The token's `kid`.
        kid: String,
        /// The kids the keys do have.
        available: Vec<String>,
    },
    /// Several offered keys have the token's `kid`.
    AmbiguousKid {
        /// The token's `kid`.
        kid: String,
        /// How many keys have it.
        count: usize,
    },
    /// None of the offered keys has a type that fits the algorithm.
    NoCompatibleKey {
        /// The token's algorithm.
        alg: JwsAlgorithm,
        /// What the keys are, e.g. "RSA 2048".
        offered: Vec<String>,
    },
    /// The chosen key's JWK metadata forbids verifying this token.
    KeyPolicy {
        /// Index of the key.
        index: usize,
        /// Its `kid`.
        kid: Option<String>,
        /// What forbids it.
        problem: KeyPolicyProblem,
    },
    /// The chosen key could not verify, or the signature is malformed for it.
    Key {
        /// Index of the key.
        index: usize,
        /// Its `kid`.
        kid: Option<String>,
        /// The algorithm-level error.
        error: AlgError,
    },
    /// Several keys were tried and none matched.
    SignatureMismatch {
        /// The token's algorithm.
        alg: JwsAlgorithm,
        /// How many keys were tried.
        tried: usize,
    },
}

impl VerifyError {
    /// Whether this means "invalid signature" or "could not verify at all".
    pub fn status(&self) -> VerifyStatus {
        match self {
            VerifyError::UnsupportedAlgorithm(unknown) if unknown.is_none() => {
                VerifyStatus::Invalid
            }
            VerifyError::SignatureMismatch { .. } => VerifyStatus::Invalid,
            VerifyError::Key { error, .. } if error.is_bad_signature() => VerifyStatus::Invalid,
            _ => VerifyStatus::Error,
        }
    }
}

/// "key 2 (kid \"abc\")" or "key 2".
fn key_label(index: usize, kid: &Option<String>) -> String {
    match kid {
        Some(kid) => format!("key {} (kid {kid:?})", index + 1),
        None => format!("key {}", index + 1),
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::UnsupportedAlgorithm(unknown) => unknown.fmt(f),
            VerifyError::AlgorithmNotAllowed { alg, allowed } => {
                let allowed: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
                write!(
                    f,
                    "{alg} is not allowed here; allowed: {}",
                    allowed.join(", ")
                )
            }
            VerifyError::CritMalformed { reason } => f.write_str(reason),
            VerifyError::CritUnknown { names } => write!(
                f,
                "\"crit\" requires extension(s) {names:?} that this verifier does not \
                 understand, so the token must be rejected (RFC 7515 §4.1.11)"
            ),
            VerifyError::B64NotBoolean => f.write_str("\"b64\" must be true or false"),
            VerifyError::UnencodedPayloadWithoutCrit => f.write_str(
                "\"b64\": false must be listed in \"crit\" (RFC 7797 §6); without it, \
                 verifiers disagree on what was signed, so the token is refused",
            ),
            VerifyError::NoKeys => f.write_str("no key to verify with; add a key or a JWKS"),
            VerifyError::MixedKeySet => f.write_str(
                "the keys mix HMAC secrets with public/private keys; verify with one kind at a \
                 time (a key set that holds both is refused)",
            ),
            VerifyError::KidNotFound { kid, available } => {
                if available.is_empty() {
                    write!(f, "no key has kid {kid:?}")
                } else {
                    let list: Vec<String> = available.iter().map(|k| format!("{k:?}")).collect();
                    write!(
                        f,
                        "no key has kid {kid:?}; the set has kids {}",
                        list.join(", ")
                    )
                }
            }
            VerifyError::AmbiguousKid { kid, count } => write!(
                f,
                "{count} keys have kid {kid:?}; a kid must pick exactly one key, so none is used"
            ),
            VerifyError::NoCompatibleKey { alg, offered } => write!(
                f,
                "{alg} needs {}; the keys offered are: {}",
                alg.key_needed(),
                offered.join(", ")
            ),
            VerifyError::KeyPolicy {
                index,
                kid,
                problem,
            } => {
                write!(
                    f,
                    "{} cannot verify this token: {problem}",
                    key_label(*index, kid)
                )
            }
            VerifyError::Key { index, kid, error } => {
                write!(f, "{}: {error}", key_label(*index, kid))
            }
            VerifyError::SignatureMismatch { alg, tried } => write!(
                f,
                "{alg} signature does not match any of the {tried} keys that fit the algorithm"
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Verifies a decoded token against the offered keys.
pub fn verify_compact(
    token: &UntrustedToken,
    keys: &[Key],
    opts: &VerifyOptions,
) -> Result<VerifiedToken, VerifyError> {
    let alg = token.alg().map_err(VerifyError::UnsupportedAlgorithm)?;
    if let Some(allowed) = &opts.allowed_algorithms {
        if !allowed.contains(&alg) {
            return Err(VerifyError::AlgorithmNotAllowed {
                alg,
                allowed: allowed.clone(),
            });
        }
    }
    check_extensions(token)?;
    if keys.is_empty() {
        return Err(VerifyError::NoKeys);
    }
    let secrets = keys
        .iter()
        .filter(|key| matches!(key.material, KeyMaterial::Secret(_)))
        .count();
    if !opts.allow_mixed_key_set && secrets > 0 && secrets < keys.len() {
        return Err(VerifyError::MixedKeySet);
    }

    let message = token.signing_input().as_bytes();
    let signature = token.signature();
    let verified = |key_index: usize, selected_by_kid: bool, keys_tried: usize| {
        let key = keys.get(key_index);
        VerifiedToken {
            token: token.clone(),
            alg,
            key_index,
            kid: key.and_then(|key| key.meta.kid.clone()),
            selected_by_kid,
            keys_tried,
            thumbprint: key
                .and_then(Key::public_key)
                .map(|public| thumbprint(&public, ThumbprintHash::Sha256)),
        }
    };

    if let Some(index) = select_by_kid(token, keys)? {
        let key = keys.get(index).ok_or(VerifyError::NoKeys)?;
        check_policy(index, key, alg)?;
        return match alg::verify(alg, &key.verification_key(), message, signature) {
            Ok(()) => Ok(verified(index, true, 1)),
            Err(error) => Err(VerifyError::Key {
                index,
                kid: key.meta.kid.clone(),
                error,
            }),
        };
    }

    let fitting: Vec<usize> = (0..keys.len())
        .filter(|&i| {
            keys.get(i)
                .is_some_and(|key| key.kind().algorithms().contains(&alg))
        })
        .collect();
    if fitting.is_empty() {
        if let [only] = keys {
            // One key: let the algorithm layer say precisely why it does not fit.
            if let Err(error) = alg::verify(alg, &only.verification_key(), message, signature) {
                return Err(VerifyError::Key {
                    index: 0,
                    kid: only.meta.kid.clone(),
                    error,
                });
            }
        }
        let offered = keys.iter().map(|key| key.kind().label()).collect();
        return Err(VerifyError::NoCompatibleKey { alg, offered });
    }

    let mut first_policy_error = None;
    let mut failures: Vec<(usize, AlgError)> = Vec::new();
    for index in fitting {
        let Some(key) = keys.get(index) else { continue };
        if let Err(policy) = check_policy(index, key, alg) {
            first_policy_error.get_or_insert(policy);
            continue;
        }
        match alg::verify(alg, &key.verification_key(), message, signature) {
            Ok(()) => return Ok(verified(index, false, failures.len() + 1)),
            Err(error) => failures.push((index, error)),
        }
    }
    let as_key_error = |(index, error): (usize, AlgError)| VerifyError::Key {
        index,
        kid: keys.get(index).and_then(|key| key.meta.kid.clone()),
        error,
    };
    let tried = failures.len();
    // One key tried, or a failure more telling than "no match" (a DER signature, a short
    // secret): report that key's own error. Otherwise summarise.
    let telling = failures
        .iter()
        .position(|(_, error)| !matches!(error, AlgError::SignatureMismatch { .. }));
    match (tried, telling, first_policy_error) {
        (0, _, Some(policy)) => Err(policy),
        (1, _, _) => Err(as_key_error(failures.swap_remove(0))),
        (_, Some(position), _) => Err(as_key_error(failures.swap_remove(position))),
        _ => Err(VerifyError::SignatureMismatch { alg, tried }),
    }
}

/// Picks the key by `kid` when both the token and the key set use kids; `None` means "no kid
/// selection applies, try the fitting keys in turn".
fn select_by_kid(token: &UntrustedToken, keys: &[Key]) -> Result<Option<usize>, VerifyError> {
    let Some(kid) = token.kid() else {
        return Ok(None);
    };
    let available: Vec<String> = keys.iter().filter_map(|key| key.meta.kid.clone()).collect();
    if available.is_empty() {
        return Ok(None);
    }
    let matching: Vec<usize> = keys
        .iter()
        .enumerate()
        .filter(|(_, key)| key.meta.kid.as_deref() == Some(kid))
        .map(|(index, _)| index)
        .collect();
    match matching[..] {
        [index] => Ok(Some(index)),
        [] => Err(VerifyError::KidNotFound {
            kid: kid.to_owned(),
            available,
        }),
        _ => Err(VerifyError::AmbiguousKid {
            kid: kid.to_owned(),
            count: matching.len(),
        }),
    }
}

/// The key-metadata check as a [`VerifyError`].
fn check_policy(index: usize, key: &Key, alg: JwsAlgorithm) -> Result<(), VerifyError> {
    match key_policy_problem(&key.meta, alg, "verify") {
        None => Ok(()),
        Some(problem) => Err(VerifyError::KeyPolicy {
            index,
            kid: key.meta.kid.clone(),
            problem,
        }),
    }
}

/// Applies RFC 7515 §4.1.11 (`crit`) and RFC 7797 (`b64`), as [`header_rules`] reads them.
fn check_extensions(token: &UntrustedToken) -> Result<(), VerifyError> {
    let header = token.header();
    let problems = header_rules::crit_problems(header);
    if let Some(malformed) = problems.iter().find(|problem| problem.is_malformed()) {
        return Err(VerifyError::CritMalformed {
            reason: malformed.to_string(),
        });
    }
    let unknown: Vec<String> = problems
        .into_iter()
        .filter_map(|problem| match problem {
            CritProblem::NotUnderstood { name } => Some(name),
            _ => None,
        })
        .collect();
    if !unknown.is_empty() {
        return Err(VerifyError::CritUnknown { names: unknown });
    }
    match header_rules::b64_mode(header) {
        B64Mode::Encoded
        | B64Mode::Unencoded {
            listed_in_crit: true,
        } => Ok(()),
        B64Mode::Unencoded {
            listed_in_crit: false,
        } => Err(VerifyError::UnencodedPayloadWithoutCrit),
        B64Mode::NotBoolean { .. } => Err(VerifyError::B64NotBoolean),
    }
}

/// The Decoder's finding when an HS* token meets public-key material (a PEM, a certificate, an
/// RSA/EC/OKP JWK, public or private): [`verify_compact`] already refuses it, but the person
/// should learn that this combination is the algorithm-confusion attack (RFC 8725 §2.1), not a
/// key that merely does not fit.
pub fn hs_with_public_key_finding(token: &UntrustedToken, keys: &[Key]) -> Option<Finding> {
    let alg = token.alg().ok().filter(|alg| alg.is_symmetric())?;
    let (kind, material) = keys.iter().find_map(|key| match &key.material {
        KeyMaterial::Public(public) => Some((public.kind(), "public")),
        KeyMaterial::Private(private) => Some((private.kind(), "private")),
        KeyMaterial::Secret(_) => None,
    })?;
    Some(
        Finding::new(
            "verify.hs-with-public-key",
            Severity::Error,
            format!(
                "{alg} token checked against an {} {material} key: this is the \
                 algorithm-confusion attack; a public key is never an HMAC secret",
                kind.label()
            ),
        )
        .with_source("RFC 8725 §2.1"),
    )
}

/// The Decoder's warning when an HS* token is checked with a secret shorter than the hash output
/// (RFC 7518 §3.2), such as jwt.io's sample secret `your-256-bit-secret` (19 bytes for HS256).
/// [`verify_compact`] still says whether the signature matches; this says why a match proves
/// little: a short secret can be guessed offline from any one token.
pub fn hmac_short_secret_finding(token: &UntrustedToken, keys: &[Key]) -> Option<Finding> {
    let alg = token.alg().ok().filter(|alg| alg.is_symmetric())?;
    let minimum = alg::hmac::output_len(alg);
    let bytes = keys.iter().find_map(|key| match &key.material {
        KeyMaterial::Secret(secret) if secret.as_bytes().len() < minimum => {
            Some(secret.as_bytes().len())
        }
        _ => None,
    })?;
    Some(
        Finding::new(
            "verify.hmac-short-secret",
            Severity::Warning,
            format!(
                "{alg} secret is {bytes} bytes: RFC 7518 §3.2 requires at least {minimum} (the hash \
                 output); a secret this short can be guessed offline from one token, so a valid \
                 signature proves little"
            ),
        )
        .with_source("RFC 7518 §3.2"),
    )
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;
    use crate::b64;
    use crate::key::{generate, EcCurve, KeyKind, Secret};
    use crate::token::decode_compact;

    fn token(alg: &str) -> UntrustedToken {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        let compact = format!(
            "{}.{}.{}",
            b64::encode(header.as_bytes()),
            b64::encode(b"{}"),
            b64::encode(&[1; 32])
        );
        decode_compact(&compact).unwrap_or_else(|err| panic!("{err}"))
    }

    fn ec_key() -> Key {
        generate(
            KeyKind::Ec(EcCurve::P256),
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn hs_token_against_a_public_or_private_key_is_algorithm_confusion() {
        let private = ec_key();
        let public = Key::new(KeyMaterial::Public(
            private.public_key().unwrap_or_else(|| panic!("EC key")),
        ));
        for (key, material) in [(public, "public"), (private, "private")] {
            let finding = hs_with_public_key_finding(&token("HS256"), &[key]);
            let finding = finding.unwrap_or_else(|| panic!("no finding for a {material} key"));
            assert_eq!(finding.rule, "verify.hs-with-public-key");
            assert_eq!(finding.severity, Severity::Error);
            assert!(
                finding.message.starts_with(&format!(
                    "HS256 token checked against an EC P-256 {material} key"
                )),
                "{}",
                finding.message
            );
        }
    }

    #[test]
    fn hs_token_against_a_secret_or_rs_token_against_a_public_key_is_no_confusion() {
        let secret = Key::new(KeyMaterial::Secret(Secret::new(vec![1; 32])));
        assert_eq!(hs_with_public_key_finding(&token("HS256"), &[secret]), None);
        assert_eq!(
            hs_with_public_key_finding(&token("ES256"), &[ec_key()]),
            None
        );
    }
}
