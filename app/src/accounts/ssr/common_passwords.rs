//! Beyond the composition rule: refuse the most common passwords. The list (about 100,000 entries) is the
//! `passwords` crate's table, compiled into the server only: it is too large for the WASM bundle, so the
//! browser learns of this rule from the server's answer.
use crate::error::AppError;

pub fn check_not_common(password: &str) -> Result<(), AppError> {
    let common = |candidate: &str| passwords::analyzer::is_common_password(candidate);
    if common(password) || common(&password.to_lowercase()) {
        return Err(AppError::invalid(
            "password",
            "该密码过于常见，容易被猜中，请换一个",
            "This password is one of the most common ones and easy to guess: choose another",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for password in ["P@ssw0rd", "Password1", "1qaz!QAZ", "123456Aa"] {
            assert!(check_not_common(password).is_err(), "{password}");
        }
        assert!(check_not_common("Zj#7kq!Lm2").is_ok());
    }
}
