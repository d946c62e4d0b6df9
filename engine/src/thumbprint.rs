//! JWK thumbprints (RFC 7638) and what a `kid` says about how it was made.
//!
//! The canonical JSON holds only the required public members, in lexicographic order, without
//! whitespace: `{"e","kty","n"}` for RSA, `{"crv","kty","x","y"}` for EC, `{"crv","kty","x"}`
//! for OKP and `{"k","kty"}` for a secret. Its SHA-256, base64url-encoded, is the thumbprint.
//!
//! Koppeltaal uses two conventions for `kid`: the auth server's SHA-256 thumbprint, and the MD5
//! of the same JSON that jose4j and Koppeltaal's Spring-JWKS starter produce.
//! [`recognise_kid`] tells which one (or SHA-1, or a hex spelling) a given `kid` follows.

use md5::Md5;
use serde_json::{Map, Value};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::b64;
use crate::jwk::public_jwk_members;
use crate::key::{PublicKey, Secret};

/// The hash a thumbprint is computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThumbprintHash {
    /// SHA-256: RFC 7638's example and the Koppeltaal auth server.
    Sha256,
    /// SHA-1: seen in older libraries.
    Sha1,
    /// MD5: jose4j's `calculateBase64urlEncodedThumbprint("MD5")`, Koppeltaal Spring-JWKS.
    Md5,
}

impl ThumbprintHash {
    /// All hashes, SHA-256 first.
    pub const ALL: [ThumbprintHash; 3] = [
        ThumbprintHash::Sha256,
        ThumbprintHash::Md5,
        ThumbprintHash::Sha1,
    ];

    /// The hash's name: "SHA-256", "SHA-1", "MD5".
    pub fn name(self) -> &'static str {
        match self {
            ThumbprintHash::Sha256 => "SHA-256",
            ThumbprintHash::Sha1 => "SHA-1",
            ThumbprintHash::Md5 => "MD5",
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            ThumbprintHash::Sha256 => Sha256::digest(data).to_vec(),
            ThumbprintHash::Sha1 => Sha1::digest(data).to_vec(),
            ThumbprintHash::Md5 => Md5::digest(data).to_vec(),
        }
    }
}

/// The members RFC 7638 §3.2 requires for each key type, in lexicographic order.
fn required_members(kty: &str) -> &'static [&'static str] {
    match kty {
        "RSA" => &["e", "kty", "n"],
        "EC" => &["crv", "kty", "x", "y"],
        "OKP" => &["crv", "kty", "x"],
        _ => &["k", "kty"],
    }
}

/// The RFC 7638 canonical JSON of a public key.
pub fn canonical_json(key: &PublicKey) -> String {
    let members = public_jwk_members(key);
    let kty = members
        .iter()
        .find(|(name, _)| *name == "kty")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let mut object = Map::new();
    for required in required_members(kty) {
        if let Some((_, value)) = members.iter().find(|(name, _)| name == required) {
            object.insert((*required).to_owned(), Value::String(value.clone()));
        }
    }
    Value::Object(object).to_string()
}

/// The RFC 7638 canonical JSON of an HMAC secret: `{"k":"…","kty":"oct"}`.
pub fn canonical_json_secret(secret: &Secret) -> String {
    let mut object = Map::new();
    object.insert(
        "k".to_owned(),
        Value::String(b64::encode(secret.as_bytes())),
    );
    object.insert("kty".to_owned(), Value::String("oct".to_owned()));
    Value::Object(object).to_string()
}

/// The RFC 7638 thumbprint of a public key, base64url.
pub fn thumbprint(key: &PublicKey, hash: ThumbprintHash) -> String {
    b64::encode(&hash.digest(canonical_json(key).as_bytes()))
}

/// The RFC 7638 thumbprint of a public key, lowercase hex.
pub fn thumbprint_hex(key: &PublicKey, hash: ThumbprintHash) -> String {
    hex::encode(hash.digest(canonical_json(key).as_bytes()))
}

/// The RFC 7638 thumbprint of an HMAC secret, base64url. (It reveals nothing practical about
/// the secret, but a published one lets anyone test guesses offline.)
pub fn thumbprint_secret(secret: &Secret, hash: ThumbprintHash) -> String {
    b64::encode(&hash.digest(canonical_json_secret(secret).as_bytes()))
}

/// How a `kid` was derived from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KidConvention {
    /// base64url SHA-256 of the RFC 7638 JSON: the RFC's thumbprint, the Koppeltaal auth server.
    Rfc7638Sha256,
    /// base64url MD5 of the RFC 7638 JSON: jose4j, Koppeltaal Spring-JWKS and test suite.
    Rfc7638Md5,
    /// base64url SHA-1 of the RFC 7638 JSON.
    Rfc7638Sha1,
    /// The RFC 7638 thumbprint written in hex instead of base64url, with the hash named.
    Rfc7638Hex(ThumbprintHash),
    /// Not derived from the key in any way this tool knows (a name, a UUID, a date…).
    Unrecognised,
}

impl KidConvention {
    /// A stable id, e.g. `rfc7638-sha256`, `rfc7638-md5`, `rfc7638-sha1-hex`, `none`.
    pub fn id(self) -> &'static str {
        match self {
            KidConvention::Rfc7638Sha256 => "rfc7638-sha256",
            KidConvention::Rfc7638Md5 => "rfc7638-md5",
            KidConvention::Rfc7638Sha1 => "rfc7638-sha1",
            KidConvention::Rfc7638Hex(ThumbprintHash::Sha256) => "rfc7638-sha256-hex",
            KidConvention::Rfc7638Hex(ThumbprintHash::Md5) => "rfc7638-md5-hex",
            KidConvention::Rfc7638Hex(ThumbprintHash::Sha1) => "rfc7638-sha1-hex",
            KidConvention::Unrecognised => "none",
        }
    }

    /// One sentence for the person at the keyboard.
    pub fn explanation(self) -> String {
        match self {
            KidConvention::Rfc7638Sha256 => "the kid is the key's RFC 7638 thumbprint (SHA-256, \
                base64url), as the Koppeltaal auth server makes it"
                .to_owned(),
            KidConvention::Rfc7638Md5 => {
                "the kid is the base64url MD5 of the key's RFC 7638 JSON, \
                as jose4j and Koppeltaal's Spring-JWKS starter make it (not the SHA-256 thumbprint)"
                    .to_owned()
            }
            KidConvention::Rfc7638Sha1 => {
                "the kid is the base64url SHA-1 of the key's RFC 7638 JSON".to_owned()
            }
            KidConvention::Rfc7638Hex(hash) => format!(
                "the kid is the {} of the key's RFC 7638 JSON, written in hex instead of base64url",
                hash.name()
            ),
            KidConvention::Unrecognised => "the kid is not derived from the key by any thumbprint \
                convention this tool knows; it is just a name, which is fine"
                .to_owned(),
        }
    }

    /// The hash, when the kid is a thumbprint.
    pub fn hash(self) -> Option<ThumbprintHash> {
        match self {
            KidConvention::Rfc7638Sha256 => Some(ThumbprintHash::Sha256),
            KidConvention::Rfc7638Md5 => Some(ThumbprintHash::Md5),
            KidConvention::Rfc7638Sha1 => Some(ThumbprintHash::Sha1),
            KidConvention::Rfc7638Hex(hash) => Some(hash),
            KidConvention::Unrecognised => None,
        }
    }
}

/// Works out which thumbprint convention, if any, `kid` follows for `key`.
pub fn recognise_kid(kid: &str, key: &PublicKey) -> KidConvention {
    let canonical = canonical_json(key);
    for hash in ThumbprintHash::ALL {
        let digest = hash.digest(canonical.as_bytes());
        if kid == b64::encode(&digest) {
            return match hash {
                ThumbprintHash::Sha256 => KidConvention::Rfc7638Sha256,
                ThumbprintHash::Md5 => KidConvention::Rfc7638Md5,
                ThumbprintHash::Sha1 => KidConvention::Rfc7638Sha1,
            };
        }
        if kid.eq_ignore_ascii_case(&hex::encode(&digest)) {
            return KidConvention::Rfc7638Hex(hash);
        }
    }
    KidConvention::Unrecognised
}
