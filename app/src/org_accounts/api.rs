//! Organization account server functions: `/api/org-account/*` for the organization (its own session,
//! or its admin where said), `/api/org-recovery/*` for anyone getting back in, `/api/support/org*` for
//! support.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::accounts::types::CodeSent;
use crate::error::AppError;
use crate::org_accounts::types::{
    OrgAccountMe, OrgAppealInput, OrgAppealItem, OrgCredentialsInput, OrgSignInInput, OrgVerificationItem,
};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::{request_session, staff_in};
#[cfg(feature = "ssr")]
use crate::org_accounts::ssr::{account, recovery, verification};
#[cfg(feature = "ssr")]
use crate::platform::{limits, state};
#[cfg(feature = "ssr")]
use crate::support::types::SUPPORT_ROLES;

/// Opens the organization's own account with a login name and password. Its admin.
#[server(prefix = "/api", endpoint = "org-account/open", input = Json)]
pub async fn open_org_account(input: OrgCredentialsInput) -> Result<(), AppError> {
    let state = state()?;
    let admin = account::org_caller_of_call(&state).await?;
    account::open(&state, &admin, &input).await
}

/// Signs the organization in by login name or credit code (单位用户). Anyone; captcha and lock rules apply.
#[server(prefix = "/api", endpoint = "org-account/sign-in", input = Json)]
pub async fn org_sign_in(input: OrgSignInInput) -> Result<OrgAccountMe, AppError> {
    let state = state()?;
    limits::check_sign_in(&state, limits::client_ip(&state).await).await?;
    let session = request_session().await?;
    let captcha = crate::accounts::ssr::captcha::check(&session, input.captcha.as_deref()).await?;
    let (org_id, epoch) = account::sign_in(&state, &input.identifier, &input.password, captcha).await?;
    crate::accounts::ssr::auth::establish_org(&session, org_id, epoch).await?;
    account::me(&state, org_id).await
}

/// The organization signed in with its own account, or `None`. Anyone.
#[server(prefix = "/api", endpoint = "org-account/me", input = GetUrl)]
pub async fn signed_in_org() -> Result<Option<OrgAccountMe>, AppError> {
    let state = state()?;
    match crate::accounts::ssr::auth::current_org(&state, &request_session().await?).await? {
        Some(org_id) => Ok(Some(account::me(&state, org_id).await?)),
        None => Ok(None),
    }
}

/// A new password for the organization (also after a temporary one). The organization's own session.
#[server(prefix = "/api", endpoint = "org-account/password", input = Json)]
pub async fn change_org_password(current: String, password: String, password_again: String) -> Result<(), AppError> {
    let state = state()?;
    account::change_password(&state, &request_session().await?, &current, &password, &password_again).await
}

/// Sends the uploaded business licence to support. The organization or its admin.
#[server(prefix = "/api", endpoint = "org-account/submit-verification", input = Json)]
pub async fn submit_org_verification(org_id: i64) -> Result<(), AppError> {
    let state = state()?;
    let admin = account::org_caller_of_call(&state).await?;
    verification::submit(&state, &admin, org_id).await
}

/// Organizations waiting for their licence to be checked. Support.
#[server(prefix = "/api", endpoint = "support/org-verifications", input = GetUrl)]
pub async fn org_verification_queue() -> Result<Vec<OrgVerificationItem>, AppError> {
    let (state, _) = staff_in(SUPPORT_ROLES).await?;
    verification::queue(&state).await
}

/// Verifies an organization or rejects it with a reason; the 主代办人 is told by SMS. Support.
#[server(prefix = "/api", endpoint = "support/decide-org-verification", input = Json)]
pub async fn decide_org_verification(org_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let (state, staff) = staff_in(SUPPORT_ROLES).await?;
    verification::decide(&state, &staff, org_id, approve, &reason).await
}

/// Login-name recovery: full name and credit code both match, a code goes to the 主代办人. Anyone.
#[server(prefix = "/api", endpoint = "org-recovery/send-code", input = Json)]
pub async fn send_org_login_code(full_name: String, uscc: String) -> Result<CodeSent, AppError> {
    let state = state()?;
    limits::check_secret(&state, limits::client_ip(&state).await).await?;
    recovery::send_login_code(&state, &full_name, &uscc).await
}

/// Login-name recovery: the code shows the login name. Anyone.
#[server(prefix = "/api", endpoint = "org-recovery/login-name", input = Json)]
pub async fn recover_org_login(full_name: String, uscc: String, code: String) -> Result<String, AppError> {
    let state = state()?;
    limits::check_secret(&state, limits::client_ip(&state).await).await?;
    recovery::show_login(&state, &full_name, &uscc, &code).await
}

/// Starts the legal-entity appeal in this browser session; returns the proven phone, masked. Anyone.
#[server(prefix = "/api", endpoint = "org-recovery/start-appeal", input = Json)]
pub async fn start_org_appeal(input: OrgAppealInput) -> Result<String, AppError> {
    let state = state()?;
    limits::check_sign_in(&state, limits::client_ip(&state).await).await?;
    recovery::start_appeal(&state, &request_session().await?, &input).await
}

/// Submits the appeal this browser started, once both files are uploaded. Anyone (that session).
#[server(prefix = "/api", endpoint = "org-recovery/submit-appeal", input = Json)]
pub async fn submit_org_appeal() -> Result<(), AppError> {
    let state = state()?;
    recovery::submit_appeal(&state, &request_session().await?).await
}

/// Legal-entity appeals waiting for a decision. Support.
#[server(prefix = "/api", endpoint = "support/org-appeals", input = GetUrl)]
pub async fn org_appeal_queue() -> Result<Vec<OrgAppealItem>, AppError> {
    let (state, _) = staff_in(SUPPORT_ROLES).await?;
    recovery::appeal_queue(&state).await
}

/// Approves (the stated name taken over, a temporary password sent) or refuses with a reason. Support.
#[server(prefix = "/api", endpoint = "support/decide-org-appeal", input = Json)]
pub async fn decide_org_appeal(appeal_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let (state, staff) = staff_in(SUPPORT_ROLES).await?;
    recovery::decide_appeal(&state, &staff, appeal_id, approve, &reason).await
}
