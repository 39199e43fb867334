//! Account server functions, at stable paths under `/api/auth/` and `/api/account/`. Each states who may
//! call it; the rules themselves live in `ssr::*` and `crate::rules`.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::accounts::types::{CodePurpose, CodeSent, LegacyAccount, Me, PasswordSignInInput, RegisterInput};
use crate::config::PublicConfig;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::accounts::ssr::{auth, captcha, codes, profile, recovery, register as reg, sign_in, users};
#[cfg(feature = "ssr")]
use crate::platform::{state, AppState};

#[cfg(feature = "ssr")]
async fn client_ip(state: &AppState) -> Option<std::net::IpAddr> {
    crate::platform::limits::client_ip(state).await
}

/// The rule settings the browser needs for live checks. Anyone.
#[server(prefix = "/api", endpoint = "config", input = GetUrl)]
pub async fn rule_settings() -> Result<PublicConfig, AppError> {
    Ok(state()?.settings.public())
}

/// Sends an SMS code. Anyone, except `ChangePhone` (signed-in users, to their new number).
/// Registration codes go only to unregistered numbers; sign-in and recovery codes only to registered ones.
#[server(prefix = "/api", endpoint = "auth/send-code", input = Json)]
pub async fn send_code(phone: String, purpose: CodePurpose) -> Result<CodeSent, AppError> {
    let state = state()?;
    let phone = crate::rules::normalize_phone(&phone).map_err(|e| AppError::field("phone", &e))?;
    crate::platform::limits::check_code(&state, client_ip(&state).await).await?;
    let registered = users::by_phone(&state.db, &phone).await?.is_some();
    match purpose {
        CodePurpose::Register if registered => return Err(reg::phone_taken_error()),
        CodePurpose::SignIn | CodePurpose::RecoverUsername | CodePurpose::ResetPassword if !registered => {
            return Err(AppError::invalid("phone", "该手机号未注册", "This phone number is not registered"));
        }
        CodePurpose::ChangePhone => {
            let user = auth::require_user(&state, &auth::request_session().await?).await?;
            profile::ensure_phone_change_allowed(&state, &user)?;
            if registered {
                return Err(reg::phone_taken_error());
            }
        }
        _ => {}
    }
    codes::send_code(&state, &phone, purpose).await
}

/// Registers a candidate and signs them in. Anyone. Every rule of SPEC §2; nothing is written on refusal.
#[server(prefix = "/api", endpoint = "auth/register", input = Json)]
pub async fn register(input: RegisterInput) -> Result<Me, AppError> {
    let state = state()?;
    let user_id = reg::register(&state, &input).await?;
    let user = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    auth::establish(&auth::request_session().await?, &user).await?;
    Ok(users::to_me(&state.db, &user, false).await?)
}

/// Password sign-in by user name, phone or ID number. Anyone; captcha and lock rules apply.
#[server(prefix = "/api", endpoint = "auth/sign-in", input = Json)]
pub async fn sign_in(input: PasswordSignInInput) -> Result<Me, AppError> {
    let state = state()?;
    crate::platform::limits::check_sign_in(&state, client_ip(&state).await).await?;
    let session = auth::request_session().await?;
    let captcha = captcha::check(&session, input.captcha.as_deref()).await?;
    let user = sign_in::with_password(&state, &input.identifier, &input.password, captcha).await?;
    auth::establish(&session, &user).await?;
    Ok(users::to_me(&state.db, &user, sign_in::password_must_change(&state, &user)).await?)
}

/// Phone + SMS code sign-in. Anyone.
#[server(prefix = "/api", endpoint = "auth/sign-in-sms", input = Json)]
pub async fn sign_in_sms(phone: String, code: String) -> Result<Me, AppError> {
    let state = state()?;
    crate::platform::limits::check_secret(&state, client_ip(&state).await).await?;
    let user = sign_in::with_sms_code(&state, &phone, &code).await?;
    auth::establish(&auth::request_session().await?, &user).await?;
    Ok(users::to_me(&state.db, &user, sign_in::password_must_change(&state, &user)).await?)
}

/// A new image captcha (PNG data URL) for this session. Anyone.
#[server(prefix = "/api", endpoint = "auth/captcha", input = Json)]
pub async fn new_captcha() -> Result<String, AppError> {
    captcha::issue(&auth::request_session().await?).await
}

/// Ends the session on the server. Anyone (a no-op when signed out).
#[server(prefix = "/api", endpoint = "auth/sign-out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    auth::end(&auth::request_session().await?).await
}

/// The signed-in user, masked, or `None`. Anyone; works with an expired password.
#[server(prefix = "/api", endpoint = "auth/me", input = GetUrl)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let state = state()?;
    let session = auth::request_session().await?;
    if let Some(user) = auth::current_user(&state, &session).await? {
        return Ok(Some(users::to_me(&state.db, &user, sign_in::password_must_change(&state, &user)).await?));
    }
    match auth::current_org(&state, &session).await? {
        Some(org_id) => Ok(Some(Me::of_org(crate::org_accounts::ssr::account::me(&state, org_id).await?))),
        None => Ok(None),
    }
}

/// Shows the user name bound to a phone, after an SMS code to that phone. Anyone.
#[server(prefix = "/api", endpoint = "auth/recover-username", input = Json)]
pub async fn recover_username(phone: String, code: String) -> Result<String, AppError> {
    let state = state()?;
    crate::platform::limits::check_secret(&state, client_ip(&state).await).await?;
    recovery::recover_username(&state, &phone, &code).await
}

/// 原外专项目账号检索: the account a former system's login name became (as typed, or with the WGZJXM_
/// prefix), with its phone masked, or `None`. Anyone; limited per address like the other secrets.
#[server(prefix = "/api", endpoint = "auth/find-legacy-account", input = Json)]
pub async fn find_legacy_account(login_name: String) -> Result<Option<LegacyAccount>, AppError> {
    let state = state()?;
    crate::platform::limits::check_secret(&state, client_ip(&state).await).await?;
    let name = login_name.trim();
    let found = match users::by_username(&state.db, name).await? {
        Some(user) => Some(user),
        None => users::by_legacy_name(&state.db, name).await?,
    };
    Ok(found.map(|user| LegacyAccount {
        username: user.username.clone(),
        phone_masked: crate::rules::mask_phone(&user.phone),
    }))
}

/// The security question of an account, to reset its password. Anyone.
#[server(prefix = "/api", endpoint = "auth/security-question", input = Json)]
pub async fn security_question(identifier: String) -> Result<String, AppError> {
    recovery::security_question(&state()?, &identifier).await
}

/// New password with an SMS code to the bound phone. Anyone. Ends all sessions of the account.
#[server(prefix = "/api", endpoint = "auth/reset-password-sms", input = Json)]
pub async fn reset_password_sms(
    phone: String,
    code: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    let state = state()?;
    crate::platform::limits::check_secret(&state, client_ip(&state).await).await?;
    recovery::reset_by_sms(&state, &phone, &code, &password, &password_again).await
}

/// New password by answering the security question. Anyone. Wrong answers count as failed sign-ins.
#[server(prefix = "/api", endpoint = "auth/reset-password-question", input = Json)]
pub async fn reset_password_question(
    identifier: String,
    answer: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    let state = state()?;
    crate::platform::limits::check_secret(&state, client_ip(&state).await).await?;
    recovery::reset_by_question(&state, &identifier, &answer, &password, &password_again).await
}

/// Changes the password. Signed-in users, also with an expired password. Other sessions end; this one
/// continues under a new id.
#[server(prefix = "/api", endpoint = "account/change-password", input = Json)]
pub async fn change_password(
    current_password: String,
    password: String,
    password_again: String,
) -> Result<Me, AppError> {
    let state = state()?;
    let session = auth::request_session().await?;
    let user = auth::require_user_even_if_expired(&state, &session).await?;
    let user = profile::change_password(&state, &user, &current_password, &password, &password_again).await?;
    auth::establish(&session, &user).await?;
    Ok(users::to_me(&state.db, &user, false).await?)
}

/// Binds a new phone number, confirmed by a code sent to it. Signed-in users, once per [365] days.
#[server(prefix = "/api", endpoint = "account/change-phone", input = Json)]
pub async fn change_phone(phone: String, code: String) -> Result<Me, AppError> {
    let state = state()?;
    let session = auth::request_session().await?;
    let user = auth::require_user(&state, &session).await?;
    profile::change_phone(&state, &user, &phone, &code).await?;
    let user = users::by_id(&state.db, user.id).await?.ok_or(AppError::NotFound)?;
    Ok(users::to_me(&state.db, &user, false).await?)
}
