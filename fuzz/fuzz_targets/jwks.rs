//! Any text into the JWKS validator and parser never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jose::jwks::validate_jwks(text);
        let _ = jose::jwks::parse_jwks(text);
    }
});
