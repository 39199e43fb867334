//! Proctored exams (SPEC §7): the question bank, exams and their rules, 考前确认, the waiting room,
//! answering with saves that are never lost, the server's timer and deadline, tab switches, grading
//! and results.
pub mod api;
pub mod grading;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
