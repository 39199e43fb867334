//! Support console server functions under `/api/support/`. Every one requires the support or system
//! admin role (deny by default).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::support::types::{AuditEntry, OutboxEntry, PersonSummary};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::{auth, users::UserRow};
#[cfg(feature = "ssr")]
use crate::platform::{state, AppState};

#[cfg(feature = "ssr")]
async fn staff() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let staff =
        auth::require_role(&state, &auth::request_session().await?, crate::support::types::SUPPORT_ROLES).await?;
    Ok((state, staff))
}

/// People by name, phone, user name or ID number, masked. Support.
#[server(prefix = "/api", endpoint = "support/look-up", input = Json)]
pub async fn look_up_people(query: String) -> Result<Vec<PersonSummary>, AppError> {
    let (state, _) = staff().await?;
    crate::support::ssr::look_up(&state, &query).await
}

/// Fixes a registered name, with a reason (audit-logged). Support.
#[server(prefix = "/api", endpoint = "support/fix-name", input = Json)]
pub async fn fix_name(user_id: i64, real_name: String, reason: String) -> Result<(), AppError> {
    let (state, staff) = staff().await?;
    crate::support::ssr::fix_name(&state, &staff, user_id, &real_name, &reason).await
}

/// Corrects a registered ID number, with a reason (audit-logged). Support.
#[server(prefix = "/api", endpoint = "support/fix-id-number", input = Json)]
pub async fn fix_id_number(user_id: i64, id_number: String, reason: String) -> Result<(), AppError> {
    let (state, staff) = staff().await?;
    crate::support::ssr::fix_id_number(&state, &staff, user_id, &id_number, &reason).await
}

/// Sends a temporary password to the user's phone; it must be changed at the next sign-in. Support.
#[server(prefix = "/api", endpoint = "support/reset-password", input = Json)]
pub async fn reset_user_password(user_id: i64) -> Result<(), AppError> {
    let (state, staff) = staff().await?;
    crate::support::ssr::reset_password(&state, &staff, user_id).await
}

/// The newest 200 messages of the SMS outbox. Support.
#[server(prefix = "/api", endpoint = "support/outbox", input = GetUrl)]
pub async fn sms_outbox() -> Result<Vec<OutboxEntry>, AppError> {
    let (state, _) = staff().await?;
    crate::support::ssr::outbox(&state).await
}

/// The newest 200 audit entries: who did what to whom, when. Support.
#[server(prefix = "/api", endpoint = "support/audit-log", input = GetUrl)]
pub async fn audit_entries() -> Result<Vec<AuditEntry>, AppError> {
    let (state, _) = staff().await?;
    crate::support::ssr::audit_log(&state).await
}
