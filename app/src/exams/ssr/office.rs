//! The exam office's evidence and its last word on any attempt: it finds attempts by candidate or exam
//! (not only those pending review), sees the answers, switches and each snapshot's finding beside the
//! verified ID photo, and can overturn a pass with a reason (audit-logged, the candidate told by SMS, the
//! certificate revoked so that /verify says why).
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::exams::types::{AttemptEvent, AttemptListing, AttemptReview, ReviewedAnswer};
use crate::platform::AppState;
use crate::rules::check_required;

/// Attempts whose candidate (name, user name, ID number) or exam title contains `query`, newest first;
/// an empty query lists the latest.
pub async fn find_attempts(state: &AppState, query: &str) -> Result<Vec<AttemptListing>, AppError> {
    let query = query.trim();
    if query.chars().count() > 50 {
        return Err(AppError::invalid("query", "搜索内容不超过50个字", "Search for at most 50 characters"));
    }
    // The query is matched literally: its own % and _ are escaped.
    let escaped = query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let pattern = format!("%{}%", escaped.to_lowercase());
    let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT a.id, e.title, u.real_name || ' (' || u.username || ')', a.outcome, a.started_ms FROM attempts a \
         JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id \
         WHERE u.real_name LIKE $1 ESCAPE '\\' OR LOWER(u.username) LIKE $1 ESCAPE '\\' \
         OR LOWER(u.id_number) LIKE $1 ESCAPE '\\' OR LOWER(e.title) LIKE $1 ESCAPE '\\' \
         ORDER BY a.started_ms DESC, a.id DESC LIMIT 50",
    )
    .bind(pattern)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(attempt_id, exam_title, candidate, outcome, started_ms)| AttemptListing {
            attempt_id,
            exam_title,
            candidate,
            outcome,
            started_ms,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    id: i64,
    user_id: i64,
    title: String,
    candidate: String,
    status: String,
    submit_reason: Option<String>,
    score: Option<i64>,
    max_score: i64,
    outcome: Option<String>,
    switch_count: i64,
    multi_face_count: i64,
    other_person_count: i64,
    review_note: Option<String>,
}

/// One attempt in full for the exam admin. Answers are listed only once the attempt is graded.
pub async fn attempt_review(state: &AppState, attempt_id: i64) -> Result<AttemptReview, AppError> {
    let row: AttemptRow = sqlx::query_as(
        "SELECT a.id, a.user_id, e.title, u.real_name || ' (' || u.username || ')' AS candidate, a.status, \
         a.submit_reason, a.score, a.max_score, a.outcome, a.switch_count, a.multi_face_count, a.other_person_count, \
         a.review_note FROM attempts a JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id WHERE a.id = $1",
    )
    .bind(attempt_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let events: Vec<(i64, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, kind, detail, created_ms, storage_key FROM attempt_events WHERE attempt_id = $1 ORDER BY id",
    )
    .bind(attempt_id)
    .fetch_all(&state.db)
    .await?;
    let graded = row.outcome.is_some();
    let answers: Vec<(i64, String, Option<String>, Option<i64>)> = if graded {
        sqlx::query_as(
            "SELECT aq.position, q.stem, a.answer, a.correct FROM attempt_questions aq \
             JOIN questions q ON q.id = aq.question_id \
             LEFT JOIN attempt_answers a ON a.attempt_id = aq.attempt_id AND a.position = aq.position \
             WHERE aq.attempt_id = $1 ORDER BY aq.position",
        )
        .bind(attempt_id)
        .fetch_all(&state.db)
        .await?
    } else {
        vec![]
    };
    let certificate: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT serial, revoked_ms FROM certificates WHERE attempt_id = $1")
            .bind(attempt_id)
            .fetch_optional(&state.db)
            .await?;
    Ok(AttemptReview {
        attempt_id: row.id,
        exam_title: row.title,
        candidate: row.candidate,
        status: row.status,
        submit_reason: row.submit_reason,
        score: row.score,
        max_score: row.max_score,
        outcome: row.outcome,
        switch_count: row.switch_count,
        multi_face_count: row.multi_face_count,
        other_person_count: row.other_person_count,
        review_note: row.review_note,
        has_verified_photo: crate::identity::ssr::verified_face_key(state, row.user_id).await?.is_some(),
        certificate_revoked: certificate.as_ref().is_some_and(|c| c.1.is_some()),
        certificate_serial: certificate.map(|c| c.0),
        events: events
            .into_iter()
            .map(|(event_id, kind, detail, created_ms, key)| AttemptEvent {
                event_id,
                kind,
                detail,
                created_ms,
                has_photo: key.is_some(),
            })
            .collect(),
        answers: answers
            .into_iter()
            .map(|(position, stem, given, correct)| ReviewedAnswer {
                position,
                stem,
                given: given.and_then(|g| serde_json::from_str(&g).ok()),
                correct: correct == Some(1),
            })
            .collect(),
    })
}

/// A snapshot's photo for the exam admin: (content type, file name, bytes).
pub async fn event_photo(state: &AppState, event_id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT storage_key FROM attempt_events WHERE id = $1")
        .bind(event_id)
        .fetch_optional(&state.db)
        .await?;
    let key = row.and_then(|(k,)| k).ok_or(AppError::NotFound)?;
    Ok(("image/jpeg".into(), format!("snapshot-{event_id}.jpg"), state.files.get(&key).await?))
}

/// The verified ID face photo of an attempt's candidate, to compare the snapshots with.
pub async fn verified_photo(state: &AppState, attempt_id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let (user_id,): (i64,) = sqlx::query_as("SELECT user_id FROM attempts WHERE id = $1")
        .bind(attempt_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let key = crate::identity::ssr::verified_face_key(state, user_id).await?.ok_or(AppError::NotFound)?;
    let bytes = state.files.get(&key).await?;
    let kind = crate::identity::photo::sniff(&bytes).ok_or(AppError::NotFound)?;
    Ok((kind.mime().into(), format!("verified-{attempt_id}.{}", kind.extension()), bytes))
}

/// Overturns a pass (an impostor found afterwards, say): the attempt becomes failed with the reason,
/// its certificate is revoked, the candidate is told by SMS and the decision is audit-logged. Only a
/// pass can be overturned, once.
pub async fn overturn_pass(state: &AppState, admin: &UserRow, attempt_id: i64, reason: &str) -> Result<(), AppError> {
    let reason = check_required("撤销理由", "reason", reason, 200).map_err(|e| AppError::field("reason", &e))?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let changed = sqlx::query(
        "UPDATE attempts SET outcome = 'failed', reviewed_by = $1, review_note = $2 WHERE id = $3 AND outcome = 'passed'",
    )
    .bind(admin.id)
    .bind(&reason)
    .bind(attempt_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM attempts WHERE id = $1").bind(attempt_id).fetch_optional(&mut *tx).await?;
        return Err(match exists {
            None => AppError::NotFound,
            Some(_) => AppError::refused("只能撤销“合格”的考试结果", "Only a pass can be overturned"),
        });
    }
    crate::exams::ssr::certificates::revoke(&mut tx, now, attempt_id, &reason).await?;
    let detail = format!("{} ({})", reason, admin.username);
    crate::exams::ssr::proctoring::insert_event(&mut tx, now, attempt_id, "pass_overturned", &detail, None).await?;
    let (user_id, title): (i64, String) =
        sqlx::query_as("SELECT a.user_id, e.title FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE a.id = $1")
            .bind(attempt_id)
            .fetch_one(&mut *tx)
            .await?;
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let detail = format!("attempt {attempt_id}: {reason}");
    users::audit(&mut *tx, Some(admin.id), "exam_pass_overturned", &person.username, &detail, now).await?;
    let message = format!("【专家服务平台】您的“{title}”考试结果经考务复核改为不合格，证书已撤销。原因：{reason}");
    crate::platform::sms::queue(&mut tx, &person.phone, &message, now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}
