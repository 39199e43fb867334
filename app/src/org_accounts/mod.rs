//! The organization's own account (单位用户, issue 21, seed 002): it signs in with its login name or
//! credit code and a password (the person rules: policy, captcha, lock), is verified by its business
//! licence (support decides, the 主代办人 is told by SMS), recovers its login name by full name + credit
//! code, and, when nothing else works (renamed, the 主代办人 gone), files the legal-entity appeal (法人申诉).
//! Signed in, it manages its organization like its admin does (`orgs`), and nothing a person does.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod support_pages;
pub mod types;
