//! Sessions as the admin creates them, and the candidate's home region that decides where they may train.
use crate::accounts::ssr::users::{audit, UserRow};
use crate::error::AppError;
use crate::platform::AppState;
use crate::training::rules::{check_date, check_stream_url, check_title, TrainingRuleError};
use crate::training::types::{SessionInput, SessionView};

/// The region a candidate trains in: the one support set (专家评标地区), else their latest application's.
pub async fn home_region(state: &AppState, user_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT u.home_region_code, (SELECT a.region_code FROM applications a \
           WHERE a.user_id = u.id AND a.region_code IS NOT NULL ORDER BY a.updated_ms DESC, a.id DESC LIMIT 1) \
         FROM users u WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    Ok(row.and_then(|(set, applied)| set.or(applied)))
}

#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub title: String,
    pub region_code: String,
    pub region_name: String,
    pub session_date: String,
    pub stream_url: String,
    pub registered: i64,
}

const SESSION_SELECT: &str = "SELECT s.id, s.title, s.region_code, r.name AS region_name, s.session_date, \
     s.stream_url, (SELECT COUNT(*) FROM training_registrations t WHERE t.session_id = s.id) AS registered \
     FROM training_sessions s JOIN regions r ON r.code = s.region_code";

impl SessionRow {
    pub fn view(self) -> SessionView {
        SessionView {
            id: self.id,
            title: self.title,
            region_code: self.region_code,
            region_name: self.region_name,
            date: self.session_date,
            registered: self.registered,
        }
    }
}

pub async fn by_id(state: &AppState, id: i64) -> Result<SessionRow, AppError> {
    sqlx::query_as(&format!("{SESSION_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Sessions on or after `from` (YYYY-MM-DD), by date then region.
pub async fn coming(state: &AppState, from: &str) -> Result<Vec<SessionRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{SESSION_SELECT} WHERE s.session_date >= $1 ORDER BY s.session_date, s.region_code, s.id"
    ))
    .bind(from)
    .fetch_all(&state.db)
    .await?)
}

/// A new session. Every field is checked; the region must be a real GB/T 2260 code.
pub async fn create(state: &AppState, staff: &UserRow, input: &SessionInput) -> Result<i64, AppError> {
    let mut problems = crate::error::Problems::default();
    let title = problems.check("title", check_title(&input.title));
    let date = problems.check("date", check_date(&input.date));
    let stream_url = problems.check("stream_url", check_stream_url(&input.stream_url));
    let region: Option<(String,)> = sqlx::query_as("SELECT name FROM regions WHERE code = $1")
        .bind(input.region_code.trim())
        .fetch_optional(&state.db)
        .await?;
    if region.is_none() {
        problems.check::<(), _>("region_code", Err(TrainingRuleError::Region));
    }
    problems.into_result()?;
    let (Some(title), Some(date), Some(stream_url)) = (title, date, stream_url) else {
        return Err(AppError::internal("checked fields missing"));
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO training_sessions (title, region_code, session_date, stream_url, created_by, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&title)
    .bind(input.region_code.trim())
    .bind(&date)
    .bind(&stream_url)
    .bind(staff.id)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    let detail = format!("{title} {date} {}", input.region_code.trim());
    audit(&state.db, Some(staff.id), "training.create", &format!("training_session:{id}"), &detail, state.now_ms())
        .await?;
    Ok(id)
}
