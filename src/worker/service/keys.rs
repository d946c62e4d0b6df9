//! Keyring requests: read, import, export, and what the page may see of a key.

use jose::jwk::JwkOptions;
use jose::key::{export_all, import::import_file as import_key_file, Key};

use crate::worker::keyring::{Entry, Keyring};
use crate::worker::keys_text::{self, material, usable_algorithms, with_default_kid};
use crate::worker::protocol::{KeyFound, KeysAdded, KeysRead, PrivateExports};

/// What is in pasted text, stored nowhere.
pub fn read(text: &str, password: Option<&str>) -> KeysRead {
    match keys_text::read_keys(text, password) {
        Ok((keys, problems)) => KeysRead {
            keys: keys
                .into_iter()
                .map(|read| found(read.key, read.description))
                .collect(),
            problems,
        },
        Err(err) => KeysRead {
            keys: Vec::new(),
            problems: vec![err.to_string()],
        },
    }
}

/// A key found in text, as the page sees it: the `kid` a token signed with it would carry.
pub fn found(key: Key, description: String) -> KeyFound {
    let key = with_default_kid(key);
    KeyFound {
        description,
        kind: key.kind(),
        material: material(&key),
        kid: key.meta.kid.clone(),
        signing_algorithms: if key.can_sign() {
            usable_algorithms(key.kind())
        } else {
            Vec::new()
        },
    }
}

/// Imports every key in the text.
pub fn import_text(keyring: &mut Keyring, text: &str, password: Option<&str>) -> KeysAdded {
    match keys_text::read_keys(text, password) {
        Ok((keys, problems)) => KeysAdded {
            keys: keys
                .into_iter()
                .map(|read| keyring.add(read.key, &read.description))
                .collect(),
            problems,
            notes: Vec::new(),
        },
        Err(err) => KeysAdded {
            keys: Vec::new(),
            problems: vec![err.to_string()],
            notes: Vec::new(),
        },
    }
}

/// Imports a key file (PEM text or DER).
pub fn import_file(
    keyring: &mut Keyring,
    bytes: &[u8],
    name: &str,
    password: Option<&str>,
) -> KeysAdded {
    match import_key_file(bytes, password) {
        Ok(imported) => KeysAdded {
            keys: imported
                .keys
                .into_iter()
                .map(|found| {
                    let origin = format!("{name}: {}", found.describe());
                    keyring.add(found.key, &origin)
                })
                .collect(),
            problems: imported.problems.iter().map(ToString::to_string).collect(),
            notes: Vec::new(),
        },
        Err(err) => KeysAdded {
            keys: Vec::new(),
            problems: vec![format!("{name}: {err}")],
            notes: Vec::new(),
        },
    }
}

/// The private forms of a key, for the user who asked to see or save them.
pub fn export_private(entry: &Entry) -> Result<PrivateExports, String> {
    let key = &entry.key;
    let exports =
        export_all(key, &JwkOptions::from_meta(&key.meta, false)).map_err(|e| e.to_string())?;
    let text = |value: Option<zeroize::Zeroizing<String>>| value.map(|text| text.to_string());
    Ok(PrivateExports {
        pkcs8_pem: text(exports.pkcs8_pem),
        pkcs1_pem: text(exports.pkcs1_pem),
        sec1_pem: text(exports.sec1_pem),
        jwk: text(exports.jwk_private),
        secret_b64url: text(exports.secret_base64url),
    })
}
