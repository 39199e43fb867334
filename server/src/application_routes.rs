//! Application routes that carry raw bytes: attachments and title proofs (uploaded with a progress bar,
//! checked by content and size), the printed review form and attachments as downloads, and the admin's
//! specialty catalog and existing expert pool CSVs.
use app::accounts::ssr::auth;
use app::applications::api::ADMIN_ROLES;
use app::applications::ssr::{catalog, files, submit, wizard};
use app::platform::AppState;
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
        // One pattern for both: POST names the kind, GET the attachment id (axum needs one parameter name).
        .route("/api/applications/{id}/attachments/{item}", post(add_attachment).get(attachment))
        .route("/api/applications/{id}/title-proof", post(title_proof))
        .route("/api/applications/{id}/form.pdf", get(form_pdf))
        .route("/api/admin/specialties/import", post(import_specialties))
        .route("/api/admin/pool/import", post(import_pool))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// `POST /api/applications/{id}/attachments/{kind}`, body = the file. The applicant, while editable.
async fn add_attachment(
    State(state): State<AppState>,
    session: Session,
    Path((id, kind)): Path<(i64, String)>,
    body: Bytes,
) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let added = submit::add_attachment(&state, &user, id, &kind, "", body.to_vec()).await?;
        Ok(serde_json::json!({ "file_id": added.id, "size_bytes": body.len(), "file_name": added.file_name }))
    }
    .await;
    json_response(result)
}

/// `POST /api/applications/{id}/title-proof`, body = the proof. The applicant, while step 2 is editable.
async fn title_proof(State(state): State<AppState>, session: Session, Path(id): Path<i64>, body: Bytes) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let file_id = submit::upload_title_proof(&state, &user, id, body.to_vec()).await?;
        Ok(serde_json::json!({ "file_id": file_id, "size_bytes": body.len() }))
    }
    .await;
    json_response(result)
}

/// `GET /api/applications/{id}/form.pdf`: the applicant and the reviewers it is with.
async fn form_pdf(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let row = wizard::by_id(&state, id).await?;
        files::ensure_can_read(&state, &user, &row).await?;
        let bytes = submit::form_pdf(&state, &row).await?;
        Ok(("application/pdf".to_string(), format!("review-form-{id}.pdf"), bytes))
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `GET /api/applications/{id}/attachments/{attachment_id}`: the applicant and the reviewers it is with.
async fn attachment(
    State(state): State<AppState>,
    session: Session,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let row = wizard::by_id(&state, id).await?;
        files::ensure_can_read(&state, &user, &row).await?;
        files::attachment(&state, id, attachment_id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `POST /api/admin/specialties/import`, body = the catalog CSV. System admins.
async fn import_specialties(State(state): State<AppState>, session: Session, body: Bytes) -> Response {
    let body_len = body.len();
    let result = async {
        auth::require_role(&state, &session, ADMIN_ROLES).await?;
        catalog::import_catalog(&state, &body).await
    }
    .await;
    // file_id/size_bytes let the console's upload picker read the answer like any other upload.
    json_response(
        result.map(|imported| serde_json::json!({ "imported": imported, "file_id": 0, "size_bytes": body_len })),
    )
}

/// `POST /api/admin/pool/import`, body = the existing expert pool CSV. System admins.
async fn import_pool(State(state): State<AppState>, session: Session, body: Bytes) -> Response {
    let body_len = body.len();
    let result = async {
        let admin = auth::require_role(&state, &session, ADMIN_ROLES).await?;
        app::pool::ssr::import_pool(&state, &admin, &body).await
    }
    .await;
    json_response(
        result.map(|imported| serde_json::json!({ "imported": imported, "file_id": 0, "size_bytes": body_len })),
    )
}
