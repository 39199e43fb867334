//! Seeds a database for the exam load benchmark (bench/exam-load): the demo accounts and question bank
//! (the server only adds them to an empty `users` table, and this binary runs first), then candidates
//! `bench_00001`..`bench_N` sharing ONE precomputed Argon2id hash, so seeding 5,000 users takes seconds
//! instead of the ~5 minutes 5,000 separate hashes would. Sign-in still verifies the hash as usual.
//!
//! `seed-bench <count> [password]`, database from `DATABASE_URL`. Safe to run twice: existing bench
//! users are left as they are.
use std::sync::Arc;

use app::config::Settings;
use app::platform::clock::{Clock, SystemClock};
use app::platform::{db, AppState};
use app::rules::username_key;

/// Rows per transaction: one commit per user would make SQLite fsync 5,000 times.
const BATCH: usize = 500;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().ok_or("usage: seed-bench <count> [password]")?.parse()?;
    let password = args.next().unwrap_or_else(|| "Bench#2026pw".into());
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set")?;
    if count > 99_999 {
        return Err("at most 99,999 bench users (5-digit suffix)".into());
    }

    let mut settings = Settings::load(&std::env::var("ZJ_CONFIG").unwrap_or_else(|_| "zhuanjia.toml".into()))?;
    settings.database.url = url.clone();
    let pool = db::connect_and_migrate(&url, 4).await?;
    let state = AppState::new(pool.clone(), settings, Arc::new(SystemClock)).map_err(|e| e.to_string())?;
    let demo = app::accounts::ssr::demo::seed_if_empty(&state).await.map_err(|e| e.to_string())?;
    let hash = state.hasher.hash(&password).await.map_err(|e| e.to_string())?;
    let now = SystemClock.now_ms();

    let mut created = 0;
    for start in (1..=count).step_by(BATCH) {
        let mut tx = pool.begin().await?;
        for i in start..(start + BATCH).min(count + 1) {
            let username = format!("bench_{i:05}");
            // Unique by construction: 139 + 8 digits, and an "other" ID document numbered by the user.
            let phone = format!("139{i:08}");
            let id_number = format!("BENCH{i:013}");
            let done = sqlx::query(
                "INSERT INTO users (username, username_key, real_name, id_type, id_number, phone, password_hash, \
                 password_changed_ms, created_ms) VALUES ($1, $2, $3, 'other', $4, $5, $6, $7, $7) \
                 ON CONFLICT (username_key) DO NOTHING",
            )
            .bind(&username)
            .bind(username_key(&username))
            .bind(format!("压测考生{i}"))
            .bind(id_number)
            .bind(phone)
            .bind(&hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            created += done.rows_affected();
            sqlx::query(
                "INSERT INTO user_roles (user_id, role) SELECT id, 'candidate' FROM users WHERE username_key = $1 \
                 ON CONFLICT DO NOTHING",
            )
            .bind(username_key(&username))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    println!("seed-bench: {demo} demo accounts, {created} new bench users (of {count}), password {password:?}");
    Ok(())
}
