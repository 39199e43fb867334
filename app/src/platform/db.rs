//! One pool type for both databases: sqlx's `Any` driver. Queries use `$1` placeholders, which SQLite and
//! PostgreSQL both understand, and only types both share (BIGINT, TEXT); times are Unix milliseconds.
//! Migrations differ only where the dialects do (identity columns) and live in `migrations/<backend>/`.
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;

use crate::config::DatabaseSettings;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// [`connect`] with the default waits: the tools and tests.
pub async fn connect_and_migrate(url: &str, max_connections: u32) -> Result<AnyPool, sqlx::Error> {
    connect(&DatabaseSettings { url: url.into(), max_connections, ..DatabaseSettings::default() }).await
}

/// Opens the pool, creating the SQLite file (and its folder) on first start, and applies migrations.
/// Connections are checked before use (sqlx's default), so after a database restart the dead ones are
/// replaced and the server recovers by itself.
pub async fn connect(settings: &DatabaseSettings) -> Result<AnyPool, sqlx::Error> {
    let (url, max_connections) = (settings.url.as_str(), settings.max_connections);
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url);
    let url = match backend {
        Backend::Sqlite => sqlite_url_with_create(url)?,
        Backend::Postgres => url.to_string(),
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(std::time::Duration::from_secs(settings.acquire_timeout_secs.max(1)))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers work while an answer is being written; NORMAL is durable across
                    // application crashes, which is what a single-machine deployment needs.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(&pool).await?;
    Ok(pool)
}

/// `sqlite://data/x.db` → make sure `data/` exists and ask SQLite to create the file.
fn sqlite_url_with_create(url: &str) -> Result<String, sqlx::Error> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let file = path.split('?').next().unwrap_or_default();
    if !file.is_empty() && file != ":memory:" {
        if let Some(parent) = std::path::Path::new(file).parent() {
            std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
        }
    }
    Ok(if url.contains('?') { url.to_string() } else { format!("{url}?mode=rwc") })
}

/// True when the error is a unique-key violation on the named constraint/index. SQLite names the columns
/// (`users.phone`) and PostgreSQL the constraint (`users_phone_key`), so both spellings are accepted.
pub fn is_unique_violation(err: &sqlx::Error, table: &str, column: &str) -> bool {
    let Some(db_err) = err.as_database_error() else { return false };
    if !matches!(db_err.kind(), sqlx::error::ErrorKind::UniqueViolation) {
        return false;
    }
    let pg_name = format!("{table}_{column}_key");
    if db_err.constraint() == Some(pg_name.as_str()) {
        return true;
    }
    // SQLite reports no constraint name, only "UNIQUE constraint failed: users.phone".
    db_err.message().contains(&format!("{table}.{column}"))
}

/// True for a unique-key violation of any constraint (the caller then looks up which rule was broken).
pub fn is_any_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error().is_some_and(|e| matches!(e.kind(), sqlx::error::ErrorKind::UniqueViolation))
}

/// `($1, $2), ($3, $4)`: the placeholders of a multi-row VALUES list, `columns` per row.
pub fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows).map(|row| format!("({})", numbered(row * columns + 1, columns))).collect::<Vec<_>>().join(", ")
}

/// `$first, …`: `count` numbered placeholders, for an `IN (…)` list.
pub fn numbered(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
