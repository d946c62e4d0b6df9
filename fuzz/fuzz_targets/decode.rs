//! Any text pasted into the Decoder: decode, inspect and strict JSON never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jose::token::decode_compact(text);
        let _ = jose::token::inspect_compact(text);
        let _ = jose::json::parse_strict(text);
    }
});
