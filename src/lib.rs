//! Koppeltaal JWT Debugger.
//!
//! Two wasm modules from one library: [`app`], the Yew page (`src/main.rs`), and [`worker`], the
//! crypto worker that holds the engine (`src/bin/crypto_worker.rs`). The engine itself is the
//! `jose` crate (`engine/`, no web dependencies).
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod worker;
