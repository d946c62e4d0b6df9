//! Compact JWE (RFC 7516, algorithms from RFC 7518 and RFC 8037): decode, decrypt, encrypt.
//!
//! Koppeltaal's HTI:jwe is a signed launch JWT encrypted for the module's public key, so the
//! decrypted plaintext is usually itself a JWS ([`Decrypted::nested`]); verifying it is
//! [`crate::verify`]'s job, not this module's.
//!
//! One file per algorithm family: [`parse`] (the five segments), [`rsa`] (RSA-OAEP*, RSA1_5),
//! [`ecdh`] (ECDH-ES, with or without AES key wrap, on P-256/P-384/P-521), [`aeskw`],
//! [`aesgcmkw`], [`pbes2`], [`content`] (the content encryption) and [`zip`] (`zip: DEF`).
//! `dir` needs no file: the secret is the content key.
//!
//! Decryption never tells an attacker *why* a key failed beyond what the person at the
//! keyboard already sees; the debugger is not an oracle anyone can query remotely, so the
//! messages are as precise as the RFCs allow.

pub mod aesgcmkw;
pub mod aeskw;
pub mod content;
pub mod ecdh;
pub mod parse;
pub mod pbes2;
pub mod rsa;
pub mod zip;

use core::fmt;
use core::str::FromStr;

use rand_core::CryptoRngCore;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::b64::B64Error;
use crate::finding::{Finding, Severity};
use crate::json::JsonError;
use crate::key::{Key, KeyMaterial, PrivateKey, PublicKey};
use crate::limits;

pub use parse::{decode_jwe, UntrustedJwe};

/// The rule ids JWE decoding and decryption can report (see [`UntrustedJwe::findings`]).
pub const JWE_RULE_IDS: &[&str] = &["jwe.rsa1_5", "jwe.kid-missing"];

/// The iteration count [`encrypt`] writes for PBES2 when none is given: RFC 7518 §4.8.1.2
/// asks for at least 1000; more makes a guessed password costlier, and this stays well under
/// [`limits::MAX_PBES2_COUNT`] so the tool can open its own tokens.
pub const DEFAULT_PBES2_COUNT: u32 = 310_000;

/// One of the five parts of a compact JWE (RFC 7516 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JweSegment {
    /// The protected header.
    Header,
    /// The encrypted content key (empty for `dir` and `ECDH-ES`).
    EncryptedKey,
    /// The initialization vector.
    Iv,
    /// The ciphertext.
    Ciphertext,
    /// The authentication tag.
    Tag,
}

impl JweSegment {
    /// The five segments in order.
    pub const ALL: [JweSegment; 5] = [
        JweSegment::Header,
        JweSegment::EncryptedKey,
        JweSegment::Iv,
        JweSegment::Ciphertext,
        JweSegment::Tag,
    ];
}

impl fmt::Display for JweSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JweSegment::Header => "JWE protected header (segment 1)",
            JweSegment::EncryptedKey => "JWE encrypted key (segment 2)",
            JweSegment::Iv => "JWE initialization vector (segment 3)",
            JweSegment::Ciphertext => "JWE ciphertext (segment 4)",
            JweSegment::Tag => "JWE authentication tag (segment 5)",
        })
    }
}

/// A key management algorithm, the JWE `alg` (RFC 7518 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyManagement {
    /// `RSA1_5`: decrypt only, because it is open to padding-oracle attacks.
    Rsa1_5,
    /// `RSA-OAEP` (SHA-1).
    RsaOaep,
    /// `RSA-OAEP-256`.
    RsaOaep256,
    /// `RSA-OAEP-384`.
    RsaOaep384,
    /// `RSA-OAEP-512`.
    RsaOaep512,
    /// `A128KW`.
    A128Kw,
    /// `A192KW`.
    A192Kw,
    /// `A256KW`.
    A256Kw,
    /// `dir`: the shared secret is the content key.
    Dir,
    /// `ECDH-ES`: the agreed key is the content key.
    EcdhEs,
    /// `ECDH-ES+A128KW`.
    EcdhEsA128Kw,
    /// `ECDH-ES+A192KW`.
    EcdhEsA192Kw,
    /// `ECDH-ES+A256KW`.
    EcdhEsA256Kw,
    /// `A128GCMKW`.
    A128GcmKw,
    /// `A192GCMKW`.
    A192GcmKw,
    /// `A256GCMKW`.
    A256GcmKw,
    /// `PBES2-HS256+A128KW`.
    Pbes2Hs256A128Kw,
    /// `PBES2-HS384+A192KW`.
    Pbes2Hs384A192Kw,
    /// `PBES2-HS512+A256KW`.
    Pbes2Hs512A256Kw,
}

/// Which kind of key an algorithm needs, for choosing and explaining keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFamily {
    /// An RSA key pair.
    Rsa,
    /// An EC (P-256/384/521) or X25519 (RFC 8037) key pair.
    Ecdh,
    /// A shared secret: raw key bytes or a password.
    Symmetric,
}

impl KeyManagement {
    /// Every algorithm, in RFC 7518 order.
    pub const ALL: [KeyManagement; 19] = [
        KeyManagement::Rsa1_5,
        KeyManagement::RsaOaep,
        KeyManagement::RsaOaep256,
        KeyManagement::RsaOaep384,
        KeyManagement::RsaOaep512,
        KeyManagement::A128Kw,
        KeyManagement::A192Kw,
        KeyManagement::A256Kw,
        KeyManagement::Dir,
        KeyManagement::EcdhEs,
        KeyManagement::EcdhEsA128Kw,
        KeyManagement::EcdhEsA192Kw,
        KeyManagement::EcdhEsA256Kw,
        KeyManagement::A128GcmKw,
        KeyManagement::A192GcmKw,
        KeyManagement::A256GcmKw,
        KeyManagement::Pbes2Hs256A128Kw,
        KeyManagement::Pbes2Hs384A192Kw,
        KeyManagement::Pbes2Hs512A256Kw,
    ];

    /// The `alg` header value.
    pub fn name(self) -> &'static str {
        match self {
            KeyManagement::Rsa1_5 => "RSA1_5",
            KeyManagement::RsaOaep => "RSA-OAEP",
            KeyManagement::RsaOaep256 => "RSA-OAEP-256",
            KeyManagement::RsaOaep384 => "RSA-OAEP-384",
            KeyManagement::RsaOaep512 => "RSA-OAEP-512",
            KeyManagement::A128Kw => "A128KW",
            KeyManagement::A192Kw => "A192KW",
            KeyManagement::A256Kw => "A256KW",
            KeyManagement::Dir => "dir",
            KeyManagement::EcdhEs => "ECDH-ES",
            KeyManagement::EcdhEsA128Kw => "ECDH-ES+A128KW",
            KeyManagement::EcdhEsA192Kw => "ECDH-ES+A192KW",
            KeyManagement::EcdhEsA256Kw => "ECDH-ES+A256KW",
            KeyManagement::A128GcmKw => "A128GCMKW",
            KeyManagement::A192GcmKw => "A192GCMKW",
            KeyManagement::A256GcmKw => "A256GCMKW",
            KeyManagement::Pbes2Hs256A128Kw => "PBES2-HS256+A128KW",
            KeyManagement::Pbes2Hs384A192Kw => "PBES2-HS384+A192KW",
            KeyManagement::Pbes2Hs512A256Kw => "PBES2-HS512+A256KW",
        }
    }

    /// The kind of key this algorithm works with.
    pub fn family(self) -> KeyFamily {
        use KeyManagement::*;
        match self {
            Rsa1_5 | RsaOaep | RsaOaep256 | RsaOaep384 | RsaOaep512 => KeyFamily::Rsa,
            EcdhEs | EcdhEsA128Kw | EcdhEsA192Kw | EcdhEsA256Kw => KeyFamily::Ecdh,
            A128Kw | A192Kw | A256Kw | Dir | A128GcmKw | A192GcmKw | A256GcmKw
            | Pbes2Hs256A128Kw | Pbes2Hs384A192Kw | Pbes2Hs512A256Kw => KeyFamily::Symmetric,
        }
    }

    /// The AES key-wrap key length in bytes, for the algorithms that end in AES key wrap
    /// (AxxxKW, ECDH-ES+AxxxKW, PBES2-…+AxxxKW, AxxxGCMKW).
    pub fn wrap_key_len(self) -> Option<usize> {
        use KeyManagement::*;
        match self {
            A128Kw | EcdhEsA128Kw | A128GcmKw | Pbes2Hs256A128Kw => Some(16),
            A192Kw | EcdhEsA192Kw | A192GcmKw | Pbes2Hs384A192Kw => Some(24),
            A256Kw | EcdhEsA256Kw | A256GcmKw | Pbes2Hs512A256Kw => Some(32),
            _ => None,
        }
    }
}

impl fmt::Display for KeyManagement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for KeyManagement {
    type Err = JweError;

    fn from_str(name: &str) -> Result<Self, JweError> {
        KeyManagement::ALL
            .into_iter()
            .find(|alg| alg.name() == name)
            .ok_or_else(|| JweError::UnknownAlg {
                alg: name.to_owned(),
            })
    }
}

/// A content encryption algorithm, the JWE `enc` (RFC 7518 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentEncryption {
    /// `A128CBC-HS256`.
    A128CbcHs256,
    /// `A192CBC-HS384`.
    A192CbcHs384,
    /// `A256CBC-HS512`.
    A256CbcHs512,
    /// `A128GCM`.
    A128Gcm,
    /// `A192GCM`.
    A192Gcm,
    /// `A256GCM`.
    A256Gcm,
}

impl ContentEncryption {
    /// Every content encryption, in RFC 7518 order.
    pub const ALL: [ContentEncryption; 6] = [
        ContentEncryption::A128CbcHs256,
        ContentEncryption::A192CbcHs384,
        ContentEncryption::A256CbcHs512,
        ContentEncryption::A128Gcm,
        ContentEncryption::A192Gcm,
        ContentEncryption::A256Gcm,
    ];

    /// The `enc` header value.
    pub fn name(self) -> &'static str {
        match self {
            ContentEncryption::A128CbcHs256 => "A128CBC-HS256",
            ContentEncryption::A192CbcHs384 => "A192CBC-HS384",
            ContentEncryption::A256CbcHs512 => "A256CBC-HS512",
            ContentEncryption::A128Gcm => "A128GCM",
            ContentEncryption::A192Gcm => "A192GCM",
            ContentEncryption::A256Gcm => "A256GCM",
        }
    }

    /// Content encryption key length in bytes (for CBC-HMAC: MAC key plus AES key).
    pub fn key_len(self) -> usize {
        match self {
            ContentEncryption::A128CbcHs256 => 32,
            ContentEncryption::A192CbcHs384 => 48,
            ContentEncryption::A256CbcHs512 => 64,
            ContentEncryption::A128Gcm => 16,
            ContentEncryption::A192Gcm => 24,
            ContentEncryption::A256Gcm => 32,
        }
    }

    /// Initialization vector length in bytes.
    pub fn iv_len(self) -> usize {
        match self {
            ContentEncryption::A128CbcHs256
            | ContentEncryption::A192CbcHs384
            | ContentEncryption::A256CbcHs512 => 16,
            ContentEncryption::A128Gcm
            | ContentEncryption::A192Gcm
            | ContentEncryption::A256Gcm => 12,
        }
    }

    /// Authentication tag length in bytes (GCM: always the full 128 bits).
    pub fn tag_len(self) -> usize {
        match self {
            ContentEncryption::A128CbcHs256 => 16,
            ContentEncryption::A192CbcHs384 => 24,
            ContentEncryption::A256CbcHs512 => 32,
            ContentEncryption::A128Gcm
            | ContentEncryption::A192Gcm
            | ContentEncryption::A256Gcm => 16,
        }
    }
}

impl fmt::Display for ContentEncryption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ContentEncryption {
    type Err = JweError;

    fn from_str(name: &str) -> Result<Self, JweError> {
        ContentEncryption::ALL
            .into_iter()
            .find(|enc| enc.name() == name)
            .ok_or_else(|| JweError::UnknownEnc {
                enc: name.to_owned(),
            })
    }
}

/// One key that was tried and did not decrypt the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAttempt {
    /// Index of the key in the slice given to [`decrypt`].
    pub key_index: usize,
    /// The key's `kid`, if it has one.
    pub kid: Option<String>,
    /// Why it failed, for the person at the keyboard.
    pub reason: String,
}

impl fmt::Display for KeyAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key {}", self.key_index + 1)?;
        if let Some(kid) = &self.kid {
            write!(f, " (kid {kid:?})")?;
        }
        write!(
            f,
            ": this key does not decrypt this token ({})",
            self.reason
        )
    }
}

/// Why a JWE could not be decoded, decrypted or made.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum JweError {
    /// Nothing but whitespace was given.
    Empty,
    /// The input is larger than [`limits::MAX_INPUT_BYTES`].
    TooLarge {
        /// Size of the input in bytes.
        bytes: usize,
    },
    /// Not five `.`-separated segments.
    SegmentCount {
        /// How many were found.
        found: usize,
    },
    /// A segment or header member is not strict base64url.
    Base64(B64Error),
    /// The protected header is not UTF-8.
    HeaderNotUtf8 {
        /// Byte offset of the first invalid byte in the decoded header.
        valid_up_to: usize,
    },
    /// The protected header is not strict JSON.
    HeaderJson(JsonError),
    /// The protected header is JSON but not an object.
    HeaderNotObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// A header member the algorithm needs is missing.
    MissingMember {
        /// Its name.
        member: &'static str,
        /// Why it is needed.
        needed_for: String,
    },
    /// A header member has the wrong JSON type or value.
    BadMember {
        /// Its name.
        member: &'static str,
        /// What it should be.
        expected: String,
    },
    /// `alg` is not an algorithm this engine knows.
    UnknownAlg {
        /// The value as written.
        alg: String,
    },
    /// `enc` is not a content encryption this engine knows.
    UnknownEnc {
        /// The value as written.
        enc: String,
    },
    /// `crit` lists extensions this engine does not understand (RFC 7516 §4.1.13: reject).
    UnsupportedCrit {
        /// The names listed.
        names: Vec<String>,
    },
    /// `zip` is not `DEF`.
    UnsupportedZip {
        /// The value as written.
        zip: String,
    },
    /// A segment has the wrong length for the algorithm.
    SegmentLength {
        /// Which segment.
        segment: JweSegment,
        /// What the algorithm needs.
        expected: String,
        /// What was found, in bytes.
        found: usize,
    },
    /// PBES2 `p2c` is above [`limits::MAX_PBES2_COUNT`] (nothing was computed).
    Pbes2CountTooHigh {
        /// The count asked for.
        p2c: u64,
    },
    /// The `epk` header member is not a usable public key.
    EphemeralKey {
        /// Why not.
        reason: String,
    },
    /// No key was given at all.
    NoKeys,
    /// Keys were given, but none is of the kind `alg` needs.
    NoFittingKey {
        /// The `alg`.
        alg: KeyManagement,
        /// What kind of key it needs, and what was given.
        needed: String,
    },
    /// Every fitting key was tried, and none decrypted the token.
    NotDecrypted {
        /// One entry per key tried.
        attempts: Vec<KeyAttempt>,
    },
    /// The content decompresses to more than the limit (a zip bomb), or is not DEFLATE.
    Decompression {
        /// What went wrong.
        reason: String,
    },
    /// The recipient key cannot be used with this `alg` (encryption).
    KeyUnusable {
        /// Why not.
        reason: String,
    },
    /// `RSA1_5` is accepted for decryption only.
    Rsa1_5Encrypt,
    /// A deterministic input (CEK, IV, …) has the wrong length or form.
    BadInput {
        /// What is wrong.
        reason: String,
    },
    /// The underlying primitive refused (should not happen with valid inputs).
    Crypto {
        /// What failed.
        reason: String,
    },
}

impl fmt::Display for JweError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JweError::Empty => f.write_str("no token: the input is empty"),
            JweError::TooLarge { bytes } => write!(
                f,
                "the input is {bytes} bytes; at most {} bytes are accepted",
                limits::MAX_INPUT_BYTES
            ),
            JweError::SegmentCount { found } => write!(
                f,
                "a compact JWE has 5 segments separated by '.' (header.encrypted_key.iv.\
                 ciphertext.tag); found {found}"
            ),
            JweError::Base64(err) => err.fmt(f),
            JweError::HeaderNotUtf8 { valid_up_to } => write!(
                f,
                "the JWE protected header (segment 1) decodes to bytes that are not UTF-8 text \
                 (invalid byte at offset {valid_up_to})"
            ),
            JweError::HeaderJson(error) => write!(
                f,
                "the JWE protected header (segment 1) is not valid JSON: {error}"
            ),
            JweError::HeaderNotObject { found } => write!(
                f,
                "the JWE protected header (segment 1) must be a JSON object; found {found}"
            ),
            JweError::MissingMember { member, needed_for } => write!(
                f,
                "the JWE header has no \"{member}\" member, which {needed_for} needs"
            ),
            JweError::BadMember { member, expected } => {
                write!(f, "the JWE header's \"{member}\" must be {expected}")
            }
            JweError::UnknownAlg { alg } => write!(
                f,
                "unknown key management algorithm \"alg\": {alg:?}; known: {}",
                KeyManagement::ALL.map(KeyManagement::name).join(", ")
            ),
            JweError::UnknownEnc { enc } => write!(
                f,
                "unknown content encryption \"enc\": {enc:?}; known: {}",
                ContentEncryption::ALL
                    .map(ContentEncryption::name)
                    .join(", ")
            ),
            JweError::UnsupportedCrit { names } => write!(
                f,
                "the header marks {} as critical (\"crit\"); this tool does not understand \
                 them, so it must not decrypt the token (RFC 7516 §4.1.13)",
                names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            JweError::UnsupportedZip { zip } => write!(
                f,
                "unknown compression \"zip\": {zip:?}; only \"DEF\" (DEFLATE) is defined"
            ),
            JweError::SegmentLength {
                segment,
                expected,
                found,
            } => write!(f, "the {segment} is {found} bytes; {expected}"),
            JweError::Pbes2CountTooHigh { p2c } => write!(
                f,
                "the PBES2 iteration count \"p2c\" is {p2c}; more than {} is refused without \
                 trying, so a token cannot keep the page busy for minutes",
                limits::MAX_PBES2_COUNT
            ),
            JweError::EphemeralKey { reason } => {
                write!(
                    f,
                    "the ephemeral public key \"epk\" is not usable: {reason}"
                )
            }
            JweError::NoKeys => f.write_str("no key given: a JWE can only be opened with a key"),
            JweError::NoFittingKey { alg, needed } => {
                write!(f, "no key fits \"alg\": \"{alg}\": {needed}")
            }
            JweError::NotDecrypted { attempts } => {
                let lines: Vec<String> = attempts.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("; "))
            }
            JweError::Decompression { reason } => {
                write!(
                    f,
                    "the decrypted content could not be decompressed: {reason}"
                )
            }
            JweError::KeyUnusable { reason } => f.write_str(reason),
            JweError::Rsa1_5Encrypt => f.write_str(
                "RSA1_5 is accepted only to open old tokens: it is open to padding-oracle \
                 attacks (RFC 8725 §3.2); encrypt with RSA-OAEP-256 instead",
            ),
            JweError::BadInput { reason } => f.write_str(reason),
            JweError::Crypto { reason } => write!(f, "encryption failed: {reason}"),
        }
    }
}

impl std::error::Error for JweError {}

impl From<B64Error> for JweError {
    fn from(err: B64Error) -> Self {
        JweError::Base64(err)
    }
}

/// A decrypted JWE.
#[derive(Debug, Clone, PartialEq)]
pub struct Decrypted {
    /// The plaintext (decompressed when the header says `zip: DEF`).
    pub plaintext: Vec<u8>,
    /// Index of the key that decrypted it, in the slice given to [`decrypt`].
    pub key_index: usize,
    /// The protected header.
    pub header: Map<String, Value>,
    /// Observations: [`JWE_RULE_IDS`].
    pub findings: Vec<Finding>,
    /// True when the header says `cty: JWT`: the plaintext is a JWT (usually a signed one,
    /// as in HTI:jwe) that still has to be decoded and verified.
    pub nested: bool,
}

/// Everything the algorithms agree on before a key is tried: parsed `alg` and `enc`,
/// checked lengths and header members.
pub(crate) struct Plan {
    pub alg: KeyManagement,
    pub enc: ContentEncryption,
    pub zip: bool,
}

/// Checks what can be checked without a key, so a token that no key could open says so once,
/// not once per key.
fn plan(jwe: &UntrustedJwe) -> Result<Plan, JweError> {
    let alg: KeyManagement = jwe.alg_name().parse()?;
    let enc: ContentEncryption = jwe.enc_name().parse()?;
    if let Some(crit) = jwe.header().get("crit") {
        let names: Option<Vec<String>> = crit.as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect()
        });
        match names {
            // No JWE extension is understood here, so every listed name is unsupported.
            Some(names) if !names.is_empty() => return Err(JweError::UnsupportedCrit { names }),
            _ => {
                return Err(JweError::BadMember {
                    member: "crit",
                    expected: "a non-empty array of header member names".to_owned(),
                })
            }
        }
    }
    let zip = match jwe.header().get("zip") {
        None => false,
        Some(Value::String(zip)) if zip == "DEF" => true,
        Some(Value::String(zip)) => return Err(JweError::UnsupportedZip { zip: zip.clone() }),
        Some(_) => {
            return Err(JweError::BadMember {
                member: "zip",
                expected: "the string \"DEF\"".to_owned(),
            })
        }
    };
    if jwe.iv().len() != enc.iv_len() {
        return Err(JweError::SegmentLength {
            segment: JweSegment::Iv,
            expected: format!("{enc} needs {} bytes", enc.iv_len()),
            found: jwe.iv().len(),
        });
    }
    if jwe.tag().len() != enc.tag_len() {
        return Err(JweError::SegmentLength {
            segment: JweSegment::Tag,
            expected: format!("{enc} needs {} bytes", enc.tag_len()),
            found: jwe.tag().len(),
        });
    }
    if matches!(alg, KeyManagement::Dir | KeyManagement::EcdhEs) && !jwe.encrypted_key().is_empty()
    {
        return Err(JweError::SegmentLength {
            segment: JweSegment::EncryptedKey,
            expected: format!("with \"alg\": \"{alg}\" it must be empty (RFC 7516 §5.1 step 5)"),
            found: jwe.encrypted_key().len(),
        });
    }
    match alg.family() {
        KeyFamily::Ecdh => {
            ecdh::check_header(jwe)?;
        }
        KeyFamily::Symmetric => {
            pbes2::check_header(jwe, alg)?;
            aesgcmkw::check_header(jwe, alg)?;
        }
        KeyFamily::Rsa => {}
    }
    Ok(Plan { alg, enc, zip })
}

/// True when `key` is of the kind `alg` needs (a private key for RSA and ECDH, a secret for
/// the rest); lengths are judged when the key is tried, so a wrong length gets its own message.
fn fits(alg: KeyManagement, key: &Key) -> bool {
    match (alg.family(), &key.material) {
        (KeyFamily::Rsa, KeyMaterial::Private(PrivateKey::Rsa(_))) => true,
        (KeyFamily::Ecdh, KeyMaterial::Private(private)) => ecdh::is_ecdh_key(private),
        (KeyFamily::Symmetric, KeyMaterial::Secret(_)) => true,
        _ => false,
    }
}

/// What a key of the right family would be, for [`JweError::NoFittingKey`].
fn needed(alg: KeyManagement, keys: &[Key]) -> String {
    let public_only = keys
        .iter()
        .any(|key| matches!(key.material, KeyMaterial::Public(_)));
    let wanted = match alg.family() {
        KeyFamily::Rsa => "an RSA private key",
        KeyFamily::Ecdh => "an EC (P-256, P-384, P-521) or X25519 private key",
        KeyFamily::Symmetric if matches!(alg, KeyManagement::Dir) => {
            "a secret of exactly the content key's length"
        }
        KeyFamily::Symmetric if alg.name().starts_with("PBES2") => "a password (as a secret)",
        KeyFamily::Symmetric => "an AES key-wrap secret",
    };
    let given: Vec<String> = keys.iter().map(|key| key.kind().label()).collect();
    let mut text = format!("it needs {wanted}; given: {}", given.join(", "));
    if public_only && alg.family() != KeyFamily::Symmetric {
        text.push_str(
            " (a public key can encrypt for its owner, but only the private key decrypts)",
        );
    }
    text
}

/// Decrypts a compact JWE with the first key that works.
///
/// Keys whose `kid` equals the header's `kid` are tried first, then every other key of the
/// kind `alg` needs. When none works, [`JweError::NotDecrypted`] has one clear line per key
/// tried. `rng` is used only for RSA1_5: a failed unwrap continues with a random content key
/// (RFC 7516 §11.5), so the padding result never shows in the timing of the answer.
pub fn decrypt(
    jwe: &UntrustedJwe,
    keys: &[Key],
    rng: &mut impl CryptoRngCore,
) -> Result<Decrypted, JweError> {
    let plan = plan(jwe)?;
    if keys.is_empty() {
        return Err(JweError::NoKeys);
    }
    let kid = jwe.kid();
    let mut order: Vec<usize> = (0..keys.len())
        .filter(|&i| {
            kid.is_some() && keys[i].meta.kid.as_deref() == kid && fits(plan.alg, &keys[i])
        })
        .collect();
    let rest: Vec<usize> = (0..keys.len())
        .filter(|&i| !order.contains(&i) && fits(plan.alg, &keys[i]))
        .collect();
    order.extend(rest);
    if order.is_empty() {
        return Err(JweError::NoFittingKey {
            alg: plan.alg,
            needed: needed(plan.alg, keys),
        });
    }
    let mut attempts = Vec::new();
    for index in order {
        let key = &keys[index];
        match try_key(jwe, &plan, key, rng) {
            Ok(plaintext) => {
                let plaintext = if plan.zip {
                    zip::inflate(&plaintext)?
                } else {
                    plaintext.to_vec()
                };
                return Ok(Decrypted {
                    plaintext,
                    key_index: index,
                    header: jwe.header().clone(),
                    findings: jwe.findings(),
                    nested: jwe
                        .header()
                        .get("cty")
                        .and_then(Value::as_str)
                        .is_some_and(|cty| cty.eq_ignore_ascii_case("JWT")),
                });
            }
            Err(reason) => attempts.push(KeyAttempt {
                key_index: index,
                kid: key.meta.kid.clone(),
                reason,
            }),
        }
    }
    Err(JweError::NotDecrypted { attempts })
}

/// One key: recover the content key, then decrypt and authenticate the content.
fn try_key(
    jwe: &UntrustedJwe,
    plan: &Plan,
    key: &Key,
    rng: &mut impl CryptoRngCore,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let cek = unwrap_cek(jwe, plan, key, rng)?;
    if cek.len() != plan.enc.key_len() {
        return Err(format!(
            "the content key is {} bytes; {} needs {}",
            cek.len(),
            plan.enc,
            plan.enc.key_len()
        ));
    }
    content::decrypt(
        plan.enc,
        &cek,
        jwe.iv(),
        jwe.header_b64().as_bytes(),
        jwe.ciphertext(),
        jwe.tag(),
    )
    .map(Zeroizing::new)
}

/// The content key, by key management algorithm.
fn unwrap_cek(
    jwe: &UntrustedJwe,
    plan: &Plan,
    key: &Key,
    rng: &mut impl CryptoRngCore,
) -> Result<Zeroizing<Vec<u8>>, String> {
    use KeyManagement::*;
    match (plan.alg, &key.material) {
        (Dir, KeyMaterial::Secret(secret)) => {
            if secret.as_bytes().len() != plan.enc.key_len() {
                return Err(format!(
                    "the secret is {} bytes; with \"dir\", {} needs exactly {}",
                    secret.as_bytes().len(),
                    plan.enc,
                    plan.enc.key_len()
                ));
            }
            Ok(Zeroizing::new(secret.as_bytes().to_vec()))
        }
        (alg, KeyMaterial::Private(PrivateKey::Rsa(private))) => {
            rsa::unwrap(alg, plan.enc, private, jwe.encrypted_key(), rng)
        }
        (alg, KeyMaterial::Private(private)) if alg.family() == KeyFamily::Ecdh => {
            ecdh::unwrap(jwe, alg, plan.enc, private)
        }
        (A128Kw | A192Kw | A256Kw, KeyMaterial::Secret(secret)) => {
            aeskw::unwrap(plan.alg, secret.as_bytes(), jwe.encrypted_key())
        }
        (A128GcmKw | A192GcmKw | A256GcmKw, KeyMaterial::Secret(secret)) => {
            aesgcmkw::unwrap(jwe, plan.alg, secret.as_bytes())
        }
        (Pbes2Hs256A128Kw | Pbes2Hs384A192Kw | Pbes2Hs512A256Kw, KeyMaterial::Secret(secret)) => {
            pbes2::unwrap(jwe, plan.alg, secret.as_bytes())
        }
        _ => Err(format!("it is not a key for \"{}\"", plan.alg)),
    }
}

/// Inputs that [`encrypt`] normally draws at random, fixed for reproducible output (the RFC
/// 7520 examples). Anything left `None` is random, as in [`encrypt`].
#[derive(Debug, Clone, Default)]
pub struct EncryptOptions {
    /// The content encryption key (ignored for `dir` and `ECDH-ES`, whose key is derived).
    pub cek: Option<Vec<u8>>,
    /// The content IV.
    pub iv: Option<Vec<u8>>,
    /// The ephemeral private key for ECDH-ES (same curve as the recipient).
    pub ephemeral: Option<PrivateKey>,
    /// The PBES2 salt input `p2s`.
    pub p2s: Option<Vec<u8>>,
    /// The PBES2 iteration count `p2c` (default [`DEFAULT_PBES2_COUNT`]).
    pub p2c: Option<u32>,
    /// The AES-GCM key-wrap IV (the header's `iv`).
    pub key_wrap_iv: Option<Vec<u8>>,
}

/// Encrypts `plaintext` for `recipient` as a compact JWE.
///
/// The header is `alg`, the recipient's `kid` (when it has one), the algorithm's own members
/// (`epk`, `p2s`/`p2c`, `iv`/`tag`), then `extra_header` (for example `cty: "JWT"` for a
/// nested JWT), `enc` and, when `extra_header` asks for it with `zip: "DEF"`, `zip`: the
/// order of the RFC 7520 examples. `RSA1_5` is refused.
pub fn encrypt(
    plaintext: &[u8],
    recipient: &Key,
    alg: KeyManagement,
    enc: ContentEncryption,
    extra_header: Map<String, Value>,
    rng: &mut impl CryptoRngCore,
) -> Result<String, JweError> {
    encrypt_with(
        plaintext,
        recipient,
        alg,
        enc,
        extra_header,
        &EncryptOptions::default(),
        rng,
    )
}

/// [`encrypt`] with some or all random inputs fixed (see [`EncryptOptions`]).
pub fn encrypt_with(
    plaintext: &[u8],
    recipient: &Key,
    alg: KeyManagement,
    enc: ContentEncryption,
    mut extra_header: Map<String, Value>,
    options: &EncryptOptions,
    rng: &mut impl CryptoRngCore,
) -> Result<String, JweError> {
    let zip = match extra_header.shift_remove("zip") {
        None => false,
        Some(Value::String(zip)) if zip == "DEF" => true,
        Some(Value::String(zip)) => return Err(JweError::UnsupportedZip { zip }),
        Some(_) => {
            return Err(JweError::BadMember {
                member: "zip",
                expected: "the string \"DEF\"".to_owned(),
            })
        }
    };
    for reserved in [
        "alg", "enc", "kid", "epk", "p2s", "p2c", "iv", "tag", "crit",
    ] {
        if extra_header.contains_key(reserved) {
            return Err(JweError::BadInput {
                reason: format!(
                    "the extra header may not set \"{reserved}\": the engine writes it"
                ),
            });
        }
    }
    let mut header = Map::new();
    header.insert("alg".to_owned(), Value::String(alg.name().to_owned()));
    if let Some(kid) = &recipient.meta.kid {
        header.insert("kid".to_owned(), Value::String(kid.clone()));
    }
    let cek = match &options.cek {
        Some(cek) => Zeroizing::new(cek.clone()),
        None => random_bytes(rng, enc.key_len()),
    };
    let (cek, encrypted_key) = wrap_cek(alg, enc, recipient, cek, options, &mut header, rng)?;
    if cek.len() != enc.key_len() {
        return Err(JweError::BadInput {
            reason: format!(
                "the content key is {} bytes; {enc} needs {}",
                cek.len(),
                enc.key_len()
            ),
        });
    }
    header.extend(extra_header);
    header.insert("enc".to_owned(), Value::String(enc.name().to_owned()));
    if zip {
        header.insert("zip".to_owned(), Value::String("DEF".to_owned()));
    }
    let header_json =
        serde_json::to_string(&Value::Object(header)).map_err(|err| JweError::Crypto {
            reason: err.to_string(),
        })?;
    let header_b64 = crate::b64::encode(header_json.as_bytes());
    let iv = match &options.iv {
        Some(iv) if iv.len() == enc.iv_len() => iv.clone(),
        Some(iv) => {
            return Err(JweError::BadInput {
                reason: format!("the IV is {} bytes; {enc} needs {}", iv.len(), enc.iv_len()),
            })
        }
        None => random_bytes(rng, enc.iv_len()).to_vec(),
    };
    let compressed;
    let content: &[u8] = if zip {
        compressed = zip::deflate(plaintext);
        &compressed
    } else {
        plaintext
    };
    let (ciphertext, tag) = content::encrypt(enc, &cek, &iv, header_b64.as_bytes(), content)
        .map_err(|reason| JweError::Crypto { reason })?;
    Ok([
        header_b64,
        crate::b64::encode(&encrypted_key),
        crate::b64::encode(&iv),
        crate::b64::encode(&ciphertext),
        crate::b64::encode(&tag),
    ]
    .join("."))
}

/// Wraps (or, for `dir`/`ECDH-ES`, derives) the content key; returns the key actually used
/// and the encrypted key segment.
fn wrap_cek(
    alg: KeyManagement,
    enc: ContentEncryption,
    recipient: &Key,
    cek: Zeroizing<Vec<u8>>,
    options: &EncryptOptions,
    header: &mut Map<String, Value>,
    rng: &mut impl CryptoRngCore,
) -> Result<(Zeroizing<Vec<u8>>, Vec<u8>), JweError> {
    use KeyManagement::*;
    let unusable = |what: &str| JweError::KeyUnusable {
        reason: format!(
            "\"alg\": \"{alg}\" needs {what}; the recipient key is {}",
            recipient.kind().label()
        ),
    };
    match alg {
        Rsa1_5 => Err(JweError::Rsa1_5Encrypt),
        RsaOaep | RsaOaep256 | RsaOaep384 | RsaOaep512 => match recipient.public_key() {
            Some(PublicKey::Rsa(public)) => {
                let wrapped = rsa::wrap(alg, &public, &cek, rng)?;
                Ok((cek, wrapped))
            }
            _ => Err(unusable("an RSA public key")),
        },
        Dir => match &recipient.material {
            KeyMaterial::Secret(secret) if secret.as_bytes().len() == enc.key_len() => {
                Ok((Zeroizing::new(secret.as_bytes().to_vec()), Vec::new()))
            }
            KeyMaterial::Secret(secret) => Err(JweError::KeyUnusable {
                reason: format!(
                    "with \"dir\", {enc} needs a secret of exactly {} bytes; this one is {}",
                    enc.key_len(),
                    secret.as_bytes().len()
                ),
            }),
            _ => Err(unusable("a secret")),
        },
        EcdhEs | EcdhEsA128Kw | EcdhEsA192Kw | EcdhEsA256Kw => {
            let public = recipient
                .public_key()
                .ok_or_else(|| unusable("an EC public key"))?;
            ecdh::wrap(
                alg,
                enc,
                &public,
                cek,
                options.ephemeral.as_ref(),
                header,
                rng,
            )
        }
        A128Kw | A192Kw | A256Kw => match &recipient.material {
            KeyMaterial::Secret(secret) => {
                let wrapped = aeskw::wrap(alg, secret.as_bytes(), &cek)?;
                Ok((cek, wrapped))
            }
            _ => Err(unusable("an AES key-wrap secret")),
        },
        A128GcmKw | A192GcmKw | A256GcmKw => match &recipient.material {
            KeyMaterial::Secret(secret) => {
                let iv = match &options.key_wrap_iv {
                    Some(iv) => iv.clone(),
                    None => random_bytes(rng, 12).to_vec(),
                };
                let wrapped = aesgcmkw::wrap(alg, secret.as_bytes(), &cek, &iv, header)?;
                Ok((cek, wrapped))
            }
            _ => Err(unusable("an AES-GCM key-wrap secret")),
        },
        Pbes2Hs256A128Kw | Pbes2Hs384A192Kw | Pbes2Hs512A256Kw => match &recipient.material {
            KeyMaterial::Secret(password) => {
                let p2s = match &options.p2s {
                    Some(p2s) => p2s.clone(),
                    None => random_bytes(rng, 16).to_vec(),
                };
                let p2c = options.p2c.unwrap_or(DEFAULT_PBES2_COUNT);
                let wrapped = pbes2::wrap(alg, password.as_bytes(), &cek, &p2s, p2c, header)?;
                Ok((cek, wrapped))
            }
            _ => Err(unusable("a password (as a secret)")),
        },
    }
}

/// `len` bytes from the caller's RNG.
fn random_bytes(rng: &mut impl CryptoRngCore, len: usize) -> Zeroizing<Vec<u8>> {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    rng.fill_bytes(&mut bytes);
    bytes
}

/// The findings every JWE gets from its header alone.
pub(crate) fn header_findings(header: &Map<String, Value>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if header.get("alg").and_then(Value::as_str) == Some("RSA1_5") {
        findings.push(
            Finding::new(
                "jwe.rsa1_5",
                Severity::Warning,
                "\"alg\": \"RSA1_5\" (RSA PKCS#1 v1.5 key encryption) is vulnerable to \
                 padding-oracle attacks (Bleichenbacher); use RSA-OAEP-256",
            )
            .with_source("RFC 8725 §3.2"),
        );
    }
    if !header.get("kid").is_some_and(Value::is_string) {
        findings.push(Finding::new(
            "jwe.kid-missing",
            Severity::Warning,
            "the JWE header has no \"kid\": HTI:jwe requires the recipient's encryption key \
             id, so the module can pick its decryption key",
        ));
    }
    findings
}
