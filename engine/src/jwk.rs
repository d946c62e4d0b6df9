//! JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037 §2) to and from [`Key`].
//!
//! Reading is strict: members are strict base64url (the error names the member and the
//! position), EC coordinates and scalars must have the curve's exact length, `crv` must be one
//! this tool signs with, and private members must belong to the public ones given beside them.
//! Writing puts members in the order the RFCs list them: `kty`, the key members
//! (`crv`,`x`,`y`,`d` / `n`,`e`,`d`,`p`,`q`,`dp`,`dq`,`qi` / `k`), then `use`, `key_ops`,
//! `alg`, `kid` (serde_json keeps insertion order here).

use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::BigUint;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::b64::{self, B64Field};
use super::json::kind_of;
use super::key::build::{self, RsaCrt, RsaPrivateParts, StoredPublic};
use super::key::{
    EcCurve, Key, KeyError, KeyMaterial, KeyMeta, PairCheck, PrivateKey, PublicKey, Secret,
};

/// The members that carry private key material in a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037).
pub const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Reads a JWK from JSON text (duplicate members are refused).
pub fn key_from_jwk_str(text: &str) -> Result<Key, KeyError> {
    if text.len() > super::limits::MAX_INPUT_BYTES {
        return Err(KeyError::InputTooLarge { bytes: text.len() });
    }
    let value = super::json::parse_strict(text).map_err(|err| KeyError::JsonInvalid {
        reason: err.to_string(),
    })?;
    key_from_jwk(&value)
}

/// Reads a JWK (`kty` RSA, EC, OKP with Ed25519 or X25519, or oct), public or private.
///
/// `kid`, `use`, `alg` and `key_ops` are kept in [`KeyMeta`]; they are not judged here
/// (see [`crate::jwks::validate_jwks`] for policy).
pub fn key_from_jwk(jwk: &Value) -> Result<Key, KeyError> {
    let object = jwk.as_object().ok_or(KeyError::JwkNotObject {
        found: kind_of(jwk),
    })?;
    let kty = string_member(object, "kty")?.ok_or(KeyError::JwkMemberMissing {
        member: "kty",
        kty: "(none)".to_owned(),
    })?;
    let material = match kty {
        "RSA" => rsa_from_jwk(object)?,
        "EC" => ec_from_jwk(object)?,
        "OKP" => okp_from_jwk(object)?,
        "oct" => oct_from_jwk(object)?,
        other => {
            return Err(KeyError::JwkKtyUnknown {
                kty: other.to_owned(),
            })
        }
    };
    Ok(Key {
        material,
        meta: meta_from_jwk(object)?,
    })
}

/// The metadata members of a JWK; each must have the right JSON type when present.
pub fn meta_from_jwk(object: &Map<String, Value>) -> Result<KeyMeta, KeyError> {
    let key_ops = match object.get("key_ops") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or(KeyError::JwkMemberType {
                            member: "key_ops".to_owned(),
                            expected: "an array of strings",
                            found: kind_of(item),
                        })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(other) => {
            return Err(KeyError::JwkMemberType {
                member: "key_ops".to_owned(),
                expected: "an array of strings",
                found: kind_of(other),
            })
        }
    };
    Ok(KeyMeta {
        kid: string_member(object, "kid")?.map(str::to_owned),
        key_use: string_member(object, "use")?.map(str::to_owned),
        alg: string_member(object, "alg")?.map(str::to_owned),
        key_ops,
        // A JWK has no algorithm identifier; only its `alg` can restrict it.
        rsa_pss_only: false,
    })
}

fn rsa_from_jwk(object: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    if object.contains_key("oth") {
        return Err(KeyError::JwkMemberUnsupported {
            member: "oth",
            reason: "multi-prime RSA keys (more than two primes) are not supported",
        });
    }
    let n = required_b64(object, "n", "RSA")?;
    let e = required_b64(object, "e", "RSA")?;
    let Some(d) = optional_b64(object, "d")? else {
        if let Some(member) = ["p", "q", "dp", "dq", "qi"]
            .into_iter()
            .find(|m| object.contains_key(*m))
        {
            return Err(KeyError::JwkMemberMissing {
                member: "d",
                kty: format!("RSA (it has {member:?})"),
            });
        }
        return Ok(KeyMaterial::Public(PublicKey::Rsa(build::rsa_public_key(
            &n, &e,
        )?)));
    };
    // RFC 7518 §6.3.2: the CRT members come all together or not at all.
    let crt_members = ["p", "q", "dp", "dq", "qi"];
    let present = crt_members
        .iter()
        .filter(|m| object.contains_key(**m))
        .count();
    let (primes, crt) = if present == 0 {
        (None, None)
    } else {
        let p = required_b64(object, "p", "RSA")?;
        let q = required_b64(object, "q", "RSA")?;
        let dp = required_b64(object, "dp", "RSA")?;
        let dq = required_b64(object, "dq", "RSA")?;
        let qi = required_b64(object, "qi", "RSA")?;
        (Some((p, q)), Some((dp, dq, qi)))
    };
    let key = build::rsa_private_key(RsaPrivateParts {
        n: &n,
        e: &e,
        d: &d,
        primes: primes.as_ref().map(|(p, q)| (p.as_slice(), q.as_slice())),
        crt: crt.as_ref().map(|(dp, dq, qi)| RsaCrt { dp, dq, qi }),
    })?;
    Ok(KeyMaterial::Private(PrivateKey::Rsa(Box::new(key))))
}

fn ec_from_jwk(object: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    let crv = string_member(object, "crv")?.ok_or(KeyError::JwkMemberMissing {
        member: "crv",
        kty: "EC".to_owned(),
    })?;
    let curve = match crv {
        "P-256" => EcCurve::P256,
        "P-384" => EcCurve::P384,
        "P-521" => EcCurve::P521,
        other => {
            return Err(KeyError::JwkCrvUnknown {
                kty: "EC",
                crv: other.to_owned(),
            })
        }
    };
    let x = required_b64(object, "x", "EC")?;
    let y = required_b64(object, "y", "EC")?;
    let public = build::ec_public_key(curve, &x, &y)?;
    match optional_b64(object, "d")? {
        None => Ok(KeyMaterial::Public(public)),
        Some(d) => {
            let stored = StoredPublic {
                key: &public,
                mismatch: "JWK members \"x\"/\"y\" are not the public point of \"d\"",
            };
            build::ec_private_key(curve, &d, Some(stored), PairCheck::AtImport)
                .map(KeyMaterial::Private)
        }
    }
}

fn okp_from_jwk(object: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    let crv = string_member(object, "crv")?.ok_or(KeyError::JwkMemberMissing {
        member: "crv",
        kty: "OKP".to_owned(),
    })?;
    if crv != "Ed25519" && crv != "X25519" {
        return Err(KeyError::JwkCrvUnknown {
            kty: "OKP",
            crv: crv.to_owned(),
        });
    }
    // RFC 8037 §2: `x` is the public key, `d` the private key, for both curves.
    let x = required_b64(object, "x", "OKP")?;
    let public = if crv == "X25519" {
        PublicKey::X25519(build::x25519_public_key(&x)?)
    } else {
        PublicKey::Ed25519(build::ed25519_public_key(&x)?)
    };
    let Some(d) = optional_b64(object, "d")? else {
        return Ok(KeyMaterial::Public(public));
    };
    let stored = Some(StoredPublic {
        key: &public,
        mismatch: "JWK member \"x\" is not the public key of \"d\"",
    });
    let private = match &public {
        PublicKey::X25519(_) => PrivateKey::X25519(build::x25519_private_key(
            &d,
            stored,
            PairCheck::AtImport,
        )?),
        _ => PrivateKey::Ed25519(build::ed25519_private_key(&d, stored, PairCheck::AtImport)?),
    };
    Ok(KeyMaterial::Private(private))
}

fn oct_from_jwk(object: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    let k = required_b64(object, "k", "oct")?;
    if k.is_empty() {
        return Err(KeyError::SecretEmpty);
    }
    Ok(KeyMaterial::Secret(Secret::new(k.to_vec())))
}

/// A string member, `None` when absent; any other JSON type is an error naming the member.
fn string_member<'a>(
    object: &'a Map<String, Value>,
    member: &str,
) -> Result<Option<&'a str>, KeyError> {
    match object.get(member) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(KeyError::JwkMemberType {
            member: member.to_owned(),
            expected: "a string",
            found: kind_of(other),
        }),
    }
}

/// A base64url member that must be present.
fn required_b64(
    object: &Map<String, Value>,
    member: &'static str,
    kty: &str,
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    optional_b64(object, member)?.ok_or_else(|| KeyError::JwkMemberMissing {
        member,
        kty: kty.to_owned(),
    })
}

/// A base64url member, `None` when absent. Wrapped in `Zeroizing` because it may be private.
fn optional_b64(
    object: &Map<String, Value>,
    member: &'static str,
) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
    let Some(text) = string_member(object, member)? else {
        return Ok(None);
    };
    b64::decode(B64Field::JwkMember(member.to_owned()), text)
        .map(|bytes| Some(Zeroizing::new(bytes)))
        .map_err(|error| KeyError::JwkMemberBase64 { member, error })
}

/// What to write besides the key members.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JwkOptions {
    /// Write the private members (`d`, `p`, …, or `k` for a secret). Off: public half only.
    pub include_private: bool,
    /// `kid`.
    pub kid: Option<String>,
    /// `use` (`sig` for everything this tool makes).
    pub key_use: Option<String>,
    /// `alg`.
    pub alg: Option<String>,
    /// `key_ops`.
    pub key_ops: Option<Vec<String>>,
}

impl JwkOptions {
    /// Options that write back the metadata a key was imported with.
    pub fn from_meta(meta: &KeyMeta, include_private: bool) -> Self {
        JwkOptions {
            include_private,
            kid: meta.kid.clone(),
            key_use: meta.key_use.clone(),
            alg: meta.alg.clone(),
            key_ops: meta.key_ops.clone(),
        }
    }
}

/// Writes a key as a JWK, members in RFC order.
///
/// Without `include_private`, a private key is written as its public half, and a secret
/// (which has no public half) as `{"kty":"oct"}` plus metadata, without `k`.
pub fn key_to_jwk(key: &Key, opts: &JwkOptions) -> Value {
    let mut members: Vec<(&'static str, String)> = match (&key.material, opts.include_private) {
        (KeyMaterial::Private(private), true) => private_jwk_members(private),
        (KeyMaterial::Private(private), false) => public_jwk_members(&private.public_key()),
        (KeyMaterial::Public(public), _) => public_jwk_members(public),
        (KeyMaterial::Secret(secret), true) => {
            vec![
                ("kty", "oct".to_owned()),
                ("k", b64::encode(secret.as_bytes())),
            ]
        }
        (KeyMaterial::Secret(_), false) => vec![("kty", "oct".to_owned())],
    };
    let mut object = Map::new();
    for (name, value) in members.drain(..) {
        object.insert(name.to_owned(), Value::String(value));
    }
    if let Some(key_use) = &opts.key_use {
        object.insert("use".to_owned(), Value::String(key_use.clone()));
    }
    if let Some(ops) = &opts.key_ops {
        object.insert(
            "key_ops".to_owned(),
            Value::Array(ops.iter().cloned().map(Value::String).collect()),
        );
    }
    if let Some(alg) = &opts.alg {
        object.insert("alg".to_owned(), Value::String(alg.clone()));
    }
    if let Some(kid) = &opts.kid {
        object.insert("kid".to_owned(), Value::String(kid.clone()));
    }
    Value::Object(object)
}

/// The public JWK members of a key (`kty` first), base64url-encoded, in RFC order.
pub fn public_jwk_members(key: &PublicKey) -> Vec<(&'static str, String)> {
    match key {
        PublicKey::Rsa(rsa) => vec![
            ("kty", "RSA".to_owned()),
            ("n", b64::encode(&rsa.n().to_bytes_be())),
            ("e", b64::encode(&rsa.e().to_bytes_be())),
        ],
        PublicKey::P256(_) | PublicKey::P384(_) | PublicKey::P521(_) => {
            let curve = match key.kind() {
                super::key::KeyKind::Ec(curve) => curve.jwk_name(),
                _ => "",
            };
            let (x, y) = build::ec_coordinates(key).unwrap_or_default();
            vec![
                ("kty", "EC".to_owned()),
                ("crv", curve.to_owned()),
                ("x", b64::encode(&x)),
                ("y", b64::encode(&y)),
            ]
        }
        PublicKey::Ed25519(verifying) => vec![
            ("kty", "OKP".to_owned()),
            ("crv", "Ed25519".to_owned()),
            ("x", b64::encode(verifying.as_bytes())),
        ],
        PublicKey::X25519(public) => vec![
            ("kty", "OKP".to_owned()),
            ("crv", "X25519".to_owned()),
            ("x", b64::encode(public.as_bytes())),
        ],
    }
}

/// The public members followed by the private ones, in RFC order.
fn private_jwk_members(key: &PrivateKey) -> Vec<(&'static str, String)> {
    let mut members = public_jwk_members(&key.public_key());
    match key {
        PrivateKey::Rsa(rsa) => {
            members.push(("d", b64::encode(&rsa.d().to_bytes_be())));
            let primes = rsa.primes();
            if let (Some(p), Some(q)) = (primes.first(), primes.get(1)) {
                let one = BigUint::from(1u8);
                let dp = rsa.dp().cloned().unwrap_or_else(|| rsa.d() % (p - &one));
                let dq = rsa.dq().cloned().unwrap_or_else(|| rsa.d() % (q - &one));
                members.push(("p", b64::encode(&p.to_bytes_be())));
                members.push(("q", b64::encode(&q.to_bytes_be())));
                members.push(("dp", b64::encode(&dp.to_bytes_be())));
                members.push(("dq", b64::encode(&dq.to_bytes_be())));
                if let Some(qi) = rsa.crt_coefficient() {
                    members.push(("qi", b64::encode(&qi.to_bytes_be())));
                }
            }
        }
        PrivateKey::P256(key) => members.push(("d", b64::encode(&key.secret().to_bytes()))),
        PrivateKey::P384(key) => members.push(("d", b64::encode(&key.secret().to_bytes()))),
        PrivateKey::P521(key) => members.push(("d", b64::encode(&key.secret().to_bytes()))),
        PrivateKey::Ed25519(key) => members.push(("d", b64::encode(key.seed()))),
        PrivateKey::X25519(key) => members.push(("d", b64::encode(key.to_bytes().as_ref()))),
    }
    members
}
