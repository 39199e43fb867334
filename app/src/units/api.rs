//! Supervising-unit server functions under `/api/units/`. Creating units and handing them over: the
//! system admin. Choosing a unit and its status: the organization's admin. The queue and the decision:
//! the unit's approving admin (anyone else sees an empty queue and is refused).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::units::types::{OrgUnitStatus, PendingOrg, UnitAdminView, UnitChoice, UnitInput};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::{signed_in, staff_in};
#[cfg(feature = "ssr")]
use crate::applications::api::ADMIN_ROLES;

/// Every unit with its approving admin and hand-overs. System admins.
#[server(prefix = "/api", endpoint = "units/all", input = GetUrl)]
pub async fn all_units() -> Result<Vec<UnitAdminView>, AppError> {
    let (state, _) = staff_in(ADMIN_ROLES).await?;
    crate::units::ssr::admin_list(&state).await
}

/// Creates a unit (region of its level, an existing account as approving admin). System admins.
#[server(prefix = "/api", endpoint = "units/create", input = Json)]
pub async fn create_unit(input: UnitInput) -> Result<i64, AppError> {
    let (state, admin) = staff_in(ADMIN_ROLES).await?;
    crate::units::ssr::create(&state, &admin, &input).await
}

/// Hands a unit's approval from its admin A to B, recording both and the reason. System admins.
#[server(prefix = "/api", endpoint = "units/hand-over", input = Json)]
pub async fn hand_over_unit(unit_id: i64, to_username: String, reason: String) -> Result<(), AppError> {
    let (state, admin) = staff_in(ADMIN_ROLES).await?;
    crate::units::ssr::hand_over(&state, &admin, unit_id, &to_username, &reason).await
}

/// The units of one type (省级外专局 / 市级外专局) to choose from. Signed-in users and organizations.
#[server(prefix = "/api", endpoint = "units/choices", input = GetUrl)]
pub async fn unit_choices(level: String) -> Result<Vec<UnitChoice>, AppError> {
    let state = crate::platform::state()?;
    crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::units::ssr::choices(&state, &level).await
}

/// Chooses the organization's supervising unit and asks for its approval. The organization's admin.
#[server(prefix = "/api", endpoint = "units/choose", input = Json)]
pub async fn choose_unit(org_id: i64, level: String, unit_id: i64) -> Result<(), AppError> {
    let state = crate::platform::state()?;
    let user = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::units::ssr::choose(&state, &user, org_id, &level, unit_id).await
}

/// Where the organization's approval stands. The organization's admin.
#[server(prefix = "/api", endpoint = "units/org-status", input = GetUrl)]
pub async fn unit_status_of_org(org_id: i64) -> Result<OrgUnitStatus, AppError> {
    let state = crate::platform::state()?;
    let user = crate::org_accounts::ssr::account::org_caller_of_call(&state).await?;
    crate::units::ssr::status(&state, &user, org_id).await
}

/// The organizations waiting for the caller's decision. Signed-in users (empty unless an approver).
#[server(prefix = "/api", endpoint = "units/queue", input = GetUrl)]
pub async fn unit_queue() -> Result<Vec<PendingOrg>, AppError> {
    let (state, user) = signed_in().await?;
    crate::units::ssr::queue(&state, &user).await
}

/// Approves or returns (with a reason) a pending organization. The unit's approving admin.
#[server(prefix = "/api", endpoint = "units/decide", input = Json)]
pub async fn decide_org(org_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    crate::units::ssr::decide(&state, &user, org_id, approve, &reason).await
}
