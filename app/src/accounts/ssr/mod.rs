//! Server side of accounts: the business rules of SPEC §2 against the database. Server functions in
//! `accounts::api` are thin wrappers over these, which take the state explicitly so tests can call them.
pub mod auth;
pub mod captcha;
pub mod codes;
pub mod common_passwords;
pub mod demo;
pub mod profile;
pub mod recovery;
pub mod register;
pub mod sign_in;
pub mod users;
