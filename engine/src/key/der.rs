//! DER key structures (PKCS#8, encrypted PKCS#8, SPKI, X.509, PKCS#1, SEC1) to [`Key`]s.
//!
//! The ASN.1 is decoded by the `pkcs1`, `pkcs8`, `sec1`, `spki` and `x509-cert` crates; the key
//! values then go through [`super::build`], so every format is held to the same limits.

use pkcs8::der::{Decode, Encode};
use pkcs8::{EncryptedPrivateKeyInfo, ObjectIdentifier, PrivateKeyInfo, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::build::{self, RsaCrt, RsaPrivateParts, StoredPublic};
use super::format::KeyFormat;
use super::{EcCurve, Key, KeyError, KeyMaterial, PairCheck, PrivateKey, PublicKey};

/// rsaEncryption (RFC 8017 Appendix C).
const RSA_OID: ObjectIdentifier = pkcs1::ALGORITHM_OID;
/// id-RSASSA-PSS (RFC 8017 Appendix C): the same key structure, restricted to PSS.
const RSA_PSS_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// id-ecPublicKey (RFC 5480).
pub(crate) const EC_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// id-Ed25519 (RFC 8410).
const ED25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-X25519 (RFC 8410).
pub(crate) const X25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
/// secp256r1 (RFC 5480).
const P256_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1 (RFC 5480).
const P384_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// secp521r1 (RFC 5480).
const P521_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// Which DER structure the bytes are, trying each in turn (their shapes do not overlap).
pub fn detect(der: &[u8]) -> Option<KeyFormat> {
    if PrivateKeyInfo::try_from(der).is_ok() {
        Some(KeyFormat::Pkcs8)
    } else if EncryptedPrivateKeyInfo::try_from(der).is_ok() {
        Some(KeyFormat::EncryptedPkcs8)
    } else if SubjectPublicKeyInfoRef::try_from(der).is_ok() {
        Some(KeyFormat::Spki)
    } else if x509_cert::Certificate::from_der(der).is_ok() {
        Some(KeyFormat::Certificate)
    } else if pkcs1::RsaPrivateKey::try_from(der).is_ok() {
        Some(KeyFormat::Pkcs1Private)
    } else if sec1::EcPrivateKey::try_from(der).is_ok() {
        Some(KeyFormat::Sec1)
    } else if pkcs1::RsaPublicKey::try_from(der).is_ok() {
        Some(KeyFormat::Pkcs1Public)
    } else {
        None
    }
}

/// Reads the bytes as the given structure. `password` is only used for encrypted PKCS#8.
pub fn key_from_der(
    format: KeyFormat,
    der: &[u8],
    password: Option<&str>,
) -> Result<Key, KeyError> {
    let mut rsa_pss_only = false;
    let material = match format {
        KeyFormat::Pkcs8 => {
            rsa_pss_only =
                PrivateKeyInfo::try_from(der).is_ok_and(|info| info.algorithm.oid == RSA_PSS_OID);
            KeyMaterial::Private(pkcs8_private(der, PairCheck::AtImport, None)?)
        }
        KeyFormat::EncryptedPkcs8 => {
            let (private, pss) = encrypted_pkcs8_private(der, password)?;
            rsa_pss_only = pss;
            KeyMaterial::Private(private)
        }
        KeyFormat::Spki => {
            rsa_pss_only = spki_is_rsa_pss(der);
            KeyMaterial::Public(spki_public(der)?)
        }
        KeyFormat::Certificate => {
            rsa_pss_only = certificate_spki(der).is_ok_and(|spki| spki_is_rsa_pss(&spki));
            KeyMaterial::Public(certificate_public(der)?)
        }
        KeyFormat::Pkcs1Private => KeyMaterial::Private(pkcs1_private(der)?),
        KeyFormat::Pkcs1Public => KeyMaterial::Public(pkcs1_public(der)?),
        KeyFormat::Sec1 => KeyMaterial::Private(sec1_private(der, None)?),
        KeyFormat::Jwk | KeyFormat::Jwks => {
            return Err(KeyError::DerMalformed {
                structure: "key structure",
                reason: "JWK and JWK Set are JSON, not DER".to_owned(),
            })
        }
    };
    let mut key = Key::new(material);
    key.meta.rsa_pss_only = rsa_pss_only;
    Ok(key)
}

/// True when the SPKI's algorithm is id-RSASSA-PSS (an RSA key restricted to PSS).
fn spki_is_rsa_pss(der: &[u8]) -> bool {
    SubjectPublicKeyInfoRef::try_from(der).is_ok_and(|spki| spki.algorithm.oid == RSA_PSS_OID)
}

/// The subject of a certificate (RFC 4514 form), for telling the user which one was read.
pub fn certificate_subject(der: &[u8]) -> Option<String> {
    x509_cert::Certificate::from_der(der)
        .ok()
        .map(|cert| cert.tbs_certificate.subject.to_string())
}

fn malformed(structure: &'static str, reason: impl ToString) -> KeyError {
    KeyError::DerMalformed {
        structure,
        reason: reason.to_string(),
    }
}

/// The private key in a PKCS#8 PrivateKeyInfo. `beside` is a public key that came with it
/// separately (a generator's SPKI export); it must equal the one inside, if there is one.
pub(crate) fn pkcs8_private(
    der: &[u8],
    check: PairCheck,
    beside: Option<&PublicKey>,
) -> Result<PrivateKey, KeyError> {
    let info = PrivateKeyInfo::try_from(der).map_err(|e| malformed("PKCS#8 PrivateKeyInfo", e))?;
    private_from_info(info, check, beside)
}

/// The public key in SubjectPublicKeyInfo DER.
pub(crate) fn spki_public(der: &[u8]) -> Result<PublicKey, KeyError> {
    let spki = SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|e| malformed("SubjectPublicKeyInfo (PUBLIC KEY)", e))?;
    public_from_spki(&spki)
}

/// The public half a private key is stored with: the one inside its structure, or else the one
/// given beside it; when both exist they must be the same.
fn stored_public(
    inside: Option<PublicKey>,
    beside: Option<&PublicKey>,
) -> Result<Option<PublicKey>, KeyError> {
    match (inside, beside) {
        (Some(inside), Some(beside)) if inside != *beside => Err(KeyError::PrivatePublicMismatch {
            what: "the public key given beside the PKCS#8 structure is not the one inside it"
                .to_owned(),
        }),
        (Some(inside), _) => Ok(Some(inside)),
        (None, beside) => Ok(beside.cloned()),
    }
}

/// The private key in an encrypted PKCS#8, and whether its algorithm is id-RSASSA-PSS (only
/// known once decrypted).
fn encrypted_pkcs8_private(
    der: &[u8],
    password: Option<&str>,
) -> Result<(PrivateKey, bool), KeyError> {
    let encrypted = EncryptedPrivateKeyInfo::try_from(der)
        .map_err(|e| malformed("PKCS#8 EncryptedPrivateKeyInfo", e))?;
    // An empty password field means "none given" (PBES2 key derivation refuses "" anyway).
    let password = password
        .filter(|p| !p.is_empty())
        .ok_or(KeyError::PasswordRequired)?;
    let document = encrypted.decrypt(password).map_err(|err| match err {
        // pkcs5 0.7 reports a bad CBC padding (the usual sign of a wrong password) as
        // `EncryptFailed` even while decrypting.
        pkcs8::Error::EncryptedPrivateKey(
            pkcs8::pkcs5::Error::DecryptFailed | pkcs8::pkcs5::Error::EncryptFailed,
        ) => KeyError::WrongPassword,
        pkcs8::Error::EncryptedPrivateKey(other) => KeyError::EncryptionUnsupported {
            reason: other.to_string(),
        },
        // Padding that happens to look right with a wrong key gives garbage that is not DER.
        _ => KeyError::WrongPassword,
    })?;
    let info =
        PrivateKeyInfo::try_from(document.as_bytes()).map_err(|_| KeyError::WrongPassword)?;
    let pss = info.algorithm.oid == RSA_PSS_OID;
    Ok((private_from_info(info, PairCheck::AtImport, None)?, pss))
}

/// The private key inside a (decrypted) PKCS#8 PrivateKeyInfo, by algorithm OID.
fn private_from_info(
    info: PrivateKeyInfo<'_>,
    check: PairCheck,
    beside: Option<&PublicKey>,
) -> Result<PrivateKey, KeyError> {
    let oid = info.algorithm.oid;
    if oid == RSA_OID || oid == RSA_PSS_OID {
        let inner = pkcs1::RsaPrivateKey::try_from(info.private_key)
            .map_err(|e| malformed("PKCS#1 RSAPrivateKey inside PKCS#8", e))?;
        let private = rsa_private(&inner)?;
        // n and e are inside the structure; one given beside it can only repeat them.
        stored_public(Some(private.public_key()), beside)?;
        Ok(private)
    } else if oid == EC_OID {
        let curve = curve_from_oid(
            info.algorithm
                .parameters_oid()
                .map_err(|e| malformed("EC curve parameters", e))?,
        )?;
        let inner = sec1::EcPrivateKey::try_from(info.private_key)
            .map_err(|e| malformed("SEC1 ECPrivateKey inside PKCS#8", e))?;
        ec_private(Some(curve), &inner, check, beside)
    } else if oid == ED25519_OID {
        ed25519_private(info, check, beside)
    } else if oid == X25519_OID {
        x25519_private(info, check, beside)
    } else {
        Err(KeyError::AlgorithmUnsupported {
            oid: oid.to_string(),
        })
    }
}

fn pkcs1_private(der: &[u8]) -> Result<PrivateKey, KeyError> {
    let key =
        pkcs1::RsaPrivateKey::try_from(der).map_err(|e| malformed("PKCS#1 RSAPrivateKey", e))?;
    rsa_private(&key)
}

fn rsa_private(key: &pkcs1::RsaPrivateKey<'_>) -> Result<PrivateKey, KeyError> {
    if key.other_prime_infos.is_some() || key.version() != pkcs1::Version::TwoPrime {
        return Err(KeyError::RsaMultiPrime);
    }
    let private = build::rsa_private_key(RsaPrivateParts {
        n: key.modulus.as_bytes(),
        e: key.public_exponent.as_bytes(),
        d: key.private_exponent.as_bytes(),
        primes: Some((key.prime1.as_bytes(), key.prime2.as_bytes())),
        crt: Some(RsaCrt {
            dp: key.exponent1.as_bytes(),
            dq: key.exponent2.as_bytes(),
            qi: key.coefficient.as_bytes(),
        }),
    })?;
    Ok(PrivateKey::Rsa(Box::new(private)))
}

fn pkcs1_public(der: &[u8]) -> Result<PublicKey, KeyError> {
    let key =
        pkcs1::RsaPublicKey::try_from(der).map_err(|e| malformed("PKCS#1 RSAPublicKey", e))?;
    build::rsa_public_key(key.modulus.as_bytes(), key.public_exponent.as_bytes())
        .map(PublicKey::Rsa)
}

/// An Ed25519 private key from PKCS#8 (RFC 8410): v1 holds the seed only, v2 (RFC 5958) may
/// add the public key.
fn ed25519_private(
    info: PrivateKeyInfo<'_>,
    check: PairCheck,
    beside: Option<&PublicKey>,
) -> Result<PrivateKey, KeyError> {
    let pair = ed25519_dalek::ed25519::pkcs8::KeypairBytes::try_from(info)
        .map_err(|e| malformed("Ed25519 PKCS#8 key", e))?;
    let inside = pair
        .public_key
        .as_ref()
        .map(|public| build::ed25519_public_key(public.as_ref()).map(PublicKey::Ed25519))
        .transpose()?;
    let stored = stored_public(inside, beside)?;
    let stored = stored.as_ref().map(|key| StoredPublic {
        key,
        mismatch: "the public key stored with the Ed25519 private key is not the one of its seed",
    });
    build::ed25519_private_key(&pair.secret_key, stored, check).map(PrivateKey::Ed25519)
}

/// An X25519 private key from PKCS#8 (RFC 8410 §7): the scalar in a `CurvePrivateKey` OCTET
/// STRING; v2 (RFC 5958) may add the public key.
fn x25519_private(
    info: PrivateKeyInfo<'_>,
    check: PairCheck,
    beside: Option<&PublicKey>,
) -> Result<PrivateKey, KeyError> {
    if info.algorithm.parameters.is_some() {
        return Err(malformed(
            "X25519 PKCS#8 key",
            "the algorithm identifier must have no parameters (RFC 8410 §3)",
        ));
    }
    let scalar = pkcs8::der::asn1::OctetStringRef::from_der(info.private_key)
        .map_err(|e| malformed("X25519 CurvePrivateKey inside PKCS#8", e))?;
    let inside = info
        .public_key
        .map(|public| build::x25519_public_key(public).map(PublicKey::X25519))
        .transpose()?;
    let stored = stored_public(inside, beside)?;
    let stored = stored.as_ref().map(|key| StoredPublic {
        key,
        mismatch: "the public key stored with the X25519 private key is not the one of its scalar",
    });
    build::x25519_private_key(scalar.as_bytes(), stored, check).map(PrivateKey::X25519)
}

fn sec1_private(der: &[u8], curve: Option<EcCurve>) -> Result<PrivateKey, KeyError> {
    let key = sec1::EcPrivateKey::try_from(der).map_err(|e| malformed("SEC1 ECPrivateKey", e))?;
    ec_private(curve, &key, PairCheck::AtImport, None)
}

/// An EC private key from SEC1; the curve comes from the PKCS#8 wrapper, the SEC1 parameters,
/// or (when neither names it) the scalar's length.
fn ec_private(
    curve: Option<EcCurve>,
    key: &sec1::EcPrivateKey<'_>,
    check: PairCheck,
    beside: Option<&PublicKey>,
) -> Result<PrivateKey, KeyError> {
    let named = key
        .parameters
        .and_then(|p| p.named_curve())
        .map(curve_from_oid)
        .transpose()?;
    let curve = match (curve, named) {
        (Some(outer), Some(inner)) if outer != inner => {
            return Err(malformed(
                "SEC1 ECPrivateKey",
                format!(
                    "the PKCS#8 wrapper says {} but the key says {}",
                    outer.jwk_name(),
                    inner.jwk_name()
                ),
            ))
        }
        (Some(curve), _) | (None, Some(curve)) => curve,
        (None, None) => curve_from_scalar_length(key.private_key.len())?,
    };
    let scalar = left_pad(key.private_key, curve.field_bytes());
    // Decoding the point checks that it is on the curve (cheap); whether it is the scalar's
    // (a scalar multiplication) is up to `check`.
    let inside = key
        .public_key
        .map(|point| build::ec_public_key_sec1(curve, point))
        .transpose()?;
    let stored = stored_public(inside, beside)?;
    let stored = stored.as_ref().map(|key| StoredPublic {
        key,
        mismatch: "the public key stored in the SEC1 structure is not the one of the scalar",
    });
    build::ec_private_key(curve, &scalar, stored, check)
}

/// Some encoders drop leading zero bytes of the scalar; put them back (never truncates).
fn left_pad(bytes: &[u8], size: usize) -> Zeroizing<Vec<u8>> {
    let mut padded = Zeroizing::new(vec![0u8; size.saturating_sub(bytes.len())]);
    padded.extend_from_slice(bytes);
    padded
}

fn certificate_public(der: &[u8]) -> Result<PublicKey, KeyError> {
    spki_public(&certificate_spki(der)?)
}

/// The SubjectPublicKeyInfo DER inside a certificate.
fn certificate_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let cert =
        x509_cert::Certificate::from_der(der).map_err(|e| malformed("X.509 certificate", e))?;
    cert.tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| malformed("X.509 certificate", e))
}

/// The public key inside an SPKI, by algorithm OID.
fn public_from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<PublicKey, KeyError> {
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| malformed("SubjectPublicKeyInfo", "the key BIT STRING has unused bits"))?;
    let oid = spki.algorithm.oid;
    if oid == RSA_OID || oid == RSA_PSS_OID {
        let key = pkcs1::RsaPublicKey::try_from(bits)
            .map_err(|e| malformed("PKCS#1 RSAPublicKey inside SPKI", e))?;
        build::rsa_public_key(key.modulus.as_bytes(), key.public_exponent.as_bytes())
            .map(PublicKey::Rsa)
    } else if oid == EC_OID {
        let curve = curve_from_oid(
            spki.algorithm
                .parameters_oid()
                .map_err(|e| malformed("EC curve parameters", e))?,
        )?;
        build::ec_public_key_sec1(curve, bits)
    } else if oid == ED25519_OID {
        build::ed25519_public_key(bits).map(PublicKey::Ed25519)
    } else if oid == X25519_OID {
        build::x25519_public_key(bits).map(PublicKey::X25519)
    } else {
        Err(KeyError::AlgorithmUnsupported {
            oid: oid.to_string(),
        })
    }
}

fn curve_from_oid(oid: ObjectIdentifier) -> Result<EcCurve, KeyError> {
    match oid {
        P256_OID => Ok(EcCurve::P256),
        P384_OID => Ok(EcCurve::P384),
        P521_OID => Ok(EcCurve::P521),
        other => Err(KeyError::CurveUnsupported {
            curve: format!("with OID {other}"),
        }),
    }
}

fn curve_from_scalar_length(len: usize) -> Result<EcCurve, KeyError> {
    [EcCurve::P256, EcCurve::P384, EcCurve::P521]
        .into_iter()
        .find(|curve| curve.field_bytes() == len)
        .ok_or_else(|| {
            malformed(
                "SEC1 ECPrivateKey",
                format!(
                    "no curve is named and a {len}-byte scalar fits none of P-256, P-384, P-521"
                ),
            )
        })
}
