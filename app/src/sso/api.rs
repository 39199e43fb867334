//! Single sign-on server functions: the providers offered on the sign-in page (anyone) and their
//! configuration (system admins). The flow itself is plain HTTP redirects (`server/src/sso_routes.rs`).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::sso::types::{SsoChoice, SsoProviderInput, SsoProviderView};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::staff_in;
#[cfg(feature = "ssr")]
use crate::applications::api::ADMIN_ROLES;
#[cfg(feature = "ssr")]
use crate::sso::ssr::providers;

/// The enabled providers, for the sign-in page's "other ways to sign in". Anyone.
#[server(prefix = "/api", endpoint = "sso/choices", input = GetUrl)]
pub async fn sso_choices() -> Result<Vec<SsoChoice>, AppError> {
    providers::choices(&crate::platform::state()?).await
}

/// Every provider with its linked accounts (never its secret). System admins.
#[server(prefix = "/api", endpoint = "sso/providers", input = GetUrl)]
pub async fn sso_providers() -> Result<Vec<SsoProviderView>, AppError> {
    let (state, _) = staff_in(ADMIN_ROLES).await?;
    providers::admin_list(&state).await
}

/// Adds a provider or changes the one with this slug; audited. System admins.
#[server(prefix = "/api", endpoint = "sso/save-provider", input = Json)]
pub async fn save_sso_provider(input: SsoProviderInput) -> Result<(), AppError> {
    let (state, admin) = staff_in(ADMIN_ROLES).await?;
    providers::save(&state, &admin, &input).await
}
