//! Demo training: sessions for Beijing today and next week, Guangdong next week, a placeholder stream, and
//! demo_candidate's home region in Beijing. Skipped when the regions were not imported.
use crate::accounts::forms::today_in_china;
use crate::error::AppError;
use crate::platform::AppState;
use crate::training::rules::date_text;

const DAY_MS: i64 = 24 * 3_600_000;

pub async fn seed(state: &AppState) -> Result<(), AppError> {
    let known: Vec<(String,)> =
        sqlx::query_as("SELECT code FROM regions WHERE code IN ('11', '44')").fetch_all(&state.db).await?;
    if known.len() < 2 {
        return Ok(());
    }
    let admin = crate::accounts::ssr::users::by_username(&state.db, "demo_admin")
        .await?
        .ok_or_else(|| AppError::internal("demo_admin missing"))?;
    let now = state.now_ms();
    for (title, region, days) in [
        ("评标专家业务培训（北京）", "11", 0),
        ("评标专家业务培训（北京·第二场）", "11", 7),
        ("评标专家业务培训（广东）", "44", 7),
    ] {
        sqlx::query(
            "INSERT INTO training_sessions (title, region_code, session_date, stream_url, created_by, created_ms) \
             VALUES ($1, $2, $3, '/live/placeholder.html', $4, $5)",
        )
        .bind(title)
        .bind(region)
        .bind(date_text(today_in_china(now + days * DAY_MS)))
        .bind(admin.id)
        .bind(now)
        .execute(&state.db)
        .await?;
    }
    sqlx::query("UPDATE users SET home_region_code = '110101' WHERE username_key = 'demo_candidate'")
        .execute(&state.db)
        .await?;
    Ok(())
}
