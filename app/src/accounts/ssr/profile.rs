//! Changes a signed-in user makes to their own account (SPEC §2): the password, and the phone number
//! (a code to the new number, once per [365] days). Name and ID number have no change path at all.
use crate::accounts::ssr::codes;
use crate::accounts::ssr::recovery::{check_new_password, set_password};
use crate::accounts::ssr::register::phone_taken_error;
use crate::accounts::ssr::users::{self, UserRow};
use crate::accounts::types::CodePurpose;
use crate::error::AppError;
use crate::platform::{db::is_unique_violation, AppState};
use crate::rules::normalize_phone;

/// Returns the updated row (with its new credentials epoch) so the caller can renew this session.
pub async fn change_password(
    state: &AppState,
    user: &UserRow,
    current: &str,
    password: &str,
    again: &str,
) -> Result<UserRow, AppError> {
    if !state.hasher.verify(current, &user.password_hash).await? {
        return Err(AppError::invalid("current_password", "当前密码不正确", "The current password is wrong"));
    }
    check_new_password(state, user, password, again)?;
    if current == password {
        return Err(AppError::invalid(
            "password",
            "新密码不能与当前密码相同",
            "The new password must differ from the current one",
        ));
    }
    let mut tx = state.db.begin().await?;
    set_password(&mut tx, state, user.id, password).await?;
    tx.commit().await?;
    users::audit(&state.db, Some(user.id), "password_change", &user.username, "by the user", state.now_ms()).await?;
    users::by_id(&state.db, user.id).await?.ok_or(AppError::NotFound)
}

/// Refuses before any code is sent when the yearly change was already used.
pub fn ensure_phone_change_allowed(state: &AppState, user: &UserRow) -> Result<(), AppError> {
    let interval_days = state.settings.accounts.phone_change_interval_days;
    if let Some(changed) = user.phone_changed_ms {
        let next = changed + interval_days * 86_400_000;
        if next > state.now_ms() {
            let days = (next - state.now_ms()) / 86_400_000 + 1;
            return Err(AppError::refused(
                &format!("手机号每{interval_days}天只能更换一次，请{days}天后再试，或联系客服"),
                &format!("The phone number can change once every {interval_days} days: try again in {days} days or contact support"),
            ));
        }
    }
    Ok(())
}

pub async fn change_phone(state: &AppState, user: &UserRow, new_phone: &str, code: &str) -> Result<(), AppError> {
    let phone = normalize_phone(new_phone).map_err(|e| AppError::field("phone", &e))?;
    ensure_phone_change_allowed(state, user)?;
    if phone == user.phone {
        return Err(AppError::invalid("phone", "新手机号与当前手机号相同", "This is already your phone number"));
    }
    if users::by_phone(&state.db, &phone).await?.is_some() {
        return Err(phone_taken_error());
    }
    let code_id = codes::check_code(state, &phone, CodePurpose::ChangePhone, code).await?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    codes::mark_used(&mut *tx, code_id, now).await?;
    sqlx::query("UPDATE users SET phone = $1, phone_changed_ms = $2 WHERE id = $3")
        .bind(&phone)
        .bind(now)
        .bind(user.id)
        .execute(&mut *tx)
        .await
        .map_err(|err| if is_unique_violation(&err, "users", "phone") { phone_taken_error() } else { err.into() })?;
    tx.commit().await?;
    let detail = format!("{} -> {}", crate::rules::mask_phone(&user.phone), crate::rules::mask_phone(&phone));
    users::audit(&state.db, Some(user.id), "phone_change", &user.username, &detail, now).await?;
    Ok(())
}
