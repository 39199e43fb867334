//! Ticket attachments as raw bytes: the upload (with a progress bar in the browser), and the download for
//! whoever may see the ticket.
use app::accounts::ssr::auth;
use app::platform::AppState;
use app::tickets::ssr;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tower_sessions::Session;

use crate::files::{error_response, file_response, json_response};

pub fn routes(state: AppState) -> Router {
    let limit = (state.settings.identity.max_upload_mb + 2) * 1024 * 1024;
    Router::new()
        .route("/api/tickets/files", post(upload))
        .route("/api/tickets/files/{id}", get(download))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// `POST /api/tickets/files`, body = a JPG/PNG/PDF ≤ [10] MB. Signed-in users; linked when sent.
async fn upload(State(state): State<AppState>, session: Session, body: Bytes) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let file = ssr::upload(&state, &user, body.to_vec()).await?;
        Ok(serde_json::json!({ "file_id": file.id, "size_bytes": file.size_bytes }))
    }
    .await;
    json_response(result)
}

/// `GET /api/tickets/files/{id}`: the ticket's owner and ticket staff.
async fn download(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        ssr::file(&state, &user, id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}
