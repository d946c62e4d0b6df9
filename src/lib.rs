//! Koppeltaal JWT Debugger.
//!
//! The engine is the `jose` crate (`engine/`, no web dependencies); [`app`] is the Yew front end
//! over it.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
