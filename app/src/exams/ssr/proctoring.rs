//! Proctoring (SPEC §7, seed 003): snapshots at random moments with the faces counted by the identity
//! checks' detector, and the anomalies (no face, more than one face, camera off) recorded with the attempt.
use crate::accounts::ssr::users::UserRow;
use crate::error::AppError;
use crate::exams::ssr::attempts::open_for_writing;
use crate::exams::types::SnapshotOutcome;
use crate::identity::photo::{check_upload, FileKind, PhotoProblem};
use crate::platform::{storage::FileStore, AppState};

pub(crate) async fn add_event(
    state: &AppState,
    attempt_id: i64,
    kind: &str,
    detail: &str,
    key: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO attempt_events (attempt_id, kind, detail, storage_key, created_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(attempt_id)
    .bind(kind)
    .bind(detail)
    .bind(key)
    .bind(state.now_ms())
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Stores a proctoring snapshot and counts the faces in it with the identity checks' detector; no face
/// and more than one face are recorded as anomalies (seed 003).
pub async fn record_snapshot(
    state: &AppState,
    user: &UserRow,
    attempt_id: i64,
    bytes: Vec<u8>,
) -> Result<SnapshotOutcome, AppError> {
    let attempt = open_for_writing(state, user, attempt_id).await?;
    let max_bytes = state.settings.identity.max_upload_mb * 1024 * 1024;
    let kind =
        check_upload(&bytes, max_bytes, &[FileKind::Jpeg]).map_err(|p| AppError::invalid("file", &p.zh(), &p.en()))?;
    let faces = match crate::identity::ssr::photo_verdict(state, bytes.clone()).await? {
        Ok(_) => 1,
        Err(PhotoProblem::SeveralFaces(n)) => n,
        Err(PhotoProblem::NoFace | PhotoProblem::NotAnImage) => 0,
        // Dark, blurred or small: still one person in view.
        Err(_) => 1,
    };
    let key = FileStore::new_key("snapshot", kind.extension());
    state.files.put(&key, bytes).await?;
    add_event(state, attempt.id, "snapshot", &format!("faces={faces}"), Some(&key)).await?;
    let anomaly = match faces {
        0 => "no_face",
        1 => "",
        _ => "multi_face",
    };
    if !anomaly.is_empty() {
        add_event(state, attempt.id, &format!("anomaly_{anomaly}"), &format!("faces={faces}"), Some(&key)).await?;
    }
    if faces > 1 {
        sqlx::query("UPDATE attempts SET multi_face_count = multi_face_count + 1 WHERE id = $1")
            .bind(attempt.id)
            .execute(&state.db)
            .await?;
    }
    Ok(SnapshotOutcome { faces, anomaly: anomaly.into() })
}

/// The camera stopped during the attempt (unplugged, permission withdrawn): logged as an anomaly.
pub async fn record_camera_off(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<(), AppError> {
    let attempt = open_for_writing(state, user, attempt_id).await?;
    add_event(state, attempt.id, "anomaly_camera_off", "", None).await
}
