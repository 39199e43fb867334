//! Submission and grading. A submission is one conditional UPDATE (in progress → submitted), so the
//! candidate's button, the switch limit and the deadline task on any number of server instances can
//! race and the attempt is still submitted and graded exactly once.
use crate::accounts::ssr::users::UserRow;
use crate::error::AppError;
use crate::exams::grading::{is_correct, AnswerKey};
use crate::exams::ssr::attempts::{own, SAVE_GRACE_MS};
use crate::exams::ssr::exams;
use crate::exams::types::{AnswerValue, AttemptResult, QuestionKind};
use crate::platform::AppState;

/// Submits an attempt in progress and grades it. Returns false if it was already submitted.
pub async fn submit(state: &AppState, attempt_id: i64, reason: &str) -> Result<bool, AppError> {
    let now = state.now_ms();
    let done = sqlx::query(
        "UPDATE attempts SET status = 'submitted', submitted_ms = $1, submit_reason = $2 \
         WHERE id = $3 AND status = 'in_progress'",
    )
    .bind(now)
    .bind(reason)
    .bind(attempt_id)
    .execute(&state.db)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    grade(state, attempt_id).await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct GradeRow {
    position: i64,
    kind: String,
    answer_key: String,
    option_order: String,
    points: i64,
    given: Option<String>,
}

/// Scores every question of a submitted attempt and records pass, fail or pending review.
pub async fn grade(state: &AppState, attempt_id: i64) -> Result<(), AppError> {
    let rows: Vec<GradeRow> = sqlx::query_as(
        "SELECT aq.position, q.kind, q.answer AS answer_key, aq.option_order, aq.points, a.answer AS given \
         FROM attempt_questions aq JOIN questions q ON q.id = aq.question_id \
         LEFT JOIN attempt_answers a ON a.attempt_id = aq.attempt_id AND a.position = aq.position \
         WHERE aq.attempt_id = $1 ORDER BY aq.position",
    )
    .bind(attempt_id)
    .fetch_all(&state.db)
    .await?;
    let mut score = 0;
    let mut correct_positions = Vec::new();
    let mut tx = state.db.begin().await?;
    for row in rows {
        let kind = QuestionKind::parse(&row.kind).ok_or_else(|| AppError::internal("question kind"))?;
        let key = if kind == QuestionKind::Fill {
            AnswerKey::Accepted(serde_json::from_str(&row.answer_key).map_err(AppError::internal)?)
        } else {
            AnswerKey::Choices(serde_json::from_str(&row.answer_key).map_err(AppError::internal)?)
        };
        let order: Vec<u32> = serde_json::from_str(&row.option_order).map_err(AppError::internal)?;
        let given: Option<AnswerValue> = row.given.as_deref().and_then(|g| serde_json::from_str(g).ok());
        let correct = given.as_ref().is_some_and(|g| is_correct(kind, &key, &order, g));
        if correct {
            score += row.points;
            correct_positions.push(row.position);
        }
    }
    // Every answer's mark in one statement, not one UPDATE per question.
    let marks = match correct_positions.len() {
        0 => "0".to_string(),
        n => format!("CASE WHEN position IN ({}) THEN 1 ELSE 0 END", crate::platform::db::numbered(2, n)),
    };
    let sql = format!("UPDATE attempt_answers SET correct = {marks} WHERE attempt_id = $1");
    let mut mark = sqlx::query(&sql).bind(attempt_id);
    for position in correct_positions {
        mark = mark.bind(position);
    }
    mark.execute(&mut *tx).await?;
    let (pass_mark,): (i64,) =
        sqlx::query_as("SELECT e.pass_mark FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE a.id = $1")
            .bind(attempt_id)
            .fetch_one(&mut *tx)
            .await?;
    let outcome = if score >= pass_mark { "passed" } else { "failed" };
    // Grading again (after a crash) never undoes the exam office's decision.
    sqlx::query("UPDATE attempts SET score = $1, outcome = CASE WHEN reviewed_by IS NULL THEN $2 ELSE outcome END WHERE id = $3")
        .bind(score)
        .bind(outcome)
        .bind(attempt_id)
        .execute(&mut *tx)
        .await?;
    // Snapshots of someone else or of several people, or a long time without the camera, hold the result
    // for review (seed 003); the certificate waits for the last snapshot check.
    crate::exams::ssr::proctoring::apply_proctoring_verdict(&mut tx, state, attempt_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Submits every attempt whose deadline (plus the grace for saves in flight) has passed. Run by the
/// server's deadline task; safe on several instances at once and after a restart. One statement closes
/// them all at the deadline, then each is graded: 200 attempts due in the same second are all submitted
/// on time instead of one grading after another.
pub async fn submit_overdue(state: &AppState) -> Result<usize, AppError> {
    let now = state.now_ms();
    let closed: Vec<(i64,)> = sqlx::query_as(
        "UPDATE attempts SET status = 'submitted', submitted_ms = $1, submit_reason = 'deadline' \
         WHERE status = 'in_progress' AND deadline_ms < $2 RETURNING id",
    )
    .bind(now)
    .bind(now - SAVE_GRACE_MS)
    .fetch_all(&state.db)
    .await?;
    grade_each(state, &closed).await;
    Ok(closed.len())
}

/// Grades each attempt; one that fails (a corrupt row) is logged and marked in its proctoring log, and
/// the others are still graded: it must not hold back every later attempt on every tick.
async fn grade_each(state: &AppState, attempts: &[(i64,)]) -> usize {
    let mut graded = 0;
    for (attempt_id,) in attempts {
        match grade(state, *attempt_id).await {
            Ok(()) => graded += 1,
            Err(err) => {
                tracing::error!(attempt_id, error = %err, "grading failed; the other attempts go on");
                let detail = err.to_string();
                let _ =
                    crate::exams::ssr::proctoring::add_event(state, *attempt_id, "grading_failed", &detail, None).await;
            }
        }
    }
    graded
}

/// Grades attempts left submitted but ungraded by a crash between the two steps of [`submit`]. Grading
/// is idempotent (the same score, the certificate at most once), so several instances may do this at
/// once; attempts submitted in the last seconds are left to the request still grading them.
pub async fn finish_ungraded(state: &AppState) -> Result<usize, AppError> {
    let stranded: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM attempts WHERE status = 'submitted' AND outcome IS NULL AND submitted_ms < $1 \
         ORDER BY id LIMIT 500",
    )
    .bind(state.now_ms() - 10_000)
    .fetch_all(&state.db)
    .await?;
    Ok(grade_each(state, &stranded).await)
}

/// The candidate hands in. Asking again after the attempt is submitted just shows the result.
pub async fn hand_in(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<AttemptResult, AppError> {
    let attempt = own(state, user, attempt_id).await?;
    if attempt.status == "in_progress" {
        let late = state.now_ms() > attempt.deadline_ms + SAVE_GRACE_MS;
        submit(state, attempt.id, if late { "deadline" } else { "candidate" }).await?;
    }
    result(state, user, attempt_id).await
}

/// The result page of one's own submitted attempt.
pub async fn result(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<AttemptResult, AppError> {
    let attempt = own(state, user, attempt_id).await?;
    if attempt.status == "in_progress" {
        return Err(AppError::refused("考试尚未交卷", "The attempt hasn't been submitted yet"));
    }
    let exam = exams::by_id(state, attempt.exam_id).await?;
    let (submitted_ms, reason, score, max_score, outcome): (i64, String, Option<i64>, i64, Option<String>) =
        sqlx::query_as("SELECT submitted_ms, submit_reason, score, max_score, outcome FROM attempts WHERE id = $1")
            .bind(attempt_id)
            .fetch_one(&state.db)
            .await?;
    let shown =
        exam.show_result == 1 || exam.results_published_ms.is_some() || outcome.as_deref() == Some("pending_review");
    Ok(AttemptResult {
        attempt_id,
        exam_title: exam.title,
        submitted_ms,
        submit_reason: reason,
        score: if shown { score } else { None },
        max_score,
        pass_mark: exam.pass_mark,
        outcome: if shown { outcome.unwrap_or_else(|| "pending_review".into()) } else { "hidden".into() },
        switch_count: attempt.switch_count,
        complaint_until_ms: submitted_ms + state.settings.exams.appeal_hours * 3_600_000,
        complaint: crate::exams::ssr::review::complaint_of(state, attempt_id).await?,
        results_publish_ms: if shown { None } else { exam.results_publish_ms },
    })
}
