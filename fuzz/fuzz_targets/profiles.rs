//! Any header/payload JSON into every profile check, and any scope string, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use jose::profiles::{check, Profile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = jose::profiles::parse_scope(text);
    // The input is "header JSON" NUL "payload JSON"; a missing half is an empty object.
    let (header_text, payload_text) = text.split_once('\0').unwrap_or((text, "{}"));
    let header = match serde_json::from_str::<serde_json::Value>(header_text) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let payload = serde_json::from_str(payload_text).unwrap_or(serde_json::Value::Null);
    for profile in Profile::ALL {
        for now in [0, 1_700_000_000, i64::MAX, i64::MIN] {
            let _ = check(profile, &header, &payload, now);
        }
    }
});
