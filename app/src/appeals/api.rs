//! Appeal server functions: `/api/appeals/*` for the person (anyone; the appeal is bound to the browser
//! session that proved the new phone) and `/api/support/appeals*` for support (support role).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::appeals::types::{AppealInput, AppealItem, AppealStarted};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth;
#[cfg(feature = "ssr")]
use crate::platform::state;

/// Starts an appeal: exact name + ID number of the account, and a new phone proven by an SMS code. Anyone;
/// limited per address like sign-in, so it can't be used to probe who is registered.
#[server(prefix = "/api", endpoint = "appeals/start", input = Json)]
pub async fn start_appeal(input: AppealInput) -> Result<AppealStarted, AppError> {
    let state = state()?;
    let ip = crate::platform::limits::client_ip(&state).await;
    crate::platform::limits::check_sign_in(&state, ip).await?;
    crate::appeals::ssr::start(&state, &auth::request_session().await?, &input).await
}

/// Submits the appeal this browser started, once its three photos are uploaded. Anyone (that session).
#[server(prefix = "/api", endpoint = "appeals/submit", input = Json)]
pub async fn submit_appeal() -> Result<(), AppError> {
    let state = state()?;
    crate::appeals::ssr::submit(&state, &auth::request_session().await?).await
}

/// Submitted appeals waiting for a decision, with the account data. Support.
#[server(prefix = "/api", endpoint = "support/appeals", input = GetUrl)]
pub async fn appeal_queue() -> Result<Vec<AppealItem>, AppError> {
    let state = state()?;
    auth::require_role(&state, &auth::request_session().await?, crate::support::types::SUPPORT_ROLES).await?;
    crate::appeals::ssr::queue(&state).await
}

/// Approves (new phone bound, temporary password sent to it) or refuses with a reason. Support.
#[server(prefix = "/api", endpoint = "support/decide-appeal", input = Json)]
pub async fn decide_appeal(appeal_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = state()?;
    let staff =
        auth::require_role(&state, &auth::request_session().await?, crate::support::types::SUPPORT_ROLES).await?;
    crate::appeals::ssr::decide(&state, &staff, appeal_id, approve, &reason).await
}
