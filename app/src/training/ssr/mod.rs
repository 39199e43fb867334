//! Training rules against the database.
pub mod courses;
pub mod demo;
pub mod materials;
pub mod sessions;
