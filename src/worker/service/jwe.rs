//! [`Request::Decrypt`] and [`Request::Encrypt`]: compact JWE (HTI:jwe) in the worker.
//!
//! [`Request::Decrypt`]: crate::worker::protocol::Request::Decrypt
//! [`Request::Encrypt`]: crate::worker::protocol::Request::Encrypt

use rand_core::CryptoRngCore;
use serde_json::{Map, Value};

use jose::jwe::{self, ContentEncryption, KeyManagement};
use jose::key::{Key, KeyMaterial};

use crate::worker::keyring::Keyring;
use crate::worker::keys_text::{self, looks_like_key, ReadKey};
use crate::worker::protocol::{DecryptReport, DecryptRequest, EncryptRequest, Encrypted};

/// Decrypts with the pasted keys (or the typed password / secret), then the keyring key.
pub fn decrypt(
    request: &DecryptRequest,
    keyring: &Keyring,
    rng: &mut impl CryptoRngCore,
) -> DecryptReport {
    let mut report = DecryptReport {
        status: "locked".to_owned(),
        sentence: String::new(),
        plaintext: None,
        nested: false,
        keys_read: Vec::new(),
        findings: Vec::new(),
    };
    let jwe = match jwe::decode_jwe(&request.token) {
        Ok(jwe) => jwe,
        Err(err) => {
            report.status = "error".to_owned();
            report.sentence = format!("Not a decryptable JWE: {err}.");
            return report;
        }
    };
    let mut keys: Vec<ReadKey> = Vec::new();
    let text = request.key_text.trim();
    if !text.is_empty() {
        if looks_like_key(text) {
            match keys_text::read_keys(text, None) {
                Ok((read, problems)) => {
                    keys.extend(read);
                    if !problems.is_empty() {
                        report.sentence = format!("Some keys could not be read: {}. ", problems.join("; "));
                    }
                }
                Err(err) => {
                    report.status = "error".to_owned();
                    report.sentence = format!("The key could not be read: {err}.");
                    return report;
                }
            }
        } else {
            // Not key-shaped: a PBES2 password or a dir / AxxxKW secret, as typed.
            match keys_text::read_secret(&request.key_text, request.encoding) {
                Ok(secret) => keys.push(secret),
                Err(err) => {
                    report.status = "error".to_owned();
                    report.sentence = format!("The secret could not be read: {err}.");
                    return report;
                }
            }
        }
    }
    if let Some(id) = request.keyring_key {
        if let Ok(entry) = keyring.get(id) {
            keys.push(ReadKey {
                key: entry.for_verifying(),
                description: format!("keyring: {}", entry.label),
            });
        }
    }
    report.keys_read = keys.iter().map(|read| read.description.clone()).collect();
    if keys.is_empty() {
        report.sentence = format!(
            "Encrypted with {} + {}: paste the recipient's private key (or the password or \
             secret) to read it.",
            jwe.alg_name(),
            jwe.enc_name()
        );
        return report;
    }
    let plain: Vec<Key> = keys.iter().map(|read| read.key.clone()).collect();
    match jwe::decrypt(&jwe, &plain, rng) {
        Ok(decrypted) => {
            let key = keys
                .get(decrypted.key_index)
                .map_or("a key", |read| read.description.as_str());
            report.status = "decrypted".to_owned();
            report.sentence = format!(
                "{}Decrypted: {} + {} with {key}.",
                report.sentence,
                jwe.alg_name(),
                jwe.enc_name()
            );
            report.plaintext = Some(match String::from_utf8(decrypted.plaintext) {
                Ok(text) => text,
                Err(err) => hex::encode(err.into_bytes()),
            });
            report.nested = decrypted.nested;
            report.findings = decrypted.findings;
        }
        Err(err) => {
            report.status = match err {
                jwe::JweError::NotDecrypted { .. } => "failed",
                _ => "error",
            }
            .to_owned();
            report.sentence = format!("{}Not decrypted: {err}.", report.sentence);
        }
    }
    report
}

/// Encrypts for the first key in the recipient text that fits `alg` (its public half).
pub fn encrypt(request: &EncryptRequest, rng: &mut impl CryptoRngCore) -> Result<Encrypted, String> {
    let alg: KeyManagement = request.alg.parse().map_err(|err: jwe::JweError| err.to_string())?;
    let enc: ContentEncryption = request.enc.parse().map_err(|err: jwe::JweError| err.to_string())?;
    let (keys, _) = keys_text::read_keys(&request.recipient, None)
        .map_err(|err| format!("The recipient's key could not be read: {err}"))?;
    let mut tried = Vec::new();
    for read in keys {
        // Encrypting needs only the public half; a private key given by mistake is reduced.
        let key = match &read.key.material {
            KeyMaterial::Private(private) => {
                let mut public = Key::new(KeyMaterial::Public(private.public_key()));
                public.meta = read.key.meta.clone();
                public
            }
            _ => read.key.clone(),
        };
        let mut header = Map::new();
        if request.nested {
            header.insert("cty".to_owned(), Value::String("JWT".to_owned()));
        }
        match jwe::encrypt(request.plaintext.as_bytes(), &key, alg, enc, header, rng) {
            Ok(token) => {
                let kid = key
                    .meta
                    .kid
                    .as_deref()
                    .map_or_else(|| "no kid".to_owned(), |kid| format!("kid {kid:?}"));
                return Ok(Encrypted {
                    token,
                    recipient: format!("{} ({kid})", read.description),
                });
            }
            Err(err) => tried.push(format!("{}: {err}", read.description)),
        }
    }
    Err(if tried.is_empty() {
        "Paste the recipient's public key (PEM, JWK or JWKS) first.".to_owned()
    } else {
        format!("Not encrypted: {}", tried.join("; "))
    })
}
