//! Content encryption (RFC 7518 §5): AES-CBC with HMAC-SHA2 (§5.2) and AES-GCM (§5.3).
//!
//! CBC-HMAC checks the tag before it decrypts anything, and compares it in constant time
//! (`subtle`), so a padding error can never be told apart from a tag error: both say the
//! tag does not match. GCM uses only 128-bit tags; the tag length is checked before this is
//! called.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{AesGcm, Nonce, Tag};
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use super::ContentEncryption;

/// The one message for a failed authentication: the key is wrong or the token was changed.
pub(crate) const TAG_MISMATCH: &str =
    "the authentication tag does not match: a wrong key, or the token was altered";

/// Decrypts and authenticates; the error is a reason for the person at the keyboard.
pub fn decrypt(
    enc: ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>, String> {
    match enc {
        ContentEncryption::A128CbcHs256 => {
            cbc_decrypt::<aes::Aes128>(cek, iv, aad, ciphertext, tag)
        }
        ContentEncryption::A192CbcHs384 => {
            cbc_decrypt::<aes::Aes192>(cek, iv, aad, ciphertext, tag)
        }
        ContentEncryption::A256CbcHs512 => {
            cbc_decrypt::<aes::Aes256>(cek, iv, aad, ciphertext, tag)
        }
        ContentEncryption::A128Gcm => gcm_decrypt::<aes::Aes128>(cek, iv, aad, ciphertext, tag),
        ContentEncryption::A192Gcm => gcm_decrypt::<aes::Aes192>(cek, iv, aad, ciphertext, tag),
        ContentEncryption::A256Gcm => gcm_decrypt::<aes::Aes256>(cek, iv, aad, ciphertext, tag),
    }
}

/// Encrypts; returns the ciphertext and the tag.
pub fn encrypt(
    enc: ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), String> {
    match enc {
        ContentEncryption::A128CbcHs256 => cbc_encrypt::<aes::Aes128>(cek, iv, aad, plaintext),
        ContentEncryption::A192CbcHs384 => cbc_encrypt::<aes::Aes192>(cek, iv, aad, plaintext),
        ContentEncryption::A256CbcHs512 => cbc_encrypt::<aes::Aes256>(cek, iv, aad, plaintext),
        ContentEncryption::A128Gcm => gcm_encrypt::<aes::Aes128>(cek, iv, aad, plaintext),
        ContentEncryption::A192Gcm => gcm_encrypt::<aes::Aes192>(cek, iv, aad, plaintext),
        ContentEncryption::A256Gcm => gcm_encrypt::<aes::Aes256>(cek, iv, aad, plaintext),
    }
}

/// The CBC-HMAC tag (RFC 7518 §5.2.2.1): HMAC over AAD ‖ IV ‖ ciphertext ‖ AAD length in
/// bits (64-bit big-endian), truncated to half the hash.
///
/// The hash follows from the MAC key length (16, 24, 32 bytes: SHA-256, -384, -512), which
/// the content key length fixes.
fn cbc_tag(mac_key: &[u8], iv: &[u8], aad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, String> {
    let aad_bits = (aad.len() as u64).wrapping_mul(8).to_be_bytes();
    let parts: [&[u8]; 4] = [aad, iv, ciphertext, &aad_bits];
    let full = match mac_key.len() {
        16 => mac_over::<Hmac<sha2::Sha256>>(mac_key, &parts)?,
        24 => mac_over::<Hmac<sha2::Sha384>>(mac_key, &parts)?,
        32 => mac_over::<Hmac<sha2::Sha512>>(mac_key, &parts)?,
        _ => return Err("the MAC key has an unusable length".to_owned()),
    };
    Ok(full.get(..mac_key.len()).unwrap_or_default().to_vec())
}

/// The full HMAC of the concatenated parts.
fn mac_over<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Result<Vec<u8>, String> {
    let mut mac = <M as KeyInit>::new_from_slice(key)
        .map_err(|_| "the MAC key has an unusable length".to_owned())?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().to_vec())
}

fn cbc_decrypt<C>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>, String>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockDecrypt + aes::cipher::KeyInit,
    cbc::Decryptor<C>: KeyIvInit,
{
    let (mac_key, enc_key) = cek.split_at(cek.len() / 2);
    let expected = cbc_tag(mac_key, iv, aad, ciphertext)?;
    if !bool::from(expected.ct_eq(tag)) {
        return Err(TAG_MISMATCH.to_owned());
    }
    let decryptor = cbc::Decryptor::<C>::new_from_slices(enc_key, iv)
        .map_err(|_| "the content key or IV has an unusable length".to_owned())?;
    decryptor
        .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        .map_err(|_| {
            "the tag matches but the padding is invalid: the sender encrypted wrongly".to_owned()
        })
}

fn cbc_encrypt<C>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), String>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockEncrypt + aes::cipher::KeyInit,
    cbc::Encryptor<C>: KeyIvInit,
{
    let (mac_key, enc_key) = cek.split_at(cek.len() / 2);
    let encryptor = cbc::Encryptor::<C>::new_from_slices(enc_key, iv)
        .map_err(|_| "the content key or IV has an unusable length".to_owned())?;
    let ciphertext = encryptor.encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    let tag = cbc_tag(mac_key, iv, aad, &ciphertext)?;
    Ok((ciphertext, tag))
}

type Gcm<C> = AesGcm<C, aes_gcm::aead::consts::U12>;

fn gcm_decrypt<C>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>, String>
where
    Gcm<C>: KeyInit + AeadInPlace,
    C: aes::cipher::BlockCipher<BlockSize = aes_gcm::aead::consts::U16>,
{
    let cipher = <Gcm<C> as KeyInit>::new_from_slice(cek)
        .map_err(|_| "the content key has an unusable length".to_owned())?;
    if iv.len() != 12 || tag.len() != 16 {
        return Err("AES-GCM needs a 12-byte IV and a 16-byte tag".to_owned());
    }
    let mut buffer = ciphertext.to_vec();
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(iv),
            aad,
            &mut buffer,
            Tag::from_slice(tag),
        )
        .map_err(|_| TAG_MISMATCH.to_owned())?;
    Ok(buffer)
}

fn gcm_encrypt<C>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), String>
where
    Gcm<C>: KeyInit + AeadInPlace,
    C: aes::cipher::BlockCipher<BlockSize = aes_gcm::aead::consts::U16>,
{
    let cipher = <Gcm<C> as KeyInit>::new_from_slice(cek)
        .map_err(|_| "the content key has an unusable length".to_owned())?;
    if iv.len() != 12 {
        return Err("AES-GCM needs a 12-byte IV".to_owned());
    }
    let mut buffer = plaintext.to_vec();
    let tag = cipher
        .encrypt_in_place_detached(Nonce::from_slice(iv), aad, &mut buffer)
        .map_err(|_| "the content is too long for AES-GCM".to_owned())?;
    Ok((buffer, tag.to_vec()))
}
