//! Organization rules against the database: registration in one transaction (the registering user
//! becomes the organization's admin), finding verified persons, and audit-logged grants and revocations.
//! Only the organization's admin may find, grant or revoke: anything else is `Forbidden`.
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, FieldError, Text};
use crate::orgs::types::{
    org_role, validate_org, Authorization, FoundPerson, GrantedPerson, OrgRegisterInput, OrgSummary, ValidOrg,
};
use crate::platform::{db::is_unique_violation, AppState};
use crate::rules::{mask_id_number, mask_phone, normalize_id_number, normalize_name};

fn name_taken() -> FieldError {
    FieldError::new("full_name", Text::new("单位名称已被注册", "This organization name is already registered"))
}
fn code_taken() -> FieldError {
    FieldError::new("uscc", Text::new("信用代码已被注册", "This credit code is already registered"))
}
fn not_found() -> AppError {
    AppError::refused(
        "未找到已实名认证的该人员，请核对姓名和证件号码",
        "No verified person with this name and ID number: check both",
    )
}
fn role_not_held() -> AppError {
    AppError::refused("本单位未持有该角色，不能授权", "Your organization doesn't hold this role and can't grant it")
}

/// Registers the organization with the signed-in user as its admin; returns the new organization.
pub async fn register(state: &AppState, user: &UserRow, input: &OrgRegisterInput) -> Result<OrgSummary, AppError> {
    let org = validate_org(input)?;
    if mine(state, user).await?.is_some() {
        return Err(AppError::refused(
            "您已注册过单位，一个账号只能管理一个单位",
            "You already administer an organization: one account manages one organization",
        ));
    }
    ensure_unique(state, &org).await?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO organizations (full_name, uscc, legal_rep_name, legal_rep_type, contact_phone, admin_user_id, \
         created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&org.full_name)
    .bind(&org.uscc)
    .bind(&org.legal_rep_name)
    .bind(&org.legal_rep_type)
    .bind(&org.contact_phone)
    .bind(user.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let (org_id,) = inserted.map_err(unique_violation_to_field)?;
    for role in &org.roles {
        sqlx::query("INSERT INTO organization_roles (org_id, role) VALUES ($1, $2)")
            .bind(org_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'org_admin') ON CONFLICT DO NOTHING")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    users::audit(&state.db, Some(user.id), "org_register", &org.full_name, &org.uscc, now).await?;
    mine(state, user).await?.ok_or(AppError::NotFound)
}

/// Reports a taken name and a taken code together. The unique constraints still decide under a race.
async fn ensure_unique(state: &AppState, org: &ValidOrg) -> Result<(), AppError> {
    let (names, codes): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM organizations WHERE full_name = $1), \
         (SELECT COUNT(*) FROM organizations WHERE uscc = $2)",
    )
    .bind(&org.full_name)
    .bind(&org.uscc)
    .fetch_one(&state.db)
    .await?;
    let mut taken = Vec::new();
    if names > 0 {
        taken.push(name_taken());
    }
    if codes > 0 {
        taken.push(code_taken());
    }
    if taken.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(taken))
    }
}

fn unique_violation_to_field(err: sqlx::Error) -> AppError {
    if is_unique_violation(&err, "organizations", "full_name") {
        AppError::Invalid(vec![name_taken()])
    } else if is_unique_violation(&err, "organizations", "uscc") {
        AppError::Invalid(vec![code_taken()])
    } else {
        err.into()
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrgRow {
    id: i64,
    full_name: String,
    uscc: String,
    legal_rep_name: String,
    legal_rep_type: String,
    contact_phone: String,
    admin_user_id: i64,
}

impl OrgRow {
    pub(crate) fn full_name(&self) -> &str {
        &self.full_name
    }
    pub(crate) fn uscc(&self) -> &str {
        &self.uscc
    }
}

const ORG_COLUMNS: &str = "id, full_name, uscc, legal_rep_name, legal_rep_type, contact_phone, admin_user_id";

async fn held_roles(state: &AppState, org_id: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT role FROM organization_roles WHERE org_id = $1 ORDER BY role")
        .bind(org_id)
        .fetch_all(&state.db)
        .await?;
    Ok(rows.into_iter().map(|(role,)| role).collect())
}

async fn summary(state: &AppState, row: OrgRow) -> Result<OrgSummary, AppError> {
    let (verification, login_name): (String, Option<String>) = sqlx::query_as(
        "SELECT o.verification, a.login_name FROM organizations o LEFT JOIN org_accounts a ON a.org_id = o.id \
         WHERE o.id = $1",
    )
    .bind(row.id)
    .fetch_one(&state.db)
    .await?;
    Ok(OrgSummary {
        login_name,
        verification,
        roles: held_roles(state, row.id).await?,
        org_id: row.id,
        full_name: row.full_name,
        uscc: row.uscc,
        legal_rep_name: row.legal_rep_name,
        legal_rep_type: row.legal_rep_type,
        contact_phone: row.contact_phone,
    })
}

/// The organization the user administers, if any.
pub async fn mine(state: &AppState, user: &UserRow) -> Result<Option<OrgSummary>, AppError> {
    let row: Option<OrgRow> =
        sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE admin_user_id = $1"))
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?;
    match row {
        Some(row) => Ok(Some(summary(state, row).await?)),
        None => Ok(None),
    }
}

/// The organization, if `user` is its admin; `Forbidden` otherwise (also when it doesn't exist).
pub(crate) async fn administered(state: &AppState, user: &UserRow, org_id: i64) -> Result<OrgRow, AppError> {
    let row: Option<OrgRow> = sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
        .bind(org_id)
        .fetch_optional(&state.db)
        .await?;
    row.filter(|org| org.admin_user_id == user.id).ok_or(AppError::Forbidden)
}

async fn grants_of(state: &AppState, org_id: i64, user_id: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT role FROM organization_grants WHERE org_id = $1 AND user_id = $2 ORDER BY role")
            .bind(org_id)
            .bind(user_id)
            .fetch_all(&state.db)
            .await?;
    Ok(rows.into_iter().map(|(role,)| role).collect())
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    real_name: String,
    id_number: String,
    phone: String,
}

async fn verified_person(state: &AppState, user_id: i64) -> Result<PersonRow, AppError> {
    let row: Option<PersonRow> = sqlx::query_as(
        "SELECT id, real_name, id_number, phone FROM users WHERE id = $1 AND identity_status = 'verified'",
    )
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    row.ok_or_else(not_found)
}

async fn found(state: &AppState, org_id: i64, person: PersonRow) -> Result<FoundPerson, AppError> {
    Ok(FoundPerson {
        roles: grants_of(state, org_id, person.id).await?,
        user_id: person.id,
        real_name: person.real_name,
        id_number_masked: mask_id_number(&person.id_number),
        phone_masked: mask_phone(&person.phone),
    })
}

/// Finds a real-name-verified person by exact name and ID number. Any miss gives the same message, so
/// the search can't tell whether an ID number is registered.
pub async fn find_person(
    state: &AppState,
    admin: &UserRow,
    org_id: i64,
    real_name: &str,
    id_number: &str,
) -> Result<FoundPerson, AppError> {
    administered(state, admin, org_id).await?;
    let name = normalize_name(real_name);
    if name.is_empty() {
        return Err(AppError::invalid("real_name", "请填写姓名", "Enter the name"));
    }
    if id_number.trim().is_empty() {
        return Err(AppError::invalid("id_number", "请填写证件号码", "Enter the ID number"));
    }
    // Other ID types are stored as typed (trimmed, upper case); resident numbers in their 18-character form.
    let id_number = normalize_id_number(id_number, today_in_china(state.now_ms()))
        .unwrap_or_else(|_| id_number.trim().to_uppercase());
    let row: Option<PersonRow> = sqlx::query_as(
        "SELECT id, real_name, id_number, phone FROM users WHERE id_number = $1 AND identity_status = 'verified'",
    )
    .bind(&id_number)
    .fetch_optional(&state.db)
    .await?;
    match row {
        Some(person) if person.real_name == name => found(state, org_id, person).await,
        _ => Err(not_found()),
    }
}

/// Checks the roles: at least one, each held by the organization.
async fn check_roles(state: &AppState, org_id: i64, roles: &[String]) -> Result<(), AppError> {
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "请至少选择一个角色", "Choose at least one role"));
    }
    let held = held_roles(state, org_id).await?;
    if roles.iter().any(|role| org_role(role).is_none() || !held.contains(role)) {
        return Err(role_not_held());
    }
    Ok(())
}

/// Grants roles the organization holds to a verified person; each new grant is audit-logged.
pub async fn grant(
    state: &AppState,
    admin: &UserRow,
    org_id: i64,
    user_id: i64,
    roles: &[String],
) -> Result<FoundPerson, AppError> {
    let org = administered(state, admin, org_id).await?;
    check_roles(state, org_id, roles).await?;
    let person = verified_person(state, user_id).await?;
    let now = state.now_ms();
    let mut added = Vec::new();
    let mut tx = state.db.begin().await?;
    for role in roles {
        let done = sqlx::query(
            "INSERT INTO organization_grants (org_id, user_id, role, granted_by, created_ms) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (org_id, user_id, role) DO NOTHING",
        )
        .bind(org_id)
        .bind(user_id)
        .bind(role)
        .bind(admin.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            added.push(role.clone());
        }
    }
    tx.commit().await?;
    audit_each(state, admin, &org, user_id, "org_grant", &added, now).await?;
    found(state, org_id, person).await
}

/// Revokes roles from a person in the organization; each removed grant is audit-logged.
pub async fn revoke(
    state: &AppState,
    admin: &UserRow,
    org_id: i64,
    user_id: i64,
    roles: &[String],
) -> Result<FoundPerson, AppError> {
    let org = administered(state, admin, org_id).await?;
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "请至少选择一个角色", "Choose at least one role"));
    }
    let now = state.now_ms();
    let mut removed = Vec::new();
    let mut tx = state.db.begin().await?;
    for role in roles {
        let done = sqlx::query("DELETE FROM organization_grants WHERE org_id = $1 AND user_id = $2 AND role = $3")
            .bind(org_id)
            .bind(user_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() > 0 {
            removed.push(role.clone());
        }
    }
    tx.commit().await?;
    audit_each(state, admin, &org, user_id, "org_revoke", &removed, now).await?;
    let person = verified_person(state, user_id).await?;
    found(state, org_id, person).await
}

/// One audit entry per role actually granted or revoked ("<organization>: <role>").
async fn audit_each(
    state: &AppState,
    admin: &UserRow,
    org: &OrgRow,
    user_id: i64,
    action: &str,
    roles: &[String],
    now: i64,
) -> Result<(), AppError> {
    let subject = users::by_id(&state.db, user_id).await?.map(|u| u.username).ok_or(AppError::NotFound)?;
    for role in roles {
        users::audit(&state.db, Some(admin.id), action, &subject, &format!("{}: {role}", org.full_name), now).await?;
    }
    Ok(())
}

/// Everyone holding a role in the organization, with their roles. Admin only.
pub async fn grants(state: &AppState, admin: &UserRow, org_id: i64) -> Result<Vec<GrantedPerson>, AppError> {
    administered(state, admin, org_id).await?;
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.real_name, u.id_number, g.role FROM organization_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.org_id = $1 ORDER BY g.user_id, g.role",
    )
    .bind(org_id)
    .fetch_all(&state.db)
    .await?;
    let mut people: Vec<GrantedPerson> = Vec::new();
    for (user_id, real_name, id_number, role) in rows {
        match people.last_mut() {
            Some(last) if last.user_id == user_id => last.roles.push(role),
            _ => people.push(GrantedPerson {
                user_id,
                real_name,
                id_number_masked: mask_id_number(&id_number),
                roles: vec![role],
            }),
        }
    }
    Ok(people)
}

/// The organizations that authorized this person, with the roles each granted.
pub async fn authorizations(state: &AppState, user: &UserRow) -> Result<Vec<Authorization>, AppError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT o.id, o.full_name, g.role FROM organization_grants g JOIN organizations o ON o.id = g.org_id \
         WHERE g.user_id = $1 ORDER BY o.full_name, o.id, g.role",
    )
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    let mut list: Vec<Authorization> = Vec::new();
    for (org_id, org_name, role) in rows {
        match list.last_mut() {
            Some(last) if last.org_id == org_id => last.roles.push(role),
            _ => list.push(Authorization { org_id, org_name, roles: vec![role] }),
        }
    }
    Ok(list)
}
