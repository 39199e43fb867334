//! Real-name verification (SPEC §3): ID card photos and a camera face photo, automatic checks, the
//! support review queue, and the result by SMS.
pub mod api;
#[cfg(feature = "ssr")]
pub mod fixtures;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod photo;
#[cfg(feature = "ssr")]
pub mod retake;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
