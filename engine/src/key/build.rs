//! Keys from their raw components (big-endian integers, coordinates, seeds), with every limit
//! checked and explained.
//!
//! Every import path (PKCS#1, PKCS#8, SPKI, SEC1, X.509, JWK) ends here, so a key is refused for
//! the same reason and with the same message whatever format it came in. The arithmetic is the
//! crates' (`rsa`, `p256`/`p384`/`p521`, `ed25519-dalek`); this module only decides what to ask
//! them and how to explain their answers.

use elliptic_curve::generic_array::typenum::Unsigned;
use elliptic_curve::sec1::{EncodedPoint, FromEncodedPoint, ModulusSize, ToEncodedPoint};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytes, FieldBytesSize};
use p256::elliptic_curve;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};

use super::{
    EcCurve, EcPrivateKey, Ed25519PrivateKey, KeyError, PairCheck, PrivateKey, PublicKey,
    X25519PrivateKey,
};
use crate::limits;

/// The CRT values stored next to an RSA private key (PKCS#1 `exponent1/2`, `coefficient`;
/// JWK `dp`, `dq`, `qi`), checked against the ones recomputed from p, q and d.
#[derive(Debug, Clone, Copy)]
pub struct RsaCrt<'a> {
    /// d mod (p − 1).
    pub dp: &'a [u8],
    /// d mod (q − 1).
    pub dq: &'a [u8],
    /// q⁻¹ mod p.
    pub qi: &'a [u8],
}

/// The parts of an RSA private key, as big-endian unsigned integers.
#[derive(Debug, Clone, Copy)]
pub struct RsaPrivateParts<'a> {
    /// Modulus.
    pub n: &'a [u8],
    /// Public exponent.
    pub e: &'a [u8],
    /// Private exponent.
    pub d: &'a [u8],
    /// The two primes; when absent they are recovered from n, e and d.
    pub primes: Option<(&'a [u8], &'a [u8])>,
    /// CRT values to check, if the format carried them.
    pub crt: Option<RsaCrt<'a>>,
}

/// An RSA public key from its modulus and exponent (big-endian unsigned bytes).
///
/// Refuses moduli outside [`limits::MIN_RSA_BITS`]..=[`limits::MAX_RSA_BITS`], even moduli,
/// and exponents that are even, 1, larger than 2³³ − 1 or not below n.
pub fn rsa_public_key(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, KeyError> {
    let n = rsa_modulus(n)?;
    let e = rsa_exponent(e, &n)?;
    RsaPublicKey::new_with_max_size(n, e, limits::MAX_RSA_BITS).map_err(|err| {
        KeyError::RsaExponentInvalid {
            reason: err.to_string(),
        }
    })
}

/// An RSA private key from its parts; checks n = p·q, d·e ≡ 1 and the CRT values.
pub fn rsa_private_key(parts: RsaPrivateParts<'_>) -> Result<RsaPrivateKey, KeyError> {
    let n = rsa_modulus(parts.n)?;
    let e = rsa_exponent(parts.e, &n)?;
    let d = BigUint::from_bytes_be(parts.d);
    if d.bits() == 0 {
        return Err(inconsistent("the private exponent d is zero"));
    }
    let primes = match parts.primes {
        Some((p, q)) => {
            let (p, q) = (BigUint::from_bytes_be(p), BigUint::from_bytes_be(q));
            if p == q {
                return Err(inconsistent("p equals q"));
            }
            vec![p, q]
        }
        // rsa recovers p and q from (n, e, d) (NIST SP 800-56B Appendix C.2).
        None => Vec::new(),
    };
    let recovering = primes.is_empty();
    let key = RsaPrivateKey::from_components(n, e, d, primes).map_err(|err| match err {
        rsa::Error::InvalidModulus => inconsistent("n is not the product p·q"),
        rsa::Error::InvalidExponent => {
            inconsistent("d·e is not 1 modulo p−1 and q−1: d is not the private exponent for e")
        }
        rsa::Error::InvalidPrime => inconsistent("p or q is not a usable prime"),
        other if recovering => KeyError::RsaPrivateInconsistent {
            reason: format!("p and q could not be recovered from n, e and d ({other})"),
        },
        other => KeyError::RsaPrivateInconsistent {
            reason: other.to_string(),
        },
    })?;
    if let Some(crt) = parts.crt {
        check_crt(&key, crt)?;
    }
    Ok(key)
}

/// The modulus, refused when outside the size limits or even.
fn rsa_modulus(n: &[u8]) -> Result<BigUint, KeyError> {
    let n = BigUint::from_bytes_be(n);
    let bits = n.bits();
    if bits < limits::MIN_RSA_BITS {
        return Err(KeyError::RsaModulusTooSmall { bits });
    }
    if bits > limits::MAX_RSA_BITS {
        return Err(KeyError::RsaModulusTooLarge { bits });
    }
    if n.to_bytes_be().last().is_some_and(|low| low % 2 == 0) {
        return Err(KeyError::RsaModulusEven { bits });
    }
    Ok(n)
}

/// The public exponent, refused when it is not an odd number in 3..=2³³−1 below n.
fn rsa_exponent(e: &[u8], n: &BigUint) -> Result<BigUint, KeyError> {
    let significant = strip_leading_zeros(e);
    let invalid = |reason: String| KeyError::RsaExponentInvalid { reason };
    let mut word = [0u8; 8];
    let start = word.len().checked_sub(significant.len()).ok_or_else(|| {
        invalid(format!(
            "e is {} bytes long; the largest exponent accepted is 2^33 − 1 (usually e = 65537)",
            significant.len()
        ))
    })?;
    if let Some(tail) = word.get_mut(start..) {
        tail.copy_from_slice(significant);
    }
    let value = u64::from_be_bytes(word);
    match value {
        0 => Err(invalid("e = 0".to_owned())),
        1 => Err(invalid(
            "e = 1, so a \"signature\" is just the padded hash and anyone can forge one".to_owned(),
        )),
        v if v % 2 == 0 => Err(invalid(format!(
            "e = {v} is even; RSA needs an odd e (usually 65537)"
        ))),
        v if v > RsaPublicKey::MAX_PUB_EXPONENT => Err(invalid(format!(
            "e = {v} is larger than 2^33 − 1, which verifiers refuse (usually e = 65537)"
        ))),
        v => {
            let e = BigUint::from(v);
            if &e >= n {
                return Err(invalid(format!(
                    "e = {v} is not smaller than the modulus n"
                )));
            }
            Ok(e)
        }
    }
}

/// Compares stored CRT values with the ones `rsa` derived from p, q and d.
fn check_crt(key: &RsaPrivateKey, crt: RsaCrt<'_>) -> Result<(), KeyError> {
    let checks = [
        ("dp", "d mod (p−1)", crt.dp, key.dp().cloned()),
        ("dq", "d mod (q−1)", crt.dq, key.dq().cloned()),
        ("qi", "q⁻¹ mod p", crt.qi, key.crt_coefficient()),
    ];
    for (name, meaning, given, computed) in checks {
        if let Some(computed) = computed {
            if BigUint::from_bytes_be(given) != computed {
                return Err(KeyError::RsaPrivateInconsistent {
                    reason: format!("{name} is not {meaning}"),
                });
            }
        }
    }
    Ok(())
}

fn inconsistent(reason: &str) -> KeyError {
    KeyError::RsaPrivateInconsistent {
        reason: reason.to_owned(),
    }
}

/// The bytes without leading zero octets.
pub(crate) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// An EC public key from its affine coordinates; each must be exactly the field size
/// (RFC 7518 §6.2.1.2), and the point must be on the curve.
pub fn ec_public_key(curve: EcCurve, x: &[u8], y: &[u8]) -> Result<PublicKey, KeyError> {
    check_length(curve, "x", x)?;
    check_length(curve, "y", y)?;
    let not_on_curve = KeyError::EcPointNotOnCurve { curve };
    match curve {
        EcCurve::P256 => point_from_xy(x, y).map(PublicKey::P256),
        EcCurve::P384 => point_from_xy(x, y).map(PublicKey::P384),
        EcCurve::P521 => point_from_xy(x, y).map(PublicKey::P521),
    }
    .ok_or(not_on_curve)
}

/// An EC public key from a SEC1 point encoding (as in SPKI and SEC1 structures).
pub fn ec_public_key_sec1(curve: EcCurve, point: &[u8]) -> Result<PublicKey, KeyError> {
    let not_on_curve = KeyError::EcPointNotOnCurve { curve };
    match curve {
        EcCurve::P256 => p256::PublicKey::from_sec1_bytes(point).map(PublicKey::P256),
        EcCurve::P384 => p384::PublicKey::from_sec1_bytes(point).map(PublicKey::P384),
        EcCurve::P521 => p521::PublicKey::from_sec1_bytes(point).map(PublicKey::P521),
    }
    .map_err(|_| not_on_curve)
}

/// A public half stored beside a private one (SEC1 `publicKey`, PKCS#8 v2 `publicKey`, JWK
/// `x`/`y`), and how to word it when it is not the private half's.
#[derive(Debug, Clone, Copy)]
pub struct StoredPublic<'a> {
    /// The public key as the format stores it.
    pub key: &'a PublicKey,
    /// The mismatch, for [`KeyError::PrivatePublicMismatch`], e.g. `JWK member "x" is not the
    /// public key of "d"`.
    pub mismatch: &'static str,
}

impl StoredPublic<'_> {
    fn mismatch(&self) -> KeyError {
        KeyError::PrivatePublicMismatch {
            what: self.mismatch.to_owned(),
        }
    }
}

/// An EC private key from its scalar, which must be exactly the field size, and the point
/// stored beside it, if any: taken as given or compared with the scalar's, as `check` says
/// (see [`PairCheck`]); derived from the scalar when absent.
pub fn ec_private_key(
    curve: EcCurve,
    d: &[u8],
    stored: Option<StoredPublic<'_>>,
    check: PairCheck,
) -> Result<PrivateKey, KeyError> {
    check_length(curve, "d", d)?;
    let built = match (curve, stored.map(|stored| stored.key)) {
        (EcCurve::P256, None) => {
            ec_pair::<p256::NistP256>(curve, d, None, check)?.map(PrivateKey::P256)
        }
        (EcCurve::P384, None) => {
            ec_pair::<p384::NistP384>(curve, d, None, check)?.map(PrivateKey::P384)
        }
        (EcCurve::P521, None) => {
            ec_pair::<p521::NistP521>(curve, d, None, check)?.map(PrivateKey::P521)
        }
        (EcCurve::P256, Some(PublicKey::P256(point))) => {
            ec_pair(curve, d, Some(point), check)?.map(PrivateKey::P256)
        }
        (EcCurve::P384, Some(PublicKey::P384(point))) => {
            ec_pair(curve, d, Some(point), check)?.map(PrivateKey::P384)
        }
        (EcCurve::P521, Some(PublicKey::P521(point))) => {
            ec_pair(curve, d, Some(point), check)?.map(PrivateKey::P521)
        }
        // A stored public key of another type or curve cannot belong to this scalar.
        (_, Some(_)) => None,
    };
    // `None` only ever comes with a stored point: one that is not the scalar's.
    built.ok_or_else(|| {
        stored.map_or(KeyError::EcPrivateScalarInvalid { curve }, |stored| {
            stored.mismatch()
        })
    })
}

/// The scalar `d` on curve `C` with its point: `point` taken or checked as `check` says, or
/// derived when absent. `None` when a checked point is not the scalar's.
fn ec_pair<C>(
    curve: EcCurve,
    d: &[u8],
    point: Option<&elliptic_curve::PublicKey<C>>,
    check: PairCheck,
) -> Result<Option<EcPrivateKey<C>>, KeyError>
where
    C: CurveArithmetic,
{
    let secret = elliptic_curve::SecretKey::<C>::from_slice(d)
        .map_err(|_| KeyError::EcPrivateScalarInvalid { curve })?;
    Ok(match point {
        None => Some(EcPrivateKey::new(secret)),
        Some(point) => EcPrivateKey::with_public(secret, *point, check),
    })
}

fn check_length(curve: EcCurve, member: &'static str, bytes: &[u8]) -> Result<(), KeyError> {
    let expected = curve.field_bytes();
    if bytes.len() == expected {
        Ok(())
    } else {
        Err(KeyError::EcCoordinateLength {
            member,
            curve,
            expected,
            found: bytes.len(),
        })
    }
}

/// The point (x, y) on curve `C`, or `None` when it is not on the curve. Lengths are checked
/// by the caller; a wrong length also yields `None` rather than a panic.
fn point_from_xy<C>(x: &[u8], y: &[u8]) -> Option<elliptic_curve::PublicKey<C>>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let size = FieldBytesSize::<C>::USIZE;
    if x.len() != size || y.len() != size {
        return None;
    }
    let point = EncodedPoint::<C>::from_affine_coordinates(
        FieldBytes::<C>::from_slice(x),
        FieldBytes::<C>::from_slice(y),
        false,
    );
    Option::from(elliptic_curve::PublicKey::<C>::from_encoded_point(&point))
}

/// The affine coordinates (x, y) of an EC public key, each exactly the field size.
pub fn ec_coordinates(key: &PublicKey) -> Option<(Vec<u8>, Vec<u8>)> {
    fn xy<C>(key: &elliptic_curve::PublicKey<C>) -> Option<(Vec<u8>, Vec<u8>)>
    where
        C: CurveArithmetic,
        AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
        FieldBytesSize<C>: ModulusSize,
    {
        let point = key.to_encoded_point(false);
        Some((point.x()?.to_vec(), point.y()?.to_vec()))
    }
    match key {
        PublicKey::P256(key) => xy(key),
        PublicKey::P384(key) => xy(key),
        PublicKey::P521(key) => xy(key),
        PublicKey::Rsa(_) | PublicKey::Ed25519(_) | PublicKey::X25519(_) => None,
    }
}

/// An Ed25519 public key from its 32 bytes.
pub fn ed25519_public_key(x: &[u8]) -> Result<ed25519_dalek::VerifyingKey, KeyError> {
    let bytes: [u8; 32] = x.try_into().map_err(|_| KeyError::Ed25519Length {
        what: "public key",
        found: x.len(),
    })?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::Ed25519InvalidPoint)
}

/// An Ed25519 private key from its 32-byte seed (RFC 8032 §5.1.5) and the public key stored
/// beside it, if any: taken as given or compared with the seed's, as `check` says (see
/// [`PairCheck`]); derived from the seed when absent.
pub fn ed25519_private_key(
    d: &[u8],
    stored: Option<StoredPublic<'_>>,
    check: PairCheck,
) -> Result<Ed25519PrivateKey, KeyError> {
    let seed: zeroize::Zeroizing<ed25519_dalek::SecretKey> =
        zeroize::Zeroizing::new(d.try_into().map_err(|_| KeyError::Ed25519Length {
            what: "private key (seed)",
            found: d.len(),
        })?);
    match stored {
        None => Ok(Ed25519PrivateKey::from_seed(&seed)),
        Some(stored) => match stored.key {
            PublicKey::Ed25519(public) => Ed25519PrivateKey::with_public(&seed, *public, check)
                .ok_or_else(|| stored.mismatch()),
            _ => Err(stored.mismatch()),
        },
    }
}

/// An X25519 public key from its 32 bytes (RFC 7748 §5: every 32-byte string is a
/// u-coordinate; low-order points are refused when they are used, see [`crate::jwe`]).
pub fn x25519_public_key(x: &[u8]) -> Result<x25519_dalek::PublicKey, KeyError> {
    let bytes: [u8; 32] = x.try_into().map_err(|_| KeyError::X25519Length {
        what: "public key",
        found: x.len(),
    })?;
    Ok(x25519_dalek::PublicKey::from(bytes))
}

/// An X25519 private key from its 32 scalar bytes and the public key stored beside it, if
/// any: taken as given or compared with the scalar's, as `check` says (see [`PairCheck`]);
/// derived from the scalar when absent.
pub fn x25519_private_key(
    d: &[u8],
    stored: Option<StoredPublic<'_>>,
    check: PairCheck,
) -> Result<X25519PrivateKey, KeyError> {
    let bytes: zeroize::Zeroizing<[u8; 32]> =
        zeroize::Zeroizing::new(d.try_into().map_err(|_| KeyError::X25519Length {
            what: "private key",
            found: d.len(),
        })?);
    match stored {
        None => Ok(X25519PrivateKey::from_bytes(*bytes)),
        Some(stored) => match stored.key {
            PublicKey::X25519(public) => X25519PrivateKey::with_public(*bytes, *public, check)
                .ok_or_else(|| stored.mismatch()),
            _ => Err(stored.mismatch()),
        },
    }
}

/// Size of an RSA public key's modulus in bits.
pub fn rsa_bits(key: &RsaPublicKey) -> usize {
    key.n().bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_checks_explain_each_refusal() {
        let n = BigUint::from_bytes_be(&[0xff; 64]);
        let cases: [(&[u8], &str); 5] = [
            (&[1], "e = 1"),
            (&[0, 1], "e = 1"),
            (&[4], "even"),
            (&[0], "e = 0"),
            (&[1, 0, 0, 0, 0, 0, 0, 0, 1], "9 bytes"),
        ];
        for (e, expected) in cases {
            let message = rsa_exponent(e, &n).unwrap_err().to_string();
            assert!(message.contains(expected), "e {e:?}: {message}");
        }
        assert_eq!(
            rsa_exponent(&[1, 0, 1], &n).unwrap(),
            BigUint::from(65537u32)
        );
    }

    #[test]
    fn strip_leading_zeros_keeps_significant_bytes() {
        assert_eq!(strip_leading_zeros(&[0, 0, 1, 0]), &[1, 0]);
        assert_eq!(strip_leading_zeros(&[0, 0]), &[] as &[u8]);
    }
}
