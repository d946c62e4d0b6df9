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
/// Largest PBES2 iteration count (`p2c`) a JWE may ask for: above it, decryption refuses
/// before doing any work, so a pasted token cannot keep the page busy for minutes
/// (RFC 7518 §4.8.1.2 sets no upper bound; RFC 8725 §3.6 warns about this).
pub const MAX_PBES2_COUNT: u32 = 1_000_000;
