//! Server-side sessions: `tower-sessions` manages the cookie, the random 128-bit ids, rotation
//! (`cycle_id` at sign-in) and revocation (`flush` at sign-out); this store keeps the records in our own
//! database so sessions survive restarts and work the same on SQLite and PostgreSQL.
use async_trait::async_trait;
use sqlx::AnyPool;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::error::AppError;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: AnyPool,
}

impl DbSessionStore {
    pub fn new(db: AnyPool) -> Self {
        Self { db }
    }

    /// Removes expired records; the server calls it periodically.
    pub async fn delete_expired(&self, now_ms: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM sessions WHERE expiry_ms < $1").bind(now_ms).execute(&self.db).await?;
        Ok(done.rows_affected())
    }
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

/// Marks a store error caused by losing the database, so the request answers `Unavailable` (retry)
/// like any other query would, not an internal error.
const UNREACHABLE: &str = "database unreachable: ";

fn db_error(err: sqlx::Error) -> session_store::Error {
    if crate::error::database_unreachable(&err) {
        session_store::Error::Backend(format!("{UNREACHABLE}{err}"))
    } else {
        backend(err)
    }
}

/// A session error as the request's answer.
pub fn session_error(err: tower_sessions::session::Error) -> AppError {
    match &err {
        tower_sessions::session::Error::Store(session_store::Error::Backend(cause))
            if cause.starts_with(UNREACHABLE) =>
        {
            tracing::warn!(error = %err, "session store unreachable");
            AppError::Unavailable
        }
        _ => AppError::internal(err),
    }
}

fn expiry_ms(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id is drawn until it is unused, so two sessions can never share a record.
        loop {
            let data = serde_json::to_string(&record.data).map_err(backend)?;
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expiry_ms) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(data)
            .bind(expiry_ms(record))
            .execute(&self.db)
            .await
            .map_err(db_error)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expiry_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry_ms = excluded.expiry_ms",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(expiry_ms(record))
        .execute(&self.db)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now_ms = (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT data, expiry_ms FROM sessions WHERE id = $1 AND expiry_ms > $2")
                .bind(id.to_string())
                .bind(now_ms)
                .fetch_optional(&self.db)
                .await
                .map_err(db_error)?;
        let Some((data, expiry)) = row else { return Ok(None) };
        let data = serde_json::from_str(&data).map_err(backend)?;
        let expiry_date = OffsetDateTime::from_unix_timestamp_nanos(expiry as i128 * 1_000_000).map_err(backend)?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.db)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}
