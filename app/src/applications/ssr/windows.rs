//! Application windows (常态征集 and 续聘), opened and closed by the system admin.
use crate::applications::types::WindowInput;
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::check_required;

pub async fn create(state: &AppState, input: &WindowInput) -> Result<i64, AppError> {
    let title = check_required("征集名称", "title", &input.title, 100).map_err(|e| AppError::field("title", &e))?;
    if input.closes_ms <= input.opens_ms {
        return Err(AppError::invalid("closes", "结束时间应晚于开始时间", "The window must close after it opens"));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO application_windows (kind, title, opens_ms, closes_ms, created_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(input.kind.as_str())
    .bind(title)
    .bind(input.opens_ms)
    .bind(input.closes_ms)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    Ok(id)
}

/// Ends the window now (drafts stay; nothing more can be started or submitted in it).
pub async fn close(state: &AppState, window_id: i64) -> Result<(), AppError> {
    let now = state.now_ms();
    let done = sqlx::query("UPDATE application_windows SET closes_ms = $1 WHERE id = $2 AND closes_ms > $1")
        .bind(now)
        .bind(window_id)
        .execute(&state.db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
