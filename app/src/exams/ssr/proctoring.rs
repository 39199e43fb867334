//! Proctoring (SPEC §7, seed 003): snapshots at random moments, stored at once and checked off the
//! request path (`snapshot_checks`: who is in view), camera presence (how long without a snapshot), and
//! the verdict they give: enough snapshots of someone else or of several people, or a long time without
//! the camera, fail the attempt pending the exam office's review.
use crate::accounts::ssr::users::UserRow;
use crate::config::ExamSettings;
use crate::error::AppError;
use crate::exams::ssr::attempts::open_for_writing;
use crate::exams::types::SnapshotReceived;
use crate::identity::photo::{check_content, FileKind};
use crate::platform::{storage::FileStore, AppState};

/// Adds one event to an attempt's proctoring log; returns its id.
pub(crate) async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    attempt_id: i64,
    kind: &str,
    detail: &str,
    key: Option<&str>,
) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO attempt_events (attempt_id, kind, detail, storage_key, created_ms) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(attempt_id)
    .bind(kind)
    .bind(detail)
    .bind(key)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub(crate) async fn add_event(
    state: &AppState,
    attempt_id: i64,
    kind: &str,
    detail: &str,
    key: Option<&str>,
) -> Result<(), AppError> {
    let mut conn = state.db.acquire().await?;
    insert_event(&mut conn, state.now_ms(), attempt_id, kind, detail, key).await?;
    Ok(())
}

/// Stores a proctoring snapshot and queues its identity check; answers before the check runs.
pub async fn record_snapshot(
    state: &AppState,
    user: &UserRow,
    attempt_id: i64,
    bytes: Vec<u8>,
) -> Result<SnapshotReceived, AppError> {
    let attempt = open_for_writing(state, user, attempt_id).await?;
    // The attempt's own quota, not the person's hourly one: an exam takes more snapshots than that.
    check_snapshot_quota(state, &attempt).await?;
    let max_bytes = state.settings.identity.max_upload_mb * 1024 * 1024;
    let (bytes, kind) = check_content(bytes, max_bytes, &[FileKind::Jpeg])
        .await
        .map_err(|p| AppError::invalid("file", &p.zh(), &p.en()))?;
    let key = FileStore::new_key("snapshot", kind.extension());
    state.files.put(&key, bytes).await?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let event_id = insert_event(&mut tx, now, attempt.id, "snapshot", "queued", Some(&key)).await?;
    crate::exams::ssr::snapshot_checks::enqueue(&mut tx, now, attempt.id, event_id, &key).await?;
    // Camera presence: the time since the last snapshot (or the start) is one gap without the camera.
    let (last,): (Option<i64>,) = sqlx::query_as("SELECT last_snapshot_ms FROM attempts WHERE id = $1")
        .bind(attempt.id)
        .fetch_one(&mut *tx)
        .await?;
    let gap = now - last.unwrap_or(attempt.started_ms).max(attempt.started_ms);
    sqlx::query(
        "UPDATE attempts SET last_snapshot_ms = $1, \
         longest_camera_gap_ms = CASE WHEN longest_camera_gap_ms < $2 THEN $2 ELSE longest_camera_gap_ms END WHERE id = $3",
    )
    .bind(now)
    .bind(gap)
    .bind(attempt.id)
    .execute(&mut *tx)
    .await?;
    if gap > silence_limit_ms(&state.settings.exams) {
        let detail = format!("no snapshot for {} s", gap / 1000);
        insert_event(&mut tx, now, attempt.id, "anomaly_camera_silent", &detail, None).await?;
    }
    tx.commit().await?;
    Ok(SnapshotReceived { event_id })
}

/// Snapshots are taken only in proctored exams, and no more than the exam's length allows at the
/// shortest interval (twice over, for retries): a page can't fill the storage with them.
async fn check_snapshot_quota(
    state: &AppState,
    attempt: &crate::exams::ssr::attempts::AttemptRow,
) -> Result<(), AppError> {
    let (proctoring, duration_min, taken): (i64, i64, i64) = sqlx::query_as(
        "SELECT e.proctoring, e.duration_min, (SELECT COUNT(*) FROM attempt_events v WHERE v.attempt_id = $1 AND v.kind = 'snapshot') \
         FROM exams e WHERE e.id = $2",
    )
    .bind(attempt.id)
    .bind(attempt.exam_id)
    .fetch_one(&state.db)
    .await?;
    if proctoring != 1 {
        return Err(AppError::refused(
            "本场考试不监考，无需上传抓拍",
            "This exam is not proctored: no snapshots are taken",
        ));
    }
    let allowed = duration_min * 60 / state.settings.exams.snapshot_min_secs.max(1) * 2 + 20;
    if taken >= allowed {
        return Err(AppError::refused("抓拍次数已达上限", "The snapshots of this attempt are at their limit"));
    }
    Ok(())
}

/// A snapshot is expected within the longest interval and a minute: beyond, the camera was silent.
pub fn silence_limit_ms(settings: &ExamSettings) -> i64 {
    (settings.snapshot_max_secs + 60) * 1000
}

/// The camera stopped during the attempt (unplugged, permission withdrawn): logged as an anomaly.
pub async fn record_camera_off(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<(), AppError> {
    let attempt = open_for_writing(state, user, attempt_id).await?;
    add_event(state, attempt.id, "anomaly_camera_off", "", None).await
}

#[derive(sqlx::FromRow)]
struct Evidence {
    outcome: Option<String>,
    reviewed_by: Option<i64>,
    multi_face_count: i64,
    other_person_count: i64,
    proctoring: i64,
    started_ms: i64,
    deadline_ms: i64,
    submitted_ms: Option<i64>,
    last_snapshot_ms: Option<i64>,
    longest_camera_gap_ms: i64,
}

impl Evidence {
    /// Why the proctoring calls for review, if it does (seed 003, SPEC §7).
    fn review_reason(&self, settings: &ExamSettings) -> Option<String> {
        if self.other_person_count >= settings.other_person_review_threshold {
            return Some(format!("other_person={}", self.other_person_count));
        }
        if self.multi_face_count >= settings.multi_face_review_threshold {
            return Some(format!("multi_face={}", self.multi_face_count));
        }
        let end = self.submitted_ms?.min(self.deadline_ms);
        let since = self.last_snapshot_ms.unwrap_or(self.started_ms).max(self.started_ms);
        let longest = self.longest_camera_gap_ms.max(end - since);
        (self.proctoring == 1 && longest >= settings.camera_absent_review_secs * 1000)
            .then(|| format!("camera_absent={} s", longest / 1000))
    }
}

/// For a graded attempt: fails it pending review when the proctoring calls for it (unless the office
/// has decided it already), and issues its certificate once no snapshot check waits. Called by grading
/// and after every snapshot check, in their transactions; does nothing before grading.
pub(crate) async fn apply_proctoring_verdict(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    attempt_id: i64,
) -> Result<(), AppError> {
    let evidence: Evidence = sqlx::query_as(
        "SELECT a.outcome, a.reviewed_by, a.multi_face_count, a.other_person_count, e.proctoring, a.started_ms, \
         a.deadline_ms, a.submitted_ms, a.last_snapshot_ms, a.longest_camera_gap_ms \
         FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE a.id = $1",
    )
    .bind(attempt_id)
    .fetch_one(&mut *conn)
    .await?;
    let Some(outcome) = evidence.outcome.as_deref() else { return Ok(()) };
    if outcome != "pending_review" && evidence.reviewed_by.is_none() {
        if let Some(reason) = evidence.review_reason(&state.settings.exams) {
            sqlx::query("UPDATE attempts SET outcome = 'pending_review' WHERE id = $1")
                .bind(attempt_id)
                .execute(&mut *conn)
                .await?;
            insert_event(conn, state.now_ms(), attempt_id, "pending_review", &reason, None).await?;
            return Ok(());
        }
    }
    let (waiting,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM snapshot_checks WHERE attempt_id = $1 AND state <> 'done'")
            .bind(attempt_id)
            .fetch_one(&mut *conn)
            .await?;
    if waiting == 0 {
        crate::exams::ssr::certificates::issue(conn, state.now_ms(), attempt_id).await?;
    }
    Ok(())
}
