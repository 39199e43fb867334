//! The existing expert pool (issue 19, seed 000 专家信息): the system admin imports the pool the old
//! system held; a renewal finds the signed-in person's record by ID number and normalized name; support
//! links passport and officer-card holders by hand.
pub mod api;
#[cfg(feature = "ssr")]
pub mod list;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
