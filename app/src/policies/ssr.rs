//! Policies against the database.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::platform::AppState;
use crate::policies::types::{policy_name, Policy, POLICY_KINDS};
use crate::rules::check_required;

/// The newest version of `kind`.
pub async fn current(conn: &mut sqlx::AnyConnection, kind: &str) -> Result<Policy, AppError> {
    policy_name(kind).ok_or(AppError::NotFound)?;
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT version, body, published_ms FROM policies WHERE kind = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?;
    let (version, body, published_ms) = row.ok_or(AppError::NotFound)?;
    Ok(Policy { kind: kind.to_string(), version, body, published_ms })
}

/// Publishes a new version of `kind` (the next number); returns it.
pub async fn publish(state: &AppState, admin: &UserRow, kind: &str, body: &str) -> Result<i64, AppError> {
    let (name, _) = policy_name(kind).ok_or(AppError::NotFound)?;
    let body = check_required("正文", "text", body, 20_000).map_err(|e| AppError::field("body", &e))?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    // The unique (kind, version) decides between two admins publishing at once.
    let (version,): (i64,) = sqlx::query_as(
        "INSERT INTO policies (kind, version, body, published_ms, published_by) \
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM policies WHERE kind = $1 RETURNING version",
    )
    .bind(kind)
    .bind(&body)
    .bind(now)
    .bind(admin.id)
    .fetch_one(&mut *tx)
    .await?;
    users::audit(&mut *tx, Some(admin.id), "policy_publish", name, &format!("version {version}"), now).await?;
    tx.commit().await?;
    Ok(version)
}

/// Records that `user_id` accepted the current version of every policy (in the registration's transaction).
pub async fn record_acceptance(conn: &mut sqlx::AnyConnection, user_id: i64, now: i64) -> Result<(), AppError> {
    for (kind, ..) in POLICY_KINDS {
        let policy = current(conn, kind).await?;
        sqlx::query("INSERT INTO policy_acceptances (user_id, kind, version, accepted_ms) VALUES ($1, $2, $3, $4)")
            .bind(user_id)
            .bind(*kind)
            .bind(policy.version)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
