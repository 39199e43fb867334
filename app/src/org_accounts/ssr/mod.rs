//! Organization account rules against the database and the file store.
pub mod account;
pub mod recovery;
pub mod verification;
