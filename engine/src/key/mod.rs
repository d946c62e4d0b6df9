//! Key material: the types every other part of the engine passes around.
//!
//! - [`PublicKey`]: verifies (RSA, EC P-256/384/521, Ed25519), or receives a JWE (RSA, EC,
//!   X25519).
//! - [`PrivateKey`]: signs or decrypts; always yields its [`PublicKey`], which it keeps beside
//!   the private half (EC, Ed25519 and X25519: [`EcPrivateKey`], [`Ed25519PrivateKey`],
//!   [`X25519PrivateKey`]) so it is never recomputed. X25519 keys (RFC 8037) only agree on
//!   keys (JWE `ECDH-ES`); they never sign or verify.
//! - [`Secret`]: an HMAC secret. Kept apart from public keys on purpose: the engine never uses
//!   public-key material as an HMAC secret (the classic algorithm-confusion attack).
//! - [`Key`]: any of them plus the JWK metadata (`kid`, `use`, `alg`, `key_ops`) that came with it.
//!
//! Submodules do one job each: [`mod@generate`], [`import`] (format detection over [`pem`] and
//! [`der`], naming what it found with [`mod@format`]), [`secret`] (HMAC secrets), [`build`]
//! (keys from raw components, with the limits), [`export`] (PEM, JWK), [`roca`] (weak-modulus
//! fingerprint); [`KeyError`] for all of them.
//! `Debug` never prints private material.

pub mod build;
pub mod der;
pub mod error;
pub mod export;
pub mod format;
pub mod generate;
pub mod import;
pub mod pem;
pub mod roca;
pub mod secret;

pub use error::KeyError;
pub use export::{
    export_all, to_pkcs1_pem, to_pkcs1_public_pem, to_pkcs8_pem, to_sec1_pem, to_spki_pem,
    KeyExports,
};
pub use format::{KeyEncoding, KeyFormat};
pub use generate::generate;
pub use import::{import_der, import_generated, import_keys, ImportedKey, ImportedKeys};
pub use secret::{parse_secret, SecretEncoding};

use core::fmt;

use p256::elliptic_curve;
use zeroize::Zeroizing;

use crate::jwa::JwsAlgorithm;

/// A NIST curve used with ECDSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EcCurve {
    /// P-256 (secp256r1), for ES256.
    P256,
    /// P-384 (secp384r1), for ES384.
    P384,
    /// P-521 (secp521r1), for ES512.
    P521,
}

impl EcCurve {
    /// The JWK `crv` name.
    pub fn jwk_name(self) -> &'static str {
        match self {
            EcCurve::P256 => "P-256",
            EcCurve::P384 => "P-384",
            EcCurve::P521 => "P-521",
        }
    }

    /// The one JWS algorithm this curve is used with.
    pub fn algorithm(self) -> JwsAlgorithm {
        match self {
            EcCurve::P256 => JwsAlgorithm::Es256,
            EcCurve::P384 => JwsAlgorithm::Es384,
            EcCurve::P521 => JwsAlgorithm::Es512,
        }
    }

    /// Length of one coordinate (and of r and s in a signature), in bytes.
    pub fn field_bytes(self) -> usize {
        match self {
            EcCurve::P256 => 32,
            EcCurve::P384 => 48,
            EcCurve::P521 => 66,
        }
    }
}

/// What kind of key something is, for display and for key generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum KeyKind {
    /// RSA with a modulus of `bits` bits.
    Rsa {
        /// Modulus size in bits.
        bits: usize,
    },
    /// ECDSA on a NIST curve.
    Ec(EcCurve),
    /// Ed25519.
    Ed25519,
    /// X25519 (RFC 7748, RFC 8037 §3.2): key agreement for JWE `ECDH-ES` only, no JWS algorithm.
    X25519,
    /// HMAC secret of `bytes` bytes.
    Hmac {
        /// Secret length in bytes.
        bytes: usize,
    },
}

impl KeyKind {
    /// The key types the Keys view offers, with their stable ids (`keygen-type-select` values).
    pub const GENERATABLE: [(&'static str, KeyKind); 8] = [
        ("RSA-2048", KeyKind::Rsa { bits: 2048 }),
        ("RSA-3072", KeyKind::Rsa { bits: 3072 }),
        ("RSA-4096", KeyKind::Rsa { bits: 4096 }),
        ("EC-P256", KeyKind::Ec(EcCurve::P256)),
        ("EC-P384", KeyKind::Ec(EcCurve::P384)),
        ("EC-P521", KeyKind::Ec(EcCurve::P521)),
        ("Ed25519", KeyKind::Ed25519),
        ("HMAC-256", KeyKind::Hmac { bytes: 32 }),
    ];

    /// The key types the Keys view offers for encryption (`use: enc`, HTI:jwe), with their stable
    /// ids: RSA for `RSA-OAEP*`, EC and X25519 for `ECDH-ES*`, and AES keys (`oct` secrets of
    /// 16, 24 or 32 bytes) for `AxxxKW`, `AxxxGCMKW` and `dir`.
    pub const GENERATABLE_ENC: [(&'static str, KeyKind); 10] = [
        ("RSA-2048", KeyKind::Rsa { bits: 2048 }),
        ("RSA-3072", KeyKind::Rsa { bits: 3072 }),
        ("RSA-4096", KeyKind::Rsa { bits: 4096 }),
        ("EC-P256", KeyKind::Ec(EcCurve::P256)),
        ("EC-P384", KeyKind::Ec(EcCurve::P384)),
        ("EC-P521", KeyKind::Ec(EcCurve::P521)),
        ("X25519", KeyKind::X25519),
        ("AES-128", KeyKind::Hmac { bytes: 16 }),
        ("AES-192", KeyKind::Hmac { bytes: 24 }),
        ("AES-256", KeyKind::Hmac { bytes: 32 }),
    ];

    /// Looks up a `keygen-type-select` id such as `EC-P256` or `AES-128` (either list); also
    /// accepts `HMAC-384`/`HMAC-512`.
    pub fn from_id(id: &str) -> Option<KeyKind> {
        match id {
            "HMAC-384" => Some(KeyKind::Hmac { bytes: 48 }),
            "HMAC-512" => Some(KeyKind::Hmac { bytes: 64 }),
            _ => KeyKind::GENERATABLE
                .iter()
                .chain(KeyKind::GENERATABLE_ENC.iter())
                .find(|(name, _)| *name == id)
                .map(|(_, kind)| *kind),
        }
    }

    /// [`KeyKind::label`], but a secret of 16, 24 or 32 bytes meant for encryption (`use` is
    /// `enc`) is called what it is: "AES-128 key", "AES-192 key", "AES-256 key".
    pub fn label_for_use(self, key_use: Option<&str>) -> String {
        match (self, key_use) {
            (KeyKind::Hmac { bytes: bytes @ (16 | 24 | 32) }, Some("enc")) => {
                format!("AES-{} key", bytes * 8)
            }
            _ => self.label(),
        }
    }

    /// A short human label: "RSA 2048", "EC P-256", "Ed25519", "HMAC 32 bytes".
    pub fn label(self) -> String {
        match self {
            KeyKind::Rsa { bits } => format!("RSA {bits}"),
            KeyKind::Ec(curve) => format!("EC {}", curve.jwk_name()),
            KeyKind::Ed25519 => "Ed25519".to_owned(),
            KeyKind::X25519 => "X25519".to_owned(),
            KeyKind::Hmac { bytes } => format!("HMAC secret, {bytes} bytes"),
        }
    }

    /// The JWS algorithms a key of this kind can sign or verify.
    pub fn algorithms(self) -> &'static [JwsAlgorithm] {
        use JwsAlgorithm::*;
        match self {
            KeyKind::Rsa { .. } => &[Rs256, Rs384, Rs512, Ps256, Ps384, Ps512],
            KeyKind::Ec(EcCurve::P256) => &[Es256],
            KeyKind::Ec(EcCurve::P384) => &[Es384],
            KeyKind::Ec(EcCurve::P521) => &[Es512],
            KeyKind::Ed25519 => &[EdDsa],
            KeyKind::X25519 => &[],
            KeyKind::Hmac { .. } => &[Hs256, Hs384, Hs512],
        }
    }
}

/// A public key: verifies signatures; safe to publish.
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// RSA public key (n, e).
    Rsa(rsa::RsaPublicKey),
    /// P-256 point.
    P256(p256::PublicKey),
    /// P-384 point.
    P384(p384::PublicKey),
    /// P-521 point.
    P521(p521::PublicKey),
    /// Ed25519 public key.
    Ed25519(ed25519_dalek::VerifyingKey),
    /// X25519 public key (a Montgomery u-coordinate; key agreement only).
    X25519(x25519_dalek::PublicKey),
}

/// A private key: signs. Always carries its [`PublicKey`] (RSA: n and e; EC: the point;
/// Ed25519: the public key), so asking for it costs no arithmetic.
#[derive(Clone)]
pub enum PrivateKey {
    /// RSA private key (with CRT values).
    Rsa(Box<rsa::RsaPrivateKey>),
    /// P-256 scalar and point.
    P256(EcPrivateKey<p256::NistP256>),
    /// P-384 scalar and point.
    P384(EcPrivateKey<p384::NistP384>),
    /// P-521 scalar and point.
    P521(EcPrivateKey<p521::NistP521>),
    /// Ed25519 seed and public key.
    Ed25519(Ed25519PrivateKey),
    /// X25519 scalar and public key (key agreement only).
    X25519(X25519PrivateKey),
}

/// When the public half stored with a private key is compared with the one its private half
/// gives (EC: d·G; Ed25519: the public key of the seed).
///
/// Recomputing it is a scalar multiplication: in the release wasm about 0.7 ms for P-256 and
/// 3 ms for P-384 and P-521 (headless Chromium), several times what WebCrypto takes to
/// *generate* such a key (0.07, 0.5 and 1.1 ms). Signing derives it anyway, so every signature
/// compares the two for free (see [`crate::alg`]); the only question is whether import
/// pays for an extra check beforehand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PairCheck {
    /// Compare while importing: a mismatch is an import error, before the public half is shown,
    /// exported or published. For everything a person pastes or drops.
    #[default]
    AtImport,
    /// Take the stored public half as given; a mismatch is refused when the key signs. Only for
    /// key pairs this program has just generated (WebCrypto, or its own generator), whose two
    /// halves came out of the same generator: a mismatch would mean a broken generator, and
    /// re-deriving the point at import would cost more than the generation itself.
    AtSigning,
}

/// An EC private key: the scalar and its public point, kept together so the point is computed
/// (or checked) once, not on every [`PrivateKey::public_key`] or [`PrivateKey::kind`] call.
#[derive(Clone)]
pub struct EcPrivateKey<C>
where
    C: elliptic_curve::CurveArithmetic,
{
    secret: elliptic_curve::SecretKey<C>,
    public: elliptic_curve::PublicKey<C>,
}

impl<C> EcPrivateKey<C>
where
    C: elliptic_curve::CurveArithmetic,
{
    /// From the scalar alone: derives the point (one scalar multiplication).
    pub fn new(secret: elliptic_curve::SecretKey<C>) -> Self {
        let public = secret.public_key();
        EcPrivateKey { secret, public }
    }

    /// From the scalar and the point stored beside it (SEC1 `publicKey`, JWK `x`/`y`). With
    /// [`PairCheck::AtImport`], `None` when the point is not the scalar's.
    pub fn with_public(
        secret: elliptic_curve::SecretKey<C>,
        public: elliptic_curve::PublicKey<C>,
        check: PairCheck,
    ) -> Option<Self> {
        match check {
            PairCheck::AtImport if secret.public_key() != public => None,
            PairCheck::AtImport | PairCheck::AtSigning => Some(EcPrivateKey { secret, public }),
        }
    }

    /// The scalar.
    pub fn secret(&self) -> &elliptic_curve::SecretKey<C> {
        &self.secret
    }

    /// The public point, as stored (see [`PairCheck`]).
    pub fn public(&self) -> &elliptic_curve::PublicKey<C> {
        &self.public
    }
}

/// An Ed25519 private key: the 32-byte seed (RFC 8032 §5.1.5) and its public key.
///
/// Kept apart rather than as an `ed25519_dalek::SigningKey`, whose constructor derives the
/// public key (a hash and a scalar multiplication) even when the format already carries it.
#[derive(Clone)]
pub struct Ed25519PrivateKey {
    seed: Zeroizing<ed25519_dalek::SecretKey>,
    public: ed25519_dalek::VerifyingKey,
}

impl Ed25519PrivateKey {
    /// From the seed alone: derives the public key.
    pub fn from_seed(seed: &ed25519_dalek::SecretKey) -> Self {
        Self::from(&ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// From the seed and the public key stored beside it (PKCS#8 v2 `publicKey`, JWK `x`).
    /// With [`PairCheck::AtImport`], `None` when the public key is not the seed's.
    pub fn with_public(
        seed: &ed25519_dalek::SecretKey,
        public: ed25519_dalek::VerifyingKey,
        check: PairCheck,
    ) -> Option<Self> {
        let key = Ed25519PrivateKey {
            seed: Zeroizing::new(*seed),
            public,
        };
        match check {
            PairCheck::AtImport if key.signing_key().is_none() => None,
            PairCheck::AtImport | PairCheck::AtSigning => Some(key),
        }
    }

    /// The seed (the JWK `d`).
    pub fn seed(&self) -> &ed25519_dalek::SecretKey {
        &self.seed
    }

    /// The public key, as stored (see [`PairCheck`]).
    pub fn public(&self) -> &ed25519_dalek::VerifyingKey {
        &self.public
    }

    /// The signing key, or `None` when the stored public key is not the seed's.
    pub fn signing_key(&self) -> Option<ed25519_dalek::SigningKey> {
        let signing = ed25519_dalek::SigningKey::from_bytes(&self.seed);
        (signing.verifying_key() == self.public).then_some(signing)
    }
}

/// An X25519 private key (RFC 7748 §5): the 32 scalar bytes, as written (clamping happens
/// in each multiplication), and the public key, kept together like [`EcPrivateKey`].
#[derive(Clone)]
pub struct X25519PrivateKey {
    secret: x25519_dalek::StaticSecret,
    public: x25519_dalek::PublicKey,
}

impl X25519PrivateKey {
    /// From the 32 scalar bytes alone: derives the public key.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let secret = x25519_dalek::StaticSecret::from(bytes);
        let public = x25519_dalek::PublicKey::from(&secret);
        X25519PrivateKey { secret, public }
    }

    /// From the scalar bytes and the public key stored beside them (JWK `x`, PKCS#8 v2
    /// `publicKey`). With [`PairCheck::AtImport`], `None` when the public key is not the
    /// scalar's.
    pub fn with_public(
        bytes: [u8; 32],
        public: x25519_dalek::PublicKey,
        check: PairCheck,
    ) -> Option<Self> {
        let secret = x25519_dalek::StaticSecret::from(bytes);
        match check {
            PairCheck::AtImport if x25519_dalek::PublicKey::from(&secret) != public => None,
            PairCheck::AtImport | PairCheck::AtSigning => Some(X25519PrivateKey { secret, public }),
        }
    }

    /// The scalar.
    pub fn secret(&self) -> &x25519_dalek::StaticSecret {
        &self.secret
    }

    /// The scalar bytes (the JWK `d`).
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes())
    }

    /// The public key, as stored (see [`PairCheck`]).
    pub fn public(&self) -> &x25519_dalek::PublicKey {
        &self.public
    }
}

impl fmt::Debug for X25519PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("X25519PrivateKey(redacted)")
    }
}

impl fmt::Debug for Ed25519PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519PrivateKey(redacted)")
    }
}

impl<C> fmt::Debug for EcPrivateKey<C>
where
    C: elliptic_curve::CurveArithmetic,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcPrivateKey(redacted)")
    }
}

impl From<&ed25519_dalek::SigningKey> for Ed25519PrivateKey {
    fn from(signing: &ed25519_dalek::SigningKey) -> Self {
        Ed25519PrivateKey {
            seed: Zeroizing::new(signing.to_bytes()),
            public: signing.verifying_key(),
        }
    }
}

/// An HMAC secret, wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps secret bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(Zeroizing::new(bytes.into()))
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes, redacted)", self.0.len())
    }
}

impl PublicKey {
    /// What kind of key this is (with its size).
    pub fn kind(&self) -> KeyKind {
        use rsa::traits::PublicKeyParts;
        match self {
            PublicKey::Rsa(key) => KeyKind::Rsa {
                bits: key.n().bits(),
            },
            PublicKey::P256(_) => KeyKind::Ec(EcCurve::P256),
            PublicKey::P384(_) => KeyKind::Ec(EcCurve::P384),
            PublicKey::P521(_) => KeyKind::Ec(EcCurve::P521),
            PublicKey::Ed25519(_) => KeyKind::Ed25519,
            PublicKey::X25519(_) => KeyKind::X25519,
        }
    }

    /// The JWS algorithms this key can verify.
    pub fn algorithms(&self) -> &'static [JwsAlgorithm] {
        self.kind().algorithms()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.kind().label())
    }
}

impl PrivateKey {
    /// The matching public key (a copy of the stored one: no arithmetic).
    pub fn public_key(&self) -> PublicKey {
        match self {
            PrivateKey::Rsa(key) => PublicKey::Rsa(key.to_public_key()),
            PrivateKey::P256(key) => PublicKey::P256(*key.public()),
            PrivateKey::P384(key) => PublicKey::P384(*key.public()),
            PrivateKey::P521(key) => PublicKey::P521(*key.public()),
            PrivateKey::Ed25519(key) => PublicKey::Ed25519(*key.public()),
            PrivateKey::X25519(key) => PublicKey::X25519(*key.public()),
        }
    }

    /// What kind of key this is (with its size).
    pub fn kind(&self) -> KeyKind {
        use rsa::traits::PublicKeyParts;
        match self {
            PrivateKey::Rsa(key) => KeyKind::Rsa {
                bits: key.n().bits(),
            },
            PrivateKey::P256(_) => KeyKind::Ec(EcCurve::P256),
            PrivateKey::P384(_) => KeyKind::Ec(EcCurve::P384),
            PrivateKey::P521(_) => KeyKind::Ec(EcCurve::P521),
            PrivateKey::Ed25519(_) => KeyKind::Ed25519,
            PrivateKey::X25519(_) => KeyKind::X25519,
        }
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({}, redacted)", self.kind().label())
    }
}

/// The JWK members that describe how a key may be used (RFC 7517 §4).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMeta {
    /// `kid`.
    pub kid: Option<String>,
    /// `use` (`sig` or `enc`).
    pub key_use: Option<String>,
    /// `alg`.
    pub alg: Option<String>,
    /// `key_ops`.
    pub key_ops: Option<Vec<String>>,
    /// True for an RSA key whose SPKI or PKCS#8 says id-RSASSA-PSS (1.2.840.113549.1.1.10)
    /// instead of rsaEncryption: RFC 4055 §1.2 restricts such a key to RSASSA-PSS, so it may
    /// sign and verify PS* but never RS*. Kept here, beside the JWK restrictions, because the
    /// key numbers are the same as any RSA key's; only the algorithm identifier limits it.
    pub rsa_pss_only: bool,
}

/// The cryptographic part of a [`Key`].
#[derive(Debug, Clone)]
pub enum KeyMaterial {
    /// A private key (with its public half).
    Private(PrivateKey),
    /// A public key only.
    Public(PublicKey),
    /// An HMAC secret.
    Secret(Secret),
}

/// A key with its JWK metadata: what import produces and the keyring stores.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key itself.
    pub material: KeyMaterial,
    /// `kid`, `use`, `alg`, `key_ops`.
    pub meta: KeyMeta,
}

impl Key {
    /// A key without metadata.
    pub fn new(material: KeyMaterial) -> Self {
        Key {
            material,
            meta: KeyMeta::default(),
        }
    }

    /// What kind of key this is.
    pub fn kind(&self) -> KeyKind {
        match &self.material {
            KeyMaterial::Private(key) => key.kind(),
            KeyMaterial::Public(key) => key.kind(),
            KeyMaterial::Secret(secret) => KeyKind::Hmac {
                bytes: secret.as_bytes().len(),
            },
        }
    }

    /// The public half, if this is an asymmetric key.
    pub fn public_key(&self) -> Option<PublicKey> {
        match &self.material {
            KeyMaterial::Private(key) => Some(key.public_key()),
            KeyMaterial::Public(key) => Some(key.clone()),
            KeyMaterial::Secret(_) => None,
        }
    }

    /// True when this key can sign (a private key or a secret).
    pub fn can_sign(&self) -> bool {
        !matches!(self.material, KeyMaterial::Public(_))
    }

    /// What this key can verify with: its public half, or the secret.
    pub fn verification_key(&self) -> VerificationKey {
        match &self.material {
            KeyMaterial::Private(key) => VerificationKey::Public(key.public_key()),
            KeyMaterial::Public(key) => VerificationKey::Public(key.clone()),
            KeyMaterial::Secret(secret) => VerificationKey::Secret(secret.clone()),
        }
    }
}

/// A private key together with its public half, as generated.
#[derive(Debug, Clone)]
pub struct KeyPair {
    /// The private key.
    pub private: PrivateKey,
    /// Its public half.
    pub public: PublicKey,
}

impl From<PrivateKey> for KeyPair {
    fn from(private: PrivateKey) -> Self {
        let public = private.public_key();
        KeyPair { private, public }
    }
}

/// Key material a signature can be checked against.
#[derive(Debug, Clone)]
pub enum VerificationKey {
    /// A public key (RS*, PS*, ES*, EdDSA).
    Public(PublicKey),
    /// An HMAC secret the user typed as a secret (HS*).
    Secret(Secret),
}
