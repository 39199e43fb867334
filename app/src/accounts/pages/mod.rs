//! Account pages: register, sign in, recover, my account.
mod account;
mod forgot;
mod legacy;
mod register;
mod sign_in;

pub use account::{AccountPage, ChangePasswordPage};
pub use forgot::{ForgotPage, NewPasswordFields};
pub use register::RegisterPage;
pub use sign_in::SignInPage;
