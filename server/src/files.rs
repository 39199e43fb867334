//! Routes that carry raw bytes: photo uploads (the browser shows upload progress, which server
//! functions over `fetch` can't report) and file downloads for the owner and staff.
use app::accounts::ssr::auth;
use app::appeals::types::AppealPhoto;
use app::error::AppError;
use app::identity::types::FilePurpose;
use app::platform::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_sessions::Session;

pub fn routes(state: AppState) -> Router {
    // Room for the largest allowed file plus a little, so an oversized one gets our message, not axum's.
    let limit = (state.settings.identity.max_upload_mb + 2) * 1024 * 1024;
    Router::new()
        .route("/api/identity/upload/{purpose}", post(upload))
        .route("/api/files/{id}", get(download))
        .route("/api/support/users/{id}/face", post(retake_face))
        .route("/api/appeals/upload/{purpose}", post(appeal_upload))
        .route("/api/appeals/files/{id}", get(appeal_download))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// The same JSON error body as the server functions, with a fitting status code.
pub fn error_response(err: AppError) -> Response {
    (status_of(&err), Json(err)).into_response()
}

/// The HTTP status that fits an error, for the plain routes and the server functions alike.
pub fn status_of(err: &AppError) -> StatusCode {
    match err {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthorized | AppError::PasswordExpired => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Refused(_) | AppError::CaptchaRequired { .. } | AppError::Locked { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal { .. } | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// `POST /api/identity/upload/{id_front|id_back|face}`, body = the file. The signed-in user only.
async fn upload(State(state): State<AppState>, session: Session, Path(purpose): Path<String>, body: Bytes) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let purpose = FilePurpose::parse(&purpose).ok_or(AppError::NotFound)?;
        app::identity::ssr::store_upload(&state, &user, purpose, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `POST /api/support/users/{id}/face`, body = the photo support took: the person's verified face photo
/// from now on. Support.
async fn retake_face(State(state): State<AppState>, session: Session, Path(id): Path<i64>, body: Bytes) -> Response {
    let result = async {
        let staff = auth::require_role(&state, &session, app::support::types::SUPPORT_ROLES).await?;
        app::identity::retake::retake_face(&state, &staff, id, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `POST /api/appeals/upload/{id_front|id_back|handheld}`: the browser session that started an appeal.
async fn appeal_upload(
    State(state): State<AppState>,
    session: Session,
    Path(purpose): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let photo = AppealPhoto::parse(&purpose).ok_or(AppError::NotFound)?;
        app::appeals::ssr::store_photo(&state, &session, photo, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `GET /api/appeals/files/{id}`: support and system admins only.
async fn appeal_download(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let result = async {
        auth::require_role(&state, &session, app::support::types::SUPPORT_ROLES).await?;
        app::appeals::ssr::read_photo(&state, id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `GET /api/files/{id}`: the owner, support and system admins; anyone else gets 404.
async fn download(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let result = async {
        let viewer = auth::require_user(&state, &session).await?;
        app::identity::ssr::read_file(&state, &viewer, id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

pub use app::platform::html_escape;

/// The value as JSON, or the error as [`error_response`] shapes it.
pub fn json_response<T: serde::Serialize>(result: Result<T, AppError>) -> Response {
    result.map_or_else(error_response, |value| Json(value).into_response())
}

/// A stored file with its type, a generated name for `Content-Disposition`, and no caching.
pub fn file_response((content_type, file_name, bytes): (String, String, Vec<u8>)) -> Response {
    // RFC 6266: an ASCII name for old clients and the UTF-8 name (Chinese titles) for everyone else.
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("inline; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
