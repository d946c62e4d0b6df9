//! JWKS builder requests: public halves in, a checked JWK Set out.

use serde_json::Value;

use jose::jwk::{key_from_jwk, key_to_jwk, JwkOptions};
use jose::jwks::{build_jwks, validate_jwks_value, JwksOptions, KidStrategy};
use jose::key::{Key, KeyMaterial};
use jose::JwsAlgorithm;

use crate::worker::keyring::Keyring;
use crate::worker::keys_text;
use crate::worker::protocol::{
    BuildJwksRequest, JwksBuilt, JwksEntryRequest, KeysAdded, PublicKeyInfo, PublicSource,
};

/// The public halves of the keys in `source`: a private key is reduced (and the user told),
/// an HMAC secret refused (it must never be published).
pub fn public_keys(source: &PublicSource, keyring: &Keyring) -> KeysAdded<PublicKeyInfo> {
    let mut added = KeysAdded {
        keys: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let found: Vec<(Key, String)> = match source {
        PublicSource::Text(text) => match keys_text::read_keys(text, None) {
            Ok((keys, problems)) => {
                added.problems = problems;
                keys.into_iter()
                    .map(|read| (read.key, read.description))
                    .collect()
            }
            Err(err) => {
                added.problems.push(err.to_string());
                Vec::new()
            }
        },
        PublicSource::Keyring(ids) => ids
            .iter()
            .filter_map(|id| keyring.get(*id).ok())
            // A kid this tool made up is the builder's to choose (its kid strategy).
            .map(|entry| (entry.for_verifying(), entry.label.clone()))
            .collect(),
    };
    for (key, description) in found {
        let Some(public) = key.public_key() else {
            added.problems.push(format!(
                "{description}: an HMAC secret has no public half and must never be published"
            ));
            continue;
        };
        if matches!(key.material, KeyMaterial::Private(_)) {
            added.notes.push(format!(
                "{description}: a private key — only its public half was added"
            ));
        } else {
            added.notes.push(format!("{description}: added"));
        }
        let mut public_key = Key::new(KeyMaterial::Public(public));
        public_key.meta = key.meta.clone();
        added.keys.push(PublicKeyInfo {
            jwk: key_to_jwk(&public_key, &JwkOptions::from_meta(&public_key.meta, false)),
            kind: public_key.kind(),
            description,
        });
    }
    added
}

/// The JWK Set from the builder's entries: the engine writes the public members, then the
/// user's `use` replaces the default `sig` (so a wrong `use` shows up in the findings).
pub fn build(request: &BuildJwksRequest) -> JwksBuilt {
    let mut built = JwksBuilt {
        kids: Vec::with_capacity(request.entries.len()),
        jwks: None,
        error: None,
        findings: Vec::new(),
    };
    let mut keys = Vec::with_capacity(request.entries.len());
    for (index, entry) in request.entries.iter().enumerate() {
        let key = match key_from_jwk(&entry.jwk) {
            Ok(key) => key,
            Err(err) => {
                built.kids.push(None);
                built.error.get_or_insert(format!("Key {}: {err}", index + 1));
                continue;
            }
        };
        let kid = entry_kid(entry, &key, request.strategy).filter(|kid| !kid.is_empty());
        built.kids.push(kid.clone());
        let Some(kid) = kid else {
            built.error.get_or_insert(format!(
                "Key {} has no kid: type one, or choose a thumbprint strategy.",
                index + 1
            ));
            continue;
        };
        let mut key = key;
        key.meta.kid = Some(kid);
        let alg = entry.alg.trim();
        key.meta.alg = alg
            .parse::<JwsAlgorithm>()
            .ok()
            .filter(|alg| key.kind().algorithms().contains(alg))
            .map(|_| alg.to_owned());
        keys.push(key);
    }
    if built.error.is_some() {
        return built;
    }
    let options = JwksOptions {
        kid_strategy: KidStrategy::Custom,
        alg: None,
    };
    match build_jwks(&keys, &options) {
        Err(err) => built.error = Some(err.to_string()),
        Ok(jwks) => {
            let mut value = jwks.to_value();
            if let Some(Value::Array(members)) = value.get_mut("keys") {
                for (jwk, entry) in members.iter_mut().zip(&request.entries) {
                    if let Value::Object(members) = jwk {
                        let key_use = entry.key_use.trim();
                        if key_use.is_empty() {
                            members.remove("use");
                        } else {
                            members.insert("use".to_owned(), Value::String(key_use.to_owned()));
                        }
                    }
                }
            }
            built.findings = validate_jwks_value(&value).findings;
            built.jwks = Some(value);
        }
    }
    built
}

/// The `kid` an entry gets under the strategy.
fn entry_kid(entry: &JwksEntryRequest, key: &Key, strategy: KidStrategy) -> Option<String> {
    if entry.kid_edited || strategy == KidStrategy::Custom {
        return entry.kid.clone();
    }
    key.public_key()
        .and_then(|public| strategy.thumbprint_kid(&public))
}
