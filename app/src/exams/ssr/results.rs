//! Results of exams that don't show them at hand-in (`show_result` off, issue 19): the exam office sets
//! when they are published, after the exam has ended; at that time they are published for everyone at
//! once (one conditional update, so two instances can't publish twice) and each candidate is told the
//! outcome by SMS, queued in the same transaction. Until then a candidate's result page says when.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::exams::ssr::exams::{self, MINUTE_MS};
use crate::exams::types::ExamResultsState;
use crate::platform::AppState;

#[derive(sqlx::FromRow)]
struct ResultsRow {
    id: i64,
    title: String,
    start_ms: i64,
    duration_min: i64,
    submitted: i64,
    results_publish_ms: Option<i64>,
    results_published_ms: Option<i64>,
}

/// Formal exams whose results wait for publication, newest first, with their state.
pub async fn to_publish(state: &AppState) -> Result<Vec<ExamResultsState>, AppError> {
    let rows: Vec<ResultsRow> = sqlx::query_as(
        "SELECT e.id, e.title, e.start_ms, e.duration_min, \
         (SELECT COUNT(*) FROM attempts a WHERE a.exam_id = e.id AND a.status <> 'in_progress') AS submitted, \
         e.results_publish_ms, e.results_published_ms FROM exams e \
         WHERE e.kind = 'formal' AND e.show_result = 0 ORDER BY e.start_ms DESC, e.id DESC LIMIT 100",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ExamResultsState {
            exam_id: row.id,
            title: row.title,
            start_ms: row.start_ms,
            end_ms: row.start_ms + row.duration_min * MINUTE_MS,
            submitted: row.submitted,
            publish_ms: row.results_publish_ms,
            published_ms: row.results_published_ms,
        })
        .collect())
}

/// Sets when the results of `exam_id` are published (at once when `at_ms` is now or past); they can be
/// rescheduled until they are out, never published twice.
pub async fn schedule(state: &AppState, admin: &UserRow, exam_id: i64, at_ms: i64) -> Result<(), AppError> {
    let exam = exams::by_id(state, exam_id).await?;
    if exam.show_result == 1 || !exam.is_formal() {
        return Err(AppError::refused(
            "本场考试交卷后即显示成绩，无需公布",
            "This exam shows results at hand-in: there is nothing to publish",
        ));
    }
    // A time already past (or 0 from an empty field) means now.
    let at_ms = at_ms.max(state.now_ms());
    if at_ms < exam.deadline_for(exam.start_ms) {
        return Err(AppError::invalid(
            "at",
            "公布时间须在考试结束之后",
            "Results can be published only after the exam has ended",
        ));
    }
    let scheduled =
        sqlx::query("UPDATE exams SET results_publish_ms = $1 WHERE id = $2 AND results_published_ms IS NULL")
            .bind(at_ms)
            .bind(exam_id)
            .execute(&state.db)
            .await?;
    if scheduled.rows_affected() != 1 {
        return Err(AppError::refused("本场考试成绩已公布，不能重复公布", "These results are already published"));
    }
    let detail = format!("exam {exam_id} at {}", crate::accounts::forms::china_datetime(at_ms));
    users::audit(&state.db, Some(admin.id), "exam_results_scheduled", &exam.title, &detail, state.now_ms()).await?;
    publish_due(state).await?;
    Ok(())
}

/// Publishes every exam whose time has come (the deadline task, every second); returns how many.
pub async fn publish_due(state: &AppState) -> Result<usize, AppError> {
    let now = state.now_ms();
    let due: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, title FROM exams WHERE results_published_ms IS NULL AND results_publish_ms <= $1")
            .bind(now)
            .fetch_all(&state.db)
            .await?;
    let mut published = 0;
    for (exam_id, title) in due {
        let mut tx = state.db.begin().await?;
        let claimed =
            sqlx::query("UPDATE exams SET results_published_ms = $1 WHERE id = $2 AND results_published_ms IS NULL")
                .bind(now)
                .bind(exam_id)
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let graded: Vec<(String, Option<i64>, i64, String)> = sqlx::query_as(
            "SELECT u.phone, a.score, a.max_score, a.outcome FROM attempts a JOIN users u ON u.id = a.user_id \
             WHERE a.exam_id = $1 AND a.outcome IS NOT NULL",
        )
        .bind(exam_id)
        .fetch_all(&mut *tx)
        .await?;
        for (phone, score, max_score, outcome) in graded {
            let verdict = match outcome.as_str() {
                "passed" => "合格".to_string(),
                "failed" => "不合格".to_string(),
                _ => "待复核，复核结果将另行短信通知".to_string(),
            };
            let score = score.map(|s| format!("，得分{s}/{max_score}")).unwrap_or_default();
            let body = format!("【专家服务平台】“{title}”成绩已公布：{verdict}{score}。请登录系统查看。");
            crate::platform::sms::queue(&mut tx, &phone, &body, now).await?;
        }
        tx.commit().await?;
        state.sms.wake();
        published += 1;
    }
    Ok(published)
}
