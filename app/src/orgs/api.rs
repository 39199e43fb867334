//! Organization server functions under `/api/orgs/`. Registering and listing one's authorizations need a
//! signed-in user; finding persons, granting and revoking need the organization's admin, or the
//! organization itself signed in with its own account (which acts as its admin here, and only here).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::exams::types::Certificate;
use crate::orgs::types::{Authorization, FoundPerson, GrantedPerson, OrgRegisterInput, OrgSummary};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth;
#[cfg(feature = "ssr")]
use crate::platform::state;

/// Registers an organization; the caller becomes its admin (role `org_admin`). Signed-in users, one
/// organization each. Name and credit code unique; nothing is written on refusal.
#[server(prefix = "/api", endpoint = "orgs/register", input = Json)]
pub async fn register_org(input: OrgRegisterInput) -> Result<OrgSummary, AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    crate::orgs::ssr::register(&state, &user, &input).await
}

/// The organization the caller administers, or `None`. Signed-in users.
#[server(prefix = "/api", endpoint = "orgs/mine", input = GetUrl)]
pub async fn my_org() -> Result<Option<OrgSummary>, AppError> {
    let state = state()?;
    let user = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::orgs::ssr::mine(&state, &user).await
}

/// Finds a real-name-verified person by exact name + ID number; masked data only. The org's admin.
#[server(prefix = "/api", endpoint = "orgs/find-person", input = Json)]
pub async fn find_person(org_id: i64, real_name: String, id_number: String) -> Result<FoundPerson, AppError> {
    let state = state()?;
    let admin = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::orgs::ssr::find_person(&state, &admin, org_id, &real_name, &id_number).await
}

/// Grants roles the organization holds to a verified person; audit-logged. The org's admin.
#[server(prefix = "/api", endpoint = "orgs/grant", input = Json)]
pub async fn grant_roles(org_id: i64, user_id: i64, roles: Vec<String>) -> Result<FoundPerson, AppError> {
    let state = state()?;
    let admin = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::orgs::ssr::grant(&state, &admin, org_id, user_id, &roles).await
}

/// Revokes roles from a person; audit-logged. The org's admin.
#[server(prefix = "/api", endpoint = "orgs/revoke", input = Json)]
pub async fn revoke_roles(org_id: i64, user_id: i64, roles: Vec<String>) -> Result<FoundPerson, AppError> {
    let state = state()?;
    let admin = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::orgs::ssr::revoke(&state, &admin, org_id, user_id, &roles).await
}

/// Everyone authorized by the organization, with their roles. The org's admin.
#[server(prefix = "/api", endpoint = "orgs/grants", input = Json)]
pub async fn org_grants(org_id: i64) -> Result<Vec<GrantedPerson>, AppError> {
    let state = state()?;
    let admin = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::orgs::ssr::grants(&state, &admin, org_id).await
}

/// The organizations that authorized the caller, with the roles. Signed-in users.
#[server(prefix = "/api", endpoint = "orgs/my-authorizations", input = GetUrl)]
pub async fn my_authorizations() -> Result<Vec<Authorization>, AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    crate::orgs::ssr::authorizations(&state, &user).await
}

/// The exam certificates of everyone the organization authorized. Its admin and its 培训管理员.
#[server(prefix = "/api", endpoint = "orgs/staff-certificates", input = GetUrl)]
pub async fn staff_certificates(org_id: i64) -> Result<Vec<Certificate>, AppError> {
    let state = state()?;
    let user = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::orgs::staff::staff_certificates(&state, &user, org_id).await
}
