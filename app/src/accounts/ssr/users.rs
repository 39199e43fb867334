//! The `users` table: row type and look-ups. `UserRow` holds the password hash and is deliberately not
//! `Serialize`; the browser gets a masked [`Me`].
use sqlx::AnyPool;

use crate::accounts::types::Me;
use crate::rules::{mask_id_number, mask_phone, normalize_id_number, normalize_phone, username_key};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub real_name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub password_hash: String,
    pub password_changed_ms: i64,
    pub must_change_password: i64,
    pub security_question: Option<String>,
    pub security_answer_hash: Option<String>,
    pub phone_changed_ms: Option<i64>,
    pub failed_logins: i64,
    pub failure_window_start_ms: Option<i64>,
    pub locked_until_ms: Option<i64>,
    pub credentials_epoch: i64,
}

const COLUMNS: &str = "id, username, real_name, id_type, id_number, phone, password_hash, password_changed_ms, \
     must_change_password, security_question, security_answer_hash, phone_changed_ms, failed_logins, \
     failure_window_start_ms, locked_until_ms, credentials_epoch";

pub async fn by_id(db: &AnyPool, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1")).bind(id).fetch_optional(db).await
}

pub async fn by_phone(db: &AnyPool, phone: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE phone = $1")).bind(phone).fetch_optional(db).await
}

pub async fn by_username(db: &AnyPool, username: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE username_key = $1"))
        .bind(username_key(username.trim()))
        .fetch_optional(db)
        .await
}

/// Sign-in accepts a user name, a phone number or an ID number in one box. The shapes don't overlap:
/// user names can't be all digits, phones are 11 digits, ID numbers 15/18 characters.
pub async fn by_identifier(
    db: &AnyPool,
    identifier: &str,
    today: (i32, u32, u32),
) -> Result<Option<UserRow>, sqlx::Error> {
    let identifier = identifier.trim();
    if identifier.is_empty() || identifier.chars().count() > 64 {
        return Ok(None);
    }
    if let Ok(phone) = normalize_phone(identifier) {
        return by_phone(db, &phone).await;
    }
    if let Ok(id_number) = normalize_id_number(identifier, today) {
        return sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id_number = $1"))
            .bind(id_number)
            .fetch_optional(db)
            .await;
    }
    match by_username(db, identifier).await? {
        Some(user) => Ok(Some(user)),
        None => by_legacy_name(db, identifier).await,
    }
}

/// The former expert-project system's accounts came over with this prefix (seed 002: "将以前的登录名账号前
/// 增加WGZJXM_输入检索"): a login name of the old system also finds its prefixed account.
pub const LEGACY_PREFIX: &str = "WGZJXM_";

/// The account `WGZJXM_<name>`, unless `name` already carries the prefix.
pub async fn by_legacy_name(db: &AnyPool, name: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let name = name.trim();
    if name.is_empty() || name.to_ascii_uppercase().starts_with(LEGACY_PREFIX) {
        return Ok(None);
    }
    by_username(db, &format!("{LEGACY_PREFIX}{name}")).await
}

pub async fn roles_of(db: &AnyPool, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|(role,)| role).collect())
}

/// Whether the person holds at least one of `allowed` (deny by default: none listed, none held).
pub async fn holds_any_role(db: &AnyPool, user_id: i64, allowed: &[&str]) -> Result<bool, sqlx::Error> {
    Ok(roles_of(db, user_id).await?.iter().any(|role| allowed.contains(&role.as_str())))
}

pub async fn to_me(db: &AnyPool, user: &UserRow, must_change_password: bool) -> Result<Me, sqlx::Error> {
    Ok(Me {
        user_id: user.id,
        username: user.username.clone(),
        real_name: user.real_name.clone(),
        id_type: user.id_type.clone(),
        id_number_masked: mask_id_number(&user.id_number),
        phone_masked: mask_phone(&user.phone),
        roles: roles_of(db, user.id).await?,
        has_security_question: user.security_question.is_some(),
        must_change_password,
        approves_units: crate::units::ssr::approves_any(db, user.id).await?,
        org_account: None,
    })
}

/// Writes one audit entry, on the pool or in the caller's transaction (`&mut *tx`).
pub async fn audit<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    actor_user_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, action, subject, detail, created_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor_user_id)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .bind(now_ms)
    .execute(db)
    .await?;
    Ok(())
}
