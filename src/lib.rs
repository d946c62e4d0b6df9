//! Koppeltaal JWT Debugger.
//!
//! [`jose`] is the pure engine (no web dependencies); [`app`] is the Yew front end over it.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod jose;
