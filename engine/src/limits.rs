//! Hard limits on input size, so no paste can freeze or exhaust the page.

/// Largest token or key text accepted, in bytes (1 MiB).
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;
/// Deepest JSON nesting accepted in a header, payload, JWK or JWKS.
pub const MAX_JSON_DEPTH: usize = 64;
/// Smallest RSA modulus the engine will work with, in bits.
pub const MIN_RSA_BITS: usize = 512;
/// Largest RSA modulus the engine will work with, in bits.
pub const MAX_RSA_BITS: usize = 16384;
/// RSA keys below this size are reported as weak (RFC 7518 §3.3, Koppeltaal practice).
pub const RECOMMENDED_RSA_BITS: usize = 2048;
