//! Writing keys out: PEM (PKCS#8, SPKI, PKCS#1, SEC1) and JWK, one at a time or all at once.
//!
//! Private outputs come back in [`Zeroizing`] so the copy is wiped when the UI drops it.

use ed25519_dalek::ed25519::pkcs8::{KeypairBytes, PublicKeyBytes};
use p256::elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use pkcs8::der::oid::AssociatedOid;
use pkcs8::der::pem::{self, PemLabel};
use pkcs8::der::Encode;
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding, PrivateKeyInfo, SecretDocument};
use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use zeroize::Zeroizing;

use super::{der, EcPrivateKey, Key, KeyError, KeyKind, KeyMaterial, PrivateKey, PublicKey};
use crate::b64;
use crate::jwk::{self, JwkOptions};

/// Line endings of every PEM written: `\n`, which every tool reads.
const LINE_ENDING: LineEnding = LineEnding::LF;

/// A private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
pub fn to_pkcs8_pem(key: &PrivateKey) -> Result<Zeroizing<String>, KeyError> {
    pkcs8_document(key, "PKCS#8 PEM")?
        .to_pem(PrivateKeyInfo::PEM_LABEL, LINE_ENDING)
        .map_err(|err| KeyError::ExportFailed {
            format: "PKCS#8 PEM",
            reason: err.to_string(),
        })
}

/// A private key as PKCS#8 DER, the form WebCrypto's `exportKey("pkcs8")` produces.
pub fn to_pkcs8_der(key: &PrivateKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    pkcs8_document(key, "PKCS#8 DER").map(|document| Zeroizing::new(document.as_bytes().to_vec()))
}

fn pkcs8_document(key: &PrivateKey, format: &'static str) -> Result<SecretDocument, KeyError> {
    match key {
        PrivateKey::Rsa(rsa) => rsa.to_pkcs8_der(),
        PrivateKey::P256(key) => ec_pkcs8_der(key),
        PrivateKey::P384(key) => ec_pkcs8_der(key),
        PrivateKey::P521(key) => ec_pkcs8_der(key),
        // Version 2 (RFC 5958) with the public key, as ed25519-dalek writes it.
        PrivateKey::Ed25519(key) => KeypairBytes {
            secret_key: *key.seed(),
            public_key: Some(PublicKeyBytes(key.public().to_bytes())),
        }
        .to_pkcs8_der(),
        PrivateKey::X25519(key) => x25519_pkcs8_der(key),
    }
    .map_err(|err| KeyError::ExportFailed {
        format,
        reason: err.to_string(),
    })
}

/// SEC1 ECPrivateKey DER with the stored point, laid out exactly as the `elliptic-curve` crate
/// writes it (no curve parameters: PKCS#8 names the curve outside). Written here rather than
/// by the crate because the crate recomputes the point from the scalar, a scalar
/// multiplication per export (up to 3 ms in wasm), for a point the key already holds.
fn ec_sec1_der<C>(key: &EcPrivateKey<C>) -> pkcs8::der::Result<Zeroizing<Vec<u8>>>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let scalar = Zeroizing::new(key.secret().to_bytes());
    let point = key.public().to_encoded_point(false);
    sec1::EcPrivateKey {
        private_key: &scalar,
        parameters: None,
        public_key: Some(point.as_bytes()),
    }
    .to_der()
    .map(Zeroizing::new)
}

/// PKCS#8 PrivateKeyInfo around [`ec_sec1_der`], as the `elliptic-curve` crate writes it.
fn ec_pkcs8_der<C>(key: &EcPrivateKey<C>) -> pkcs8::Result<SecretDocument>
where
    C: CurveArithmetic + AssociatedOid,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let algorithm = pkcs8::AlgorithmIdentifierRef {
        oid: der::EC_OID,
        parameters: Some((&C::OID).into()),
    };
    let sec1 = ec_sec1_der(key)?;
    Ok(SecretDocument::encode_msg(&PrivateKeyInfo::new(
        algorithm, &sec1,
    ))?)
}

/// PKCS#8 v1 (RFC 8410 §7) of an X25519 key: the scalar as a `CurvePrivateKey` OCTET STRING,
/// no public key, as OpenSSL and WebCrypto write it.
fn x25519_pkcs8_der(key: &super::X25519PrivateKey) -> pkcs8::Result<SecretDocument> {
    let scalar = key.to_bytes();
    let inner = Zeroizing::new(pkcs8::der::asn1::OctetStringRef::new(scalar.as_ref())?.to_der()?);
    let algorithm = pkcs8::AlgorithmIdentifierRef {
        oid: der::X25519_OID,
        parameters: None,
    };
    Ok(SecretDocument::encode_msg(&PrivateKeyInfo::new(
        algorithm, &inner,
    ))?)
}

/// SubjectPublicKeyInfo PEM (RFC 8410 §4) of an X25519 public key.
fn x25519_spki_pem(key: &x25519_dalek::PublicKey) -> Result<String, pkcs8::spki::Error> {
    let spki = pkcs8::SubjectPublicKeyInfoRef {
        algorithm: pkcs8::AlgorithmIdentifierRef {
            oid: der::X25519_OID,
            parameters: None,
        },
        subject_public_key: pkcs8::der::asn1::BitStringRef::from_bytes(key.as_bytes())?,
    };
    let document = pkcs8::Document::encode_msg(&spki)?;
    Ok(document.to_pem(pkcs8::SubjectPublicKeyInfoRef::PEM_LABEL, LINE_ENDING)?)
}

/// A public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
pub fn to_spki_pem(key: &PublicKey) -> Result<String, KeyError> {
    let failed = |err: pkcs8::spki::Error| KeyError::ExportFailed {
        format: "SPKI PEM",
        reason: err.to_string(),
    };
    match key {
        PublicKey::Rsa(rsa) => rsa.to_public_key_pem(LINE_ENDING).map_err(failed),
        PublicKey::P256(point) => point.to_public_key_pem(LINE_ENDING).map_err(failed),
        PublicKey::P384(point) => point.to_public_key_pem(LINE_ENDING).map_err(failed),
        PublicKey::P521(point) => point.to_public_key_pem(LINE_ENDING).map_err(failed),
        PublicKey::Ed25519(verifying) => verifying.to_public_key_pem(LINE_ENDING).map_err(failed),
        PublicKey::X25519(public) => x25519_spki_pem(public).map_err(failed),
    }
}

/// An RSA private key as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`).
pub fn to_pkcs1_pem(key: &PrivateKey) -> Result<Zeroizing<String>, KeyError> {
    let PrivateKey::Rsa(rsa) = key else {
        return Err(not_applicable("PKCS#1 (RSA PRIVATE KEY)", key.kind()));
    };
    rsa.to_pkcs1_pem(LINE_ENDING)
        .map_err(|err| KeyError::ExportFailed {
            format: "PKCS#1 PEM",
            reason: err.to_string(),
        })
}

/// An RSA public key as PKCS#1 PEM (`-----BEGIN RSA PUBLIC KEY-----`).
pub fn to_pkcs1_public_pem(key: &PublicKey) -> Result<String, KeyError> {
    let PublicKey::Rsa(rsa) = key else {
        return Err(not_applicable("PKCS#1 (RSA PUBLIC KEY)", key.kind()));
    };
    rsa.to_pkcs1_pem(LINE_ENDING)
        .map_err(|err| KeyError::ExportFailed {
            format: "PKCS#1 PEM",
            reason: err.to_string(),
        })
}

/// An EC private key as SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`), as OpenSSL writes it.
pub fn to_sec1_pem(key: &PrivateKey) -> Result<Zeroizing<String>, KeyError> {
    let der = match key {
        PrivateKey::P256(key) => ec_sec1_der(key),
        PrivateKey::P384(key) => ec_sec1_der(key),
        PrivateKey::P521(key) => ec_sec1_der(key),
        PrivateKey::Rsa(_) | PrivateKey::Ed25519(_) | PrivateKey::X25519(_) => {
            return Err(not_applicable("SEC1 (EC PRIVATE KEY)", key.kind()))
        }
    };
    let failed = |reason: String| KeyError::ExportFailed {
        format: "SEC1 PEM",
        reason,
    };
    let der = der.map_err(|err| failed(err.to_string()))?;
    pem::encode_string(sec1::EcPrivateKey::PEM_LABEL, LINE_ENDING, &der)
        .map(Zeroizing::new)
        .map_err(|err| failed(err.to_string()))
}

/// A key as pretty-printed JWK JSON (see [`jwk::key_to_jwk`] for what `opts` does).
pub fn to_jwk_json(key: &Key, opts: &JwkOptions) -> Zeroizing<String> {
    let value = jwk::key_to_jwk(key, opts);
    Zeroizing::new(serde_json::to_string_pretty(&value).unwrap_or_default())
}

fn not_applicable(format: &'static str, kind: KeyKind) -> KeyError {
    KeyError::ExportNotApplicable {
        format,
        kind: kind.label(),
    }
}

/// Every way a key can be written, for the Keys view. `None` where a format does not apply.
#[derive(Debug, Clone, Default)]
pub struct KeyExports {
    /// PKCS#8 PEM of a private key.
    pub pkcs8_pem: Option<Zeroizing<String>>,
    /// PKCS#1 PEM of an RSA private key.
    pub pkcs1_pem: Option<Zeroizing<String>>,
    /// SEC1 PEM of an EC private key.
    pub sec1_pem: Option<Zeroizing<String>>,
    /// SPKI PEM of the public key (also of a private key's public half).
    pub spki_pem: Option<String>,
    /// PKCS#1 PEM of an RSA public key.
    pub pkcs1_public_pem: Option<String>,
    /// JWK with private members (or `k` for a secret).
    pub jwk_private: Option<Zeroizing<String>>,
    /// JWK of the public half.
    pub jwk_public: Option<String>,
    /// An HMAC secret as base64url.
    pub secret_base64url: Option<Zeroizing<String>>,
}

/// Writes a key in every format that applies. `jwk` supplies `kid`/`use`/`alg`/`key_ops`;
/// its `include_private` is ignored (both JWKs are written).
pub fn export_all(key: &Key, jwk: &JwkOptions) -> Result<KeyExports, KeyError> {
    let private_opts = JwkOptions {
        include_private: true,
        ..jwk.clone()
    };
    let public_opts = JwkOptions {
        include_private: false,
        ..jwk.clone()
    };
    let mut exports = KeyExports::default();
    match &key.material {
        KeyMaterial::Private(private) => {
            exports.pkcs8_pem = Some(to_pkcs8_pem(private)?);
            exports.pkcs1_pem = to_pkcs1_pem(private).ok();
            exports.sec1_pem = to_sec1_pem(private).ok();
            exports.jwk_private = Some(to_jwk_json(key, &private_opts));
        }
        KeyMaterial::Public(_) => {}
        KeyMaterial::Secret(secret) => {
            exports.secret_base64url = Some(Zeroizing::new(b64::encode(secret.as_bytes())));
            exports.jwk_private = Some(to_jwk_json(key, &private_opts));
        }
    }
    if let Some(public) = key.public_key() {
        exports.spki_pem = Some(to_spki_pem(&public)?);
        exports.pkcs1_public_pem = to_pkcs1_public_pem(&public).ok();
        exports.jwk_public = Some(to_jwk_json(key, &public_opts).to_string());
    }
    Ok(exports)
}
