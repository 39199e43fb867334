//! Training (SPEC §6, seed 000): live courses per region and date, one registration per candidate, the
//! invitation code sent by SMS that opens the course on its date, and the materials to download.
pub mod api;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
