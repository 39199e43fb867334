//! The four-stage review (SPEC §5): each stage's reviewers see the applications whose region and
//! specialties fall in their scope, and approve or return each specialty with a comment. Every change is
//! conditional on the state the reviewer saw, so of two reviewers acting at once only one wins and the
//! other is told "already handled". A return reopens the parts the reviewer names and sends an SMS; the
//! fourth approval puts the applicant in the pool, waiting for the exam.
use crate::accounts::ssr::users::{self, UserRow};
use crate::applications::ssr::admission;
use crate::applications::ssr::view::{add_log, LogLine};
use crate::applications::ssr::wizard::{by_id, ApplicationRow, APPLICATION_COLUMNS};
use crate::applications::ssr::{catalog, reference};
use crate::applications::types::{QueueItem, ReviewInput, STAGES};
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::check_required;

pub const REVIEWER_ROLES: &[&str] = &["reviewer"];

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Scope {
    pub stage: i64,
    pub region_prefix: String,
    pub specialty_prefix: String,
}

pub async fn scopes(state: &AppState, user_id: i64) -> Result<Vec<Scope>, AppError> {
    Ok(sqlx::query_as("SELECT stage, region_prefix, specialty_prefix FROM reviewer_scopes WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&state.db)
        .await?)
}

pub async fn add_scope(state: &AppState, user_id: i64, scope: &Scope) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO reviewer_scopes (user_id, stage, region_prefix, specialty_prefix) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(scope.stage)
    .bind(&scope.region_prefix)
    .bind(&scope.specialty_prefix)
    .execute(&state.db)
    .await?;
    Ok(())
}

fn covers(scope: &Scope, stage: i64, region: &str, specialty: &str) -> bool {
    scope.stage == stage && region.starts_with(&scope.region_prefix) && specialty.starts_with(&scope.specialty_prefix)
}

/// The specialty codes of an application still pending at its stage.
async fn pending_specialties(state: &AppState, application_id: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT specialty_code FROM application_specialties WHERE application_id = $1 AND status = 'pending' ORDER BY specialty_code",
    )
    .bind(application_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

/// Whether this reviewer may act on the application now: its stage, its region, one of its pending
/// specialties. Returns the specialties in the reviewer's scope.
pub async fn reviewable(state: &AppState, reviewer: &UserRow, row: &ApplicationRow) -> Result<Vec<String>, AppError> {
    in_scopes(state, &scopes(state, reviewer.id).await?, row).await
}

/// The application's pending specialties that these scopes cover at its stage and region.
async fn in_scopes(state: &AppState, scopes: &[Scope], row: &ApplicationRow) -> Result<Vec<String>, AppError> {
    let region = row.region_code.clone().unwrap_or_default();
    let mine: Vec<String> = pending_specialties(state, row.id)
        .await?
        .into_iter()
        .filter(|code| scopes.iter().any(|s| covers(s, row.stage, &region, code)))
        .collect();
    Ok(mine)
}

/// The reviewer's queue: submitted applications at the reviewer's stages with something in scope.
/// A fixed number of queries whatever the queue's length: the scopes, the applications, their pending
/// specialties and their applicants and windows; names of regions and specialties once each.
pub async fn queue(state: &AppState, reviewer: &UserRow) -> Result<Vec<QueueItem>, AppError> {
    use std::collections::HashMap;
    let scopes = scopes(state, reviewer.id).await?;
    const SUBMITTED: &str = "status = 'submitted' ORDER BY submitted_ms, id LIMIT 500";
    let rows: Vec<ApplicationRow> =
        sqlx::query_as(&format!("SELECT {APPLICATION_COLUMNS} FROM applications WHERE {SUBMITTED}"))
            .fetch_all(&state.db)
            .await?;
    let mut pending: HashMap<i64, Vec<String>> = HashMap::new();
    let codes: Vec<(i64, String)> = sqlx::query_as(
        "SELECT s.application_id, s.specialty_code FROM application_specialties s \
         JOIN applications a ON a.id = s.application_id WHERE a.status = 'submitted' AND s.status = 'pending' \
         ORDER BY s.specialty_code",
    )
    .fetch_all(&state.db)
    .await?;
    for (application_id, code) in codes {
        pending.entry(application_id).or_default().push(code);
    }
    let labels: HashMap<i64, (String, String)> = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT a.id, u.real_name || ' (' || u.username || ')', w.title FROM applications a \
         JOIN users u ON u.id = a.user_id JOIN application_windows w ON w.id = a.window_id \
         WHERE a.status = 'submitted'",
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|(id, applicant, window)| (id, (applicant, window)))
    .collect();
    let (mut specialty_names, mut region_names) = (HashMap::new(), HashMap::new());
    let mut items = Vec::new();
    for row in rows {
        let region = row.region_code.clone().unwrap_or_default();
        let mine: Vec<String> = pending
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|code| scopes.iter().any(|s| covers(s, row.stage, &region, code)))
            .collect();
        let Some((applicant, window_title)) = labels.get(&row.id).cloned() else { continue };
        if mine.is_empty() {
            continue;
        }
        let mut names = Vec::new();
        for code in mine {
            if !specialty_names.contains_key(&code) {
                let name = catalog::specialty_path(state, &code).await?.map(|p| p.0).unwrap_or_else(|| code.clone());
                specialty_names.insert(code.clone(), name);
            }
            names.push(specialty_names[&code].clone());
        }
        if !region_names.contains_key(&region) {
            let path = reference::region_path(state, &region).await?.unwrap_or_default();
            region_names.insert(region.clone(), path);
        }
        items.push(QueueItem {
            application_id: row.id,
            applicant,
            window_title,
            region_path: region_names[&region].clone(),
            specialties: names,
            stage: row.stage,
            submitted_ms: row.submitted_ms.unwrap_or_default(),
        });
    }
    Ok(items)
}

fn already_handled() -> AppError {
    AppError::refused("该申请已被其他审核人员处理，请刷新列表", "Already handled by another reviewer: refresh the list")
}

/// Approves or returns specialties of an application at the stage the reviewer saw.
pub async fn decide(state: &AppState, reviewer: &UserRow, input: &ReviewInput) -> Result<(), AppError> {
    let row = by_id(state, input.application_id).await?;
    if row.status != "submitted" || row.stage != input.stage {
        return Err(already_handled());
    }
    let mine = reviewable(state, reviewer, &row).await?;
    if mine.is_empty() {
        // Another stage's reviewer, or a specialty outside the scope: not theirs to see.
        return Err(AppError::Forbidden);
    }
    if input.decisions.is_empty() || input.decisions.iter().any(|d| !mine.contains(&d.code)) {
        return Err(AppError::invalid(
            "decisions",
            "请对本人负责的评标专业逐项给出意见",
            "Decide each specialty in your scope",
        ));
    }
    let returning = input.decisions.iter().any(|d| !d.approve);
    let comment = if returning {
        check_required("退回意见", "return comment", &input.comment, 500).map_err(|e| AppError::field("comment", &e))?
    } else {
        input.comment.trim().chars().take(500).collect()
    };
    if returning && input.reopen.is_empty() {
        return Err(AppError::invalid(
            "reopen",
            "请选择需要申请人修改的部分",
            "Choose the parts the applicant must change",
        ));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    // First, claim the application at the stage the reviewer saw: this row lock (PostgreSQL) or write
    // lock (SQLite) orders concurrent decisions, and a stage that moved on meanwhile is "already handled".
    let claimed =
        sqlx::query("UPDATE applications SET updated_ms = $1 WHERE id = $2 AND status = 'submitted' AND stage = $3")
            .bind(now)
            .bind(row.id)
            .bind(row.stage)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() != 1 {
        return Err(already_handled());
    }
    for d in &input.decisions {
        let status = if d.approve { "approved" } else { "returned" };
        let done = sqlx::query(
            "UPDATE application_specialties SET status = $1 WHERE application_id = $2 AND specialty_code = $3 AND status = 'pending'",
        )
        .bind(status)
        .bind(row.id)
        .bind(&d.code)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(already_handled());
        }
        let action = if d.approve { "approved" } else { "returned" };
        let line = LogLine {
            application_id: row.id,
            stage: row.stage,
            actor: reviewer.id,
            specialty: Some(&d.code),
            action,
            comment: &comment,
        };
        add_log(&mut *tx, &line, now).await?;
    }
    let (left, returned): (i64, i64) = sqlx::query_as(
        "SELECT SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'returned' THEN 1 ELSE 0 END) \
         FROM application_specialties WHERE application_id = $1",
    )
    .bind(row.id)
    .fetch_one(&mut *tx)
    .await?;
    let person = users::by_id(&state.db, row.user_id).await?.ok_or(AppError::NotFound)?;
    let mut sms = None;
    if returned > 0 {
        let parts: Vec<&str> = input.reopen.iter().map(|p| p.as_str()).collect();
        let merged: Vec<&str> = row.unlocked.split(',').filter(|p| !p.is_empty()).chain(parts).collect();
        sqlx::query("UPDATE applications SET status = 'returned', unlocked = $1, updated_ms = $2 WHERE id = $3 AND status = 'submitted'")
            .bind(merged.join(","))
            .bind(now)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        sms = Some(format!(
            "【专家服务平台】您的专家申请在“{}”环节被退回修改：{comment}。请登录系统修改后重新提交。",
            STAGES[(row.stage - 1) as usize].0
        ));
    } else if left == 0 && row.stage < STAGES.len() as i64 {
        sqlx::query("UPDATE applications SET stage = stage + 1, updated_ms = $1 WHERE id = $2 AND stage = $3")
            .bind(now)
            .bind(row.id)
            .bind(row.stage)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE application_specialties SET status = 'pending' WHERE application_id = $1")
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
    } else if left == 0 {
        sms = Some(approve(&mut tx, &row, now).await?);
    }
    if let Some(sms) = sms {
        crate::platform::sms::queue(&mut tx, &person.phone, &sms, now).await?;
    }
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// After the fourth stage: "审核通过，待考试" when the window requires the exam (the exam decides, see
/// `admission`), otherwise straight into the pool. Returns the SMS that tells the applicant.
async fn approve(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    row: &ApplicationRow,
    now: i64,
) -> Result<String, AppError> {
    let exam_required = admission::exam_required(tx, row.window_id).await?;
    sqlx::query("UPDATE applications SET status = $1, decided_ms = $2, updated_ms = $2 WHERE id = $3")
        .bind(if exam_required { "approved" } else { "admitted" })
        .bind(now)
        .bind(row.id)
        .execute(&mut **tx)
        .await?;
    if exam_required {
        return Ok("【专家服务平台】您的专家申请已通过全部审核，请等待考试通知，考试合格后入库。".to_string());
    }
    admission::enter_pool(tx, row, now).await?;
    Ok("【专家服务平台】您的专家申请已通过全部审核，已入选综合评标专家库。".to_string())
}

/// Applicants approved by all four stages (经审核通过，等待考试), by user name.
pub async fn approved_usernames(state: &AppState) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT u.username FROM applications a JOIN users u ON u.id = a.user_id \
         WHERE a.status = 'approved' ORDER BY u.username",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(u,)| u).collect())
}
