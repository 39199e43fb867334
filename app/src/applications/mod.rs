//! Expert applications (SPEC §4–5): reference data (GB/T 2260 regions, units, the specialty catalog),
//! application windows, the four-step wizard with drafts, the printed form that locks steps 1–3,
//! attachments, and the four-stage review with returns and the review log.
pub mod api;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod vocabulary;
