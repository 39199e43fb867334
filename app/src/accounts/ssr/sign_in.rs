//! Sign-in (SPEC §2): by user name, phone or ID number with a password, or by phone and SMS code.
//! After [5] failures in the window an image captcha is required; after [10] in [15] minutes the account
//! is locked for [15] minutes. Unknown accounts and wrong passwords get the same message.
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::UserRow;
use crate::accounts::ssr::{codes, users};
use crate::accounts::types::CodePurpose;
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::normalize_phone;

/// What the session says about the image captcha for this attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Captcha {
    NotGiven,
    Right,
    Wrong,
}

const MINUTE_MS: i64 = 60_000;

fn bad_credentials(attempts_left: Option<i64>) -> AppError {
    match attempts_left {
        Some(left) if left > 0 => AppError::refused(
            &format!("用户名或密码错误，再错{left}次账号将被锁定15分钟"),
            &format!("Wrong user name or password: {left} more failures lock the account for 15 min"),
        ),
        _ => AppError::refused("用户名或密码错误", "Wrong user name or password"),
    }
}

fn ensure_not_locked(locked_until_ms: Option<i64>, now: i64) -> Result<(), AppError> {
    match locked_until_ms {
        Some(until) if until > now => Err(AppError::Locked { minutes_left: (until - now + MINUTE_MS - 1) / MINUTE_MS }),
        _ => Ok(()),
    }
}

/// Which accounts table a password sign-in counts its tries in: persons (`users`) or organizations
/// (`org_accounts`, keyed by `org_id`). Both carry the same counter and lock columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountTable {
    Persons,
    Organizations,
}

impl AccountTable {
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            AccountTable::Persons => ("users", "id"),
            AccountTable::Organizations => ("org_accounts", "org_id"),
        }
    }
}

/// An account found by what was typed, with what a password sign-in checks.
pub struct PasswordAccount<'a> {
    pub table: AccountTable,
    pub id: i64,
    pub password_hash: &'a str,
    /// For the audit entry of a lock.
    pub label: &'a str,
}

/// Password sign-in. Returns the user; the caller establishes the session.
pub async fn with_password(
    state: &AppState,
    identifier: &str,
    password: &str,
    captcha: Captcha,
) -> Result<UserRow, AppError> {
    let found = users::by_identifier(&state.db, identifier, today_in_china(state.now_ms())).await?;
    let account = found.as_ref().map(|user| PasswordAccount {
        table: AccountTable::Persons,
        id: user.id,
        password_hash: &user.password_hash,
        label: &user.username,
    });
    check_password(state, account, identifier, password, captcha).await?;
    found.ok_or(AppError::NotFound)
}

/// The password check shared by persons and organizations: the try counted (or refused) first, then
/// the password compared; a right one clears the count, the last wrong one locks the account.
pub async fn check_password(
    state: &AppState,
    account: Option<PasswordAccount<'_>>,
    identifier: &str,
    password: &str,
    captcha: Captcha,
) -> Result<(), AppError> {
    let now = state.now_ms();
    let rules = &state.settings.accounts;
    let Some(account) = account else {
        // The same answers as for an account (the count, the captcha, the lock) and the same work, so
        // neither the words nor the timing reveal which accounts exist.
        let failures = unknown_account_try(state, identifier, captcha).await?;
        let _ = state.hasher.verify(password, DUMMY_HASH).await;
        return Err(failure_answer(state, failures));
    };
    // The try is counted before the password is compared, in one statement that also applies the
    // lock and the captcha rule: a burst of requests can't have more passwords checked than the rules
    // allow. A right password clears the count again.
    let Some(failures) = reserve_try(state, account.table, account.id, now, captcha == Captcha::Right).await? else {
        ensure_not_locked(locked_until(state, account.table, account.id).await?, now)?;
        return Err(AppError::CaptchaRequired { wrong: captcha == Captcha::Wrong });
    };
    if state.hasher.verify(password, account.password_hash).await? {
        return clear_failures(state, account.table, account.id).await;
    }
    if failures >= rules.lock_after_failures {
        let until = now + rules.lock_minutes * MINUTE_MS;
        let (table, key) = account.table.table_and_key();
        sqlx::query(&format!(
            "UPDATE {table} SET locked_until_ms = $1, failed_logins = 0, failure_window_start_ms = NULL WHERE {key} = $2"
        ))
        .bind(until)
        .bind(account.id)
        .execute(&state.db)
        .await?;
        users::audit(&state.db, None, "account_locked", account.label, "too many failed sign-ins", now).await?;
        return Err(AppError::Locked { minutes_left: rules.lock_minutes });
    }
    Err(failure_answer(state, failures))
}

async fn locked_until(state: &AppState, table: AccountTable, id: i64) -> Result<Option<i64>, AppError> {
    let (table, key) = table.table_and_key();
    let row: Option<(Option<i64>,)> = sqlx::query_as(&format!("SELECT locked_until_ms FROM {table} WHERE {key} = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    Ok(row.and_then(|(until,)| until))
}

/// A wrong password's answer: the tries left are said once the captcha is due (to everyone alike).
fn failure_answer(state: &AppState, failures: i64) -> AppError {
    let rules = &state.settings.accounts;
    if failures >= rules.lock_after_failures {
        return AppError::Locked { minutes_left: rules.lock_minutes };
    }
    bad_credentials((failures >= rules.captcha_after_failures).then(|| rules.lock_after_failures - failures))
}

/// Tries on a name that is no account, counted like an account's (in the per-address counters' table,
/// keyed by the name) so that the captcha and the "lock" come at the same points.
async fn unknown_account_try(state: &AppState, identifier: &str, captcha: Captcha) -> Result<i64, AppError> {
    let rules = &state.settings.accounts;
    // A digest of the name: fixed length and plain ASCII whatever was typed (NUL, megabytes).
    let key = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(identifier.trim().to_lowercase().as_bytes()))
    };
    let window_ms = rules.lock_window_minutes * MINUTE_MS;
    let so_far = crate::platform::limits::count_of(state, "sign_in_unknown", &key, window_ms).await?;
    if so_far >= rules.lock_after_failures {
        return Err(AppError::Locked { minutes_left: rules.lock_minutes });
    }
    if so_far >= rules.captcha_after_failures && captcha != Captcha::Right {
        return Err(AppError::CaptchaRequired { wrong: captcha == Captcha::Wrong });
    }
    crate::platform::limits::count_one(state, "sign_in_unknown", &key, window_ms).await
}

/// Phone + SMS code sign-in. A locked account stays locked.
pub async fn with_sms_code(state: &AppState, phone: &str, code: &str) -> Result<UserRow, AppError> {
    let phone = normalize_phone(phone).map_err(|e| AppError::field("phone", &e))?;
    let Some(user) = users::by_phone(&state.db, &phone).await? else {
        return Err(AppError::invalid("phone", "该手机号未注册", "This phone number is not registered"));
    };
    ensure_not_locked(user.locked_until_ms, state.now_ms())?;
    codes::consume_code(state, &phone, CodePurpose::SignIn, code).await?;
    clear_failures(state, AccountTable::Persons, user.id).await?;
    Ok(user)
}

/// Counts one try in the current window (a new window starts when the old one is over) unless the
/// account is locked, the tries are used up, or the captcha is due and not solved; returns the count
/// with this try, or `None` when the try may not be made. One conditional UPDATE: PostgreSQL re-checks
/// the condition on the locked row, SQLite has one writer, so parallel requests are counted one by one.
async fn reserve_try(
    state: &AppState,
    table: AccountTable,
    id: i64,
    now: i64,
    captcha_solved: bool,
) -> Result<Option<i64>, AppError> {
    let rules = &state.settings.accounts;
    let (table, key) = table.table_and_key();
    let window_start = now - rules.lock_window_minutes * MINUTE_MS;
    let current =
        "CASE WHEN failure_window_start_ms IS NULL OR failure_window_start_ms < $1 THEN 0 ELSE failed_logins END";
    let counted: Option<(i64,)> = sqlx::query_as(&format!(
        "UPDATE {table} SET failed_logins = {current} + 1, \
           failure_window_start_ms = CASE WHEN failure_window_start_ms IS NULL OR failure_window_start_ms < $1 \
                                THEN $2 ELSE failure_window_start_ms END \
         WHERE {key} = $3 AND (locked_until_ms IS NULL OR locked_until_ms <= $2) \
           AND {current} < $4 AND ($5 = 1 OR {current} < $6) \
         RETURNING failed_logins"
    ))
    .bind(window_start)
    .bind(now)
    .bind(id)
    .bind(rules.lock_after_failures)
    .bind(i64::from(captcha_solved))
    .bind(rules.captcha_after_failures)
    .fetch_optional(&state.db)
    .await?;
    Ok(counted.map(|(n,)| n))
}

async fn clear_failures(state: &AppState, table: AccountTable, id: i64) -> Result<(), AppError> {
    let (table, key) = table.table_and_key();
    sqlx::query(&format!(
        "UPDATE {table} SET failed_logins = 0, failure_window_start_ms = NULL, locked_until_ms = NULL WHERE {key} = $1"
    ))
    .bind(id)
    .execute(&state.db)
    .await?;
    Ok(())
}

/// True when the password is older than the configured age or support reset it.
pub fn password_must_change(state: &AppState, user: &UserRow) -> bool {
    let max_age_ms = state.settings.accounts.password_max_age_days * 86_400_000;
    user.must_change_password == 1 || state.now_ms() - user.password_changed_ms > max_age_ms
}

/// An Argon2id hash of a random string, verified against when the account does not exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Y7dPCnNH4GMmEZUR2hNSKqzFDvk1yyTydlJfnf9gLVI";
