//! Account appeals (申诉, SPEC §2): the last way back into an account when neither the SMS code to the
//! bound phone nor the security question works. The person proves a new phone by SMS code, uploads ID
//! photos, and support decides side by side with the account data; on approval the new phone is bound
//! and a temporary password is sent to it, which must be changed at the next sign-in.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
