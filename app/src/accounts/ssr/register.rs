//! Candidate registration (SPEC §2): every field rule, then uniqueness, then the SMS code, then one
//! transaction that writes the user, the role and the code's use — so a refusal leaves nothing behind.
use crate::accounts::forms::{today_in_china, validate_registration, ValidRegistration};
use crate::accounts::ssr::common_passwords::check_not_common;
use crate::accounts::ssr::{codes, users};
use crate::accounts::types::{CodePurpose, RegisterInput};
use crate::error::{AppError, FieldError, Text};
use crate::platform::{db::is_unique_violation, AppState};
use crate::rules::PasswordProfile;

fn id_taken() -> FieldError {
    FieldError::new(
        "id_number",
        Text::new(
            "该证件号码已注册，如忘记账号请通过“找回用户名或密码”找回",
            "This ID number is already registered: recover that account via “Forgot user name or password”",
        ),
    )
}
fn phone_taken() -> FieldError {
    FieldError::new(
        "phone",
        Text::new("该手机号已注册，请更换手机号", "This phone number is already registered: use another one"),
    )
}
fn username_taken() -> FieldError {
    FieldError::new("username", Text::new("该用户名已被使用，请换一个", "This user name is taken: choose another one"))
}

pub fn password_profile(state: &AppState) -> PasswordProfile {
    PasswordProfile::parse(&state.settings.accounts.password_profile).unwrap_or(PasswordProfile::Default)
}

/// Registers a candidate and returns the new user id.
pub async fn register(state: &AppState, input: &RegisterInput) -> Result<i64, AppError> {
    let now = state.now_ms();
    let form = validate_registration(input, password_profile(state), today_in_china(now))?;
    check_not_common(&form.password)?;
    ensure_unique(state, &form).await?;
    let code_id = codes::check_code(state, &form.phone, CodePurpose::Register, &form.sms_code).await?;
    let password_hash = state.hasher.hash(&form.password).await?;
    let answer_hash = match &form.security {
        Some((_, answer)) => Some(state.hasher.hash(answer).await?),
        None => None,
    };

    let mut tx = state.db.begin().await?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO users (username, username_key, real_name, id_type, id_number, phone, password_hash, \
         password_changed_ms, security_question, security_answer_hash, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8) RETURNING id",
    )
    .bind(&form.username)
    .bind(&form.username_key)
    .bind(&form.real_name)
    .bind(form.id_type.as_str())
    .bind(&form.id_number)
    .bind(&form.phone)
    .bind(&password_hash)
    .bind(now)
    .bind(form.security.as_ref().map(|(question, _)| question.clone()))
    .bind(answer_hash)
    .fetch_one(&mut *tx)
    .await;
    let (user_id,) = inserted.map_err(unique_violation_to_field)?;
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'candidate')")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    codes::mark_used(&mut *tx, code_id, now).await?;
    crate::policies::ssr::record_acceptance(&mut tx, user_id, now).await?;
    tx.commit().await?;
    users::audit(&state.db, Some(user_id), "register", &form.username, "candidate registered", now).await?;
    Ok(user_id)
}

/// Reports every taken value at once. The unique constraints still decide under a race.
async fn ensure_unique(state: &AppState, form: &ValidRegistration) -> Result<(), AppError> {
    let (id_count, phone_count, username_count): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users WHERE id_number = $1), (SELECT COUNT(*) FROM users WHERE phone = $2), \
         (SELECT COUNT(*) FROM users WHERE username_key = $3)",
    )
    .bind(&form.id_number)
    .bind(&form.phone)
    .bind(&form.username_key)
    .fetch_one(&state.db)
    .await?;
    let mut taken = Vec::new();
    if id_count > 0 {
        taken.push(id_taken());
    }
    if phone_count > 0 {
        taken.push(phone_taken());
    }
    if username_count > 0 {
        taken.push(username_taken());
    }
    if taken.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(taken))
    }
}

fn unique_violation_to_field(err: sqlx::Error) -> AppError {
    if is_unique_violation(&err, "users", "id_number") {
        AppError::Invalid(vec![id_taken()])
    } else if is_unique_violation(&err, "users", "phone") {
        AppError::Invalid(vec![phone_taken()])
    } else if is_unique_violation(&err, "users", "username_key") {
        AppError::Invalid(vec![username_taken()])
    } else {
        err.into()
    }
}

pub(crate) fn phone_taken_error() -> AppError {
    AppError::Invalid(vec![phone_taken()])
}
