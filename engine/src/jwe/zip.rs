//! `zip: DEF` (RFC 7516 §4.1.3): raw DEFLATE (RFC 1951) by `miniz_oxide`.
//!
//! Inflating stops at [`limits::MAX_INPUT_BYTES`]: a few hundred bytes of ciphertext can
//! inflate to gigabytes (a zip bomb), which would freeze the page.

use super::JweError;
use crate::limits;

/// Decompresses, refusing output above [`limits::MAX_INPUT_BYTES`].
pub fn inflate(compressed: &[u8]) -> Result<Vec<u8>, JweError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(compressed, limits::MAX_INPUT_BYTES).map_err(
        |err| JweError::Decompression {
            reason: match err.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                    "it inflates to more than {} bytes, so it is refused (a zip bomb?)",
                    limits::MAX_INPUT_BYTES
                ),
                _ => "it is not valid DEFLATE data (RFC 1951)".to_owned(),
            },
        },
    )
}

/// Compresses with raw DEFLATE at miniz's default level.
pub fn deflate(plaintext: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(plaintext, 6)
}
