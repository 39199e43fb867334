//! The organization's login: opened by its admin (the 主代办人), signed in with the person rules
//! (policy, captcha after [5] failures, lock after [10]), and the caller an organization session acts
//! as in the organization functions: its admin, for those functions only.
use tower_sessions::Session;

use crate::accounts::ssr::auth;
use crate::accounts::ssr::recovery::check_password_policy;
use crate::accounts::ssr::sign_in::{self, AccountTable, Captcha, PasswordAccount};
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::org_accounts::types::{check_credentials_form, OrgAccountMe, OrgCredentialsInput};
use crate::platform::{db::is_any_unique_violation, AppState};
use crate::rules::{check_uscc, mask_phone, username_key};

#[derive(sqlx::FromRow)]
struct AccountRow {
    org_id: i64,
    login_name: String,
    password_hash: String,
    credentials_epoch: i64,
}

const ACCOUNT_COLUMNS: &str = "a.org_id, a.login_name, a.password_hash, a.credentials_epoch";

/// Opens the organization's own account with the login name and password its admin chose.
pub async fn open(state: &AppState, admin: &UserRow, input: &OrgCredentialsInput) -> Result<(), AppError> {
    let org = crate::orgs::ssr::administered(state, admin, input.org_id).await?;
    let login_name = check_credentials_form(input)?;
    // A login name that is a credit code would be read as one at sign-in.
    if check_uscc(&login_name).is_ok() {
        return Err(AppError::invalid(
            "login_name",
            "登录名不能是统一社会信用代码（可直接用信用代码登录）",
            "A login name can't be a credit code (the credit code signs in by itself)",
        ));
    }
    check_password_policy(state, &login_name, org.uscc(), &input.password, &input.password_again)?;
    let hash = state.hasher.hash(&input.password).await?;
    let now = state.now_ms();
    let inserted = sqlx::query(
        "INSERT INTO org_accounts (org_id, login_name, login_key, password_hash, password_changed_ms, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(input.org_id)
    .bind(&login_name)
    .bind(username_key(&login_name))
    .bind(hash)
    .bind(now)
    .execute(&state.db)
    .await;
    match inserted {
        Ok(_) => {}
        Err(err) if is_any_unique_violation(&err) => return Err(taken(state, input.org_id).await?),
        Err(err) => return Err(err.into()),
    }
    users::audit(&state.db, Some(admin.id), "org_account_open", org.full_name(), &login_name, now).await?;
    Ok(())
}

/// Which unique rule a refused account broke: the organization already has one, or the name is used.
async fn taken(state: &AppState, org_id: i64) -> Result<AppError, AppError> {
    let (existing,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM org_accounts WHERE org_id = $1").bind(org_id).fetch_one(&state.db).await?;
    Ok(if existing > 0 {
        AppError::refused("本单位已开通单位账号", "The organization's account is already open")
    } else {
        AppError::invalid("login_name", "该登录名已被使用", "This login name is taken")
    })
}

/// Password sign-in by login name or credit code; returns (organization, credentials epoch).
pub async fn sign_in(
    state: &AppState,
    identifier: &str,
    password: &str,
    captcha: Captcha,
) -> Result<(i64, i64), AppError> {
    let found: Option<AccountRow> = match check_uscc(identifier) {
        Ok(uscc) => {
            sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM org_accounts a JOIN organizations o ON o.id = a.org_id WHERE o.uscc = $1"
        ))
            .bind(uscc)
            .fetch_optional(&state.db)
            .await?
        }
        Err(_) => {
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM org_accounts a WHERE a.login_key = $1"))
                .bind(username_key(identifier))
                .fetch_optional(&state.db)
                .await?
        }
    };
    let account = found.as_ref().map(|a| PasswordAccount {
        table: AccountTable::Organizations,
        id: a.org_id,
        password_hash: &a.password_hash,
        label: &a.login_name,
    });
    sign_in::check_password(state, account, identifier, password, captcha).await?;
    let found = found.ok_or(AppError::NotFound)?;
    Ok((found.org_id, found.credentials_epoch))
}

/// The organization account as its centre shows it.
pub async fn me(state: &AppState, org_id: i64) -> Result<OrgAccountMe, AppError> {
    type Row = (String, String, String, Option<String>, Option<String>, String, String, i64);
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.full_name, o.uscc, o.verification, o.verification_reason, o.licence_key, u.phone, a.login_name, \
         a.must_change_password FROM organizations o JOIN org_accounts a ON a.org_id = o.id \
         JOIN users u ON u.id = o.admin_user_id WHERE o.id = $1",
    )
    .bind(org_id)
    .fetch_optional(&state.db)
    .await?;
    let (full_name, uscc, verification, verification_reason, licence, phone, login_name, must_change) =
        row.ok_or(AppError::NotFound)?;
    Ok(OrgAccountMe {
        org_id,
        full_name,
        login_name,
        uscc,
        verification,
        verification_reason,
        has_licence: licence.is_some(),
        agent_phone_masked: mask_phone(&phone),
        must_change_password: must_change == 1,
    })
}

/// The organization signed in with its own account; `Forbidden` for a person's session (it isn't an
/// organization's), `Unauthorized` when nobody is signed in.
pub async fn require_org(state: &AppState, session: &Session) -> Result<i64, AppError> {
    if let Some(org_id) = auth::current_org(state, session).await? {
        return Ok(org_id);
    }
    Err(match auth::current_user(state, session).await? {
        Some(_) => AppError::Forbidden,
        None => AppError::Unauthorized,
    })
}

/// Who calls an organization function: in an organization's session its admin (the 主代办人, for
/// these functions only, and only while the temporary password isn't pending a change), else the
/// signed-in person. The functions then check that this person administers the organization asked for.
pub async fn org_caller(state: &AppState, session: &Session) -> Result<UserRow, AppError> {
    let Some(org_id) = auth::current_org(state, session).await? else {
        return auth::require_user(state, session).await;
    };
    let (admin_id, must_change): (i64, i64) = sqlx::query_as(
        "SELECT o.admin_user_id, a.must_change_password FROM organizations o JOIN org_accounts a ON a.org_id = o.id \
         WHERE o.id = $1",
    )
    .bind(org_id)
    .fetch_one(&state.db)
    .await?;
    if must_change == 1 {
        return Err(AppError::PasswordExpired);
    }
    users::by_id(&state.db, admin_id).await?.ok_or(AppError::Unauthorized)
}

/// [`org_caller`] of the current server function call.
pub async fn org_caller_of_call(state: &AppState) -> Result<UserRow, AppError> {
    org_caller(state, &auth::request_session().await?).await
}

/// A new password for the signed-in organization: the current one proven, the policy met; other
/// sessions of the organization end (epoch + 1), this one continues under the new epoch.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    current: &str,
    password: &str,
    again: &str,
) -> Result<(), AppError> {
    let org_id = require_org(state, session).await?;
    let row: AccountRow = sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM org_accounts a WHERE a.org_id = $1"))
        .bind(org_id)
        .fetch_one(&state.db)
        .await?;
    if !state.hasher.verify(current, &row.password_hash).await? {
        return Err(AppError::invalid("current_password", "当前密码不正确", "The current password is wrong"));
    }
    let (uscc,): (String,) =
        sqlx::query_as("SELECT uscc FROM organizations WHERE id = $1").bind(org_id).fetch_one(&state.db).await?;
    check_password_policy(state, &row.login_name, &uscc, password, again)?;
    if current == password {
        return Err(AppError::invalid(
            "password",
            "新密码不能与当前密码相同",
            "The new password must differ from the current one",
        ));
    }
    let epoch = set_password(state, org_id, password, false).await?;
    auth::establish_org(session, org_id, epoch).await?;
    users::audit(&state.db, None, "org_password_change", &row.login_name, "by the organization", state.now_ms())
        .await?;
    Ok(())
}

/// Stores a new password (temporary: to be changed at the next sign-in), clears the lock, ends the
/// organization's sessions; returns the new epoch.
pub async fn set_password(state: &AppState, org_id: i64, password: &str, temporary: bool) -> Result<i64, AppError> {
    let hash = state.hasher.hash(password).await?;
    let (epoch,): (i64,) = sqlx::query_as(
        "UPDATE org_accounts SET password_hash = $1, password_changed_ms = $2, must_change_password = $3, \
         failed_logins = 0, failure_window_start_ms = NULL, locked_until_ms = NULL, \
         credentials_epoch = credentials_epoch + 1 WHERE org_id = $4 RETURNING credentials_epoch",
    )
    .bind(hash)
    .bind(state.now_ms())
    .bind(i64::from(temporary))
    .bind(org_id)
    .fetch_one(&state.db)
    .await?;
    Ok(epoch)
}
