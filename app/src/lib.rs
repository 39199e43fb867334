//! Zhuanjia: the Leptos application shared by the WASM frontend (`csr`) and the axum server (`ssr`).
//! One folder per domain (types, server functions, pages together); `rules` holds every field rule for
//! both sides; `platform` holds the server-only services.
#![recursion_limit = "256"]

pub mod accounts;
pub mod admin;
pub mod admission;
pub mod appeals;
pub mod applications;
pub mod client_routes;
pub mod config;
pub mod error;
pub mod exams;
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub mod fuzz_properties;
pub mod i18n;
pub mod identity;
mod lazy_pages;
pub mod me;
pub mod notices;
pub mod org_accounts;
pub mod orgs;
#[cfg(feature = "ssr")]
pub mod platform;
pub mod policies;
pub mod pool;
pub mod portal;
pub mod registration;
pub mod rules;
pub mod shell;
pub mod sso;
pub mod support;
pub mod tickets;
pub mod training;
pub mod ui;
pub mod units;

pub use shell::App;
