//! Exam notices (issue 19, seed 004 "考试阶段"): scheduling a formal exam tells each candidate on its list
//! the date, time and where to go, by SMS (which is also their 消息通知), in the transaction that lists
//! them; a reminder goes [1 day] before the start, once per exam (one conditional update claims it).
use crate::accounts::forms::china_datetime;
use crate::error::AppError;
use crate::platform::AppState;

const REMINDER_BEFORE_MS: i64 = 24 * 3_600_000;

fn exams_link(state: &AppState) -> String {
    format!("{}/exams", state.settings.exams.public_url.trim_end_matches('/'))
}

/// Queues the notice of a newly scheduled exam to each of its listed candidates.
pub async fn queue_schedule_notice(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    exam_id: i64,
    title: &str,
    start_ms: i64,
) -> Result<(), AppError> {
    let body = format!(
        "【专家服务平台】您已被安排参加“{title}”，考试时间：{}（北京时间）。请在开考前登录 {} 完成考前确认，按时参加考试。",
        china_datetime(start_ms),
        exams_link(state)
    );
    queue_to_candidates(conn, exam_id, &body, state.now_ms()).await
}

async fn queue_to_candidates(
    conn: &mut sqlx::AnyConnection,
    exam_id: i64,
    body: &str,
    now: i64,
) -> Result<(), AppError> {
    let phones: Vec<(String,)> = sqlx::query_as(
        "SELECT u.phone FROM exam_candidates c JOIN users u ON u.id = c.user_id WHERE c.exam_id = $1 ORDER BY u.id",
    )
    .bind(exam_id)
    .fetch_all(&mut *conn)
    .await?;
    for (phone,) in phones {
        crate::platform::sms::queue(conn, &phone, body, now).await?;
    }
    Ok(())
}

/// Sends the reminders of formal exams that start within a day (the deadline task); returns how many
/// exams were reminded.
pub async fn remind_due(state: &AppState) -> Result<usize, AppError> {
    let now = state.now_ms();
    let due: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, title, start_ms FROM exams WHERE kind = 'formal' AND reminder_sent_ms IS NULL \
         AND start_ms > $1 AND start_ms <= $2",
    )
    .bind(now)
    .bind(now + REMINDER_BEFORE_MS)
    .fetch_all(&state.db)
    .await?;
    let mut reminded = 0;
    for (exam_id, title, start_ms) in due {
        let mut tx = state.db.begin().await?;
        let claimed = sqlx::query("UPDATE exams SET reminder_sent_ms = $1 WHERE id = $2 AND reminder_sent_ms IS NULL")
            .bind(now)
            .bind(exam_id)
            .execute(&mut *tx)
            .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let body = format!(
            "【专家服务平台】提醒：“{title}”将于{}（北京时间）开考，请提前登录 {} 完成考前确认。",
            china_datetime(start_ms),
            exams_link(state)
        );
        queue_to_candidates(&mut tx, exam_id, &body, now).await?;
        tx.commit().await?;
        state.sms.wake();
        reminded += 1;
    }
    Ok(reminded)
}
