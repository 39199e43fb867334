//! 工单 / 意见反馈 (SPEC §8): any signed-in user opens a ticket with a category, text, attachments and an
//! optional link to an application or an exam; support answers (the user is told by SMS); both sides see
//! the thread and its status. The exam's 去反馈 files a ticket with the photos of the failed check.
pub mod api;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
