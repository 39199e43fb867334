//! Notice server functions: `/api/notices` for everyone (no sign-in), `/api/admin/notices*` for system
//! admins.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::notices::types::{Notice, NoticeInput};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::staff_in;
#[cfg(feature = "ssr")]
use crate::notices::ssr;

#[cfg(feature = "ssr")]
const NOTICE_ADMINS: &[&str] = &["system_admin"];

/// The home page's notices. Anyone.
#[server(prefix = "/api", endpoint = "notices", input = GetUrl)]
pub async fn home_notices() -> Result<Vec<Notice>, AppError> {
    ssr::published(&crate::platform::state()?).await
}

/// 办理指南: the published help pages. Anyone.
#[server(prefix = "/api", endpoint = "guides", input = GetUrl)]
pub async fn guides() -> Result<Vec<Notice>, AppError> {
    ssr::guides(&crate::platform::state()?).await
}

/// Every notice, scheduled ones too. System admins.
#[server(prefix = "/api", endpoint = "admin/notices", input = GetUrl)]
pub async fn all_notices() -> Result<Vec<Notice>, AppError> {
    let (state, _) = staff_in(NOTICE_ADMINS).await?;
    ssr::all(&state).await
}

/// Publishes a notice now or at its time. System admins.
#[server(prefix = "/api", endpoint = "admin/create-notice", input = Json)]
pub async fn create_notice(input: NoticeInput) -> Result<i64, AppError> {
    let (state, admin) = staff_in(NOTICE_ADMINS).await?;
    ssr::create(&state, &admin, &input).await
}

/// Removes a notice. System admins.
#[server(prefix = "/api", endpoint = "admin/delete-notice", input = Json)]
pub async fn delete_notice(id: i64) -> Result<(), AppError> {
    let (state, admin) = staff_in(NOTICE_ADMINS).await?;
    ssr::delete(&state, &admin, id).await
}
