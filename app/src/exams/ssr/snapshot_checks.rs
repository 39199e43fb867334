//! Identity on every proctoring snapshot (SPEC §7, seed 003: 核实为非本人): each snapshot is checked by the
//! face detector and compared with the candidate's verified ID face photo with the pre-exam check's dlib
//! descriptor. The upload only queues the check (`snapshot_checks`); a bounded number of workers per
//! server take checks one at a time, so an upload answers at once and never slows answer saves, and a
//! check left by a worker that died (a restart) is taken again. Without the model, a one-face snapshot
//! is `unchecked` and the exam office looks: a match is never faked.
use std::time::Duration;

use crate::error::AppError;
use crate::exams::ssr::proctoring::{apply_proctoring_verdict, insert_event};
use crate::identity::photo::{check_face_photo, PhotoProblem, PhotoThresholds};
use crate::platform::face_match::Comparison;
use crate::platform::AppState;

/// A check that failed this many times (a file gone, a decoder crash) is given to the office unchecked.
const MAX_TRIES: i64 = 3;
/// A frame this dark all over, without a face, is a covered or dead camera rather than an empty chair.
const CAMERA_OFF_BRIGHTNESS: f32 = 12.0;

/// What one snapshot showed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Finding {
    Same {
        distance: f64,
    },
    Other {
        distance: f64,
    },
    NoFace,
    Several(usize),
    CameraOff,
    /// One face the model couldn't compare (no model, or a photo it can't describe): the office looks.
    Unchecked,
}

impl Finding {
    pub fn outcome(self) -> &'static str {
        match self {
            Finding::Same { .. } => "same",
            Finding::Other { .. } => "other",
            Finding::NoFace => "no_face",
            Finding::Several(_) => "several",
            Finding::CameraOff => "camera_off",
            Finding::Unchecked => "unchecked",
        }
    }

    fn distance(self) -> Option<f64> {
        match self {
            Finding::Same { distance } | Finding::Other { distance } => Some(distance),
            _ => None,
        }
    }

    /// The anomaly logged beside the snapshot for the office, if any.
    fn anomaly(self) -> Option<&'static str> {
        match self {
            Finding::Other { .. } => Some("anomaly_other_person"),
            Finding::NoFace => Some("anomaly_no_face"),
            Finding::Several(_) => Some("anomaly_multi_face"),
            Finding::CameraOff => Some("anomaly_camera_off"),
            Finding::Same { .. } | Finding::Unchecked => None,
        }
    }

    /// The snapshot event's detail, e.g. "same 0.31" or "several faces=3".
    fn detail(self) -> String {
        match self {
            Finding::Same { distance } | Finding::Other { distance } => format!("{} {distance:.2}", self.outcome()),
            Finding::Several(n) => format!("several faces={n}"),
            other => other.outcome().to_string(),
        }
    }
}

/// The frame's mean grey level (0–255), on a small copy.
fn mean_brightness(bytes: &[u8]) -> Option<f32> {
    let small = crate::identity::photo::decode(bytes)?.thumbnail(64, 64).to_luma8();
    let pixels = small.as_raw();
    (!pixels.is_empty()).then(|| pixels.iter().map(|&p| f32::from(p)).sum::<f32>() / pixels.len() as f32)
}

/// Queues the check of a stored snapshot (in the caller's transaction, with its event).
pub(crate) async fn enqueue(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    attempt_id: i64,
    event_id: i64,
    key: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO snapshot_checks (attempt_id, event_id, storage_key, state, created_ms) VALUES ($1, $2, $3, 'queued', $4)",
    )
    .bind(attempt_id)
    .bind(event_id)
    .bind(key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub attempt_id: i64,
    pub event_id: i64,
    pub storage_key: String,
    pub tries: i64,
}

/// Takes the oldest waiting check (or one a dead worker left). One statement: two workers that pick
/// the same row can't both take it (PostgreSQL re-checks the condition on the locked row; SQLite has
/// one writer).
pub async fn claim(state: &AppState) -> Result<Option<Claimed>, AppError> {
    let now = state.now_ms();
    let stale = now - state.settings.exams.snapshot_check_stale_secs * 1000;
    let waiting = "(state = 'queued' OR (state = 'working' AND claimed_ms < $2))";
    Ok(sqlx::query_as(&format!(
        "UPDATE snapshot_checks SET state = 'working', claimed_ms = $1, tries = tries + 1 \
         WHERE id = (SELECT id FROM snapshot_checks WHERE {waiting} ORDER BY id LIMIT 1) AND {waiting} \
         RETURNING id, attempt_id, event_id, storage_key, tries"
    ))
    .bind(now)
    .bind(stale)
    .fetch_optional(&state.db)
    .await?)
}

/// What the snapshot shows: faces counted by the identity checks' detector, one face compared with
/// the verified ID photo.
pub async fn examine(state: &AppState, attempt_id: i64, live: Vec<u8>) -> Result<Finding, AppError> {
    let detector = state.faces.clone();
    let bytes = live.clone();
    let counted = tokio::task::spawn_blocking(move || {
        let verdict = check_face_photo(&detector, &bytes, &PhotoThresholds::default());
        let dark = matches!(verdict, Err(PhotoProblem::NoFace))
            && mean_brightness(&bytes).is_some_and(|b| b < CAMERA_OFF_BRIGHTNESS);
        (verdict, dark)
    })
    .await
    .map_err(|e| AppError::internal(format!("snapshot check task: {e}")))?;
    match counted {
        (Err(PhotoProblem::NoFace), true) => return Ok(Finding::CameraOff),
        (Err(PhotoProblem::NoFace | PhotoProblem::NotAnImage), _) => return Ok(Finding::NoFace),
        (Err(PhotoProblem::SeveralFaces(n)), _) => return Ok(Finding::Several(n)),
        // One face, possibly dark, blurred or small: compared below.
        _ => {}
    }
    let (user_id,): (i64,) =
        sqlx::query_as("SELECT user_id FROM attempts WHERE id = $1").bind(attempt_id).fetch_one(&state.db).await?;
    let Some(reference_key) = crate::identity::ssr::verified_face_key(state, user_id).await? else {
        return Ok(Finding::Unchecked);
    };
    let Some(matcher) = state.face_matcher().await else { return Ok(Finding::Unchecked) };
    let reference = state.files.get(&reference_key).await?;
    let comparison = tokio::task::spawn_blocking(move || matcher.compare_cached(&reference_key, &reference, &live))
        .await
        .map_err(|e| AppError::internal(format!("snapshot comparison task: {e}")))?;
    Ok(match comparison {
        Comparison::Compared { distance, same_person: true } => Finding::Same { distance },
        Comparison::Compared { distance, same_person: false } => Finding::Other { distance },
        Comparison::NoLiveFace | Comparison::NoReferenceFace => Finding::Unchecked,
    })
}

/// Writes what a check found, in one transaction: the check, the snapshot's detail, the anomaly, the
/// attempt's counters and, for an attempt already graded, its verdict. A check another worker finished
/// meanwhile (this one was too slow and was taken again) is left as it is.
pub async fn record(state: &AppState, claimed: &Claimed, finding: Finding) -> Result<(), AppError> {
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let done = sqlx::query(
        "UPDATE snapshot_checks SET state = 'done', outcome = $1, distance = $2, checked_ms = $3 \
         WHERE id = $4 AND state = 'working' AND tries = $5",
    )
    .bind(finding.outcome())
    .bind(finding.distance().map(|d| format!("{d:.3}")))
    .bind(now)
    .bind(claimed.id)
    .bind(claimed.tries)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(());
    }
    sqlx::query("UPDATE attempt_events SET detail = $1 WHERE id = $2")
        .bind(finding.detail())
        .bind(claimed.event_id)
        .execute(&mut *tx)
        .await?;
    if let Some(anomaly) = finding.anomaly() {
        let attempt = claimed.attempt_id;
        insert_event(&mut tx, now, attempt, anomaly, &finding.detail(), Some(&claimed.storage_key)).await?;
    }
    let counter = match finding {
        Finding::Other { .. } => Some("other_person_count"),
        Finding::Several(_) => Some("multi_face_count"),
        _ => None,
    };
    if let Some(counter) = counter {
        sqlx::query(&format!("UPDATE attempts SET {counter} = {counter} + 1 WHERE id = $1"))
            .bind(claimed.attempt_id)
            .execute(&mut *tx)
            .await?;
    }
    apply_proctoring_verdict(&mut tx, state, claimed.attempt_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes and finishes one check; false when none waits.
pub async fn run_one(state: &AppState) -> Result<bool, AppError> {
    let Some(claimed) = claim(state).await? else { return Ok(false) };
    let finding = if claimed.tries > MAX_TRIES {
        Finding::Unchecked
    } else {
        let bytes = state.files.get(&claimed.storage_key).await?;
        examine(state, claimed.attempt_id, bytes).await?
    };
    record(state, &claimed, finding).await?;
    Ok(true)
}

/// Runs checks until none waits (tests, and the benchmark); returns how many ran.
pub async fn run_waiting(state: &AppState) -> Result<usize, AppError> {
    let mut ran = 0;
    while run_one(state).await? {
        ran += 1;
    }
    Ok(ran)
}

/// Starts the server's snapshot workers: `snapshot_workers`, or one per core (at most 4, as many as
/// the face matcher keeps models for). Each polls the queue while it is empty.
pub fn spawn_workers(state: &AppState) {
    let configured = state.settings.exams.snapshot_workers;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4);
    let workers = if configured == 0 { cores } else { configured };
    for worker in 0..workers {
        let state = state.clone();
        tokio::spawn(async move {
            loop {
                match run_one(&state).await {
                    Ok(true) => {}
                    Ok(false) => tokio::time::sleep(Duration::from_millis(500)).await,
                    Err(err) => {
                        tracing::warn!(worker, error = %err, "snapshot check failed; it is taken again later");
                        tokio::time::sleep(Duration::from_secs(2)).await;
                    }
                }
            }
        });
    }
    tracing::info!(workers, "snapshot identity checks started");
}
