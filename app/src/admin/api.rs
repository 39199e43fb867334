//! Admin console server functions under `/api/admin/`. Lists check the roles their spec names; every
//! action names its roles. A candidate is refused everywhere here. The CSV export is a raw route
//! (`admin_routes.rs`) so the browser downloads it as a file.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::admin::types::{Dashboard, ListPage, ListQuery, SettingLine};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::{signed_in, staff_in};
#[cfg(feature = "ssr")]
use crate::admin::ssr::{actions, dashboard, lists};
#[cfg(feature = "ssr")]
use crate::admin::types::CONSOLE_ROLES;

#[cfg(feature = "ssr")]
const OPERATOR: &[&str] = &["system_admin"];
#[cfg(feature = "ssr")]
const OPERATOR_AND_SUPPORT: &[&str] = &["system_admin", "support"];

/// One page of a console list: search, filter, page. The list's own roles.
#[server(prefix = "/api", endpoint = "admin/list", input = Json)]
pub async fn admin_list(query: ListQuery) -> Result<ListPage, AppError> {
    let (state, user) = signed_in().await?;
    let spec = lists::allowed_spec(&state, &user, &query.kind).await?;
    lists::page(&state, &spec, &query).await
}

/// The dashboard's counts and chart data. Console staff.
#[server(prefix = "/api", endpoint = "admin/dashboard", input = GetUrl)]
pub async fn admin_dashboard() -> Result<Dashboard, AppError> {
    let (state, _) = staff_in(CONSOLE_ROLES).await?;
    dashboard::dashboard(&state).await
}

/// The effective configuration (SPEC's [defaults] as configured), secrets hidden. System admins.
#[server(prefix = "/api", endpoint = "admin/settings", input = GetUrl)]
pub async fn admin_settings() -> Result<Vec<SettingLine>, AppError> {
    let (state, _) = staff_in(OPERATOR).await?;
    Ok(dashboard::settings(&state))
}

/// Replaces a user's roles. System admins (not their own operator role).
#[server(prefix = "/api", endpoint = "admin/users/roles", input = Json)]
pub async fn set_user_roles(user_id: i64, roles: Vec<String>) -> Result<(), AppError> {
    let (state, staff) = staff_in(OPERATOR).await?;
    actions::set_roles(&state, &staff, user_id, &roles).await
}

/// Sets a user's home region (专家评标地区). Support and system admins.
#[server(prefix = "/api", endpoint = "admin/users/region", input = Json)]
pub async fn set_user_region(user_id: i64, region_code: String) -> Result<(), AppError> {
    let (state, staff) = staff_in(OPERATOR_AND_SUPPORT).await?;
    actions::set_home_region(&state, &staff, user_id, &region_code).await
}

/// Unlocks a training course locked by wrong codes. Support and system admins.
#[server(prefix = "/api", endpoint = "admin/users/unlock-training", input = Json)]
pub async fn unlock_training(user_id: i64) -> Result<(), AppError> {
    let (state, staff) = staff_in(OPERATOR_AND_SUPPORT).await?;
    actions::unlock_training(&state, &staff, user_id).await
}

/// Adds a unit to the list. System admins.
#[server(prefix = "/api", endpoint = "admin/units/add", input = Json)]
pub async fn add_unit(name: String) -> Result<i64, AppError> {
    let (state, staff) = staff_in(OPERATOR).await?;
    actions::add_unit(&state, &staff, &name).await
}

/// Adds (or refuses) a requested unit. Support and system admins.
#[server(prefix = "/api", endpoint = "admin/unit-requests/decide", input = Json)]
pub async fn decide_unit_request(request_id: i64, add: bool) -> Result<(), AppError> {
    let (state, staff) = staff_in(OPERATOR_AND_SUPPORT).await?;
    actions::decide_unit_request(&state, &staff, request_id, add).await
}

/// Gives a user a review scope and the reviewer role. System admins.
#[server(prefix = "/api", endpoint = "admin/reviewers/add", input = Json)]
pub async fn add_reviewer_scope(
    username: String,
    stage: i64,
    region_prefix: String,
    specialty_prefix: String,
) -> Result<(), AppError> {
    let (state, staff) = staff_in(OPERATOR).await?;
    let scope = crate::applications::ssr::review::Scope {
        stage,
        region_prefix: region_prefix.trim().to_string(),
        specialty_prefix: specialty_prefix.trim().to_string(),
    };
    actions::add_reviewer_scope(&state, &staff, &username, &scope).await
}
