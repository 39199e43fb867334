//! 资料下载: the admin uploads PDF/JPG/PNG materials; candidates registered for a course download them,
//! and anyone downloads the public ones (the portal's blank templates and guides, `/downloads`).
use crate::accounts::ssr::users::{audit, holds_any_role, UserRow};
use crate::error::AppError;
use crate::identity::photo::FileKind;
use crate::platform::uploads::store_checked;
use crate::platform::AppState;
use crate::training::rules::check_title;
use crate::training::types::{Material, TRAINING_ADMIN_ROLES};

const MATERIAL_FORMATS: &[FileKind] = &[FileKind::Pdf, FileKind::Jpeg, FileKind::Png];

pub async fn add(
    state: &AppState,
    staff: &UserRow,
    title: &str,
    public: bool,
    bytes: Vec<u8>,
) -> Result<Material, AppError> {
    let title = check_title(title).map_err(|e| AppError::field("title", &e))?;
    let file = store_checked(state, staff.id, "training", bytes, MATERIAL_FORMATS).await?;
    let now = state.now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO training_materials (title, storage_key, content_type, size_bytes, uploaded_by, created_ms, public) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&title)
    .bind(&file.key)
    .bind(file.kind.mime())
    .bind(file.size_bytes)
    .bind(staff.id)
    .bind(now)
    .bind(i64::from(public))
    .fetch_one(&state.db)
    .await?;
    audit(&state.db, Some(staff.id), "training.material", &format!("training_material:{id}"), &title, now).await?;
    let (content_type, size_bytes) = (file.kind.mime().into(), file.size_bytes);
    Ok(Material { id, title, content_type, size_bytes, created_ms: now, public })
}

type MaterialRow = (i64, String, String, i64, i64, i64);

fn to_material((id, title, content_type, size_bytes, created_ms, public): MaterialRow) -> Material {
    Material { id, title, content_type, size_bytes, created_ms, public: public == 1 }
}

pub async fn list(state: &AppState) -> Result<Vec<Material>, AppError> {
    let rows: Vec<MaterialRow> = sqlx::query_as(
        "SELECT id, title, content_type, size_bytes, created_ms, public FROM training_materials ORDER BY id DESC",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_material).collect())
}

/// 资料下载 on the portal: the public materials, newest first.
pub async fn public_list(state: &AppState) -> Result<Vec<Material>, AppError> {
    let rows: Vec<MaterialRow> = sqlx::query_as(
        "SELECT id, title, content_type, size_bytes, created_ms, public FROM training_materials WHERE public = 1 \
         ORDER BY id DESC",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_material).collect())
}

/// A public material for anyone; any other is not found here.
pub async fn public_file(state: &AppState, id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    file_where(state, id, true).await
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
    file_where(state, id, false).await
}

/// The material `id`; with `public_only`, only a public one.
async fn file_where(state: &AppState, id: i64, public_only: bool) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT title, storage_key, content_type FROM training_materials WHERE id = $1 AND ($2 = 0 OR public = 1)",
    )
    .bind(id)
    .bind(i64::from(public_only))
    .fetch_optional(&state.db)
    .await?;
    let (title, key, content_type) = row.ok_or(AppError::NotFound)?;
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("{title}.{extension}"), state.files.get(&key).await?))
}
