//! Key generation in the worker: WebCrypto first (native speed: RSA-2048 in ~0.1 s where pure
//! wasm needs ~1 s), the pure-Rust engine when WebCrypto lacks the type or fails.
//!
//! The pure-Rust path blocks the worker for as long as it takes (seconds for RSA-4096), never the
//! page; the page's deadline for a generation allows for that.

use rand_core::OsRng;

use jose::key::{generate, import, Key, KeyKind, KeyMaterial};

/// Generates a key of `kind`: WebCrypto first, the pure-Rust engine as fallback.
pub async fn generate_key(kind: KeyKind) -> Result<Key, String> {
    if let KeyKind::Hmac { .. } = kind {
        return generate::generate(kind, &mut OsRng).map_err(|e| e.to_string());
    }
    let webcrypto_error = match super::webcrypto::generate_key(kind).await {
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
