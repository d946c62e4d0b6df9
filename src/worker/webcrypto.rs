//! The browser's own crypto (`crypto.subtle`), for fast key generation and for the benchmark.
//!
//! Key generation ([`super::keygen`]): WebCrypto generates the pair natively (RSA-2048 in ~0.1 s where pure-Rust
//! wasm needs ~1 s), exports the private key as PKCS#8 (and, for Ed25519, whose PKCS#8 has no
//! public key, the public key as SPKI) and the engine imports it; from then on the engine owns
//! the key. The `CryptoKey` objects are dropped and the exported private bytes are wiped on both
//! sides of the wasm boundary (PKCS#8 is an `ArrayBuffer` and can be; a JWK's `d` would be a
//! JavaScript string, which cannot). Nothing is stored or sent anywhere.
//!
//! Signing and verifying here ([`sign`], [`verify`]) exist ONLY so the benchmark can compare the
//! engine with the browser; the app itself always signs and verifies with the engine, whose
//! checks (key/algorithm binding, strict encodings) WebCrypto does not make.
//! Likewise `import_with` (RSA-OAEP, ECDH and AES keys) serves only the benchmark's JWE rows
//! (`bench/jwe.rs`): the app decrypts and encrypts JWE with the engine.
//!
//! Works in a window and in a worker: everything goes through `globalThis.crypto`.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};
use zeroize::Zeroizing;

use jose::key::KeyKind;
use jose::JwsAlgorithm;

/// A WebCrypto key pair, both halves usable for `sign`/`verify`.
#[derive(Debug, Clone)]
pub struct WebCryptoPair {
    /// The private half (extractable, so it can be exported as PKCS#8).
    pub private: CryptoKey,
    /// The public half.
    pub public: CryptoKey,
}

/// `crypto.subtle` of this global (window or worker). Absent outside secure contexts.
pub fn subtle() -> Result<SubtleCrypto, String> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(describe)?;
    if crypto.is_undefined() || crypto.is_null() {
        return Err("this browser has no Web Crypto API".to_owned());
    }
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(describe)?;
    subtle.dyn_into::<SubtleCrypto>().map_err(|_| {
        "crypto.subtle is unavailable (the page is not in a secure context)".to_owned()
    })
}

/// Generates a key pair in the browser's crypto implementation.
pub async fn generate_pair(kind: KeyKind) -> Result<WebCryptoPair, String> {
    let params = keygen_params(kind)?;
    let usages = Array::of2(&JsValue::from_str("sign"), &JsValue::from_str("verify"));
    let promise = subtle()?
        .generate_key_with_object(&params, true, &usages)
        .map_err(describe)?;
    let pair = settle(promise).await?;
    let half = |name: &str| -> Result<CryptoKey, String> {
        Reflect::get(&pair, &JsValue::from_str(name))
            .map_err(describe)?
            .dyn_into::<CryptoKey>()
            .map_err(|_| format!("WebCrypto returned no {name}"))
    };
    Ok(WebCryptoPair {
        private: half("privateKey")?,
        public: half("publicKey")?,
    })
}

/// Exports a private key as PKCS#8 DER and wipes the JavaScript copy of the bytes.
pub async fn export_pkcs8(key: &CryptoKey) -> Result<Zeroizing<Vec<u8>>, String> {
    let buffer = settle(subtle()?.export_key("pkcs8", key).map_err(describe)?).await?;
    Ok(take_bytes(&Uint8Array::new(&buffer)))
}

/// Exports a public key as SubjectPublicKeyInfo DER.
pub async fn export_spki(key: &CryptoKey) -> Result<Vec<u8>, String> {
    let buffer = settle(subtle()?.export_key("spki", key).map_err(describe)?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Generates a key with WebCrypto and returns its private half as PKCS#8 DER: the least a
/// JavaScript key generator must do to show the user a key (the benchmark's baseline).
pub async fn generate_pkcs8(kind: KeyKind) -> Result<Zeroizing<Vec<u8>>, String> {
    let pair = generate_pair(kind).await?;
    export_pkcs8(&pair.private).await
}

/// Imports PKCS#8 DER into WebCrypto as a signing key for `alg` (benchmark only).
pub async fn import_signing_key(alg: JwsAlgorithm, pkcs8: &[u8]) -> Result<CryptoKey, String> {
    import_key("pkcs8", alg, pkcs8, "sign").await
}

/// Imports SubjectPublicKeyInfo DER into WebCrypto as a verifying key for `alg` (benchmark only).
pub async fn import_verifying_key(alg: JwsAlgorithm, spki: &[u8]) -> Result<CryptoKey, String> {
    import_key("spki", alg, spki, "verify").await
}

/// Signs with WebCrypto (benchmark only). ECDSA signatures come out as r‖s, as JWS wants.
pub async fn sign(alg: JwsAlgorithm, key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>, String> {
    let promise = subtle()?
        .sign_with_object_and_u8_array(&sign_params(alg)?, key, data)
        .map_err(describe)?;
    let buffer = settle(promise).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Verifies with WebCrypto (benchmark only).
pub async fn verify(
    alg: JwsAlgorithm,
    key: &CryptoKey,
    signature: &[u8],
    data: &[u8],
) -> Result<bool, String> {
    let promise = subtle()?
        .verify_with_object_and_u8_array_and_u8_array(&sign_params(alg)?, key, signature, data)
        .map_err(describe)?;
    Ok(settle(promise).await?.as_bool() == Some(true))
}

/// Imports DER (`pkcs8`, `spki`) or raw bytes into WebCrypto with explicit parameters and
/// usages (the benchmark's JWE keys: RSA-OAEP, ECDH, AES), not extractable.
pub(crate) async fn import_with(
    format: &str,
    bytes: &[u8],
    params: &Object,
    usages: &[&str],
) -> Result<CryptoKey, String> {
    let data = Uint8Array::from(bytes);
    let usages: Array = usages
        .iter()
        .map(|usage| JsValue::from_str(usage))
        .collect();
    let promise = subtle()?
        .import_key_with_object(format, &data, params, false, &usages)
        .map_err(describe)?;
    let key = settle(promise).await;
    // The bytes may be a private key or a content key: wipe the JavaScript copy.
    data.fill(0, 0, data.length());
    key?.dyn_into::<CryptoKey>()
        .map_err(|_| "WebCrypto returned no key".to_owned())
}

/// Copies bytes out of a JavaScript array into wiped-on-drop memory and zeroes the original.
pub(crate) fn take_bytes(array: &Uint8Array) -> Zeroizing<Vec<u8>> {
    let bytes = Zeroizing::new(array.to_vec());
    array.fill(0, 0, array.length());
    bytes
}

/// Turns a JavaScript exception (`DOMException`, `Error`, anything) into a readable message.
pub(crate) fn describe(error: JsValue) -> String {
    let field = |name: &str| {
        Reflect::get(&error, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.as_string())
    };
    match (field("name"), field("message")) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        (None, Some(message)) => message,
        (None, None) => error
            .as_string()
            .unwrap_or_else(|| "unknown WebCrypto error".to_owned()),
    }
}

pub(crate) async fn settle(promise: Promise) -> Result<JsValue, String> {
    JsFuture::from(promise).await.map_err(describe)
}

async fn import_key(
    format: &str,
    alg: JwsAlgorithm,
    der: &[u8],
    usage: &str,
) -> Result<CryptoKey, String> {
    let data = Uint8Array::from(der);
    let usages = Array::of1(&JsValue::from_str(usage));
    let promise = subtle()?
        .import_key_with_object(format, &data, &import_params(alg)?, false, &usages)
        .map_err(describe)?;
    let key = settle(promise).await;
    data.fill(0, 0, data.length());
    key?.dyn_into::<CryptoKey>()
        .map_err(|_| "WebCrypto returned no key".to_owned())
}

/// A plain JavaScript object with these members (WebCrypto's algorithm parameters).
pub(crate) fn object(members: &[(&str, JsValue)]) -> Result<Object, String> {
    let object = Object::new();
    for (name, value) in members {
        Reflect::set(&object, &JsValue::from_str(name), value).map_err(describe)?;
    }
    Ok(object)
}

fn keygen_params(kind: KeyKind) -> Result<Object, String> {
    match kind {
        KeyKind::Rsa { bits } => object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("modulusLength", JsValue::from(bits as u32)),
            // e = 65537, big-endian.
            ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
            ("hash", "SHA-256".into()),
        ]),
        KeyKind::Ec(curve) => object(&[
            ("name", "ECDSA".into()),
            ("namedCurve", curve.jwk_name().into()),
        ]),
        KeyKind::Ed25519 => object(&[("name", "Ed25519".into())]),
        KeyKind::Hmac { .. } => Err("HMAC secrets are not generated with WebCrypto".to_owned()),
        // Not offered here: the built-in generator makes X25519 keys instead.
        KeyKind::X25519 => Err("X25519 keys are not generated with WebCrypto here".to_owned()),
    }
}

fn import_params(alg: JwsAlgorithm) -> Result<Object, String> {
    match alg {
        JwsAlgorithm::Rs256 => object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("hash", "SHA-256".into()),
        ]),
        JwsAlgorithm::Es256 => object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
        JwsAlgorithm::Es384 => object(&[("name", "ECDSA".into()), ("namedCurve", "P-384".into())]),
        JwsAlgorithm::Es512 => object(&[("name", "ECDSA".into()), ("namedCurve", "P-521".into())]),
        JwsAlgorithm::EdDsa => object(&[("name", "Ed25519".into())]),
        other => Err(format!("{other} is not compared with WebCrypto")),
    }
}

fn sign_params(alg: JwsAlgorithm) -> Result<Object, String> {
    match alg {
        JwsAlgorithm::Rs256 => object(&[("name", "RSASSA-PKCS1-v1_5".into())]),
        JwsAlgorithm::Es256 => object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
        JwsAlgorithm::Es384 => object(&[("name", "ECDSA".into()), ("hash", "SHA-384".into())]),
        JwsAlgorithm::Es512 => object(&[("name", "ECDSA".into()), ("hash", "SHA-512".into())]),
        JwsAlgorithm::EdDsa => object(&[("name", "Ed25519".into())]),
        other => Err(format!("{other} is not compared with WebCrypto")),
    }
}
