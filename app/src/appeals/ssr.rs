//! Appeal rules against the database and the file store. The person has no account session: the appeal
//! being filled in is remembered in the (anonymous) tower session once the new phone is proven by SMS
//! code, so nobody else can add photos to it or submit it.
use tower_sessions::Session;

use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::codes;
use crate::accounts::ssr::users::{self, UserRow};
use crate::accounts::types::CodePurpose;
use crate::appeals::types::{AppealInput, AppealItem, AppealPhoto, AppealStarted};
use crate::error::{AppError, Problems, Text};
use crate::identity::photo::FileKind;
use crate::platform::{storage::FileStore, AppState};
use crate::rules::{
    check_name, check_required, check_sms_code, mask_id_number, mask_phone, normalize_id_number, normalize_phone,
};
use crate::ui::upload::StoredFile;

const DRAFT_KEY: &str = "appeal_draft";
const PHOTO_KINDS: &[FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf];

use crate::platform::sessions::session_error;

/// The appeal this browser session started and hasn't submitted yet.
async fn draft_of(state: &AppState, session: &Session) -> Result<i64, AppError> {
    let expired = || AppError::refused("申诉填写已过期，请重新填写申诉信息", "The appeal form expired: start again");
    let id: i64 = session.get(DRAFT_KEY).await.map_err(session_error)?.ok_or_else(expired)?;
    let row: Option<(String,)> =
        sqlx::query_as("SELECT status FROM account_appeals WHERE id = $1").bind(id).fetch_optional(&state.db).await?;
    match row {
        Some((status,)) if status == "draft" => Ok(id),
        _ => Err(expired()),
    }
}

/// Checks the form, finds the account by exact name + ID number, and consumes the SMS code to the new phone.
pub async fn start(state: &AppState, session: &Session, input: &AppealInput) -> Result<AppealStarted, AppError> {
    let mut problems = Problems::default();
    let name = problems.check("real_name", check_name(&input.real_name));
    let id_number = problems.check("id_number", normalize_id_number(&input.id_number, today_in_china(state.now_ms())));
    let phone = problems.check("phone", normalize_phone(&input.phone));
    let code = problems.check("sms_code", check_sms_code(&input.code));
    let description = problems.check("description", check_required("申诉说明", "explanation", &input.description, 500));
    problems.into_result()?;
    let (name, id_number, phone, code, description) =
        (name.unwrap_or_default(), id_number.unwrap_or_default(), phone.unwrap_or_default(), code, description);
    // The code first: until the new phone is proven, every name + ID pair gets the same answer, so the
    // form can't be used to learn who is registered.
    codes::consume_code(state, &phone, CodePurpose::Appeal, &code.unwrap_or_default()).await?;
    let account: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE id_number = $1 AND real_name = $2")
        .bind(&id_number)
        .bind(&name)
        .fetch_optional(&state.db)
        .await?;
    let (user_id,) = account.ok_or_else(|| {
        AppError::invalid(
            "id_number",
            "未找到姓名与证件号码都一致的账号，请核对后重新获取验证码再试",
            "No account has exactly this name and ID number: check both, then get a new code and try again",
        )
    })?;
    let (open,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM account_appeals WHERE user_id = $1 AND status = 'pending'")
            .bind(user_id)
            .fetch_one(&state.db)
            .await?;
    if open > 0 {
        return Err(AppError::refused(
            "该账号已有申诉正在处理，请等待短信通知",
            "An appeal for this account is already being handled: wait for the SMS",
        ));
    }
    let (appeal_id,): (i64,) = sqlx::query_as(
        "INSERT INTO account_appeals (user_id, new_phone, description, status, created_ms) \
         VALUES ($1, $2, $3, 'draft', $4) RETURNING id",
    )
    .bind(user_id)
    .bind(&phone)
    .bind(description.unwrap_or_default())
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    session.insert(DRAFT_KEY, appeal_id).await.map_err(session_error)?;
    Ok(AppealStarted { appeal_id, phone_masked: mask_phone(&phone) })
}

/// Stores one photo of this session's appeal, checked by content and size; a new one replaces the old.
pub async fn store_photo(
    state: &AppState,
    session: &Session,
    photo: AppealPhoto,
    bytes: Vec<u8>,
) -> Result<StoredFile, AppError> {
    let appeal_id = draft_of(state, session).await?;
    let (bytes, kind) =
        crate::platform::uploads::check(state, &format!("appeal:{appeal_id}"), bytes, PHOTO_KINDS).await?;
    let replaced: Vec<(String,)> =
        sqlx::query_as("SELECT storage_key FROM appeal_files WHERE appeal_id = $1 AND purpose = $2")
            .bind(appeal_id)
            .bind(photo.as_str())
            .fetch_all(&state.db)
            .await?;
    let key = FileStore::new_key(&format!("appeal_{}", photo.as_str()), kind.extension());
    let size = bytes.len() as i64;
    state.files.put(&key, bytes).await?;
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM appeal_files WHERE appeal_id = $1 AND purpose = $2")
        .bind(appeal_id)
        .bind(photo.as_str())
        .execute(&mut *tx)
        .await?;
    let (file_id,): (i64,) = sqlx::query_as(
        "INSERT INTO appeal_files (appeal_id, purpose, storage_key, content_type, size_bytes, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(appeal_id)
    .bind(photo.as_str())
    .bind(&key)
    .bind(kind.mime())
    .bind(size)
    .bind(state.now_ms())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    for (old_key,) in replaced {
        state.files.delete(&old_key).await?;
    }
    Ok(StoredFile { file_id, size_bytes: size })
}

/// Sends the appeal to support once all three photos are there; the person is told by SMS.
pub async fn submit(state: &AppState, session: &Session) -> Result<(), AppError> {
    let appeal_id = draft_of(state, session).await?;
    let present: Vec<(String,)> = sqlx::query_as("SELECT purpose FROM appeal_files WHERE appeal_id = $1")
        .bind(appeal_id)
        .fetch_all(&state.db)
        .await?;
    let mut problems = Problems::default();
    for photo in AppealPhoto::ALL {
        if !present.iter().any(|(p,)| p == photo.as_str()) {
            let (zh, en) = photo.label();
            problems.add(photo.as_str(), Text::new(format!("请上传{zh}"), format!("Upload the {en}")));
        }
    }
    problems.into_result()?;
    let now = state.now_ms();
    let (phone,): (String,) = sqlx::query_as(
        "UPDATE account_appeals SET status = 'pending', submitted_ms = $1 WHERE id = $2 AND status = 'draft' \
         RETURNING new_phone",
    )
    .bind(now)
    .bind(appeal_id)
    .fetch_one(&state.db)
    .await?;
    session.remove::<i64>(DRAFT_KEY).await.map_err(session_error)?;
    let body = "【专家服务平台】您的账号申诉已提交，客服将在约1个工作日内处理，结果将以短信通知。";
    state.sms.send(&phone, body, now).await
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    id: i64,
    new_phone: String,
    description: String,
    submitted_ms: i64,
    username: String,
    real_name: String,
    id_type: String,
    id_number: String,
    identity_status: String,
    phone: String,
    verified_face_file: Option<i64>,
}

/// Submitted appeals, oldest first, with the account data and photos support compares.
pub async fn queue(state: &AppState) -> Result<Vec<AppealItem>, AppError> {
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT a.id, a.new_phone, a.description, a.submitted_ms, u.username, u.real_name, u.id_type, \
         u.id_number, u.identity_status, u.phone, (SELECT s.face_file FROM identity_submissions s \
         WHERE s.user_id = a.user_id AND s.status = 'verified' ORDER BY s.reviewed_ms DESC, s.id DESC LIMIT 1) \
         AS verified_face_file FROM account_appeals a JOIN users u ON u.id = a.user_id \
         WHERE a.status = 'pending' ORDER BY a.submitted_ms, a.id LIMIT 100",
    )
    .fetch_all(&state.db)
    .await?;
    // The photos of every listed appeal in one query, not one per appeal.
    let mut photos: std::collections::HashMap<i64, Vec<(AppealPhoto, i64)>> = std::collections::HashMap::new();
    if !rows.is_empty() {
        let sql = format!(
            "SELECT appeal_id, id, purpose FROM appeal_files WHERE appeal_id IN ({}) ORDER BY id",
            crate::platform::db::numbered(1, rows.len())
        );
        let mut files = sqlx::query_as::<_, (i64, i64, String)>(&sql);
        for row in &rows {
            files = files.bind(row.id);
        }
        for (appeal_id, id, purpose) in files.fetch_all(&state.db).await? {
            if let Some(purpose) = AppealPhoto::parse(&purpose) {
                photos.entry(appeal_id).or_default().push((purpose, id));
            }
        }
    }
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(AppealItem {
            appeal_id: row.id,
            username: row.username,
            real_name: row.real_name,
            id_type: row.id_type,
            id_number_masked: mask_id_number(&row.id_number),
            identity_status: row.identity_status,
            phone_masked: mask_phone(&row.phone),
            new_phone_masked: mask_phone(&row.new_phone),
            description: row.description,
            submitted_ms: row.submitted_ms,
            photos: photos.remove(&row.id).unwrap_or_default(),
            verified_face_file: row.verified_face_file,
        });
    }
    Ok(items)
}

/// Approves (binds the new phone, sends a temporary password to it) or refuses (with a reason) a
/// submitted appeal. Audit-logged; the answer goes by SMS to the new phone either way.
pub async fn decide(
    state: &AppState,
    staff: &UserRow,
    appeal_id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = crate::identity::ssr::decision_reason(approve, reason)?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT user_id, new_phone FROM account_appeals WHERE id = $1 AND status = 'pending'")
            .bind(appeal_id)
            .fetch_optional(&state.db)
            .await?;
    let (user_id, new_phone) = row.ok_or(AppError::NotFound)?;
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    if approve {
        if let Some(other) = users::by_phone(&state.db, &new_phone).await? {
            if other.id != user_id {
                return Err(AppError::refused(
                    "申诉填写的新手机号已被其他账号绑定，无法通过，请驳回并说明原因",
                    "The appeal's new phone is bound to another account: refuse it with that reason",
                ));
            }
        }
    }
    let now = state.now_ms();
    let temporary = crate::support::ssr::temporary_password();
    let hash = if approve { Some(state.hasher.hash(&temporary).await?) } else { None };
    let mut tx = state.db.begin().await?;
    let done = sqlx::query(
        "UPDATE account_appeals SET status = $1, reviewer_id = $2, review_reason = $3, reviewed_ms = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(staff.id)
    .bind((!reason.is_empty()).then(|| reason.to_string()))
    .bind(now)
    .bind(appeal_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::refused(
            "该申诉已被其他客服处理",
            "Another member of support already decided this appeal",
        ));
    }
    if let Some(hash) = &hash {
        sqlx::query(
            "UPDATE users SET phone = $1, phone_changed_ms = $2, password_hash = $3, must_change_password = 1, \
             failed_logins = 0, failure_window_start_ms = NULL, locked_until_ms = NULL, \
             credentials_epoch = credentials_epoch + 1 WHERE id = $4",
        )
        .bind(&new_phone)
        .bind(now)
        .bind(hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    let (action, body) = if approve {
        (
            "appeal_approve",
            format!(
                "【专家服务平台】您的账号申诉已通过，本手机号已绑定账号 {}，临时密码 {temporary}，请登录后立即修改密码。",
                person.username
            ),
        )
    } else {
        ("appeal_refuse", format!("【专家服务平台】您的账号申诉未通过：{reason}。如有疑问请联系客服。"))
    };
    let detail = if approve { format!("phone bound: {}", mask_phone(&new_phone)) } else { reason.to_string() };
    users::audit(&mut *tx, Some(staff.id), action, &person.username, &detail, now).await?;
    // The temporary password exists only in this message: it commits with the new hash or not at all.
    crate::platform::sms::queue(&mut tx, &new_phone, &body, now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// An appeal photo for staff (the caller checked the role): (content type, file name, bytes).
pub async fn read_photo(state: &AppState, file_id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT purpose, storage_key, content_type FROM appeal_files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&state.db)
            .await?;
    let (purpose, key, content_type) = row.ok_or(AppError::NotFound)?;
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("appeal-{purpose}-{file_id}.{extension}"), state.files.get(&key).await?))
}
