//! Verification of an organization by its business licence: the organization (or its admin) uploads
//! the licence, checked by content and size, and submits it; support approves or rejects with a reason;
//! the 主代办人 is told by SMS. Rejected, the organization may upload again and submit again.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::identity::photo::FileKind;
use crate::org_accounts::types::OrgVerificationItem;
use crate::platform::AppState;
use crate::ui::upload::StoredFile;

const LICENCE_KINDS: &[FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf];

/// Stores the licence of the organization `admin` administers; a new one replaces the old while the
/// organization isn't verified or under review.
pub async fn store_licence(
    state: &AppState,
    admin: &UserRow,
    org_id: i64,
    bytes: Vec<u8>,
) -> Result<StoredFile, AppError> {
    crate::orgs::ssr::administered(state, admin, org_id).await?;
    let file = crate::platform::uploads::store_checked(state, admin.id, "org_licence", bytes, LICENCE_KINDS).await?;
    let (old,): (Option<String>,) =
        sqlx::query_as("SELECT licence_key FROM organizations WHERE id = $1").bind(org_id).fetch_one(&state.db).await?;
    let replaced = sqlx::query(
        "UPDATE organizations SET licence_key = $1, licence_type = $2 \
         WHERE id = $3 AND verification IN ('unverified', 'rejected')",
    )
    .bind(&file.key)
    .bind(file.kind.mime())
    .bind(org_id)
    .execute(&state.db)
    .await?;
    if replaced.rows_affected() == 0 {
        state.files.delete(&file.key).await?;
        return Err(AppError::refused(
            "单位认证审核中或已通过，不能更换营业执照",
            "The organization is under review or verified: the licence can't be replaced",
        ));
    }
    if let Some(old) = old {
        state.files.delete(&old).await?;
    }
    Ok(StoredFile { file_id: org_id, size_bytes: file.size_bytes })
}

/// Sends the uploaded licence to support ("审核中"). Refused without a licence, or when already sent.
pub async fn submit(state: &AppState, admin: &UserRow, org_id: i64) -> Result<(), AppError> {
    let org = crate::orgs::ssr::administered(state, admin, org_id).await?;
    let now = state.now_ms();
    let sent = sqlx::query(
        "UPDATE organizations SET verification = 'pending', verification_reason = NULL, verification_decided_ms = $1 \
         WHERE id = $2 AND verification IN ('unverified', 'rejected') AND licence_key IS NOT NULL",
    )
    .bind(now)
    .bind(org_id)
    .execute(&state.db)
    .await?;
    if sent.rows_affected() == 1 {
        users::audit(&state.db, Some(admin.id), "org_verification_submit", org.full_name(), "", now).await?;
        return Ok(());
    }
    let (verification, licence): (String, Option<String>) =
        sqlx::query_as("SELECT verification, licence_key FROM organizations WHERE id = $1")
            .bind(org_id)
            .fetch_one(&state.db)
            .await?;
    Err(match (verification.as_str(), licence) {
        ("pending", _) => {
            AppError::refused("单位认证正在审核中，请等待短信通知", "Already under review: wait for the SMS")
        }
        ("verified", _) => AppError::refused("单位已通过认证", "The organization is already verified"),
        (_, None) => AppError::invalid("file", "请先上传营业执照", "Upload the business licence first"),
        _ => AppError::refused("无法提交认证", "Can't be submitted"),
    })
}

/// Organizations waiting for support, oldest first (the submission time is kept in `verification_decided_ms`).
pub async fn queue(state: &AppState) -> Result<Vec<OrgVerificationItem>, AppError> {
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.full_name, o.uscc, o.legal_rep_name, u.real_name, o.verification_decided_ms \
         FROM organizations o JOIN users u ON u.id = o.admin_user_id WHERE o.verification = 'pending' \
         ORDER BY o.verification_decided_ms, o.id LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(org_id, full_name, uscc, legal_rep_name, agent_name, submitted_ms)| OrgVerificationItem {
            org_id,
            full_name,
            uscc,
            legal_rep_name,
            agent_name,
            submitted_ms,
        })
        .collect())
}

/// Support's decision: verified, or rejected with a reason; the 主代办人 is told by SMS, in the same
/// transaction as the decision and its audit entry. Only a pending organization can be decided.
pub async fn decide(
    state: &AppState,
    staff: &UserRow,
    org_id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if !approve {
        crate::rules::check_required("不通过原因", "reason", reason, 200).map_err(|e| AppError::field("reason", &e))?;
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let decided: Option<(String, i64)> = sqlx::query_as(
        "UPDATE organizations SET verification = $1, verification_reason = $2, verification_decided_ms = $3 \
         WHERE id = $4 AND verification = 'pending' RETURNING full_name, admin_user_id",
    )
    .bind(if approve { "verified" } else { "rejected" })
    .bind((!approve).then_some(reason))
    .bind(now)
    .bind(org_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (full_name, admin_id) = decided.ok_or(AppError::NotFound)?;
    let (phone,): (String,) =
        sqlx::query_as("SELECT phone FROM users WHERE id = $1").bind(admin_id).fetch_one(&mut *tx).await?;
    let body = if approve {
        format!("【专家服务平台】{full_name}的单位认证已通过。")
    } else {
        format!("【专家服务平台】{full_name}的单位认证未通过：{reason}。请重新上传营业执照后提交。")
    };
    crate::platform::sms::queue(&mut tx, &phone, &body, now).await?;
    let action = if approve { "org_verified" } else { "org_verification_rejected" };
    users::audit(&mut *tx, Some(staff.id), action, &full_name, reason, now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// The licence an organization uploaded, for support.
pub async fn read_licence(state: &AppState, org_id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT licence_key, licence_type FROM organizations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(&state.db)
            .await?;
    let (Some(key), Some(content_type)) = row.ok_or(AppError::NotFound)? else { return Err(AppError::NotFound) };
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("licence-{org_id}.{extension}"), state.files.get(&key).await?))
}
