//! The signed-in user of a request. The session holds the user id and the credentials epoch it was
//! signed in with; a password change bumps the epoch, which ends every other session of that user.
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::accounts::ssr::sign_in::password_must_change;
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::platform::AppState;

const AUTH_KEY: &str = "auth";

#[derive(Clone, Debug, Serialize, Deserialize)]
struct SessionAuth {
    user_id: i64,
    epoch: i64,
    /// When the user signed in, and when the session was last used (by the server clock); `None` in
    /// sessions from before these were kept, which start counting at their next request.
    #[serde(default)]
    signed_in_ms: Option<i64>,
    #[serde(default)]
    seen_ms: Option<i64>,
    /// Set when an organization signed in with its own account (单位用户): `epoch` is then the
    /// organization account's, and no person is signed in (`user_id` is 0).
    #[serde(default)]
    org_id: Option<i64>,
}

/// How often activity is written back to the session (each write also renews its idle expiry).
const SEEN_EVERY_MS: i64 = 60_000;

pub async fn request_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(AppError::internal)
}

use crate::platform::sessions::session_error;

/// Starts a signed-in session under a new id (so a session id known before sign-in is worthless).
pub async fn establish(session: &Session, user: &UserRow) -> Result<(), AppError> {
    establish_in(&crate::platform::state()?, session, user).await
}

/// [`establish`] outside a server function (a plain route: the single sign-on callback).
pub async fn establish_in(state: &AppState, session: &Session, user: &UserRow) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    let now = state.now_ms();
    let auth = SessionAuth {
        user_id: user.id,
        epoch: user.credentials_epoch,
        signed_in_ms: Some(now),
        seen_ms: Some(now),
        org_id: None,
    };
    session.insert(AUTH_KEY, auth).await.map_err(session_error)
}

/// Starts an organization's session (单位用户) under a new id; no person is signed in by it.
pub async fn establish_org(session: &Session, org_id: i64, epoch: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    let now = crate::platform::state()?.now_ms();
    let auth = SessionAuth { user_id: 0, epoch, signed_in_ms: Some(now), seen_ms: Some(now), org_id: Some(org_id) };
    session.insert(AUTH_KEY, auth).await.map_err(session_error)
}

/// Ends the session: the record is deleted on the server and the cookie cleared.
pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// The session's sign-in while it is fresh: one idle for [8] hours or signed in [12] hours ago is
/// ended. Using a session keeps it from going idle.
async fn fresh_auth(state: &AppState, session: &Session) -> Result<Option<SessionAuth>, AppError> {
    let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    let now = state.now_ms();
    let rules = &state.settings.accounts;
    let (signed_in, seen) = (auth.signed_in_ms.unwrap_or(now), auth.seen_ms.unwrap_or(now));
    if now - signed_in > rules.session_absolute_hours * 3_600_000 || now - seen > rules.session_idle_minutes * 60_000 {
        end(session).await?;
        return Ok(None);
    }
    if auth.seen_ms.is_none() || now - seen >= SEEN_EVERY_MS {
        (auth.signed_in_ms, auth.seen_ms) = (Some(signed_in), Some(now));
        session.insert(AUTH_KEY, auth.clone()).await.map_err(session_error)?;
    }
    Ok(Some(auth))
}

/// The signed-in user, or `None` (also in an organization's session). A session from before a
/// password change counts as signed out.
pub async fn current_user(state: &AppState, session: &Session) -> Result<Option<UserRow>, AppError> {
    let Some(auth) = fresh_auth(state, session).await? else { return Ok(None) };
    if auth.org_id.is_some() {
        return Ok(None);
    }
    match users::by_id(&state.db, auth.user_id).await? {
        Some(user) if user.credentials_epoch == auth.epoch => Ok(Some(user)),
        _ => {
            end(session).await?;
            Ok(None)
        }
    }
}

/// The organization signed in with its own account, or `None`; a session from before the
/// organization's password changed counts as signed out.
pub async fn current_org(state: &AppState, session: &Session) -> Result<Option<i64>, AppError> {
    let Some(auth) = fresh_auth(state, session).await? else { return Ok(None) };
    let Some(org_id) = auth.org_id else { return Ok(None) };
    let epoch: Option<(i64,)> = sqlx::query_as("SELECT credentials_epoch FROM org_accounts WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(&state.db)
        .await?;
    if epoch.is_some_and(|(epoch,)| epoch == auth.epoch) {
        return Ok(Some(org_id));
    }
    end(session).await?;
    Ok(None)
}

/// For server functions that need a signed-in user whose password is current.
pub async fn require_user(state: &AppState, session: &Session) -> Result<UserRow, AppError> {
    let user = require_user_even_if_expired(state, session).await?;
    if password_must_change(state, &user) {
        return Err(AppError::PasswordExpired);
    }
    Ok(user)
}

/// For the few functions an expired password still allows (see who I am, change the password, sign out).
pub async fn require_user_even_if_expired(state: &AppState, session: &Session) -> Result<UserRow, AppError> {
    current_user(state, session).await?.ok_or(AppError::Unauthorized)
}

/// Deny by default: the user must hold one of the roles.
pub async fn require_role(state: &AppState, session: &Session, allowed: &[&str]) -> Result<UserRow, AppError> {
    let user = require_user(state, session).await?;
    if users::holds_any_role(&state.db, user.id, allowed).await? {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The state and the signed-in user of the current server function call.
pub async fn signed_in() -> Result<(AppState, UserRow), AppError> {
    let state = crate::platform::state()?;
    let user = require_user(&state, &request_session().await?).await?;
    Ok((state, user))
}

/// The state and the caller, who must hold one of `allowed` (deny by default).
pub async fn staff_in(allowed: &[&str]) -> Result<(AppState, UserRow), AppError> {
    let state = crate::platform::state()?;
    let user = require_role(&state, &request_session().await?, allowed).await?;
    Ok((state, user))
}
