//! Organization account files as raw bytes: the business licence (uploaded by the organization or its
//! admin, read by support) and the legal-entity appeal's two files (uploaded by the browser session that
//! started the appeal, read by support).
use app::accounts::ssr::auth;
use app::error::AppError;
use app::org_accounts::ssr::{account, recovery, verification};
use app::org_accounts::types::OrgAppealFile;
use app::platform::AppState;
use app::support::types::SUPPORT_ROLES;
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
        .route("/api/org-account/licence/{org_id}", post(upload_licence))
        .route("/api/support/orgs/{org_id}/licence", get(read_licence))
        .route("/api/org-recovery/upload/{file}", post(upload_appeal_file))
        .route("/api/support/org-appeals/{id}/{file}", get(read_appeal_file))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// `POST /api/org-account/licence/{org_id}`, body = JPG/PNG/PDF. The organization or its admin.
async fn upload_licence(
    State(state): State<AppState>,
    session: Session,
    Path(org_id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let admin = account::org_caller(&state, &session).await?;
        verification::store_licence(&state, &admin, org_id, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `GET /api/support/orgs/{org_id}/licence`: support.
async fn read_licence(State(state): State<AppState>, session: Session, Path(org_id): Path<i64>) -> Response {
    let result = async {
        auth::require_role(&state, &session, SUPPORT_ROLES).await?;
        verification::read_licence(&state, org_id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `POST /api/org-recovery/upload/{licence|statement}`: the browser session that started the appeal.
async fn upload_appeal_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let file = OrgAppealFile::parse(&file).ok_or(AppError::NotFound)?;
        recovery::store_appeal_file(&state, &session, file, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `GET /api/support/org-appeals/{id}/{licence|statement}`: support.
async fn read_appeal_file(
    State(state): State<AppState>,
    session: Session,
    Path((id, file)): Path<(i64, String)>,
) -> Response {
    let result = async {
        auth::require_role(&state, &session, SUPPORT_ROLES).await?;
        let file = OrgAppealFile::parse(&file).ok_or(AppError::NotFound)?;
        recovery::read_appeal_file(&state, id, file).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}
