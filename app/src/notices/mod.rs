//! 通知公告 (issue 19): announcements the system admin writes, with a publish time and an optional pin,
//! shown on the home page to everyone (pinned first, then newest) once their time has come.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
