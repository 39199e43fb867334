//! Accounts (SPEC §2): registration, sign-in, recovery, password and phone changes.
pub mod api;
pub mod forms;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
