//! Single sign-on against the database, the session and the providers.
pub mod client;
pub mod dev_provider;
pub mod http;
pub mod providers;
