//! Any key text or file: PEM/JWK/JWKS/base64 import and raw DER import never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jose::key::import::import_der(data);
    let _ = jose::key::import::import_file(data, Some("password"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jose::key::import::import_keys(text, None);
        let _ = jose::jwk::key_from_jwk_str(text);
    }
});
