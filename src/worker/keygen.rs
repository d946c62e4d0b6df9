//! Key generation in the worker: WebCrypto first (native speed: RSA-2048 in ~0.1 s where pure
//! wasm needs ~1 s), the pure-Rust engine when WebCrypto lacks the type or fails.
//!
//! The pure-Rust path blocks the worker for as long as it takes (seconds for RSA-4096), never the
//! page; the page's deadline for a generation allows for that.

use js_sys::Uint8Array;
use rand_core::OsRng;

use jose::key::{generate, import, Key, KeyKind, KeyMaterial};

use super::webcrypto;

/// Generates a key of `kind`: WebCrypto first, the pure-Rust engine as fallback.
pub async fn generate_key(kind: KeyKind) -> Result<Key, String> {
    // WebCrypto is not asked for secrets, nor for X25519 (the built-in generator makes those).
    if let KeyKind::Hmac { .. } | KeyKind::X25519 = kind {
        return generate::generate(kind, &mut OsRng).map_err(|e| e.to_string());
    }
    let webcrypto_error = match generate_with_webcrypto(kind).await {
        Ok(key) => return Ok(key),
        Err(error) => error,
    };
    generate::generate(kind, &mut OsRng).map_err(|error| {
        format!(
            "could not generate a {} key. WebCrypto: {webcrypto_error}. Built-in generator: {error}",
            kind.label()
        )
    })
}

/// Generates a key with WebCrypto and hands it to the engine.
pub async fn generate_with_webcrypto(kind: KeyKind) -> Result<Key, String> {
    let pair = webcrypto::generate_pair(kind).await?;
    let subtle = webcrypto::subtle()?;
    // Both exports are started before either is awaited, so the browser runs them side by side.
    let pkcs8 = subtle
        .export_key("pkcs8", &pair.private)
        .map_err(webcrypto::describe)?;
    // WebCrypto's Ed25519 PKCS#8 is version 1, the seed alone; deriving the public key from it
    // would cost more than the generation, so it is exported too. RSA and EC PKCS#8 carry it.
    let spki = match kind {
        KeyKind::Ed25519 => Some(subtle.export_key("spki", &pair.public).map_err(webcrypto::describe)?),
        _ => None,
    };
    let pkcs8 = webcrypto::take_bytes(&Uint8Array::new(&webcrypto::settle(pkcs8).await?));
    let spki = match spki {
        Some(promise) => Some(Uint8Array::new(&webcrypto::settle(promise).await?).to_vec()),
        None => None,
    };
    let key = key_from_generated(&pkcs8, spki.as_deref())?;
    // A browser that ignored part of the request (another size or curve) must not go unnoticed.
    if key.kind() != kind {
        return Err(format!(
            "WebCrypto made a {} key, not {}",
            key.kind().label(),
            kind.label()
        ));
    }
    Ok(key)
}

/// Turns a key pair just generated (by WebCrypto) into an engine key: the private key as PKCS#8
/// DER, plus the public key as SPKI DER when the PKCS#8 lacks it.
///
/// The engine takes the public half as the generator made it instead of re-deriving it (a
/// scalar multiplication that costs more than WebCrypto's whole generation); the key refuses
/// to sign if the two halves ever disagree ([`import::import_generated`]). Keys the user
/// imports are checked at import as always.
pub fn key_from_generated(pkcs8: &[u8], spki: Option<&[u8]>) -> Result<Key, String> {
    let key = import::import_generated(pkcs8, spki)
        .map_err(|e| format!("the generated key could not be read: {e}"))?;
    match key.material {
        KeyMaterial::Private(_) => Ok(key),
        _ => Err("the generated key came back without its private half".to_owned()),
    }
}
