//! Creating compact JWS tokens.
//!
//! [`sign_compact`] takes the header and payload as JSON text (as typed in the Sign view),
//! parses both strictly, and serializes them compactly **in the member order written**.
//!
//! Header `alg`: if the header has no `alg`, it is set to the chosen algorithm (as the first
//! member, where readers expect it); if it has one, it must equal the chosen algorithm. The
//! signer never silently overrides what the person wrote.

use core::fmt;

use rand_core::CryptoRngCore;
use serde_json::{Map, Value};

use super::alg::{self, AlgError, JwsAlgorithm, SigningKeyRef};
use super::b64;
use super::json::{self, JsonError};
use super::key::{Key, KeyMaterial};
use super::verify::{key_policy_problem, KeyPolicyProblem};

/// Why a token could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The header text is not strict JSON.
    HeaderJson(JsonError),
    /// The header is JSON but not an object.
    HeaderNotObject,
    /// The payload text is not strict JSON.
    PayloadJson(JsonError),
    /// The header's `alg` differs from the chosen algorithm (or is not a string).
    AlgMismatch {
        /// The header's `alg`, as JSON.
        header_alg: String,
        /// The algorithm chosen.
        alg: JwsAlgorithm,
    },
    /// `"b64": false` (RFC 7797) is not supported for signing.
    UnencodedPayload,
    /// A public key cannot sign.
    PublicKeyOnly {
        /// What the key is, e.g. "RSA 2048".
        kind: String,
    },
    /// The key's JWK metadata forbids signing with this algorithm.
    KeyPolicy(KeyPolicyProblem),
    /// The algorithm layer refused (key type, key size) or failed.
    Alg(AlgError),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::HeaderJson(err) => write!(f, "the header is not valid JSON: {err}"),
            SignError::HeaderNotObject => f.write_str("the header must be a JSON object"),
            SignError::PayloadJson(err) => write!(f, "the payload is not valid JSON: {err}"),
            SignError::AlgMismatch { header_alg, alg } => write!(
                f,
                "the header says \"alg\": {header_alg}, but the chosen algorithm is {alg}; \
                 make them equal or remove \"alg\" from the header"
            ),
            SignError::UnencodedPayload => f.write_str(
                "\"b64\": false (unencoded payload, RFC 7797) is not supported when signing",
            ),
            SignError::PublicKeyOnly { kind } => {
                write!(
                    f,
                    "this {kind} key is a public key; signing needs the private key"
                )
            }
            SignError::KeyPolicy(problem) => write!(f, "this key may not sign: {problem}"),
            SignError::Alg(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for SignError {}

impl From<AlgError> for SignError {
    fn from(err: AlgError) -> Self {
        SignError::Alg(err)
    }
}

/// Signs a JWT: header and payload JSON text in, compact JWS out.
///
/// `rng` is used only by RSA (blinding, PSS salt) and ES512 (nonce); the other algorithms are
/// deterministic.
pub fn sign_compact(
    header_json: &str,
    payload_json: &str,
    key: &Key,
    alg: JwsAlgorithm,
    rng: &mut impl CryptoRngCore,
) -> Result<String, SignError> {
    let header = match json::parse_strict(header_json).map_err(SignError::HeaderJson)? {
        Value::Object(header) => header_with_alg(header, alg)?,
        _ => return Err(SignError::HeaderNotObject),
    };
    if header.get("b64") == Some(&Value::Bool(false)) {
        return Err(SignError::UnencodedPayload);
    }
    let payload = json::parse_strict(payload_json).map_err(SignError::PayloadJson)?;
    let signing_input = format!(
        "{}.{}",
        b64::encode(Value::Object(header).to_string().as_bytes()),
        b64::encode(payload.to_string().as_bytes())
    );
    let signature = sign_signing_input(&signing_input, key, alg, rng)?;
    Ok(format!("{signing_input}.{signature}"))
}

/// Signs an exact signing input (`header_b64.payload_b64`) and returns the signature in
/// base64url; for reproducing published vectors byte for byte.
pub fn sign_signing_input(
    signing_input: &str,
    key: &Key,
    alg: JwsAlgorithm,
    rng: &mut impl CryptoRngCore,
) -> Result<String, SignError> {
    if let Some(problem) = key_policy_problem(&key.meta, alg, "sign") {
        return Err(SignError::KeyPolicy(problem));
    }
    let signing_key = match &key.material {
        KeyMaterial::Private(private) => SigningKeyRef::Private(private),
        KeyMaterial::Secret(secret) => SigningKeyRef::Secret(secret),
        KeyMaterial::Public(public) => {
            return Err(SignError::PublicKeyOnly {
                kind: public.kind().label(),
            })
        }
    };
    let signature = alg::sign(alg, signing_key, signing_input.as_bytes(), rng)?;
    Ok(b64::encode(&signature))
}

/// The header with `alg` checked against, or set to, the chosen algorithm.
fn header_with_alg(
    header: Map<String, Value>,
    alg: JwsAlgorithm,
) -> Result<Map<String, Value>, SignError> {
    match header.get("alg") {
        Some(Value::String(name)) if name == alg.name() => Ok(header),
        Some(other) => Err(SignError::AlgMismatch {
            header_alg: other.to_string(),
            alg,
        }),
        None => {
            let mut with_alg = Map::new();
            with_alg.insert("alg".to_owned(), Value::String(alg.name().to_owned()));
            with_alg.extend(header);
            Ok(with_alg)
        }
    }
}
