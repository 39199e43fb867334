//! Training routes that carry raw bytes: the admin's material upload (with a progress bar in the browser),
//! the download for registered candidates, and the portal's public downloads (资料下载, anyone).
use app::accounts::ssr::auth;
use app::platform::AppState;
use app::training::ssr::materials;
use app::training::types::TRAINING_ADMIN_ROLES;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tower_sessions::Session;

use crate::files::{error_response, file_response, json_response};

pub fn routes(state: AppState) -> Router {
    let limit = (state.settings.identity.max_upload_mb + 2) * 1024 * 1024;
    Router::new()
        .route("/api/admin/training/materials", post(upload))
        .route("/api/training/materials/{id}", get(download))
        .route("/api/downloads/{id}", get(public_download))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

#[derive(serde::Deserialize)]
struct Titled {
    #[serde(default)]
    title: String,
    /// `public=true`: listed under 资料下载 for anyone.
    #[serde(default)]
    public: bool,
}

/// `POST /api/admin/training/materials?title=…&public=true|false`, body = the file (PDF/JPG/PNG). System and exam admins.
async fn upload(State(state): State<AppState>, session: Session, Query(query): Query<Titled>, body: Bytes) -> Response {
    let result = async {
        let staff = auth::require_role(&state, &session, TRAINING_ADMIN_ROLES).await?;
        let material = materials::add(&state, &staff, &query.title, query.public, body.to_vec()).await?;
        Ok(serde_json::json!({ "file_id": material.id, "size_bytes": material.size_bytes }))
    }
    .await;
    json_response(result)
}

/// `GET /api/training/materials/{id}`: candidates registered for a course, and training staff.
async fn download(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        materials::ensure_can_read(&state, &user).await?;
        materials::file(&state, id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `GET /api/downloads/{id}`: a public material (资料下载), for anyone.
async fn public_download(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    materials::public_file(&state, id).await.map_or_else(error_response, file_response)
}
