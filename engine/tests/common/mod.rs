//! Helpers shared by the native integration tests.

use serde_json::Value;

/// Reads a JSON test vector from `tests/vectors/<path>`.
pub fn vector(path: &str) -> Value {
    let full = format!("{}/tests/vectors/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|err| panic!("{full}: {err}"));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{full}: {err}"))
}
