//! Organizations (SPEC §2 "Organizations"): an employer registers with its credit code and declares the
//! roles it holds; its admin finds real-name-verified persons and grants or revokes those roles, and a
//! grant opens what `types::ORG_ROLES` says (`staff`: the staff's results for the 培训管理员).
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod staff;
pub mod staff_pages;
pub mod types;
