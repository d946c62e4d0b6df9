//! The benchmark's JWE rows: decrypting and encrypting a ~1.3 KB HTI launch token with
//! `RSA-OAEP-256` + `A256GCM` (RSA-2048) and `ECDH-ES+A256KW` + `A256GCM` (P-256).
//!
//! Ours = [`jose::jwe::decrypt`] / [`jose::jwe::encrypt`], parsing included, as the app runs
//! them. Browser = the same JWE steps with `crypto.subtle`, which knows the primitives but not
//! JWE: the compact form is split and base64url-decoded here (microseconds either way), the
//! Concat KDF of RFC 7518 §4.6.2 is one SHA-256 `digest` (a 256-bit key-wrap key needs one
//! round), and the key-wrap and content keys never leave WebCrypto where the API allows it.
//!
//! Each row first checks, untimed, that the two sides understand each other: WebCrypto opens
//! the engine's JWE, and the engine opens WebCrypto's, both to the very plaintext.

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use rand_core::{OsRng, RngCore};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;
use zeroize::Zeroizing;

use jose::b64::{self, B64Field};
use jose::jwe::{self, ContentEncryption, JweSegment, KeyManagement};
use jose::key::{EcCurve, Key, KeyKind, KeyMaterial};

use super::{fixture_pair, samples, timed, Runs};
use crate::worker::protocol::BenchSamples;
use crate::worker::webcrypto::{self, describe, object, settle, subtle};

/// Both rows encrypt the content with AES-256-GCM, as HTI:jwe tokens do.
const ENC: ContentEncryption = ContentEncryption::A256Gcm;

/// The AES-GCM tag, 128 bits (RFC 7518 §5.3).
const TAG_LEN: usize = 16;

/// The key management of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scheme {
    /// `RSA-OAEP-256` with an RSA-2048 key.
    RsaOaep256,
    /// `ECDH-ES+A256KW` with a P-256 key.
    EcdhEsA256Kw,
}

impl Scheme {
    fn alg(self) -> KeyManagement {
        match self {
            Scheme::RsaOaep256 => KeyManagement::RsaOaep256,
            Scheme::EcdhEsA256Kw => KeyManagement::EcdhEsA256Kw,
        }
    }

    fn kind(self) -> KeyKind {
        match self {
            Scheme::RsaOaep256 => KeyKind::Rsa { bits: 2048 },
            Scheme::EcdhEsA256Kw => KeyKind::Ec(EcCurve::P256),
        }
    }

    /// WebCrypto's import parameters for the recipient's key pair.
    fn import_params(self) -> Result<Object, String> {
        match self {
            Scheme::RsaOaep256 => {
                object(&[("name", "RSA-OAEP".into()), ("hash", "SHA-256".into())])
            }
            Scheme::EcdhEsA256Kw => {
                object(&[("name", "ECDH".into()), ("namedCurve", "P-256".into())])
            }
        }
    }
}

/// One recipient key pair on both sides.
struct Fixture {
    /// The engine's private key (decrypts).
    private: Key,
    /// The engine's public-only key (encrypts): a sender has only that, and an EC private key
    /// would make the engine derive its public point on every call.
    public: Key,
    /// The same private key in WebCrypto.
    browser_private: CryptoKey,
    /// The same public key in WebCrypto.
    browser_public: CryptoKey,
}

async fn fixture(scheme: Scheme) -> Result<Fixture, String> {
    // Generated as a signing pair (the benchmark's one generator), then imported for
    // encryption: PKCS#8 and SPKI carry the key, not what it is for.
    let (private, pair) = fixture_pair(scheme.kind()).await?;
    let pkcs8 = webcrypto::export_pkcs8(&pair.private).await?;
    let spki = webcrypto::export_spki(&pair.public).await?;
    let params = scheme.import_params()?;
    let (private_usages, public_usages): (&[&str], &[&str]) = match scheme {
        Scheme::RsaOaep256 => (&["decrypt"], &["encrypt"]),
        // An ECDH public key has no usages of its own: it is a parameter of `deriveBits`.
        Scheme::EcdhEsA256Kw => (&["deriveBits"], &[]),
    };
    let browser_private = webcrypto::import_with("pkcs8", &pkcs8, &params, private_usages).await?;
    let browser_public = webcrypto::import_with("spki", &spki, &params, public_usages).await?;
    let public = private
        .public_key()
        .ok_or_else(|| "the fixture key has no public half".to_owned())?;
    Ok(Fixture {
        private,
        public: Key::new(KeyMaterial::Public(public)),
        browser_private,
        browser_public,
    })
}

/// Ours decrypts the engine's JWE; the browser decrypts the same token.
pub(super) async fn decrypt_runs(runs: Runs, scheme: Scheme) -> Result<BenchSamples, String> {
    let fixture = fixture(scheme).await?;
    let plaintext = launch_token();
    let token = ours_encrypt(scheme, &fixture.public, plaintext.as_bytes())?;
    let ours_decrypt = || ours_open(&token, &fixture.private);
    let browser_decrypt = || browser_open(scheme, &fixture.browser_private, &token);
    if ours_decrypt()? != plaintext.as_bytes() {
        return Err(format!(
            "{}: the engine did not get its own plaintext back",
            scheme.alg()
        ));
    }
    if browser_decrypt().await? != plaintext.as_bytes() {
        return Err(format!(
            "{}: WebCrypto did not decrypt the engine's JWE",
            scheme.alg()
        ));
    }
    let ours = timed(runs.ours, runs.batch, || async { ours_decrypt().map(drop) }).await?;
    let browser = timed(runs.browser, runs.batch, || async {
        browser_decrypt().await.map(drop)
    })
    .await?;
    Ok(samples(ours, browser))
}

/// Ours encrypts for the public key; the browser does the same with WebCrypto.
pub(super) async fn encrypt_runs(runs: Runs, scheme: Scheme) -> Result<BenchSamples, String> {
    let fixture = fixture(scheme).await?;
    let plaintext = launch_token();
    let ours_encrypt = || ours_encrypt(scheme, &fixture.public, plaintext.as_bytes());
    let browser_encrypt = || browser_seal(scheme, &fixture.browser_public, plaintext.as_bytes());
    if ours_open(&browser_encrypt().await?, &fixture.private)? != plaintext.as_bytes() {
        return Err(format!(
            "{}: the engine did not decrypt WebCrypto's JWE",
            scheme.alg()
        ));
    }
    if browser_open(scheme, &fixture.browser_private, &ours_encrypt()?).await?
        != plaintext.as_bytes()
    {
        return Err(format!(
            "{}: WebCrypto did not decrypt the engine's JWE",
            scheme.alg()
        ));
    }
    let ours = timed(runs.ours, runs.batch, || async { ours_encrypt().map(drop) }).await?;
    let browser = timed(runs.browser, runs.batch, || async {
        browser_encrypt().await.map(drop)
    })
    .await?;
    Ok(samples(ours, browser))
}

/// The engine, as HTI:jwe is sent: the launch JWT inside, `cty: "JWT"`.
fn ours_encrypt(scheme: Scheme, recipient: &Key, plaintext: &[u8]) -> Result<String, String> {
    let mut extra = Map::new();
    extra.insert("cty".to_owned(), Value::String("JWT".to_owned()));
    jwe::encrypt(plaintext, recipient, scheme.alg(), ENC, extra, &mut OsRng)
        .map_err(|e| e.to_string())
}

/// The engine, as the Decoder opens a pasted JWE: parse, then decrypt.
fn ours_open(token: &str, private: &Key) -> Result<Vec<u8>, String> {
    let parsed = jose::decode_jwe(token).map_err(|e| e.to_string())?;
    jwe::decrypt(&parsed, std::slice::from_ref(private), &mut OsRng)
        .map(|decrypted| decrypted.plaintext)
        .map_err(|e| e.to_string())
}

/// WebCrypto decrypts a compact JWE of `scheme` + A256GCM.
async fn browser_open(scheme: Scheme, private: &CryptoKey, token: &str) -> Result<Vec<u8>, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, encrypted_key, iv, ciphertext, tag] = parts[..] else {
        return Err("not a compact JWE".to_owned());
    };
    let segment = |which: JweSegment, text: &str| {
        b64::decode(B64Field::Jwe(which), text).map_err(|e| e.to_string())
    };
    let encrypted_key = segment(JweSegment::EncryptedKey, encrypted_key)?;
    let iv = segment(JweSegment::Iv, iv)?;
    // WebCrypto's AES-GCM takes the tag appended to the ciphertext.
    let mut sealed = segment(JweSegment::Ciphertext, ciphertext)?;
    sealed.extend(segment(JweSegment::Tag, tag)?);
    let usages = Array::of1(&JsValue::from_str("decrypt"));
    let cek = match scheme {
        Scheme::RsaOaep256 => {
            let params = object(&[("name", "RSA-OAEP".into())])?;
            let promise = subtle()?
                .decrypt_with_object_and_u8_array(&params, private, &encrypted_key)
                .map_err(describe)?;
            let raw = webcrypto::take_bytes(&Uint8Array::new(&settle(promise).await?));
            let params = object(&[("name", "AES-GCM".into())])?;
            webcrypto::import_with("raw", &raw, &params, &["decrypt"]).await?
        }
        Scheme::EcdhEsA256Kw => {
            let header = segment(JweSegment::Header, header_b64)?;
            let header = JSON::parse(&String::from_utf8_lossy(&header)).map_err(describe)?;
            let epk = Reflect::get(&header, &JsValue::from_str("epk")).map_err(describe)?;
            if !epk.is_object() {
                return Err("the header has no \"epk\"".to_owned());
            }
            let usage = Array::new();
            let promise = subtle()?
                .import_key_with_object(
                    "jwk",
                    epk.unchecked_ref(),
                    &scheme.import_params()?,
                    false,
                    &usage,
                )
                .map_err(describe)?;
            let epk: CryptoKey = settle(promise).await?.unchecked_into();
            let apu = header_bytes(&header, "apu")?;
            let apv = header_bytes(&header, "apv")?;
            let kek = key_wrap_key(private, &epk, &apu, &apv, "unwrapKey").await?;
            let promise = subtle()?
                .unwrap_key_with_u8_array_and_str_and_str(
                    "raw",
                    &encrypted_key,
                    &kek,
                    "AES-KW",
                    "AES-GCM",
                    false,
                    &usages,
                )
                .map_err(describe)?;
            settle(promise).await?.unchecked_into()
        }
    };
    let params = gcm_params(&iv, header_b64)?;
    let promise = subtle()?
        .decrypt_with_object_and_u8_array(&params, &cek, &sealed)
        .map_err(describe)?;
    Ok(Uint8Array::new(&settle(promise).await?).to_vec())
}

/// WebCrypto encrypts `plaintext` as a compact JWE of `scheme` + A256GCM, `cty: "JWT"`.
async fn browser_seal(
    scheme: Scheme,
    public: &CryptoKey,
    plaintext: &[u8],
) -> Result<String, String> {
    // `OsRng` is `crypto.getRandomValues` in the browser: the same source WebCrypto draws from.
    let mut iv = [0u8; 12];
    OsRng.fill_bytes(&mut iv);
    let (header, cek, encrypted_key) = match scheme {
        Scheme::RsaOaep256 => {
            let mut raw = Zeroizing::new([0u8; 32]);
            OsRng.fill_bytes(&mut raw[..]);
            let params = object(&[("name", "RSA-OAEP".into())])?;
            let promise = subtle()?
                .encrypt_with_object_and_u8_array(&params, public, &raw[..])
                .map_err(describe)?;
            let encrypted_key = Uint8Array::new(&settle(promise).await?).to_vec();
            let params = object(&[("name", "AES-GCM".into())])?;
            let cek = webcrypto::import_with("raw", &raw[..], &params, &["encrypt"]).await?;
            let header = r#"{"alg":"RSA-OAEP-256","cty":"JWT","enc":"A256GCM"}"#.to_owned();
            (header, cek, encrypted_key)
        }
        Scheme::EcdhEsA256Kw => {
            let params = scheme.import_params()?;
            let usages = Array::of1(&JsValue::from_str("deriveBits"));
            let promise = subtle()?
                .generate_key_with_object(&params, true, &usages)
                .map_err(describe)?;
            let ephemeral = settle(promise).await?;
            let half = |name: &str| -> Result<CryptoKey, String> {
                Reflect::get(&ephemeral, &JsValue::from_str(name))
                    .map_err(describe)?
                    .dyn_into::<CryptoKey>()
                    .map_err(|_| format!("WebCrypto returned no {name}"))
            };
            let promise = subtle()?
                .export_key("jwk", &half("publicKey")?)
                .map_err(describe)?;
            let jwk = settle(promise).await?;
            let coordinate = |name: &str| -> Result<String, String> {
                Reflect::get(&jwk, &JsValue::from_str(name))
                    .map_err(describe)?
                    .as_string()
                    .ok_or_else(|| format!("the ephemeral JWK has no \"{name}\""))
            };
            let header = format!(
                r#"{{"alg":"ECDH-ES+A256KW","epk":{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}},"cty":"JWT","enc":"A256GCM"}}"#,
                coordinate("x")?,
                coordinate("y")?
            );
            let kek = key_wrap_key(&half("privateKey")?, public, &[], &[], "wrapKey").await?;
            // Extractable, or `wrapKey` refuses it.
            let params = object(&[("name", "AES-GCM".into()), ("length", 256.into())])?;
            let usages = Array::of1(&JsValue::from_str("encrypt"));
            let promise = subtle()?
                .generate_key_with_object(&params, true, &usages)
                .map_err(describe)?;
            let cek: CryptoKey = settle(promise).await?.unchecked_into();
            let promise = subtle()?
                .wrap_key_with_str("raw", &cek, &kek, "AES-KW")
                .map_err(describe)?;
            let encrypted_key = Uint8Array::new(&settle(promise).await?).to_vec();
            (header, cek, encrypted_key)
        }
    };
    let header_b64 = b64::encode(header.as_bytes());
    let params = gcm_params(&iv, &header_b64)?;
    let promise = subtle()?
        .encrypt_with_object_and_u8_array(&params, &cek, plaintext)
        .map_err(describe)?;
    let sealed = Uint8Array::new(&settle(promise).await?).to_vec();
    let split = sealed
        .len()
        .checked_sub(TAG_LEN)
        .ok_or_else(|| "WebCrypto returned no tag".to_owned())?;
    let (ciphertext, tag) = sealed.split_at(split);
    Ok([
        header_b64,
        b64::encode(&encrypted_key),
        b64::encode(&iv),
        b64::encode(ciphertext),
        b64::encode(tag),
    ]
    .join("."))
}

/// AES-GCM with the JWE's IV and, as additional data, the protected header as sent (its
/// base64url text, RFC 7516 §5.1 step 14).
fn gcm_params(iv: &[u8], header_b64: &str) -> Result<Object, String> {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        (
            "additionalData",
            Uint8Array::from(header_b64.as_bytes()).into(),
        ),
        ("tagLength", JsValue::from(128)),
    ])
}

/// A base64url header member (`apu`, `apv`), empty when absent.
fn header_bytes(header: &JsValue, name: &str) -> Result<Vec<u8>, String> {
    match Reflect::get(header, &JsValue::from_str(name))
        .map_err(describe)?
        .as_string()
    {
        Some(text) => {
            b64::decode(B64Field::HeaderMember(name.to_owned()), &text).map_err(|e| e.to_string())
        }
        None => Ok(Vec::new()),
    }
}

/// ECDH `deriveBits`, then the Concat KDF (RFC 7518 §4.6.2) for `ECDH-ES+A256KW`: one SHA-256
/// `digest` of round 1 ‖ Z ‖ OtherInfo, imported as an AES-KW key for `usage`.
async fn key_wrap_key(
    private: &CryptoKey,
    public: &CryptoKey,
    apu: &[u8],
    apv: &[u8],
    usage: &str,
) -> Result<CryptoKey, String> {
    let params = object(&[
        ("name", "ECDH".into()),
        ("public", JsValue::from(public.clone())),
    ])?;
    let promise = subtle()?
        .derive_bits_with_object(&params, private, 256)
        .map_err(describe)?;
    let z = webcrypto::take_bytes(&Uint8Array::new(&settle(promise).await?));
    let mut input = Zeroizing::new(Vec::with_capacity(z.len() + 64));
    input.extend_from_slice(&1u32.to_be_bytes());
    input.extend_from_slice(&z);
    for field in [KeyManagement::EcdhEsA256Kw.name().as_bytes(), apu, apv] {
        let len = u32::try_from(field.len()).map_err(|_| "apu/apv is too long".to_owned())?;
        input.extend_from_slice(&len.to_be_bytes());
        input.extend_from_slice(field);
    }
    // SuppPubInfo: the key-wrap key's length in bits.
    input.extend_from_slice(&256u32.to_be_bytes());
    let promise = subtle()?
        .digest_with_str_and_u8_array("SHA-256", &input)
        .map_err(describe)?;
    let kek = webcrypto::take_bytes(&Uint8Array::new(&settle(promise).await?));
    let params = object(&[("name", "AES-KW".into())])?;
    webcrypto::import_with("raw", &kek, &params, &[usage]).await
}

/// A signed HTI launch JWT as Koppeltaal modules receive it inside HTI:jwe: about 1.3 KB (the
/// signature bytes are filler; nothing verifies them here).
fn launch_token() -> String {
    let header = r#"{"alg":"RS256","typ":"JWT","kid":"bench-portal-2026"}"#;
    let payload = concat!(
        r#"{"iss":"https://portal.bench.example/fhir/Device/bench-portal","#,
        r#""aud":"https://module.bench.example/fhir/Device/bench-module","#,
        r#""sub":"https://portal.bench.example/fhir/Patient/7f3c2a1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b","#,
        r#""iat":1764000000,"exp":1764000300,"jti":"2b8e4c6a-1d3f-4a5b-8c7d-9e0f1a2b3c4d","#,
        r#""resource":"https://portal.bench.example/fhir/Task/0a1b2c3d-4e5f-4a6b-8c9d-0e1f2a3b4c5d","#,
        r#""definition":"https://portal.bench.example/fhir/ActivityDefinition/mood-diary-v3","#,
        r#""patient":"https://portal.bench.example/fhir/Patient/7f3c2a1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b","#,
        r#""user":"https://portal.bench.example/fhir/Practitioner/c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f","#,
        r#""intent":"plan"}"#
    );
    format!(
        "{}.{}.{}",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes()),
        b64::encode(&[0x5a; 256])
    )
}
