//! Exam routes that carry raw bytes: the identity-check photo, the question-bank CSV (both uploaded
//! with a progress bar), and the network check's test payload.
use app::accounts::ssr::auth;
use app::error::AppError;
use app::exams::api::EXAM_ADMIN_ROLES;
use app::platform::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_sessions::Session;

use crate::files::{error_response, file_response, json_response};

/// Size of the network check's download: big enough to measure, small enough for a slow line.
const SPEED_TEST_BYTES: usize = 512 * 1024;

pub fn routes(state: AppState) -> Router {
    let limit = (state.settings.identity.max_upload_mb + 2) * 1024 * 1024;
    Router::new()
        .route("/api/exams/{exam_id}/face-check", post(face_check))
        .route("/api/exam-admin/questions/import", post(import_questions))
        .route("/api/exams/speed-test", get(speed_test))
        .route("/api/exams/live-faces", post(live_faces))
        .route("/api/exams/attempts/{attempt_id}/snapshot", post(snapshot))
        .route("/api/exam-admin/events/{event_id}/photo", get(event_photo))
        .route("/api/exam-admin/attempts/{attempt_id}/verified-photo", get(verified_photo))
        .route("/api/certificates/{serial}/pdf", get(certificate_pdf))
        .route("/api/exam-admin/face-checks/{check_id}/{side}", get(face_check_photo))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// `POST /api/exams/{exam_id}/face-check`, body = the JPEG taken in the identity step.
async fn face_check(
    State(state): State<AppState>,
    session: Session,
    Path(exam_id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        app::exams::ssr::confirm::face_check(&state, &user, exam_id, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `POST /api/exams/attempts/{attempt_id}/snapshot`, body = a proctoring JPEG. The attempt's candidate.
async fn snapshot(
    State(state): State<AppState>,
    session: Session,
    Path(attempt_id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        app::exams::ssr::proctoring::record_snapshot(&state, &user, attempt_id, body.to_vec()).await
    }
    .await;
    json_response(result)
}

/// `GET /api/exam-admin/face-checks/{check_id}/{live|verified}`: the two photos of a check. Exam admins.
async fn face_check_photo(
    State(state): State<AppState>,
    session: Session,
    Path((check_id, side)): Path<(i64, String)>,
) -> Response {
    let result = async {
        auth::require_role(&state, &session, EXAM_ADMIN_ROLES).await?;
        app::exams::ssr::review::face_check_photo(&state, check_id, side == "live").await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `GET /api/certificates/{serial}/pdf`: the holder and staff.
async fn certificate_pdf(State(state): State<AppState>, session: Session, Path(serial): Path<String>) -> Response {
    let result = async {
        let viewer = auth::require_user(&state, &session).await?;
        app::exams::ssr::certificates::pdf(&state, &viewer, &serial).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `GET /api/exam-admin/events/{event_id}/photo`: a proctoring snapshot. Exam admins.
async fn event_photo(State(state): State<AppState>, session: Session, Path(event_id): Path<i64>) -> Response {
    let result = async {
        auth::require_role(&state, &session, EXAM_ADMIN_ROLES).await?;
        app::exams::ssr::office::event_photo(&state, event_id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `GET /api/exam-admin/attempts/{attempt_id}/verified-photo`: the candidate's verified ID face photo,
/// beside the snapshots. Exam admins.
async fn verified_photo(State(state): State<AppState>, session: Session, Path(attempt_id): Path<i64>) -> Response {
    let result = async {
        auth::require_role(&state, &session, EXAM_ADMIN_ROLES).await?;
        app::exams::ssr::office::verified_photo(&state, attempt_id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// `POST /api/exams/live-faces`, body = a frame of the identity step's camera. Signed-in users.
async fn live_faces(State(state): State<AppState>, session: Session, body: Bytes) -> Response {
    let result = async {
        auth::require_user(&state, &session).await?;
        app::exams::ssr::confirm::live_faces(&state, body.to_vec()).await
    }
    .await;
    json_response(result)
}

#[derive(serde::Deserialize)]
struct ImportQuery {
    pool: Option<String>,
}

/// `POST /api/exam-admin/questions/import?pool=formal|practice`, body = the CSV, into that pool (formal
/// when not given). All rows or none. Exam admins.
async fn import_questions(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> Response {
    let result = async {
        auth::require_role(&state, &session, EXAM_ADMIN_ROLES).await?;
        let pool = app::exams::ssr::bank::Pool::parse(query.pool.as_deref().unwrap_or("formal")).ok_or_else(|| {
            AppError::invalid(
                "pool",
                "请选择导入到正式考试题库或模拟练习题库",
                "Choose the formal or the practice pool",
            )
        })?;
        app::exams::ssr::bank::import_csv(&state, &body, pool).await
    }
    .await;
    json_response(result.map(|imported| serde_json::json!({ "imported": imported })))
}

/// `GET /api/exams/speed-test`: incompressible bytes, never cached, so the browser measures the line.
async fn speed_test() -> Response {
    let mut response = app::exams::ssr::confirm::speed_test_payload(SPEED_TEST_BYTES).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
