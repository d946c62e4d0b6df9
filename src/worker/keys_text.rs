//! Turning pasted key text into keys, the same way for every view (in the worker).
//!
//! The engine detects the format ([`import_keys`]); this module only words the outcome for the
//! page: one line per key found, and every problem as one message.

use jose::alg::{hmac, JwsAlgorithm};
use jose::key::{
    import_keys, parse_secret, Key, KeyError, KeyKind, KeyMaterial, SecretEncoding,
};
use jose::thumbprint::{thumbprint, thumbprint_secret, ThumbprintHash};

use super::protocol::Material;

/// A key read from text, with a line saying what it was ("PEM block 1: SPKI public key, RSA 2048").
#[derive(Debug, Clone)]
pub struct ReadKey {
    /// The key.
    pub key: Key,
    /// Where it was and what format, for the user.
    pub description: String,
}

/// Reads every key in `text` (PEM, JWK, JWKS, base64 DER). Keys that could be read are returned
/// even when other parts of the text failed; those failures come back as messages.
pub fn read_keys(
    text: &str,
    password: Option<&str>,
) -> Result<(Vec<ReadKey>, Vec<String>), KeyError> {
    let imported = import_keys(text, password)?;
    let keys = imported
        .keys
        .into_iter()
        .map(|found| {
            let description = found.describe();
            ReadKey {
                key: found.key,
                description,
            }
        })
        .collect();
    let problems = imported.problems.iter().map(ToString::to_string).collect();
    Ok((keys, problems))
}

/// True when `text` looks like a key format rather than a typed secret. Plain text: the page
/// uses it too, to offer the secret-encoding choice.
pub fn looks_like_key(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with("-----BEGIN") || trimmed.starts_with('{') || trimmed.starts_with('[')
}

/// Reads an HMAC secret typed as a secret (never key material: the engine refuses that).
pub fn read_secret(text: &str, encoding: SecretEncoding) -> Result<ReadKey, KeyError> {
    let secret = parse_secret(text, encoding)?;
    let bytes = secret.as_bytes().len();
    Ok(ReadKey {
        key: Key::new(KeyMaterial::Secret(secret)),
        description: format!("HMAC secret ({}, {bytes} bytes)", encoding.label()),
    })
}

/// The key's RFC 7638 SHA-256 thumbprint (of the public half, or of the secret).
pub fn sha256_thumbprint(key: &Key) -> String {
    match (&key.material, key.public_key()) {
        (KeyMaterial::Secret(secret), _) => thumbprint_secret(secret, ThumbprintHash::Sha256),
        (_, Some(public)) => thumbprint(&public, ThumbprintHash::Sha256),
        (_, None) => String::new(),
    }
}

/// The key with a `kid`: its own, else its RFC 7638 SHA-256 thumbprint (the Koppeltaal auth
/// server's convention), so tokens signed with it name their key.
pub fn with_default_kid(mut key: Key) -> Key {
    if key.meta.kid.as_deref().is_none_or(str::is_empty) {
        key.meta.kid = Some(sha256_thumbprint(&key));
    }
    key
}

/// Private, public or secret.
pub fn material(key: &Key) -> Material {
    match key.material {
        KeyMaterial::Private(_) => Material::Private,
        KeyMaterial::Public(_) => Material::Public,
        KeyMaterial::Secret(_) => Material::Secret,
    }
}

/// The algorithms a key can sign with; HS* only when the secret is at least as long as the hash
/// output (RFC 7518 §3.2; the engine refuses shorter ones).
pub fn usable_algorithms(kind: KeyKind) -> Vec<JwsAlgorithm> {
    match kind {
        KeyKind::Hmac { bytes } => kind
            .algorithms()
            .iter()
            .copied()
            .filter(|alg| bytes >= hmac::output_len(*alg))
            .collect(),
        _ => kind.algorithms().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jose::key::Secret;

    #[test]
    fn a_32_byte_secret_allows_only_hs256() {
        assert_eq!(
            usable_algorithms(KeyKind::Hmac { bytes: 32 }),
            vec![JwsAlgorithm::Hs256]
        );
        assert_eq!(usable_algorithms(KeyKind::Hmac { bytes: 64 }).len(), 3);
    }

    #[test]
    fn key_formats_are_not_mistaken_for_typed_secrets() {
        assert!(looks_like_key("  -----BEGIN PUBLIC KEY-----"));
        assert!(looks_like_key("{\"kty\":\"oct\"}"));
        assert!(!looks_like_key("my shared secret"));
    }

    #[test]
    fn a_key_keeps_its_own_kid_and_otherwise_gets_its_thumbprint() {
        let mut own = Key::new(KeyMaterial::Secret(Secret::new(vec![1u8; 32])));
        own.meta.kid = Some("mine".into());
        assert_eq!(with_default_kid(own).meta.kid.as_deref(), Some("mine"));

        let bare = Key::new(KeyMaterial::Secret(Secret::new(vec![1u8; 32])));
        let expected = sha256_thumbprint(&bare);
        assert_eq!(with_default_kid(bare).meta.kid, Some(expected));
    }
}
