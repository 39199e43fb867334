//! 资料下载: the admin uploads PDF/JPG/PNG materials; candidates registered for a course download them.
use crate::accounts::ssr::users::{audit, holds_any_role, UserRow};
use crate::error::AppError;
use crate::identity::photo::FileKind;
use crate::platform::uploads::store_checked;
use crate::platform::AppState;
use crate::training::rules::check_title;
use crate::training::types::{Material, TRAINING_ADMIN_ROLES};

const MATERIAL_FORMATS: &[FileKind] = &[FileKind::Pdf, FileKind::Jpeg, FileKind::Png];

pub async fn add(state: &AppState, staff: &UserRow, title: &str, bytes: Vec<u8>) -> Result<Material, AppError> {
    let title = check_title(title).map_err(|e| AppError::field("title", &e))?;
    let file = store_checked(state, staff.id, "training", bytes, MATERIAL_FORMATS).await?;
    let now = state.now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO training_materials (title, storage_key, content_type, size_bytes, uploaded_by, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&title)
    .bind(&file.key)
    .bind(file.kind.mime())
    .bind(file.size_bytes)
    .bind(staff.id)
    .bind(now)
    .fetch_one(&state.db)
    .await?;
    audit(&state.db, Some(staff.id), "training.material", &format!("training_material:{id}"), &title, now).await?;
    Ok(Material { id, title, content_type: file.kind.mime().into(), size_bytes: file.size_bytes, created_ms: now })
}

pub async fn list(state: &AppState) -> Result<Vec<Material>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, title, content_type, size_bytes, created_ms FROM training_materials ORDER BY id DESC",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, content_type, size_bytes, created_ms)| Material {
            id,
            title,
            content_type,
            size_bytes,
            created_ms,
        })
        .collect())
}

/// Materials are for candidates registered for a course, and for the staff who manage training.
pub async fn ensure_can_read(state: &AppState, user: &UserRow) -> Result<(), AppError> {
    let registered: Option<(i64,)> = sqlx::query_as("SELECT id FROM training_registrations WHERE user_id = $1")
        .bind(user.id)
        .fetch_optional(&state.db)
        .await?;
    if registered.is_some() {
        return Ok(());
    }
    if holds_any_role(&state.db, user.id, TRAINING_ADMIN_ROLES).await? {
        return Ok(());
    }
    Err(AppError::refused("报名培训课程后可下载培训资料", "Register for a course to download the materials"))
}

/// (content type, download name, bytes).
pub async fn file(state: &AppState, id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT title, storage_key, content_type FROM training_materials WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db)
            .await?;
    let (title, key, content_type) = row.ok_or(AppError::NotFound)?;
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("{title}.{extension}"), state.files.get(&key).await?))
}
