//! The admin console (SPEC §8): a dashboard with counts and SVG charts, and one list page per managed
//! thing (users, units, catalog, windows, reviewers, question bank, exams, proctoring review, appeals,
//! training, materials, tickets, SMS outbox, audit log) with server-side search, filters, pagination and
//! CSV export, plus the actions each page needs. Every list is declared once in `ssr::lists`.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
