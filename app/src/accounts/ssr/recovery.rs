//! Account recovery (SPEC §2): the user name by an SMS code to the bound phone; a new password by SMS code
//! or by the security question. A reset ends every session of the account.
use crate::accounts::forms::{normalize_security_answer, today_in_china};
use crate::accounts::ssr::register::password_profile;
use crate::accounts::ssr::{codes, users};
use crate::accounts::types::CodePurpose;
use crate::error::{AppError, Problems};
use crate::platform::AppState;
use crate::rules::{check_confirmation, check_password, normalize_phone, PasswordContext};

fn unknown_phone() -> AppError {
    AppError::invalid("phone", "该手机号未注册", "This phone number is not registered")
}

/// The user name of the account bound to this phone, once the SMS code is right.
pub async fn recover_username(state: &AppState, phone: &str, code: &str) -> Result<String, AppError> {
    let phone = normalize_phone(phone).map_err(|e| AppError::field("phone", &e))?;
    let user = users::by_phone(&state.db, &phone).await?.ok_or_else(unknown_phone)?;
    codes::consume_code(state, &phone, CodePurpose::RecoverUsername, code).await?;
    Ok(user.username)
}

pub async fn reset_by_sms(
    state: &AppState,
    phone: &str,
    code: &str,
    password: &str,
    again: &str,
) -> Result<(), AppError> {
    let phone = normalize_phone(phone).map_err(|e| AppError::field("phone", &e))?;
    let user = users::by_phone(&state.db, &phone).await?.ok_or_else(unknown_phone)?;
    check_new_password(state, &user, password, again)?;
    let code_id = codes::check_code(state, &phone, CodePurpose::ResetPassword, code).await?;
    let mut tx = state.db.begin().await?;
    codes::mark_used(&mut *tx, code_id, state.now_ms()).await?;
    set_password(&mut tx, state, user.id, password).await?;
    tx.commit().await?;
    users::audit(&state.db, Some(user.id), "password_reset", &user.username, "by SMS code", state.now_ms()).await?;
    Ok(())
}

/// The security question of an account, found by user name (or phone / ID number).
pub async fn security_question(state: &AppState, identifier: &str) -> Result<String, AppError> {
    let user = users::by_identifier(&state.db, identifier, today_in_china(state.now_ms())).await?;
    user.and_then(|u| u.security_question).ok_or_else(|| {
        AppError::invalid(
            "identifier",
            "未找到设置了密保问题的账号，请改用短信验证码找回",
            "No account with a security question was found: use the SMS code instead",
        )
    })
}

/// A wrong answer counts as a failed sign-in, so the question can't be guessed endlessly.
pub async fn reset_by_question(
    state: &AppState,
    identifier: &str,
    answer: &str,
    password: &str,
    again: &str,
) -> Result<(), AppError> {
    let now = state.now_ms();
    let user = users::by_identifier(&state.db, identifier, today_in_china(now)).await?;
    let Some((user, answer_hash)) = user.and_then(|u| u.security_answer_hash.clone().map(|h| (u, h))) else {
        return Err(AppError::invalid("identifier", "该账号未设置密保问题", "This account has no security question"));
    };
    if matches!(user.locked_until_ms, Some(until) if until > now) {
        return Err(AppError::Locked { minutes_left: (user.locked_until_ms.unwrap_or(now) - now) / 60_000 + 1 });
    }
    check_new_password(state, &user, password, again)?;
    if !state.hasher.verify(&normalize_security_answer(answer), &answer_hash).await? {
        sqlx::query("UPDATE users SET failed_logins = failed_logins + 1, failure_window_start_ms = COALESCE(failure_window_start_ms, $1) WHERE id = $2")
            .bind(now)
            .bind(user.id)
            .execute(&state.db)
            .await?;
        return Err(AppError::invalid("security_answer", "密保答案不正确", "The answer is not correct"));
    }
    let mut tx = state.db.begin().await?;
    set_password(&mut tx, state, user.id, password).await?;
    tx.commit().await?;
    users::audit(&state.db, Some(user.id), "password_reset", &user.username, "by security question", now).await?;
    Ok(())
}

pub(crate) fn check_new_password(
    state: &AppState,
    user: &users::UserRow,
    password: &str,
    again: &str,
) -> Result<(), AppError> {
    check_password_policy(state, &user.username, &user.id_number, password, again)
}

/// The password policy for an account known by `username` and `id_number` (an organization: its login
/// name and credit code), the confirmation, and the common-password list.
pub(crate) fn check_password_policy(
    state: &AppState,
    username: &str,
    id_number: &str,
    password: &str,
    again: &str,
) -> Result<(), AppError> {
    let mut problems = Problems::default();
    let context = PasswordContext { username, id_number };
    problems.check("password", check_password(password_profile(state), password, &context));
    problems.check("password_again", check_confirmation(password, again));
    problems.into_result()?;
    crate::accounts::ssr::common_passwords::check_not_common(password)
}

/// Stores a new password hash, restarts its age, clears locks and ends other sessions (epoch + 1).
pub(crate) async fn set_password(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    state: &AppState,
    user_id: i64,
    password: &str,
) -> Result<(), AppError> {
    let hash = state.hasher.hash(password).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_ms = $2, must_change_password = 0, failed_logins = 0, \
         failure_window_start_ms = NULL, locked_until_ms = NULL, credentials_epoch = credentials_epoch + 1 WHERE id = $3",
    )
    .bind(hash)
    .bind(state.now_ms())
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
