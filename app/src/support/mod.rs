//! The support console (SPEC §1, §2): look people up, fix a registered name, reset a password, read the
//! SMS outbox and the audit log. Identity review lives with identity (`identity::pages`).
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
