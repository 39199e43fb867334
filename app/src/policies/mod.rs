//! 用户服务协议 and 隐私政策 (issue 19, PIPL): texts the system admin publishes as numbered versions; a
//! registration must accept the current ones, and which version each person accepted, and when, is kept.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
