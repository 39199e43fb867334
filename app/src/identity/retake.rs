//! Support re-takes a verified person's face photo (seed 000: "联系工作人员重新进行人脸拍照录入"), when the
//! verified photo no longer matches the person at the exam's identity check. The new photo, checked like
//! any face photo, becomes the verified one in a new verified submission; the old submission and its
//! photo stay, and the audit log names both files.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::identity::ssr::{face_checks, FACE_KINDS};
use crate::identity::types::{FilePurpose, UploadedFile};
use crate::platform::{storage::FileStore, AppState};

pub async fn retake_face(
    state: &AppState,
    staff: &UserRow,
    user_id: i64,
    bytes: Vec<u8>,
) -> Result<UploadedFile, AppError> {
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let latest: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id_front_file, id_back_file, face_file FROM identity_submissions \
         WHERE user_id = $1 AND status = 'verified' ORDER BY reviewed_ms DESC, id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    let Some((front, back, old_face)) = latest else {
        return Err(AppError::refused(
            "该用户尚未通过实名认证：请其先完成实名认证",
            "This person isn't verified yet: they verify their identity first",
        ));
    };
    let (bytes, kind) =
        crate::platform::uploads::check(state, &format!("user:{}", staff.id), bytes, FACE_KINDS).await?;
    face_checks(state, bytes.clone()).await?;
    let key = FileStore::new_key(FilePurpose::Face.as_str(), kind.extension());
    let size_bytes = bytes.len() as i64;
    state.files.put(&key, bytes).await?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let (file_id,): (i64,) = sqlx::query_as(
        "INSERT INTO stored_files (owner_user_id, purpose, storage_key, content_type, size_bytes, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(FilePurpose::Face.as_str())
    .bind(&key)
    .bind(kind.mime())
    .bind(size_bytes)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO identity_submissions (user_id, id_front_file, id_back_file, face_file, auto_report, status, \
         reviewer_id, review_reason, created_ms, reviewed_ms) VALUES ($1, $2, $3, $4, '', 'verified', $5, $6, $7, $7)",
    )
    .bind(user_id)
    .bind(front)
    .bind(back)
    .bind(file_id)
    .bind(staff.id)
    .bind("客服重新录入人脸照片")
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let detail = format!("face photo re-taken: file {old_face} kept, file {file_id} now verified");
    users::audit(&mut *tx, Some(staff.id), "face_retake", &person.username, &detail, now).await?;
    tx.commit().await?;
    Ok(UploadedFile { file_id, purpose: FilePurpose::Face, size_bytes })
}
