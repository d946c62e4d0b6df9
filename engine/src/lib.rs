//! The pure JOSE engine: decode, sign, verify, keys, JWKS, claims and the Koppeltaal profiles.
//!
//! Nothing in here touches the browser: no `web-sys`, no Yew, no clock and no global RNG.
//! Callers pass the current time (`now`, Unix seconds) and a `CryptoRngCore` in, so the engine
//! behaves the same natively under `cargo test` as in the page.
//!
//! This crate is its own workspace member so that rule is enforced, not a convention:
//! `scripts/test.sh` fails if `cargo tree` shows a web crate under it.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod alg;
pub mod b64;
pub mod claims;
pub mod finding;
pub mod header_rules;
pub mod json;
pub mod jwa;
pub mod jwe;
pub mod jwk;
pub mod jwk_set;
pub mod jwks;
pub mod key;
pub mod limits;
pub mod paste;
pub mod pkce;
pub mod profiles;
pub mod sign;
pub mod sources;
pub mod thumbprint;
pub mod token;
pub mod verdict;
pub mod verify;

pub use alg::JwsAlgorithm;
pub use finding::{Finding, Severity};
pub use jwe::{decode_jwe, UntrustedJwe};
pub use key::{KeyKind, KeyPair, PrivateKey, PublicKey, Secret, VerificationKey};
pub use token::{decode_compact, UntrustedToken};
pub use verify::{verify_compact, VerifiedToken};
