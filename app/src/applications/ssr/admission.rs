//! The exam decides the application (seed 004: 审核阶段 → 考试阶段, issue 19). After the fourth approval an
//! application of a window that requires the exam waits as "审核通过，待考试"; the first formal exam the
//! applicant is listed for after that decides it once it has ended and its results are out: a pass puts
//! the expert in the pool (a renewing one stays), a fail or an absence ends the application as not
//! admitted, and the applicant is told the final result by SMS, in the transaction that decides it.
use crate::applications::ssr::wizard::{ApplicationRow, APPLICATION_COLUMNS};
use crate::error::AppError;
use crate::platform::AppState;

/// Puts the applicant in the pool with the application's approved specialties (replacing what a
/// renewing expert had).
pub async fn enter_pool(conn: &mut sqlx::AnyConnection, row: &ApplicationRow, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM expert_specialties WHERE user_id = $1").bind(row.user_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM experts WHERE user_id = $1").bind(row.user_id).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO experts (user_id, region_code, unit_id, since_ms) VALUES ($1, $2, $3, $4)")
        .bind(row.user_id)
        .bind(row.region_code.clone().unwrap_or_default())
        .bind(row.unit_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO expert_specialties (user_id, specialty_code) \
         SELECT $1, specialty_code FROM application_specialties WHERE application_id = $2",
    )
    .bind(row.user_id)
    .bind(row.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether the application's window asks its applicants to pass an exam.
pub async fn exam_required(conn: &mut sqlx::AnyConnection, window_id: i64) -> Result<bool, AppError> {
    let (required,): (i64,) = sqlx::query_as("SELECT exam_required FROM application_windows WHERE id = $1")
        .bind(window_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(required == 1)
}

/// The deciding exam's verdict for one applicant: passed, or not (failed or absent); `None` while the
/// exam hasn't ended, its results aren't out, or an attempt waits for grading or review.
async fn verdict(state: &AppState, row: &ApplicationRow, decided_ms: i64) -> Result<Option<(bool, String)>, AppError> {
    let exam: Option<(i64, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT e.id, e.title, e.start_ms + e.duration_min * 60000, e.show_result, e.results_published_ms \
         FROM exams e JOIN exam_candidates c ON c.exam_id = e.id \
         WHERE c.user_id = $1 AND e.kind = 'formal' AND e.start_ms >= $2 ORDER BY e.start_ms, e.id LIMIT 1",
    )
    .bind(row.user_id)
    .bind(decided_ms)
    .fetch_optional(&state.db)
    .await?;
    let Some((exam_id, title, end_ms, show_result, published_ms)) = exam else { return Ok(None) };
    if state.now_ms() <= end_ms || (show_result == 0 && published_ms.is_none()) {
        return Ok(None);
    }
    let (passed, open): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN outcome IS NULL OR outcome = 'pending_review' THEN 1 ELSE 0 END), 0) \
         FROM attempts WHERE exam_id = $1 AND user_id = $2",
    )
    .bind(exam_id)
    .bind(row.user_id)
    .fetch_one(&state.db)
    .await?;
    if passed == 0 && open > 0 {
        return Ok(None);
    }
    Ok(Some((passed > 0, title)))
}

/// An approved application with the time of its fourth approval.
#[derive(sqlx::FromRow)]
struct Waiting {
    #[sqlx(flatten)]
    row: ApplicationRow,
    decided_ms: Option<i64>,
}

/// Decides every approved application whose exam has decided (the deadline task, every half minute);
/// returns how many were decided.
pub async fn settle(state: &AppState) -> Result<usize, AppError> {
    let waiting: Vec<Waiting> = sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS}, decided_ms FROM applications WHERE status = 'approved' AND window_id IN \
         (SELECT id FROM application_windows WHERE exam_required = 1) ORDER BY id LIMIT 500"
    ))
    .fetch_all(&state.db)
    .await?;
    let mut decided = 0;
    for Waiting { row, decided_ms } in waiting {
        let Some((passed, title)) = verdict(state, &row, decided_ms.unwrap_or(0)).await? else { continue };
        let now = state.now_ms();
        let mut tx = state.db.begin().await?;
        let status = if passed { "admitted" } else { "not_admitted" };
        let changed =
            sqlx::query("UPDATE applications SET status = $1, updated_ms = $2 WHERE id = $3 AND status = 'approved'")
                .bind(status)
                .bind(now)
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
        if changed.rows_affected() != 1 {
            continue;
        }
        let body = if passed {
            enter_pool(&mut tx, &row, now).await?;
            format!("【专家服务平台】您已通过“{title}”，本次专家申请结果：已入选综合评标专家库。")
        } else {
            // A renewal that fails the exam is not renewed.
            sqlx::query("DELETE FROM expert_specialties WHERE user_id = $1")
                .bind(row.user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM experts WHERE user_id = $1").bind(row.user_id).execute(&mut *tx).await?;
            format!("【专家服务平台】您未通过“{title}”，本次专家申请结果：未能入库。如有疑问请联系客服。")
        };
        let (phone,): (String,) =
            sqlx::query_as("SELECT phone FROM users WHERE id = $1").bind(row.user_id).fetch_one(&mut *tx).await?;
        crate::platform::sms::queue(&mut tx, &phone, &body, now).await?;
        tx.commit().await?;
        state.sms.wake();
        decided += 1;
    }
    Ok(decided)
}
