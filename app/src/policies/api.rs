//! Policy server functions: `/api/policies` for everyone, `/api/admin/publish-policy` for system admins.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::policies::types::Policy;

/// The current version of a policy ("terms" or "privacy"). Anyone.
#[server(prefix = "/api", endpoint = "policies", input = GetUrl)]
pub async fn current_policy(kind: String) -> Result<Policy, AppError> {
    let state = crate::platform::state()?;
    let mut conn = state.db.acquire().await?;
    crate::policies::ssr::current(&mut conn, &kind).await
}

/// Publishes a new version of a policy; later registrations accept it. System admins.
#[server(prefix = "/api", endpoint = "admin/publish-policy", input = Json)]
pub async fn publish_policy(kind: String, body: String) -> Result<i64, AppError> {
    let (state, admin) = crate::accounts::ssr::auth::staff_in(&["system_admin"]).await?;
    crate::policies::ssr::publish(&state, &admin, &kind, &body).await
}
