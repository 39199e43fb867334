//! Sign-in (SPEC §2): by user name, phone or ID number with a password, or by phone and SMS code.
//! After [5] failures in the window an image captcha is required; after [10] in [15] minutes the account
//! is locked for [15] minutes. Unknown accounts and wrong passwords get the same message.
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::UserRow;
use crate::accounts::ssr::{codes, users};
use crate::accounts::types::CodePurpose;
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::normalize_phone;

/// What the session says about the image captcha for this attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Captcha {
    NotGiven,
    Right,
    Wrong,
}

const MINUTE_MS: i64 = 60_000;

fn bad_credentials(attempts_left: Option<i64>) -> AppError {
    match attempts_left {
        Some(left) if left > 0 => AppError::refused(
            &format!("用户名或密码错误，再错{left}次账号将被锁定15分钟"),
            &format!("Wrong user name or password: {left} more failures lock the account for 15 min"),
        ),
        _ => AppError::refused("用户名或密码错误", "Wrong user name or password"),
    }
}

fn failures_in_window(state: &AppState, user: &UserRow, now: i64) -> i64 {
    let window_ms = state.settings.accounts.lock_window_minutes * MINUTE_MS;
    match user.failure_window_start_ms {
        Some(start) if now - start <= window_ms => user.failed_logins,
        _ => 0,
    }
}

fn ensure_not_locked(user: &UserRow, now: i64) -> Result<(), AppError> {
    match user.locked_until_ms {
        Some(until) if until > now => Err(AppError::Locked { minutes_left: (until - now + MINUTE_MS - 1) / MINUTE_MS }),
        _ => Ok(()),
    }
}

/// Password sign-in. Returns the user; the caller establishes the session.
pub async fn with_password(
    state: &AppState,
    identifier: &str,
    password: &str,
    captcha: Captcha,
) -> Result<UserRow, AppError> {
    let now = state.now_ms();
    let rules = &state.settings.accounts;
    let Some(user) = users::by_identifier(&state.db, identifier, today_in_china(now)).await? else {
        // Same work as a real check, so timing doesn't reveal which accounts exist.
        let _ = state.hasher.verify(password, DUMMY_HASH).await;
        return Err(bad_credentials(None));
    };
    ensure_not_locked(&user, now)?;
    if failures_in_window(state, &user, now) >= rules.captcha_after_failures && captcha != Captcha::Right {
        return Err(AppError::CaptchaRequired { wrong: captcha == Captcha::Wrong });
    }
    if state.hasher.verify(password, &user.password_hash).await? {
        clear_failures(state, user.id).await?;
        return Ok(user);
    }
    let failures = record_failure(state, user.id, now).await?;
    if failures >= rules.lock_after_failures {
        let until = now + rules.lock_minutes * MINUTE_MS;
        sqlx::query(
            "UPDATE users SET locked_until_ms = $1, failed_logins = 0, failure_window_start_ms = NULL WHERE id = $2",
        )
        .bind(until)
        .bind(user.id)
        .execute(&state.db)
        .await?;
        users::audit(&state.db, None, "account_locked", &user.username, "too many failed sign-ins", now).await?;
        return Err(AppError::Locked { minutes_left: rules.lock_minutes });
    }
    Err(bad_credentials(Some(rules.lock_after_failures - failures)))
}

/// Phone + SMS code sign-in. A locked account stays locked.
pub async fn with_sms_code(state: &AppState, phone: &str, code: &str) -> Result<UserRow, AppError> {
    let phone = normalize_phone(phone).map_err(|e| AppError::field("phone", &e))?;
    let Some(user) = users::by_phone(&state.db, &phone).await? else {
        return Err(AppError::invalid("phone", "该手机号未注册", "This phone number is not registered"));
    };
    ensure_not_locked(&user, state.now_ms())?;
    codes::consume_code(state, &phone, CodePurpose::SignIn, code).await?;
    clear_failures(state, user.id).await?;
    Ok(user)
}

/// Counts a failure in the current window (a new window starts when the old one is over).
async fn record_failure(state: &AppState, user_id: i64, now: i64) -> Result<i64, AppError> {
    let window_start = now - state.settings.accounts.lock_window_minutes * MINUTE_MS;
    let (failures,): (i64,) = sqlx::query_as(
        "UPDATE users SET \
           failed_logins = CASE WHEN failure_window_start_ms IS NULL OR failure_window_start_ms < $1 \
                                THEN 1 ELSE failed_logins + 1 END, \
           failure_window_start_ms = CASE WHEN failure_window_start_ms IS NULL OR failure_window_start_ms < $1 \
                                THEN $2 ELSE failure_window_start_ms END \
         WHERE id = $3 RETURNING failed_logins",
    )
    .bind(window_start)
    .bind(now)
    .bind(user_id)
    .fetch_one(&state.db)
    .await?;
    Ok(failures)
}

async fn clear_failures(state: &AppState, user_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE users SET failed_logins = 0, failure_window_start_ms = NULL, locked_until_ms = NULL WHERE id = $1",
    )
    .bind(user_id)
    .execute(&state.db)
    .await?;
    Ok(())
}

/// True when the password is older than the configured age or support reset it.
pub fn password_must_change(state: &AppState, user: &UserRow) -> bool {
    let max_age_ms = state.settings.accounts.password_max_age_days * 86_400_000;
    user.must_change_password == 1 || state.now_ms() - user.password_changed_ms > max_age_ms
}

/// An Argon2id hash of a random string, verified against when the account does not exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Y7dPCnNH4GMmEZUR2hNSKqzFDvk1yyTydlJfnf9gLVI";
