//! The qualification's catalog (levels, specialties, subjects), the windows and their sites, and the
//! subjects a person has passed.
use crate::error::AppError;
use crate::platform::AppState;
use crate::registration::rules;
use crate::registration::types::{LevelView, PassedSubject, SiteView, SpecialtyView, SubjectView, WindowView};
use crate::training::rules::today_text;

pub fn today(state: &AppState) -> String {
    today_text(state.now_ms())
}

#[derive(sqlx::FromRow)]
pub struct WindowRow {
    pub id: i64,
    pub title: String,
    pub exam_year: i64,
    pub opens_on: String,
    pub closes_on: String,
    pub fee_per_subject_fen: i64,
    pub commitment_allowed: i64,
    pub editable_after_confirm: String,
    pub pass_valid_years: i64,
}

impl WindowRow {
    pub fn editable(&self) -> Vec<String> {
        self.editable_after_confirm.split(',').filter(|f| !f.is_empty()).map(str::to_string).collect()
    }

    pub fn is_open(&self, today: &str) -> bool {
        self.opens_on.as_str() <= today && today <= self.closes_on.as_str()
    }

    pub fn view(&self) -> WindowView {
        WindowView {
            id: self.id,
            title: self.title.clone(),
            exam_year: self.exam_year,
            opens_on: self.opens_on.clone(),
            closes_on: self.closes_on.clone(),
            fee_per_subject_fen: self.fee_per_subject_fen,
            commitment_allowed: self.commitment_allowed == 1,
            editable_after_confirm: self.editable(),
            pass_valid_years: self.pass_valid_years,
        }
    }
}

const WINDOW_SELECT: &str =
    "SELECT id, title, exam_year, opens_on, closes_on, fee_per_subject_fen, commitment_allowed, \
     editable_after_confirm, pass_valid_years FROM reg_windows";

pub async fn window(state: &AppState, id: i64) -> Result<WindowRow, AppError> {
    sqlx::query_as(&format!("{WINDOW_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Windows open today.
pub async fn open_windows(state: &AppState) -> Result<Vec<WindowView>, AppError> {
    let today = today(state);
    let rows: Vec<WindowRow> =
        sqlx::query_as(&format!("{WINDOW_SELECT} WHERE opens_on <= $1 AND closes_on >= $1 ORDER BY closes_on, id"))
            .bind(&today)
            .fetch_all(&state.db)
            .await?;
    Ok(rows.iter().map(WindowRow::view).collect())
}

/// Every level with its public subjects and its specialties' subjects.
pub async fn levels(state: &AppState) -> Result<Vec<LevelView>, AppError> {
    let levels: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM reg_levels ORDER BY code").fetch_all(&state.db).await?;
    let specialties: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, level_code, name FROM reg_specialties ORDER BY id").fetch_all(&state.db).await?;
    let subjects: Vec<(String, String, Option<i64>, String)> =
        sqlx::query_as("SELECT code, level_code, specialty_id, name FROM reg_subjects ORDER BY code")
            .fetch_all(&state.db)
            .await?;
    let subjects_where = |level: &str, specialty: Option<i64>| -> Vec<SubjectView> {
        subjects
            .iter()
            .filter(|(_, l, s, _)| l == level && *s == specialty)
            .map(|(code, _, _, name)| SubjectView { code: code.clone(), name: name.clone() })
            .collect()
    };
    Ok(levels
        .into_iter()
        .map(|(code, name)| LevelView {
            public_subjects: subjects_where(&code, None),
            specialties: specialties
                .iter()
                .filter(|(_, level, _)| *level == code)
                .map(|(id, _, name)| SpecialtyView {
                    id: *id,
                    name: name.clone(),
                    subjects: subjects_where(&code, Some(*id)),
                })
                .collect(),
            code,
            name,
        })
        .collect())
}

pub async fn sites(state: &AppState, window_id: i64) -> Result<Vec<SiteView>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64)> =
        sqlx::query_as("SELECT id, name, address, capacity, taken FROM reg_sites WHERE window_id = $1 ORDER BY id")
            .bind(window_id)
            .fetch_all(&state.db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, address, capacity, taken)| SiteView { id, name, address, capacity, taken })
        .collect())
}

/// Subjects the person passed in an earlier year, still valid for `window` (老考生), of every level.
pub async fn passed_subjects(
    state: &AppState,
    user_id: i64,
    window: &WindowRow,
) -> Result<Vec<PassedSubject>, AppError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT s.level_code, s.code, s.name, MAX(p.passed_year) FROM reg_passed_subjects p \
         JOIN reg_subjects s ON s.code = p.subject_code WHERE p.user_id = $1 AND p.passed_year < $2 \
         GROUP BY s.level_code, s.code, s.name ORDER BY s.code",
    )
    .bind(user_id)
    .bind(window.exam_year)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(.., year)| rules::still_valid(*year, window.exam_year, window.pass_valid_years))
        .map(|(level_code, code, name, passed_year)| PassedSubject {
            level_code,
            code,
            name,
            passed_year,
            valid_until_year: rules::valid_until(passed_year, window.pass_valid_years),
        })
        .collect())
}
