//! The crypto worker: everything that touches a key runs here, in a Web Worker, off the page's
//! thread.
//!
//! - [`protocol`]: the one typed API, [`protocol::Request`] in and [`protocol::Response`] out.
//!   The page's side of it is [`crate::app::engine`].
//! - [`service`]: answers requests with the engine (plain Rust, tested natively).
//! - [`keyring`]: the keys the user generated or imported, in this worker's memory only.
//! - [`keys_text`]: pasted key text to keys, worded for the user.
//! - [`runtime`], [`keygen`], [`webcrypto`]: the browser glue (message loop, WebCrypto key
//!   generation with the pure-Rust fallback).
//! - [`bench`]: the benchmark's timed loops (the engine against WebCrypto), run here because
//!   that is where the app's crypto runs.

pub mod keyring;
pub mod keys_text;
pub mod protocol;
pub mod service;

#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod keygen;
#[cfg(target_arch = "wasm32")]
pub mod runtime;
#[cfg(target_arch = "wasm32")]
pub mod webcrypto;
