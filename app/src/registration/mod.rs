//! Open exam registration (报名, SPEC §7a, seed 001): windows with levels, specialties, subjects and
//! exam sites; the candidate's steps (education → details → commitment or on-site check → confirm → pay);
//! returning candidates' passed subjects; the editing rules; and fees through a payment provider (the
//! built-in sandbox imitates a real one) with signed, idempotent notifications and reconciliation.
pub mod api;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
