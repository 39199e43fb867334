//! Who may read an application's files: its applicant, the reviewers it is with now, system admins.
use crate::accounts::ssr::users::{self, UserRow};
use crate::applications::ssr::review;
use crate::applications::ssr::wizard::ApplicationRow;
use crate::error::AppError;
use crate::platform::AppState;

pub async fn ensure_can_read(state: &AppState, user: &UserRow, row: &ApplicationRow) -> Result<(), AppError> {
    if row.user_id == user.id {
        return Ok(());
    }
    let roles = users::roles_of(&state.db, user.id).await?;
    if roles.iter().any(|r| r == "system_admin") {
        return Ok(());
    }
    if roles.iter().any(|r| review::REVIEWER_ROLES.contains(&r.as_str()))
        && row.status == "submitted"
        && !review::reviewable(state, user, row).await?.is_empty()
    {
        return Ok(());
    }
    // Not theirs to know about.
    Err(AppError::NotFound)
}

/// (content type, download name, bytes) of one attachment of the application.
pub async fn attachment(
    state: &AppState,
    application_id: i64,
    attachment_id: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT f.storage_key, f.content_type, a.kind FROM application_attachments a JOIN application_files f ON f.id = a.file_id \
         WHERE a.id = $1 AND a.application_id = $2",
    )
    .bind(attachment_id)
    .bind(application_id)
    .fetch_optional(&state.db)
    .await?;
    let (key, content_type, kind) = row.ok_or(AppError::NotFound)?;
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("{kind}-{attachment_id}.{extension}"), state.files.get(&key).await?))
}
