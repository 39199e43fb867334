//! Pool server functions. The import is a raw CSV upload (`POST /api/admin/pool/import`, the server's
//! application routes); support's hand link is here.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;

/// Links the pool record with `record_id_number` to a passport, officer-card or other-ID holder's
/// account, with a reason (audit-logged). Support.
#[server(prefix = "/api", endpoint = "support/link-pool-record", input = Json)]
pub async fn link_pool_record(user_id: i64, record_id_number: String, reason: String) -> Result<(), AppError> {
    let state = crate::platform::state()?;
    let session = crate::accounts::ssr::auth::request_session().await?;
    let staff =
        crate::accounts::ssr::auth::require_role(&state, &session, crate::support::types::SUPPORT_ROLES).await?;
    crate::pool::ssr::link_by_hand(&state, &staff, user_id, &record_id_number, &reason).await
}
