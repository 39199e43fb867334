//! Supervising-unit rules against the database. The system admin creates units and hands a unit's
//! approval over; an organization's admin chooses the unit; only that unit's approving admin decides, and
//! each decision is one conditional UPDATE (a second decision, or a decision on another unit's
//! organization, changes nothing and is refused). Every change is audit-logged.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::orgs::ssr::administered;
use crate::platform::{db::is_unique_violation, sms, AppState};
use crate::units::types::{
    check_reason, known_level, validate_unit, Handover, OrgUnitStatus, PendingOrg, UnitAdminView, UnitChoice, UnitInput,
};

fn no_such_approver() -> AppError {
    AppError::invalid("approver_username", "没有该用户名的账号", "No account has this user name")
}

/// The region a unit of `level` must be in: a province (level 1) or a city (level 2). Its name.
async fn region_for_level(state: &AppState, level: &str, code: &str) -> Result<String, AppError> {
    let wanted = if level == "provincial" { 1 } else { 2 };
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM regions WHERE code = $1 AND level = $2")
        .bind(code)
        .bind(wanted as i64)
        .fetch_optional(&state.db)
        .await?;
    row.map(|(name,)| name).ok_or_else(|| {
        if wanted == 1 {
            AppError::invalid("region_code", "省级外专局请选择省份", "A provincial unit's region is a province")
        } else {
            AppError::invalid("region_code", "市级外专局请选择地市", "A municipal unit's region is a city")
        }
    })
}

/// Creates a unit. The caller is a system admin (checked by the server function).
pub async fn create(state: &AppState, admin: &UserRow, input: &UnitInput) -> Result<i64, AppError> {
    let unit = validate_unit(input)?;
    region_for_level(state, unit.level, &unit.region_code).await?;
    let approver = users::by_username(&state.db, &unit.approver_username).await?.ok_or_else(no_such_approver)?;
    let now = state.now_ms();
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO supervising_units (name, level, region_code, approver_user_id, created_ms) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&unit.name)
    .bind(unit.level)
    .bind(&unit.region_code)
    .bind(approver.id)
    .bind(now)
    .fetch_one(&state.db)
    .await;
    let (unit_id,) = inserted.map_err(|err| {
        if is_unique_violation(&err, "supervising_units", "name") {
            AppError::invalid("name", "该归口单位已存在", "A unit with this name exists")
        } else {
            err.into()
        }
    })?;
    users::audit(&state.db, Some(admin.id), "unit_create", &unit.name, &approver.username, now).await?;
    Ok(unit_id)
}

/// Hands the unit's approval from its current admin to `to_username`, recording both (seed 002).
pub async fn hand_over(
    state: &AppState,
    admin: &UserRow,
    unit_id: i64,
    to_username: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = check_reason(reason)?;
    let to = users::by_username(&state.db, to_username.trim()).await?.ok_or_else(no_such_approver)?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let current: Option<(i64, String)> =
        sqlx::query_as("SELECT approver_user_id, name FROM supervising_units WHERE id = $1")
            .bind(unit_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (from_id, unit_name) = current.ok_or(AppError::NotFound)?;
    if from_id == to.id {
        return Err(AppError::invalid(
            "to_username",
            "此人已是该单位的审批管理员",
            "This person already approves for the unit",
        ));
    }
    // Conditional on the admin read above: two hand-overs at once can't both record the same "from".
    let moved =
        sqlx::query("UPDATE supervising_units SET approver_user_id = $1 WHERE id = $2 AND approver_user_id = $3")
            .bind(to.id)
            .bind(unit_id)
            .bind(from_id)
            .execute(&mut *tx)
            .await?;
    if moved.rows_affected() != 1 {
        return Err(AppError::refused(
            "审批管理员刚被他人更换，请刷新后重试",
            "The approving admin just changed: reload and retry",
        ));
    }
    sqlx::query(
        "INSERT INTO supervising_unit_handovers (unit_id, from_user_id, to_user_id, by_user_id, reason, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(unit_id)
    .bind(from_id)
    .bind(to.id)
    .bind(admin.id)
    .bind(&reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    users::audit(&mut *tx, Some(admin.id), "unit_hand_over", &unit_name, &format!("→ {}: {reason}", to.username), now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Every unit with its approving admin and hand-overs, for the system admin.
pub async fn admin_list(state: &AppState) -> Result<Vec<UnitAdminView>, AppError> {
    let units: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.name, s.level, r.name, u.real_name, u.username FROM supervising_units s \
         JOIN regions r ON r.code = s.region_code JOIN users u ON u.id = s.approver_user_id ORDER BY s.level DESC, s.name",
    )
    .fetch_all(&state.db)
    .await?;
    let handovers: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT h.unit_id, f.real_name, t.real_name, b.username, h.reason, h.created_ms \
         FROM supervising_unit_handovers h JOIN users f ON f.id = h.from_user_id JOIN users t ON t.id = h.to_user_id \
         JOIN users b ON b.id = h.by_user_id ORDER BY h.id",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(units
        .into_iter()
        .map(|(unit_id, name, level, region_name, approver_name, approver_username)| UnitAdminView {
            handovers: handovers
                .iter()
                .filter(|h| h.0 == unit_id)
                .map(|h| Handover {
                    from_name: h.1.clone(),
                    to_name: h.2.clone(),
                    by_username: h.3.clone(),
                    reason: h.4.clone(),
                    created_ms: h.5,
                })
                .collect(),
            unit_id,
            name,
            level,
            region_name,
            approver_name,
            approver_username,
        })
        .collect())
}

/// The units of one level, for an organization to choose from.
pub async fn choices(state: &AppState, level: &str) -> Result<Vec<UnitChoice>, AppError> {
    let level = known_level(level)?;
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT s.id, s.name, r.name FROM supervising_units s JOIN regions r ON r.code = s.region_code \
         WHERE s.level = $1 ORDER BY s.region_code, s.name",
    )
    .bind(level.0)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(unit_id, name, region_name)| UnitChoice { unit_id, name, region_name }).collect())
}

/// The organization's admin chooses its unit (again after a return): the approval starts over, pending.
/// The unit must be of the type chosen (seed 002: a municipal bureau is only found under 市级外专局).
pub async fn choose(state: &AppState, user: &UserRow, org_id: i64, level: &str, unit_id: i64) -> Result<(), AppError> {
    administered(state, user, org_id).await?;
    let level = known_level(level)?;
    let unit: Option<(String, String)> = sqlx::query_as("SELECT level, name FROM supervising_units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&state.db)
        .await?;
    let (unit_level_key, unit_name) =
        unit.ok_or_else(|| AppError::invalid("unit_id", "请选择归口单位", "Choose the supervising unit"))?;
    if unit_level_key != level.0 {
        return Err(AppError::invalid(
            "unit_id",
            "所选归口单位与主管外专局类型不符：地市外专局请在“市级外专局”下选择",
            "The unit is not of the chosen kind: municipal bureaus are listed under 'Municipal bureau'",
        ));
    }
    let now = state.now_ms();
    let changed = sqlx::query(
        "UPDATE organizations SET supervising_unit_id = $1, unit_status = 'pending', unit_reason = NULL, \
         unit_decided_ms = NULL WHERE id = $2 AND unit_status <> 'approved'",
    )
    .bind(unit_id)
    .bind(org_id)
    .execute(&state.db)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused(
            "归口单位已审核通过，如需变更请联系归口单位",
            "The supervising unit already approved the organization: contact it to change",
        ));
    }
    users::audit(&state.db, Some(user.id), "org_choose_unit", &org_id.to_string(), &unit_name, now).await?;
    Ok(())
}

/// Where the organization's approval stands. Its admin.
pub async fn status(state: &AppState, user: &UserRow, org_id: i64) -> Result<OrgUnitStatus, AppError> {
    administered(state, user, org_id).await?;
    let (status, unit_name, level, reason): (String, Option<String>, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT o.unit_status, s.name, s.level, o.unit_reason FROM organizations o \
         LEFT JOIN supervising_units s ON s.id = o.supervising_unit_id WHERE o.id = $1",
    )
    .bind(org_id)
    .fetch_one(&state.db)
    .await?;
    Ok(OrgUnitStatus { status, unit_name, level, reason })
}

/// The organizations waiting for `approver`'s decision (empty for anyone who approves for no unit).
pub async fn queue(state: &AppState, approver: &UserRow) -> Result<Vec<PendingOrg>, AppError> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.full_name, o.uscc, o.legal_rep_name, s.name FROM organizations o \
         JOIN supervising_units s ON s.id = o.supervising_unit_id \
         WHERE s.approver_user_id = $1 AND o.unit_status = 'pending' ORDER BY o.id",
    )
    .bind(approver.id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(org_id, full_name, uscc, legal_rep_name, unit_name)| PendingOrg {
            org_id,
            full_name,
            uscc,
            legal_rep_name,
            unit_name,
        })
        .collect())
}

/// Whether the person approves for at least one unit (the header's link to the queue).
pub async fn approves_any(db: &sqlx::AnyPool, user_id: i64) -> Result<bool, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM supervising_units WHERE approver_user_id = $1")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    Ok(count > 0)
}

/// The approving admin approves or returns (with a reason) a pending organization of their unit; the
/// organization's admin is told by SMS. Anyone else, or a second decision, changes nothing.
pub async fn decide(
    state: &AppState,
    approver: &UserRow,
    org_id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = if approve { None } else { Some(check_reason(reason)?) };
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let decided = sqlx::query(
        "UPDATE organizations SET unit_status = $1, unit_reason = $2, unit_decided_ms = $3 \
         WHERE id = $4 AND unit_status = 'pending' AND supervising_unit_id IN \
         (SELECT id FROM supervising_units WHERE approver_user_id = $5)",
    )
    .bind(if approve { "approved" } else { "returned" })
    .bind(&reason)
    .bind(now)
    .bind(org_id)
    .bind(approver.id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        // Not this approver's unit (or no such organization): not found, as another candidate's attempt
        // is, so the answer tells nothing about organizations elsewhere.
        let pending_here: Option<(String,)> = sqlx::query_as(
            "SELECT o.unit_status FROM organizations o JOIN supervising_units s ON s.id = o.supervising_unit_id \
             WHERE o.id = $1 AND s.approver_user_id = $2",
        )
        .bind(org_id)
        .bind(approver.id)
        .fetch_optional(&mut *tx)
        .await?;
        return Err(match pending_here {
            Some(_) => AppError::refused("该单位已审核，请刷新", "This organization was already decided: reload"),
            None => AppError::NotFound,
        });
    }
    let (full_name, phone): (String, String) = sqlx::query_as(
        "SELECT o.full_name, u.phone FROM organizations o JOIN users u ON u.id = o.admin_user_id WHERE o.id = $1",
    )
    .bind(org_id)
    .fetch_one(&mut *tx)
    .await?;
    let body = match &reason {
        None => format!("【专家服务平台】{full_name}已通过归口单位审核。"),
        Some(reason) => {
            format!("【专家服务平台】{full_name}未通过归口单位审核：{reason}。请修改后重新选择归口单位提交。")
        }
    };
    sms::queue(&mut tx, &phone, &body, now).await?;
    let action = if approve { "unit_approve_org" } else { "unit_return_org" };
    users::audit(&mut *tx, Some(approver.id), action, &full_name, reason.as_deref().unwrap_or(""), now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}
