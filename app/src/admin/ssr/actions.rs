//! The console's changes: roles, a user's home region, unlocking a training course, units and unit
//! requests, reviewer scopes. Each is audit-logged with the acting staff member.
use crate::accounts::ssr::users::{audit, UserRow};
use crate::admin::types::GRANTABLE_ROLES;
use crate::applications::ssr::{reference, review};
use crate::error::AppError;
use crate::platform::AppState;

async fn user_exists(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE id = $1").bind(user_id).fetch_optional(&state.db).await?;
    found.map(|_| ()).ok_or(AppError::NotFound)
}

/// Replaces the grantable roles of a user (an organization's admin role is left alone). An operator can't
/// take the operator role from themselves, so the console is never left without one by accident.
pub async fn set_roles(state: &AppState, staff: &UserRow, user_id: i64, roles: &[String]) -> Result<(), AppError> {
    user_exists(state, user_id).await?;
    if let Some(bad) = roles.iter().find(|r| !GRANTABLE_ROLES.iter().any(|(g, ..)| g == r)) {
        return Err(AppError::invalid("roles", &format!("未知角色：{bad}"), &format!("Unknown role: {bad}")));
    }
    if user_id == staff.id && !roles.iter().any(|r| r == "system_admin") {
        return Err(AppError::refused("不能取消自己的系统管理员角色", "You can't remove your own system admin role"));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role <> 'org_admin'")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(user_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    audit(&state.db, Some(staff.id), "user.roles", &format!("user:{user_id}"), &roles.join(","), state.now_ms())
        .await?;
    Ok(())
}

/// 专家评标地区: the region a candidate trains in ("" clears it). Must be a known region code.
pub async fn set_home_region(
    state: &AppState,
    staff: &UserRow,
    user_id: i64,
    region_code: &str,
) -> Result<(), AppError> {
    user_exists(state, user_id).await?;
    let code = region_code.trim();
    if !code.is_empty() {
        let known: Option<(String,)> =
            sqlx::query_as("SELECT code FROM regions WHERE code = $1").bind(code).fetch_optional(&state.db).await?;
        if known.is_none() {
            return Err(AppError::invalid("region_code", "地区代码不存在", "Unknown region code"));
        }
    }
    sqlx::query("UPDATE users SET home_region_code = $1 WHERE id = $2")
        .bind((!code.is_empty()).then_some(code))
        .bind(user_id)
        .execute(&state.db)
        .await?;
    audit(&state.db, Some(staff.id), "user.region", &format!("user:{user_id}"), code, state.now_ms()).await?;
    Ok(())
}

/// Clears the wrong-code count of a candidate's training course.
pub async fn unlock_training(state: &AppState, staff: &UserRow, user_id: i64) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE training_registrations SET code_failures = 0 WHERE user_id = $1")
        .bind(user_id)
        .execute(&state.db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::refused("该用户没有报名培训", "This user has no training registration"));
    }
    audit(&state.db, Some(staff.id), "training.unlock", &format!("user:{user_id}"), "", state.now_ms()).await?;
    Ok(())
}

/// Adds a unit to the list (unique name).
pub async fn add_unit(state: &AppState, staff: &UserRow, name: &str) -> Result<i64, AppError> {
    let name =
        crate::rules::check_required("单位名称", "unit name", name, 100).map_err(|e| AppError::field("name", &e))?;
    if reference::unit_by_name(state, &name).await?.is_some() {
        return Err(AppError::invalid("name", "该单位已在列表中", "This unit is in the list already"));
    }
    let id = reference::add_unit(state, &name, None).await?;
    audit(&state.db, Some(staff.id), "unit.add", &format!("unit:{id}"), &name, state.now_ms()).await?;
    Ok(id)
}

/// Answers an open unit request: add the unit (or link the one of that name) or refuse it.
pub async fn decide_unit_request(
    state: &AppState,
    staff: &UserRow,
    request_id: i64,
    add: bool,
) -> Result<(), AppError> {
    let request: Option<(String, String)> = sqlx::query_as("SELECT name, status FROM unit_requests WHERE id = $1")
        .bind(request_id)
        .fetch_optional(&state.db)
        .await?;
    let (name, status) = request.ok_or(AppError::NotFound)?;
    if status != "open" {
        return Err(AppError::refused("该申请已处理", "This request was handled already"));
    }
    let unit_id = if add {
        Some(match reference::unit_by_name(state, &name).await? {
            Some(id) => id,
            None => reference::add_unit(state, &name, None).await?,
        })
    } else {
        None
    };
    let decided = sqlx::query(
        "UPDATE unit_requests SET status = $1, unit_id = $2, decided_ms = $3 WHERE id = $4 AND status = 'open'",
    )
    .bind(if add { "added" } else { "refused" })
    .bind(unit_id)
    .bind(state.now_ms())
    .bind(request_id)
    .execute(&state.db)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(AppError::refused("该申请已处理", "This request was handled already"));
    }
    let action = if add { "unit_request.add" } else { "unit_request.refuse" };
    audit(&state.db, Some(staff.id), action, &format!("unit_request:{request_id}"), &name, state.now_ms()).await?;
    Ok(())
}

/// Gives a user a review scope (and the reviewer role): a stage 1–4, a prefix of region codes (digits)
/// and one of specialty codes ("" covers all).
pub async fn add_reviewer_scope(
    state: &AppState,
    staff: &UserRow,
    username: &str,
    scope: &review::Scope,
) -> Result<(), AppError> {
    let user: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE username_key = $1")
        .bind(username.trim().to_ascii_lowercase())
        .fetch_optional(&state.db)
        .await?;
    let (user_id,) =
        user.ok_or_else(|| AppError::invalid("username", "没有该用户名的用户", "No user has this user name"))?;
    if !(1..=4).contains(&scope.stage) {
        return Err(AppError::invalid("stage", "审核阶段为1至4", "The stage is 1 to 4"));
    }
    let digits = |s: &str| s.len() <= 12 && s.chars().all(|c| c.is_ascii_digit());
    if !digits(&scope.region_prefix) {
        return Err(AppError::invalid("region_prefix", "地区前缀只能是数字（留空为全部）", "Digits only (empty: all)"));
    }
    let code = |s: &str| s.len() <= 20 && s.chars().all(|c| c.is_ascii_alphanumeric());
    if !code(&scope.specialty_prefix) {
        return Err(AppError::invalid(
            "specialty_prefix",
            "专业前缀只能是字母或数字（留空为全部）",
            "Letters and digits only (empty: all)",
        ));
    }
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'reviewer') ON CONFLICT DO NOTHING")
        .bind(user_id)
        .execute(&state.db)
        .await?;
    review::add_scope(state, user_id, scope).await?;
    let detail = format!("stage {} region {} specialty {}", scope.stage, scope.region_prefix, scope.specialty_prefix);
    audit(&state.db, Some(staff.id), "reviewer.scope", &format!("user:{user_id}"), &detail, state.now_ms()).await?;
    Ok(())
}
