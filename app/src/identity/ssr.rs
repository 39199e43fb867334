//! Identity rules against the database and the file store. Uploads are checked by content and size;
//! the face photo must pass the automatic checks; a submission goes to support unless the configuration
//! lets a passing resident-ID account through; the decision is sent by SMS.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, Text};
use crate::identity::photo::{check_face_photo, FileKind, PhotoProblem, PhotoReport, PhotoThresholds};
use crate::identity::types::{FilePurpose, IdentityStatus, ReviewItem, UploadedFile};
use crate::platform::{storage::FileStore, AppState};
use crate::rules::mask_id_number;

const ID_PHOTO_KINDS: &[FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf];
pub(crate) const FACE_KINDS: &[FileKind] = &[FileKind::Jpeg, FileKind::Png];

fn upload_refused(zh: String, en: String) -> AppError {
    AppError::Invalid(vec![crate::error::FieldError::new("file", Text::new(zh, en))])
}

/// Runs the face checks off the async runtime (decoding and detection take tens of milliseconds).
pub async fn face_checks(state: &AppState, bytes: Vec<u8>) -> Result<PhotoReport, AppError> {
    photo_verdict(state, bytes).await?.map_err(|problem| upload_refused(problem.zh(), problem.en()))
}

/// The face checks' verdict, for callers that record a refused photo instead of refusing the request.
pub async fn photo_verdict(state: &AppState, bytes: Vec<u8>) -> Result<Result<PhotoReport, PhotoProblem>, AppError> {
    let _slot = state.face_detections.acquire().await.map_err(AppError::internal)?;
    let detector = state.faces.clone();
    tokio::task::spawn_blocking(move || check_face_photo(&detector, &bytes, &PhotoThresholds::default()))
        .await
        .map_err(AppError::internal)
}

/// Stores one upload of the signed-in user after checking its content, size and (for the face) the photo.
pub async fn store_upload(
    state: &AppState,
    user: &UserRow,
    purpose: FilePurpose,
    bytes: Vec<u8>,
) -> Result<UploadedFile, AppError> {
    ensure_open(state, user).await?;
    if purpose == FilePurpose::Face && !has_face_consent(state, user.id).await? {
        return Err(AppError::refused(
            "请先阅读并同意人脸信息处理规则，再拍摄人脸照片",
            "Read and agree to the face processing rules before taking the face photo",
        ));
    }
    let allowed = if purpose == FilePurpose::Face { FACE_KINDS } else { ID_PHOTO_KINDS };
    let (bytes, kind) = crate::platform::uploads::check(state, &format!("user:{}", user.id), bytes, allowed).await?;
    if purpose == FilePurpose::Face {
        face_checks(state, bytes.clone()).await?;
    }
    let key = FileStore::new_key(purpose.as_str(), kind.extension());
    let size = bytes.len() as i64;
    state.files.put(&key, bytes).await?;
    let (file_id,): (i64,) = sqlx::query_as(
        "INSERT INTO stored_files (owner_user_id, purpose, storage_key, content_type, size_bytes, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user.id)
    .bind(purpose.as_str())
    .bind(&key)
    .bind(kind.mime())
    .bind(size)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    Ok(UploadedFile { file_id, purpose, size_bytes: size })
}

/// Whether the user gave the separate consent to face processing.
pub async fn has_face_consent(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT version FROM policy_acceptances WHERE user_id = $1 AND kind = 'face' LIMIT 1")
            .bind(user_id)
            .fetch_optional(&state.db)
            .await?;
    Ok(row.is_some())
}

/// Records the separate consent to face processing (with the privacy policy version it refers to and
/// the time), once.
pub async fn consent_to_face_processing(state: &AppState, user: &UserRow) -> Result<(), AppError> {
    if has_face_consent(state, user.id).await? {
        return Ok(());
    }
    let (version,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM policies WHERE kind = 'privacy'")
        .fetch_one(&state.db)
        .await?;
    sqlx::query("INSERT INTO policy_acceptances (user_id, kind, version, accepted_ms) VALUES ($1, 'face', $2, $3)")
        .bind(user.id)
        .bind(version)
        .bind(state.now_ms())
        .execute(&state.db)
        .await?;
    Ok(())
}

async fn current_status(state: &AppState, user_id: i64) -> Result<String, AppError> {
    let (status,): (String,) =
        sqlx::query_as("SELECT identity_status FROM users WHERE id = $1").bind(user_id).fetch_one(&state.db).await?;
    Ok(status)
}

/// New photos are taken only while no submission is pending and the account isn't verified yet.
async fn ensure_open(state: &AppState, user: &UserRow) -> Result<(), AppError> {
    match current_status(state, user.id).await?.as_str() {
        "pending" => Err(AppError::refused(
            "实名认证正在审核中，请耐心等待短信通知",
            "Your verification is under review: wait for the SMS",
        )),
        "verified" => Err(AppError::refused("您已通过实名认证，无需重复提交", "You are already verified")),
        _ => Ok(()),
    }
}

pub async fn status(state: &AppState, user: &UserRow) -> Result<IdentityStatus, AppError> {
    let status = current_status(state, user.id).await?;
    let reason: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT review_reason FROM identity_submissions WHERE user_id = $1 ORDER BY created_ms DESC, id DESC LIMIT 1",
    )
    .bind(user.id)
    .fetch_optional(&state.db)
    .await?;
    let face_consent = has_face_consent(state, user.id).await?;
    Ok(IdentityStatus { status, reason: reason.and_then(|(r,)| r), id_type: user.id_type.clone(), face_consent })
}

/// The user's own file of the given purpose, or a field error naming what is missing.
async fn own_file(state: &AppState, user: &UserRow, file_id: i64, purpose: FilePurpose) -> Result<String, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT storage_key FROM stored_files WHERE id = $1 AND owner_user_id = $2 AND purpose = $3")
            .bind(file_id)
            .bind(user.id)
            .bind(purpose.as_str())
            .fetch_optional(&state.db)
            .await?;
    row.map(|(key,)| key)
        .ok_or_else(|| AppError::invalid(purpose.as_str(), "请先上传这张照片", "Upload this photo first"))
}

/// Submits the three photos for verification. Refused while a submission is pending or once verified.
pub async fn submit(
    state: &AppState,
    user: &UserRow,
    front: i64,
    back: i64,
    face: i64,
) -> Result<IdentityStatus, AppError> {
    ensure_open(state, user).await?;
    own_file(state, user, front, FilePurpose::IdFront).await?;
    own_file(state, user, back, FilePurpose::IdBack).await?;
    let face_key = own_file(state, user, face, FilePurpose::Face).await?;
    let report = face_checks(state, state.files.get(&face_key).await?).await?;
    let auto_report = format!(
        "faces={} brightness={:.0} sharpness={:.0} face_box={:?}",
        report.faces, report.brightness, report.sharpness, report.face_box
    );
    // Only the resident ID card can be checked automatically; even then support approves by default.
    let automatic = user.id_type == "resident" && !state.settings.identity.manual_approval_required;
    let status = if automatic { "verified" } else { "pending" };
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO identity_submissions (user_id, id_front_file, id_back_file, face_file, auto_report, status, created_ms, reviewed_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user.id)
    .bind(front)
    .bind(back)
    .bind(face)
    .bind(&auto_report)
    .bind(status)
    .bind(now)
    .bind(automatic.then_some(now))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE users SET identity_status = $1 WHERE id = $2")
        .bind(status)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    if automatic {
        notify(&mut tx, &user.phone, true, None, now).await?;
    }
    tx.commit().await?;
    state.sms.wake();
    self::status(state, user).await
}

/// Queues the verdict's SMS in the transaction that records it.
async fn notify(
    conn: &mut sqlx::AnyConnection,
    phone: &str,
    approved: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let body = if approved {
        "【专家服务平台】您的实名认证已通过。".to_string()
    } else {
        format!("【专家服务平台】您的实名认证未通过：{}。请登录后按提示重新提交。", reason.unwrap_or("资料不符"))
    };
    crate::platform::sms::queue(conn, phone, &body, now).await
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    id: i64,
    username: String,
    real_name: String,
    id_type: String,
    id_number: String,
    id_front_file: i64,
    id_back_file: i64,
    face_file: i64,
    auto_report: String,
    created_ms: i64,
}

/// Pending submissions, oldest first, with the account data support compares the photos with.
pub async fn review_queue(state: &AppState) -> Result<Vec<ReviewItem>, AppError> {
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT s.id, u.username, u.real_name, u.id_type, u.id_number, s.id_front_file, s.id_back_file, s.face_file, \
         s.auto_report, s.created_ms FROM identity_submissions s JOIN users u ON u.id = s.user_id \
         WHERE s.status = 'pending' ORDER BY s.created_ms, s.id LIMIT 100",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ReviewItem {
            submission_id: row.id,
            username: row.username,
            real_name: row.real_name,
            id_type: row.id_type,
            id_number_masked: mask_id_number(&row.id_number),
            id_front_file: row.id_front_file,
            id_back_file: row.id_back_file,
            face_file: row.face_file,
            auto_report: row.auto_report,
            created_ms: row.created_ms,
        })
        .collect())
}

/// The reason of a support decision: required to refuse, at most 200 characters, trimmed.
pub fn decision_reason(approve: bool, reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::invalid("reason", "请填写不通过的原因", "Give the reason for refusing"));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::invalid("reason", "原因不能超过200个字", "The reason may have at most 200 characters"));
    }
    Ok(reason)
}

/// The storage key of the face photo of the user's approved identity verification, if any.
pub async fn verified_face_key(state: &AppState, user_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT f.storage_key FROM identity_submissions s JOIN stored_files f ON f.id = s.face_file \
         WHERE s.user_id = $1 AND s.status = 'verified' ORDER BY s.reviewed_ms DESC, s.id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|(key,)| key))
}

/// Support approves or refuses a pending submission; refusing needs a reason. Audit-logged, sent by SMS.
pub async fn decide(
    state: &AppState,
    reviewer: &UserRow,
    submission_id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = decision_reason(approve, reason)?;
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM identity_submissions WHERE id = $1 AND status = 'pending'")
            .bind(submission_id)
            .fetch_optional(&state.db)
            .await?;
    let (user_id,) = row.ok_or(AppError::NotFound)?;
    let status = if approve { "verified" } else { "failed" };
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let done = sqlx::query(
        "UPDATE identity_submissions SET status = $1, reviewer_id = $2, review_reason = $3, reviewed_ms = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(reviewer.id)
    .bind((!reason.is_empty()).then(|| reason.to_string()))
    .bind(now)
    .bind(submission_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::refused("该申请已被其他客服处理", "Another reviewer already decided this submission"));
    }
    sqlx::query("UPDATE users SET identity_status = $1 WHERE id = $2")
        .bind(status)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let user = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let action = if approve { "identity_approve" } else { "identity_refuse" };
    users::audit(&mut *tx, Some(reviewer.id), action, &user.username, reason, now).await?;
    notify(&mut tx, &user.phone, approve, Some(reason), now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// A stored file for the owner or staff: (content type, file name for Content-Disposition, bytes).
pub async fn read_file(
    state: &AppState,
    viewer: &UserRow,
    file_id: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT owner_user_id, purpose, storage_key, content_type FROM stored_files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&state.db)
            .await?;
    let (owner, purpose, key, content_type) = row.ok_or(AppError::NotFound)?;
    // Same answer as a missing file: other people's files don't visibly exist.
    if owner != viewer.id && !users::holds_any_role(&state.db, viewer.id, &["support", "system_admin"]).await? {
        return Err(AppError::NotFound);
    }
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("{purpose}-{file_id}.{extension}"), state.files.get(&key).await?))
}
