//! Identity server functions under `/api/identity/` (the signed-in user) and `/api/support/identity/`
//! (support staff). Uploads and file downloads are plain routes (`POST /api/identity/upload/{purpose}`,
//! `GET /api/files/{id}`) because they carry raw bytes with upload progress.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::identity::types::{IdentityStatus, ReviewItem};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth;
#[cfg(feature = "ssr")]
use crate::platform::state;

/// Roles that may review identity uploads.
pub const REVIEWER_ROLES: &[&str] = &["support", "system_admin"];

/// The signed-in user's verification state. Signed-in users.
#[server(prefix = "/api", endpoint = "identity/status", input = GetUrl)]
pub async fn my_identity() -> Result<IdentityStatus, AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    crate::identity::ssr::status(&state, &user).await
}

/// The separate consent to face processing, before the first face photo. Signed-in users.
#[server(prefix = "/api", endpoint = "identity/face-consent", input = Json)]
pub async fn consent_face_processing() -> Result<(), AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    crate::identity::ssr::consent_to_face_processing(&state, &user).await
}

/// Submits the uploaded ID front, back and face photo. Signed-in users, their own files only.
#[server(prefix = "/api", endpoint = "identity/submit", input = Json)]
pub async fn submit_identity(id_front: i64, id_back: i64, face: i64) -> Result<IdentityStatus, AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    crate::identity::ssr::submit(&state, &user, id_front, id_back, face).await
}

/// Pending submissions, oldest first. Support and system admins.
#[server(prefix = "/api", endpoint = "support/identity/queue", input = GetUrl)]
pub async fn identity_queue() -> Result<Vec<ReviewItem>, AppError> {
    let state = state()?;
    auth::require_role(&state, &auth::request_session().await?, REVIEWER_ROLES).await?;
    crate::identity::ssr::review_queue(&state).await
}

/// Approves or refuses (with a reason) a pending submission. Support and system admins.
#[server(prefix = "/api", endpoint = "support/identity/decide", input = Json)]
pub async fn decide_identity(submission_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = state()?;
    let reviewer = auth::require_role(&state, &auth::request_session().await?, REVIEWER_ROLES).await?;
    crate::identity::ssr::decide(&state, &reviewer, submission_id, approve, &reason).await
}
