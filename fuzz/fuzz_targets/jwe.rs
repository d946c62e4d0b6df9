//! Any text pasted as a JWE: decoding, and decrypting with a few fixed secrets, never panic.
#![no_main]

use jose::key::{Key, KeyMaterial, Secret};
use libfuzzer_sys::fuzz_target;

/// A fixed RNG: the fuzzer must be deterministic, and RSA1_5's random fallback key is the
/// only randomness decryption uses (no RSA key is offered here anyway).
struct Fixed;

impl rand_core::RngCore for Fixed {
    fn next_u32(&mut self) -> u32 {
        7
    }
    fn next_u64(&mut self) -> u64 {
        7
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        dest.fill(7);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        dest.fill(7);
        Ok(())
    }
}

impl rand_core::CryptoRng for Fixed {}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(token) = jose::jwe::decode_jwe(text) {
            let _ = token.findings();
            let keys: Vec<Key> = [16usize, 24, 32, 48, 64]
                .into_iter()
                .map(|len| Key::new(KeyMaterial::Secret(Secret::new(vec![1u8; len]))))
                .collect();
            let _ = jose::jwe::decrypt(&token, &keys, &mut Fixed);
        }
    }
});
