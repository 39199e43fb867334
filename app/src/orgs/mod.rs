//! Organizations (SPEC §2 "Organizations"): an employer registers with its credit code and declares the
//! roles it holds; its admin finds real-name-verified persons and grants or revokes those roles.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
