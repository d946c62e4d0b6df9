//! The one API between the page and the crypto worker: a [`Request`] goes in, a [`Response`]
//! comes out, both plain serde data ([`serde_wasm_bindgen`] turns them into structured-clone
//! values for `postMessage`).
//!
//! Who owns what: the **keyring lives in the worker**. The page knows each key by a [`KeyInfo`]:
//! its id, kind, `kid`, thumbprint and public exports, never the private bytes. Private material
//! crosses to the page only in [`Response::Exported`], which answers the user's "reveal" or
//! "export". Text the user pasted (a key to verify with, a key to sign with) is the user's own
//! input: the page sends it with each request, and the worker keeps it only in a one-entry cache.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use jose::finding::Finding;
use jose::jwks::KidStrategy;
use jose::key::{KeyKind, SecretEncoding};
use jose::JwsAlgorithm;

/// The id of the worker's first message, sent once it listens ("ready for `Hello`"), and of the
/// page's `Hello`: neither has a caller waiting.
pub const GREETING_ID: RequestId = 0;

/// Serialises a message the way the other side reads it back: JSON objects as plain objects,
/// not `Map`s, so a `serde_json::Value` survives the trip.
pub fn to_js<T: Serialize>(value: &T) -> Result<wasm_bindgen::JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| err.to_string())
}

/// A keyring entry's id: chosen by the worker, never reused within a page's life (the page
/// tells a restarted worker where to continue, [`Request::Hello`]).
pub type KeyId = u32;

/// A request's number, unique per page; a [`Reply`] carries it back.
pub type RequestId = u32;

/// What the page sends: one request with its number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    /// The number the reply will carry.
    pub id: RequestId,
    /// What to do.
    pub request: Request,
}

/// What the worker sends back for an [`Envelope`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reply {
    /// The request's number.
    pub id: RequestId,
    /// The answer, or why there is none (worded for the person at the keyboard).
    pub result: Result<Response, String>,
}

/// Where a key comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeySource {
    /// A key in the worker's keyring.
    Keyring(KeyId),
    /// Key text the user pasted (PEM, JWK, JWKS, base64 DER), with the password of an
    /// encrypted PKCS#8 key if there is one. The first key that fits the request is used.
    Text {
        /// The text as pasted.
        text: String,
        /// The password, if the key is encrypted.
        password: Option<String>,
    },
}

/// Everything the page can ask of the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// The first message to a (re)started worker: new keyring ids start at `first_key_id`.
    Hello {
        /// The next keyring id the page has not seen yet.
        first_key_id: KeyId,
    },
    /// Stop waiting for request `id`: its answer is dropped. Answered at once with
    /// [`Response::Cancelled`] unless the worker is busy computing, which the page notices.
    Cancel {
        /// The request to forget.
        id: RequestId,
    },
    /// Reads pasted key text without storing anything: what a view shows as "keys found".
    ReadKeys {
        /// The text as pasted.
        text: String,
        /// The password of an encrypted PKCS#8 key.
        password: Option<String>,
    },
    /// Verifies a compact token with the pasted key text and/or a keyring key.
    Verify(VerifyRequest),
    /// Signs a header and payload (JSON text, as typed).
    Sign(SignRequest),
    /// Generates a key into the keyring: WebCrypto first, the pure-Rust engine as fallback.
    Generate {
        /// What to generate.
        kind: KeyKind,
        /// The key's purpose, set as its JWK `use`: `None` (signing, as before) or `"enc"`
        /// (encryption, HTI:jwe); `"sig"` is accepted too.
        #[serde(default)]
        key_use: Option<String>,
        /// A name the keyring shows first instead of "generated", e.g. "Demo key (examples
        /// only)": the Decoder's examples mark their keys so nobody mistakes them for their own.
        #[serde(default)]
        label: Option<String>,
    },
    /// Imports every key in the text into the keyring.
    Import {
        /// PEM, JWK, JWKS, base64 or hex DER.
        text: String,
        /// The password of an encrypted PKCS#8 key.
        password: Option<String>,
    },
    /// Imports a key file (PEM text or DER bytes) into the keyring.
    ImportFile {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// The file's name, for the label.
        name: String,
        /// The password of an encrypted PKCS#8 key.
        password: Option<String>,
    },
    /// The private exports of a keyring key: asked for only when the user reveals them.
    ExportPrivate {
        /// The key.
        id: KeyId,
    },
    /// Forgets one keyring key.
    Remove {
        /// The key.
        id: KeyId,
    },
    /// Forgets every keyring key.
    Clear,
    /// The public halves of keys, for the JWKS builder (private keys are reduced to their
    /// public half, secrets refused).
    PublicKeys(PublicSource),
    /// Builds a JWK Set from public JWKs and checks it as a receiver would.
    BuildJwks(BuildJwksRequest),
    /// Checks a JWK Set the user pasted.
    ValidateJwks {
        /// The JSON text.
        text: String,
    },
    /// Decrypts a compact JWE with the pasted key text (keys, a password or a secret) and/or a
    /// keyring key.
    Decrypt(DecryptRequest),
    /// Encrypts a text (usually a signed token) for a recipient's public key: a compact JWE.
    Encrypt(EncryptRequest),
    /// Times one benchmark operation inside the worker (the `#/bench` view).
    Bench(BenchRequest),
}

/// Where [`Request::PublicKeys`] takes keys from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicSource {
    /// Every key in pasted text (PEM, JWK, JWKS).
    Text(String),
    /// These keyring keys.
    Keyring(Vec<KeyId>),
}

/// [`Request::Verify`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyRequest {
    /// The compact token, as typed.
    pub token: String,
    /// The verify-key text (keys, or an HMAC secret when the token is HS*).
    pub key_text: String,
    /// How a typed HMAC secret is written.
    pub encoding: SecretEncoding,
    /// A keyring key to try after the pasted ones.
    pub keyring_key: Option<KeyId>,
}

/// [`Request::Decrypt`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecryptRequest {
    /// The compact JWE, as on screen.
    pub token: String,
    /// PEM, JWK, JWKS, or (not key-shaped) a password for PBES2 or a secret for `dir`/AxxxKW.
    pub key_text: String,
    /// How a typed secret is written.
    pub encoding: SecretEncoding,
    /// A keyring key to try after the pasted ones.
    pub keyring_key: Option<KeyId>,
}

/// [`Request::Encrypt`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncryptRequest {
    /// What to encrypt (for HTI:jwe, the signed launch token).
    pub plaintext: String,
    /// The recipient's public key: PEM, JWK or JWKS (the first key that fits `alg`).
    pub recipient: String,
    /// The JWE `alg`, e.g. `RSA-OAEP-256`.
    pub alg: String,
    /// The JWE `enc`, e.g. `A256GCM`.
    pub enc: String,
    /// `cty: JWT`: the plaintext is a JWT (a nested JWT, RFC 7519 §5.2).
    pub nested: bool,
}

/// Answers [`Request::Decrypt`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecryptReport {
    /// `decrypted`, `failed` (no key opened it), `error` (the token or key is unusable) or
    /// `locked` (no key given yet).
    pub status: String,
    /// One sentence: which key and algorithms, or why not (one line per key tried).
    pub sentence: String,
    /// The plaintext as text (UTF-8, else hex), once decrypted.
    pub plaintext: Option<String>,
    /// `cty: JWT`: the plaintext is a token to decode and verify in turn.
    pub nested: bool,
    /// One line per key read from the text (and the keyring key).
    pub keys_read: Vec<String>,
    /// Observations (`jwe.*`).
    pub findings: Vec<Finding>,
}

/// Answers [`Request::Encrypt`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Encrypted {
    /// The compact JWE.
    pub token: String,
    /// The recipient key used: its `kid` (also in the JWE header) and what it is.
    pub recipient: String,
}

/// [`Request::Sign`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignRequest {
    /// The header JSON, as typed (`alg` is set to `alg`).
    pub header: String,
    /// The payload JSON, as typed.
    pub payload: String,
    /// The algorithm.
    pub alg: JwsAlgorithm,
    /// The signing key.
    pub key: KeySource,
}

/// One key of [`Request::BuildJwks`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwksEntryRequest {
    /// The public JWK (from [`PublicKeyInfo::jwk`]).
    pub jwk: Value,
    /// The `kid` typed or brought along; used under [`KidStrategy::Custom`] or when `kid_edited`.
    pub kid: Option<String>,
    /// True when the user typed `kid`: it then wins over a thumbprint strategy.
    pub kid_edited: bool,
    /// `use`; empty leaves it out.
    pub key_use: String,
    /// `alg`; empty leaves it out.
    pub alg: String,
}

/// [`Request::BuildJwks`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildJwksRequest {
    /// The builder's keys, in output order.
    pub entries: Vec<JwksEntryRequest>,
    /// How `kid`s are made.
    pub strategy: KidStrategy,
}

/// Everything the worker can answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// The worker is running (answers [`Request::Hello`]).
    Ready,
    /// The request was dropped (answers [`Request::Cancel`] for it).
    Cancelled,
    /// Done; nothing to report.
    Done,
    /// Answers [`Request::ReadKeys`].
    KeysRead(KeysRead),
    /// Answers [`Request::Verify`].
    Verified(VerifyReport),
    /// Answers [`Request::Sign`].
    Signed(Signed),
    /// Answers [`Request::Generate`], [`Request::Import`] and [`Request::ImportFile`]: the keys
    /// now in the keyring, and what could not be read.
    KeysAdded(KeysAdded),
    /// Answers [`Request::ExportPrivate`].
    Exported(PrivateExports),
    /// Answers [`Request::PublicKeys`].
    PublicKeys(KeysAdded<PublicKeyInfo>),
    /// Answers [`Request::BuildJwks`].
    JwksBuilt(JwksBuilt),
    /// Answers [`Request::ValidateJwks`].
    JwksChecked(Vec<Finding>),
    /// Answers [`Request::Decrypt`].
    Decrypted(DecryptReport),
    /// Answers [`Request::Encrypt`].
    Encrypted(Encrypted),
    /// Answers [`Request::Bench`].
    Bench(BenchSamples),
}

/// "private", "public" or "secret".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Material {
    /// A private key (with its public half).
    Private,
    /// A public key or certificate.
    Public,
    /// An HMAC secret.
    Secret,
}

impl Material {
    /// The word for `data-material` and the key facts.
    pub fn as_str(self) -> &'static str {
        match self {
            Material::Private => "private",
            Material::Public => "public",
            Material::Secret => "secret",
        }
    }
}

/// What the page knows of a keyring key: everything but private bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// The keyring id.
    pub id: KeyId,
    /// What the user sees: "RSA 2048 · generated", "EC P-256 · PKCS#8 PEM".
    pub label: String,
    /// The key's type and size.
    pub kind: KeyKind,
    /// Private, public or secret.
    pub material: Material,
    /// The `kid`: brought with the key, or (when `kid_generated`) its SHA-256 thumbprint.
    pub kid: Option<String>,
    /// True when the `kid` was made here; such a kid is not used to pick the key when verifying.
    pub kid_generated: bool,
    /// `use` as the key arrived with it.
    pub key_use: Option<String>,
    /// `alg` as the key arrived with it.
    pub alg: Option<String>,
    /// The algorithms it can sign with (empty for public keys).
    pub signing_algorithms: Vec<JwsAlgorithm>,
    /// The RFC 7638 SHA-256 thumbprint, base64url.
    pub thumbprint: String,
    /// The public JWK (compact JSON), when the key has a public half.
    pub public_jwk: Option<String>,
    /// The public key as SPKI PEM.
    pub spki_pem: Option<String>,
}

impl KeyInfo {
    /// True when the key can sign (a private key or a secret).
    pub fn can_sign(&self) -> bool {
        !self.signing_algorithms.is_empty()
    }
}

/// A key found in pasted text, without storing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyFound {
    /// Where it was and what format: "PEM block 1: SPKI public key, RSA 2048".
    pub description: String,
    /// Its type and size.
    pub kind: KeyKind,
    /// Private, public or secret.
    pub material: Material,
    /// The `kid` a token signed with it gets: its own, else its SHA-256 thumbprint.
    pub kid: Option<String>,
    /// The algorithms it can sign with (empty for public keys).
    pub signing_algorithms: Vec<JwsAlgorithm>,
}

/// Answers [`Request::ReadKeys`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeysRead {
    /// The keys found, in order.
    pub keys: Vec<KeyFound>,
    /// Why parts of the text could not be read (the whole text, when `keys` is empty).
    pub problems: Vec<String>,
}

/// Keys that were added (to the keyring or the JWKS builder) and what could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeysAdded<K = KeyInfo> {
    /// The keys, in order.
    pub keys: Vec<K>,
    /// Why parts of the input could not be read.
    pub problems: Vec<String>,
    /// Things the user should know ("the private key was reduced to its public half").
    pub notes: Vec<String>,
}

/// A public key for the JWKS builder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicKeyInfo {
    /// The public JWK with the metadata the key arrived with (`kid`, `use`, `alg`).
    pub jwk: Value,
    /// Its type and size.
    pub kind: KeyKind,
    /// Where it came from, for the user.
    pub description: String,
}

/// The signature verdict shown in `verify-status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// `valid`, `invalid`, `error` or `unverified`.
    pub status: String,
    /// One sentence: which key and algorithm verified, or exactly why not.
    pub sentence: String,
    /// One line per key read from the text (and the keyring key), in the order tried.
    pub keys_read: Vec<String>,
    /// Why the key text (or part of it) could not be read.
    pub key_error: Option<String>,
    /// What the token's `kid` says about the key that verified (or the only key offered).
    pub kid_finding: Option<Finding>,
    /// Findings about the keys offered, e.g. a public key offered as an HMAC secret.
    pub findings: Vec<Finding>,
}

/// Answers [`Request::Sign`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    /// The compact token.
    pub token: String,
    /// The signing key's public half as SPKI PEM (for "open in the Decoder"), if it has one.
    pub public_pem: Option<String>,
    /// The signing key's public JWK (compact JSON), if it has one.
    pub public_jwk: Option<String>,
}

/// The private exports of a key, each `None` when the key has no such form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PrivateExports {
    /// PKCS#8 PEM.
    pub pkcs8_pem: Option<String>,
    /// PKCS#1 PEM (RSA).
    pub pkcs1_pem: Option<String>,
    /// SEC1 PEM (EC).
    pub sec1_pem: Option<String>,
    /// The private JWK (pretty JSON).
    pub jwk: Option<String>,
    /// An HMAC secret as base64url.
    pub secret_b64url: Option<String>,
}

/// Answers [`Request::BuildJwks`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwksBuilt {
    /// Each entry's `kid` under the strategy, in order.
    pub kids: Vec<Option<String>>,
    /// The JWK Set, unless it could not be built.
    pub jwks: Option<Value>,
    /// Why it could not be built.
    pub error: Option<String>,
    /// The receiver's checks of the built set.
    pub findings: Vec<Finding>,
}

/// What [`Request::Bench`] times. Decoding is not among them: it needs no key, so the page
/// decodes, and the benchmark times it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BenchOp {
    /// Key generation: ours = the pure-Rust generator; browser = WebCrypto `generateKey` plus
    /// `exportKey("pkcs8")`.
    Keygen(KeyKind),
    /// RS256 signing with an RSA-2048 key.
    SignRs256,
    /// ES256 verification.
    VerifyEs256,
    /// RS256 verification against a 50-key JWK Set, the key picked by `kid`.
    VerifyJwks50,
    /// Decrypting a ~1.3 KB HTI launch token encrypted with `RSA-OAEP-256` + `A256GCM` (RSA-2048);
    /// browser = WebCrypto RSA-OAEP `decrypt` of the content key, then AES-GCM `decrypt`.
    DecryptRsaOaep256,
    /// Encrypting the same token with `RSA-OAEP-256` + `A256GCM`; browser = WebCrypto RSA-OAEP
    /// `encrypt` of a fresh content key, then AES-GCM `encrypt`.
    EncryptRsaOaep256,
    /// Decrypting it with `ECDH-ES+A256KW` + `A256GCM` (P-256); browser = WebCrypto ECDH
    /// `deriveBits`, the Concat KDF as one SHA-256 `digest`, AES-KW `unwrapKey`, AES-GCM.
    DecryptEcdhEsA256Kw,
    /// Encrypting it with `ECDH-ES+A256KW` + `A256GCM`; browser = a WebCrypto ephemeral key,
    /// `deriveBits`, `digest`, AES-KW `wrapKey`, AES-GCM.
    EncryptEcdhEsA256Kw,
}

/// [`Request::Bench`]: each side's runs happen one after the other, the engine's first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchRequest {
    /// The operation.
    pub op: BenchOp,
    /// Timed runs of the engine ("ours"); 0 skips it.
    pub ours_runs: u32,
    /// Timed runs of the browser's implementation; 0 skips it.
    pub browser_runs: u32,
    /// Calls per timed run (sub-millisecond operations are timed several at a time).
    pub batch: u32,
}

/// Answers [`Request::Bench`]: the time per call of each run, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchSamples {
    /// The engine's runs.
    pub ours: Vec<f64>,
    /// The browser's runs.
    pub browser: Vec<f64>,
    /// For the verify operations: the token and the key text the fixture made, so the page
    /// can time the user's own path with them ([`Request::Verify`]).
    pub verify_input: Option<BenchVerifyInput>,
}

/// A token and the key text (PEM, or a JWK Set) that verifies it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchVerifyInput {
    /// The compact token.
    pub token: String,
    /// The key text, as a user would paste it.
    pub key_text: String,
}
