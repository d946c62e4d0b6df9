//! One component per view.

pub mod bench;
pub mod decode;
pub mod jwks;
pub mod keys;
pub mod sign;
pub mod workshop;
