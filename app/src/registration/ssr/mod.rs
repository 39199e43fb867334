//! Exam registration on the server.
pub mod admin;
pub mod catalog;
pub mod demo;
pub mod editing;
pub mod lists;
pub mod payments;
pub mod registrations;
pub mod route;
