//! Support rules against the database. Every change is audit-logged with the acting staff member.
use rand::Rng;

use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::{
    check_id_for_type, check_name, mask_id_number, mask_phone, normalize_id_number, normalize_name, normalize_phone,
    IdType,
};
use crate::support::types::{AuditEntry, OutboxEntry, PersonSummary};

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    username: String,
    real_name: String,
    id_type: String,
    id_number: String,
    phone: String,
    identity_status: String,
}

const PERSON_COLUMNS: &str = "id, username, real_name, id_type, id_number, phone, identity_status";

/// Finds people by exact phone, exact ID number, user name, or name (normalized, exact). At most 50.
pub async fn look_up(state: &AppState, query: &str) -> Result<Vec<PersonSummary>, AppError> {
    let query = query.trim();
    if query.is_empty() || query.chars().count() > 64 {
        return Err(AppError::invalid(
            "query",
            "请输入姓名、手机号或证件号码",
            "Enter a name, phone number or ID number",
        ));
    }
    let rows: Vec<PersonRow> = if let Ok(phone) = normalize_phone(query) {
        sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM users WHERE phone = $1"))
            .bind(phone)
            .fetch_all(&state.db)
            .await?
    } else if let Ok(id_number) = normalize_id_number(query, today_in_china(state.now_ms())) {
        sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM users WHERE id_number = $1"))
            .bind(id_number)
            .fetch_all(&state.db)
            .await?
    } else {
        sqlx::query_as(&format!(
            "SELECT {PERSON_COLUMNS} FROM users WHERE real_name = $1 OR username_key = $2 OR id_number = $3 ORDER BY id LIMIT 50"
        ))
        .bind(normalize_name(query))
        .bind(query.to_ascii_lowercase())
        .bind(query.to_ascii_uppercase())
        .fetch_all(&state.db)
        .await?
    };
    let mut people = Vec::with_capacity(rows.len());
    for row in rows {
        people.push(PersonSummary {
            roles: users::roles_of(&state.db, row.id).await?,
            user_id: row.id,
            username: row.username,
            real_name: row.real_name,
            id_type: row.id_type,
            id_number_masked: mask_id_number(&row.id_number),
            phone_masked: mask_phone(&row.phone),
            identity_status: row.identity_status,
        });
    }
    Ok(people)
}

pub(crate) fn require_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::invalid(
            "reason",
            "请填写修改原因（200字以内）",
            "Give the reason (at most 200 characters)",
        ));
    }
    Ok(reason.to_string())
}

/// Fixes a registered name (seed 000: names registered with stray spaces or typos). Reason required.
pub async fn fix_name(
    state: &AppState,
    staff: &UserRow,
    user_id: i64,
    new_name: &str,
    reason: &str,
) -> Result<(), AppError> {
    let name = check_name(new_name).map_err(|e| AppError::field("real_name", &e))?;
    let reason = require_reason(reason)?;
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE users SET real_name = $1 WHERE id = $2").bind(&name).bind(user_id).execute(&state.db).await?;
    let detail = format!("{} -> {}; {reason}", person.real_name, name);
    users::audit(&state.db, Some(staff.id), "name_fix", &person.username, &detail, state.now_ms()).await?;
    Ok(())
}

/// Corrects a registered ID number (SPEC §2: immutable except by an audit-logged support fix), checked
/// by the rule of the person's ID type and still unique. The log keeps both numbers, masked.
pub async fn fix_id_number(
    state: &AppState,
    staff: &UserRow,
    user_id: i64,
    new_number: &str,
    reason: &str,
) -> Result<(), AppError> {
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let id_type = IdType::parse(&person.id_type).unwrap_or_default();
    let number = check_id_for_type(id_type, new_number, today_in_china(state.now_ms()))
        .map_err(|e| AppError::field("id_number", &e))?;
    let reason = require_reason(reason)?;
    if number == person.id_number {
        return Err(AppError::invalid("id_number", "新证件号码与原号码相同", "The number is unchanged"));
    }
    let updated = sqlx::query(
        "UPDATE users SET id_number = $1 WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM users WHERE id_number = $1)",
    )
    .bind(&number)
    .bind(user_id)
    .execute(&state.db)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::invalid("id_number", "该证件号码已被其他账号注册", "Another account has this ID number"));
    }
    let detail = format!("{} -> {}; {reason}", mask_id_number(&person.id_number), mask_id_number(&number));
    users::audit(&state.db, Some(staff.id), "id_number_fix", &person.username, &detail, state.now_ms()).await?;
    Ok(())
}

/// A temporary password that satisfies both password profiles.
pub(crate) fn temporary_password() -> String {
    let mut rng = rand::thread_rng();
    let letters: String = (0..3).map(|_| char::from(b'a' + rng.gen_range(0..26))).collect();
    format!("Zj#{:06}{letters}", rng.gen_range(0..1_000_000))
}

/// Sets a temporary password, sent to the user's phone only; the user must change it at the next sign-in
/// and every session of the account ends.
pub async fn reset_password(state: &AppState, staff: &UserRow, user_id: i64) -> Result<(), AppError> {
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let temporary = temporary_password();
    let hash = state.hasher.hash(&temporary).await?;
    let now = state.now_ms();
    // The temporary password exists only in the SMS: it commits with the new hash or not at all.
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = 1, failed_logins = 0, failure_window_start_ms = NULL, \
         locked_until_ms = NULL, credentials_epoch = credentials_epoch + 1 WHERE id = $2",
    )
    .bind(hash)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    let body = format!(
        "【专家服务平台】客服已为您重置密码，临时密码 {temporary}，请登录后立即修改。如非本人申请，请联系客服。"
    );
    crate::platform::sms::queue(&mut tx, &person.phone, &body, now).await?;
    let detail = "temporary password sent by SMS";
    users::audit(&mut *tx, Some(staff.id), "password_reset_by_support", &person.username, detail, now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

pub async fn outbox(state: &AppState) -> Result<Vec<OutboxEntry>, AppError> {
    let messages = crate::platform::sms::recent_outbox(&state.db, 200).await?;
    Ok(messages
        .into_iter()
        .map(|m| OutboxEntry { id: m.id, phone_masked: mask_phone(&m.phone), body: m.body, created_ms: m.created_ms })
        .collect())
}

pub async fn audit_log(state: &AppState) -> Result<Vec<AuditEntry>, AppError> {
    let rows: Vec<(i64, Option<String>, String, String, String, i64)> = sqlx::query_as(
        "SELECT a.id, u.username, a.action, a.subject, a.detail, a.created_ms FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_user_id ORDER BY a.id DESC LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, actor, action, subject, detail, created_ms)| AuditEntry {
            id,
            actor: actor.unwrap_or_else(|| "-".into()),
            action,
            subject,
            detail,
            created_ms,
        })
        .collect())
}
