//! [`Request::Sign`](crate::worker::protocol::Request::Sign).

use rand_core::CryptoRngCore;

use jose::jwk::JwkOptions;
use jose::key::export::to_jwk_json;
use jose::key::{to_spki_pem, Key};
use jose::sign::sign_compact;

use crate::worker::keyring::Keyring;
use crate::worker::keys_text::{self, with_default_kid};
use crate::worker::protocol::{KeySource, SignRequest, Signed};

/// Signs with a keyring key or the first private key in the pasted text.
pub fn sign(
    request: &SignRequest,
    keyring: &Keyring,
    rng: &mut impl CryptoRngCore,
) -> Result<Signed, String> {
    let key = signing_key(&request.key, keyring)?;
    let token = sign_compact(&request.header, &request.payload, &key, request.alg, rng)
        .map_err(|err| format!("Not signed: {err}"))?;
    let public = key.public_key();
    Ok(Signed {
        token,
        public_pem: public.as_ref().and_then(|public| to_spki_pem(public).ok()),
        public_jwk: public.as_ref().map(|_| {
            to_jwk_json(&key, &JwkOptions::from_meta(&key.meta, false)).to_string()
        }),
    })
}

/// The key a [`KeySource`] names, if it can sign.
pub fn signing_key(source: &KeySource, keyring: &Keyring) -> Result<Key, String> {
    match source {
        KeySource::Keyring(id) => {
            let entry = keyring.get(*id)?;
            if entry.key.can_sign() {
                Ok(entry.key.clone())
            } else {
                Err(format!("{} cannot sign: it is a public key.", entry.label))
            }
        }
        KeySource::Text { text, password } => {
            let (keys, _) = keys_text::read_keys(text, password.as_deref())
                .map_err(|err| format!("The key could not be read: {err}"))?;
            keys.into_iter()
                .map(|read| read.key)
                .find(Key::can_sign)
                .map(with_default_kid)
                .ok_or_else(|| {
                    "This is a public key or certificate: signing needs the private key."
                        .to_owned()
                })
        }
    }
}
