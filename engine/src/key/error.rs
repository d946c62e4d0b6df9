//! [`KeyError`]: everything that can go wrong while generating, importing or exporting a key.
//!
//! Messages are written for the person who pasted the key: what was expected, what was found,
//! and where (PEM label, JWK member, position in a JWK Set).

use core::fmt;

use super::EcCurve;
use crate::limits;

/// Why a key could not be generated, imported or exported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The text is larger than [`limits::MAX_INPUT_BYTES`].
    InputTooLarge {
        /// Size of the input in bytes.
        bytes: usize,
    },
    /// Nothing but whitespace was given.
    Empty,
    /// The text is not PEM, JSON (JWK/JWKS) or base64 DER.
    UnrecognisedFormat {
        /// What the text looked like instead, for the hint.
        hint: String,
    },
    /// A PEM block whose body is not valid base64.
    PemMalformed {
        /// The PEM label, e.g. `PRIVATE KEY`.
        label: String,
        /// What is wrong.
        reason: String,
    },
    /// A PEM block whose label is not a key or certificate.
    PemLabelUnsupported {
        /// The label found.
        label: String,
    },
    /// An OpenSSL "traditional" encrypted PEM (`Proc-Type: 4,ENCRYPTED` headers).
    PemLegacyEncrypted {
        /// The label found.
        label: String,
    },
    /// A problem inside one PEM block of a paste.
    InPemBlock {
        /// 1-based block number.
        index: usize,
        /// The block's label.
        label: String,
        /// The problem.
        error: Box<KeyError>,
    },
    /// Bytes that were expected to be one DER structure but are not.
    DerMalformed {
        /// The structure expected, e.g. "PKCS#8 PrivateKeyInfo".
        structure: &'static str,
        /// The DER decoder's explanation.
        reason: String,
    },
    /// Bytes that are none of the DER key structures this tool knows.
    DerUnrecognised {
        /// Number of bytes.
        len: usize,
    },
    /// An encrypted PKCS#8 key was given without a password.
    PasswordRequired,
    /// The password does not decrypt the encrypted PKCS#8 key.
    WrongPassword,
    /// The encrypted PKCS#8 key uses a scheme this tool cannot decrypt.
    EncryptionUnsupported {
        /// The library's explanation.
        reason: String,
    },
    /// A key algorithm OID this tool does not handle.
    AlgorithmUnsupported {
        /// The OID, dotted.
        oid: String,
    },
    /// An EC curve this tool does not handle (by OID or name).
    CurveUnsupported {
        /// The curve OID or name.
        curve: String,
    },
    /// RSA modulus below [`limits::MIN_RSA_BITS`].
    RsaModulusTooSmall {
        /// Size of the modulus in bits.
        bits: usize,
    },
    /// RSA modulus above [`limits::MAX_RSA_BITS`].
    RsaModulusTooLarge {
        /// Size of the modulus in bits.
        bits: usize,
    },
    /// An even RSA modulus: not a product of two odd primes.
    RsaModulusEven {
        /// Size of the modulus in bits.
        bits: usize,
    },
    /// The RSA public exponent is unusable.
    RsaExponentInvalid {
        /// Why, e.g. "e = 1".
        reason: String,
    },
    /// RSA private values that do not belong together (n ≠ p·q, d wrong, CRT values wrong).
    RsaPrivateInconsistent {
        /// Which relation fails.
        reason: String,
    },
    /// RSA with more than two primes.
    RsaMultiPrime,
    /// An EC point that is not on the named curve.
    EcPointNotOnCurve {
        /// The curve.
        curve: EcCurve,
    },
    /// An EC coordinate or scalar of the wrong length.
    EcCoordinateLength {
        /// JWK member (`x`, `y`, `d`) or structure field.
        member: &'static str,
        /// The curve.
        curve: EcCurve,
        /// Required length in bytes.
        expected: usize,
        /// Length found in bytes.
        found: usize,
    },
    /// An EC private scalar that is zero or not below the group order.
    EcPrivateScalarInvalid {
        /// The curve.
        curve: EcCurve,
    },
    /// A private key whose public part (given alongside it) does not match.
    PrivatePublicMismatch {
        /// What was compared, e.g. "JWK members x/y".
        what: String,
    },
    /// An Ed25519 key of the wrong length.
    Ed25519Length {
        /// "public key" or "private key (seed)".
        what: &'static str,
        /// Length found in bytes.
        found: usize,
    },
    /// 32 bytes that are not a valid Ed25519 point.
    Ed25519InvalidPoint,
    /// An X25519 key of the wrong length.
    X25519Length {
        /// "public key" or "private key".
        what: &'static str,
        /// Length found in bytes.
        found: usize,
    },
    /// JSON that could not be parsed.
    JsonInvalid {
        /// The JSON parser's explanation (with line and column).
        reason: String,
    },
    /// A JWK that is not a JSON object.
    JwkNotObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// A required JWK member is missing.
    JwkMemberMissing {
        /// The member name.
        member: &'static str,
        /// The key type, for context.
        kty: String,
    },
    /// A JWK member of the wrong JSON type.
    JwkMemberType {
        /// The member name.
        member: String,
        /// The JSON type expected.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A JWK member that is not strict base64url; the message says where and why.
    JwkMemberBase64 {
        /// The member name.
        member: &'static str,
        /// The base64url error.
        error: crate::b64::B64Error,
    },
    /// A JWK member this tool refuses (e.g. `oth`, multi-prime RSA).
    JwkMemberUnsupported {
        /// The member name.
        member: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// An unknown `kty`.
    JwkKtyUnknown {
        /// The value found.
        kty: String,
    },
    /// An unknown or unsupported `crv`.
    JwkCrvUnknown {
        /// The key type.
        kty: &'static str,
        /// The value found.
        crv: String,
    },
    /// An oct JWK whose `k` is empty.
    SecretEmpty,
    /// The JSON is not a JWK Set (`{"keys": [...]}`).
    NotAJwks {
        /// What was found instead.
        reason: String,
    },
    /// A JWK Set with an empty `keys` array: valid, but there is no key in it to use.
    JwksEmpty,
    /// A problem with one key of a JWK Set.
    InJwks {
        /// 0-based index in `keys`.
        index: usize,
        /// The key's `kid`, if it has one.
        kid: Option<String>,
        /// The problem.
        error: Box<KeyError>,
    },
    /// Every key in a paste failed; one error per key.
    NothingImported {
        /// The errors, each with its location.
        errors: Vec<KeyError>,
    },
    /// An HMAC secret text that could not be decoded in the chosen encoding.
    SecretEncoding {
        /// The encoding chosen.
        encoding: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// Text offered as an HMAC secret that is key material (public or private key, JWK).
    SecretLooksLikeKey {
        /// What it looks like.
        what: String,
    },
    /// A key kind this tool does not generate.
    GenerateUnsupported {
        /// The kind asked for.
        kind: String,
        /// What is offered instead.
        reason: &'static str,
    },
    /// Key generation failed inside the crypto library.
    GenerateFailed {
        /// The library's explanation.
        reason: String,
    },
    /// The key cannot be written in the asked format.
    ExportNotApplicable {
        /// The format asked for.
        format: &'static str,
        /// The key kind.
        kind: String,
    },
    /// Encoding failed inside the library.
    ExportFailed {
        /// The format asked for.
        format: &'static str,
        /// The library's explanation.
        reason: String,
    },
    /// A JWK Set could not be built from the keys given.
    JwksBuild {
        /// 0-based index of the key.
        index: usize,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use KeyError::*;
        match self {
            InputTooLarge { bytes } => write!(
                f,
                "the input is {bytes} bytes; the limit is {} bytes (1 MiB)",
                limits::MAX_INPUT_BYTES
            ),
            Empty => f.write_str("nothing to import: paste a PEM key, certificate, JWK or JWK Set"),
            UnrecognisedFormat { hint } => write!(
                f,
                "not a key format this tool recognises (expected PEM \"-----BEGIN …\", a JWK or \
                 JWK Set in JSON, or base64 DER): {hint}"
            ),
            PemMalformed { label, reason } => {
                write!(f, "the PEM block labelled {label:?} is damaged: {reason}")
            }
            PemLabelUnsupported { label } => write!(
                f,
                "PEM label {label:?} is not a key; expected PRIVATE KEY, ENCRYPTED PRIVATE KEY, \
                 RSA PRIVATE KEY, RSA PUBLIC KEY, EC PRIVATE KEY, PUBLIC KEY or CERTIFICATE"
            ),
            PemLegacyEncrypted { label } => write!(
                f,
                "the PEM block labelled {label:?} uses OpenSSL's old encryption headers \
                 (Proc-Type/DEK-Info), which this tool cannot decrypt; convert it with \
                 `openssl pkcs8 -topk8 -in key.pem` to an ENCRYPTED PRIVATE KEY"
            ),
            InPemBlock { index, label, error } => {
                write!(f, "PEM block {index} ({label}): {error}")
            }
            DerMalformed { structure, reason } => {
                write!(f, "expected a DER {structure}, but it does not decode: {reason}")
            }
            DerUnrecognised { len } => write!(
                f,
                "{len} bytes of binary data that are not a PKCS#8, SPKI, PKCS#1, SEC1 or X.509 \
                 structure"
            ),
            PasswordRequired => f.write_str(
                "this is an ENCRYPTED PRIVATE KEY: enter its password to import it",
            ),
            WrongPassword => f.write_str(
                "the password does not decrypt this ENCRYPTED PRIVATE KEY (wrong password?)",
            ),
            EncryptionUnsupported { reason } => write!(
                f,
                "this ENCRYPTED PRIVATE KEY uses an encryption scheme this tool cannot decrypt \
                 (supported: PBES2 with PBKDF2 or scrypt and AES-CBC): {reason}"
            ),
            AlgorithmUnsupported { oid } => write!(
                f,
                "key algorithm OID {oid} is not supported; expected RSA (1.2.840.113549.1.1.1), \
                 EC (1.2.840.10045.2.1), Ed25519 (1.3.101.112) or X25519 (1.3.101.110)"
            ),
            CurveUnsupported { curve } => write!(
                f,
                "curve {curve} is not supported; expected P-256, P-384 or P-521"
            ),
            RsaModulusTooSmall { bits } => write!(
                f,
                "the RSA modulus (n) is {bits} bits; the smallest this tool accepts is {} bits \
                 (and {} is the minimum for JWS)",
                limits::MIN_RSA_BITS,
                limits::RECOMMENDED_RSA_BITS
            ),
            RsaModulusTooLarge { bits } => write!(
                f,
                "the RSA modulus (n) is {bits} bits; the largest this tool accepts is {} bits",
                limits::MAX_RSA_BITS
            ),
            RsaModulusEven { bits } => write!(
                f,
                "the RSA modulus (n, {bits} bits) is even, so it cannot be a product of two odd \
                 primes: the value is damaged (characters lost when copying?)"
            ),
            RsaExponentInvalid { reason } => {
                write!(f, "the RSA public exponent (e) is unusable: {reason}")
            }
            RsaPrivateInconsistent { reason } => {
                write!(f, "the RSA private key values do not belong together: {reason}")
            }
            RsaMultiPrime => f.write_str(
                "multi-prime RSA keys (more than two primes) are not supported",
            ),
            EcPointNotOnCurve { curve } => write!(
                f,
                "the EC public point is not on curve {}: the key is damaged or for another curve",
                curve.jwk_name()
            ),
            EcCoordinateLength { member, curve, expected, found } => write!(
                f,
                "member {member:?} of a {} key must be exactly {expected} bytes, found {found} bytes",
                curve.jwk_name()
            ),
            EcPrivateScalarInvalid { curve } => write!(
                f,
                "the EC private scalar is zero or not below the order of curve {}",
                curve.jwk_name()
            ),
            PrivatePublicMismatch { what } => {
                write!(f, "the private key does not match its public part ({what})")
            }
            Ed25519Length { what, found } => {
                write!(f, "an Ed25519 {what} is 32 bytes, found {found} bytes")
            }
            X25519Length { what, found } => {
                write!(f, "an X25519 {what} is 32 bytes, found {found} bytes")
            }
            Ed25519InvalidPoint => {
                f.write_str("the 32 bytes are not a valid Ed25519 public key (not a curve point)")
            }
            JsonInvalid { reason } => write!(f, "not valid JSON: {reason}"),
            JwkNotObject { found } => write!(f, "a JWK must be a JSON object, found {found}"),
            JwkMemberMissing { member, kty } => {
                write!(f, "JWK member {member:?} is required for kty {kty:?} but missing")
            }
            JwkMemberType { member, expected, found } => {
                write!(f, "JWK member {member:?} must be {expected}, found {found}")
            }
            JwkMemberBase64 { error, .. } => write!(f, "{error}"),
            JwkMemberUnsupported { member, reason } => {
                write!(f, "JWK member {member:?} is not supported: {reason}")
            }
            JwkKtyUnknown { kty } => write!(
                f,
                "JWK member \"kty\" is {kty:?}; expected \"RSA\", \"EC\", \"OKP\" or \"oct\""
            ),
            JwkCrvUnknown { kty, crv } => {
                let expected = if *kty == "OKP" {
                    "\"Ed25519\" or \"X25519\" (X448 and Ed448 are not supported here)"
                } else {
                    "\"P-256\", \"P-384\" or \"P-521\""
                };
                write!(f, "JWK member \"crv\" is {crv:?} for kty {kty:?}; expected {expected}")
            }
            SecretEmpty => f.write_str(
                "JWK member \"k\" is empty: an HMAC key needs bytes (at least 32 for HS256)",
            ),
            NotAJwks { reason } => {
                write!(f, "not a JWK Set (expected {{\"keys\": [ … ]}}): {reason}")
            }
            JwksEmpty => f.write_str(
                "the JWK Set has no keys (\"keys\" is empty), so there is nothing to import",
            ),
            InJwks { index, kid, error } => match kid {
                Some(kid) => write!(f, "keys[{index}] (kid {kid:?}): {error}"),
                None => write!(f, "keys[{index}] (no kid): {error}"),
            },
            NothingImported { errors } => {
                write!(f, "no key could be imported ({} problems): ", errors.len())?;
                for (number, error) in errors.iter().enumerate() {
                    if number > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
            SecretEncoding { encoding, reason } => {
                write!(f, "the secret is not valid {encoding}: {reason}")
            }
            SecretLooksLikeKey { what } => write!(
                f,
                "this looks like {what}, not an HMAC secret; key material is never used as an \
                 HMAC secret (that is the algorithm-confusion attack). Import it as a key instead"
            ),
            GenerateUnsupported { kind, reason } => {
                write!(f, "cannot generate {kind}: {reason}")
            }
            GenerateFailed { reason } => write!(f, "key generation failed: {reason}"),
            ExportNotApplicable { format, kind } => {
                write!(f, "{kind} keys cannot be written as {format}")
            }
            ExportFailed { format, reason } => write!(f, "could not write {format}: {reason}"),
            JwksBuild { index, reason } => {
                write!(f, "cannot put key {index} in a JWK Set: {reason}")
            }
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// The error without its location wrappers ([`KeyError::InPemBlock`], [`KeyError::InJwks`]),
    /// e.g. to see that a PEM block needs a password.
    pub fn root_cause(&self) -> &KeyError {
        match self {
            KeyError::InPemBlock { error, .. } | KeyError::InJwks { error, .. } => {
                error.root_cause()
            }
            other => other,
        }
    }
}

impl From<crate::jwk_set::JwkSetError> for KeyError {
    fn from(error: crate::jwk_set::JwkSetError) -> Self {
        use crate::jwk_set::JwkSetError;
        match error {
            JwkSetError::TooLarge { bytes } => KeyError::InputTooLarge { bytes },
            JwkSetError::NotJson(error) => KeyError::JsonInvalid {
                reason: error.to_string(),
            },
            JwkSetError::NotASet { reason } => KeyError::NotAJwks { reason },
        }
    }
}
