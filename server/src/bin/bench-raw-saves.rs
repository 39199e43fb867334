//! The raw reference for the exam load benchmark's saves (issue 20): the same upsert as the save path,
//! straight through sqlx with no HTTP, no session and no checks, on the attempts the benchmark left in
//! its database. bench/exam-load runs it after stopping the server and prints it beside the HTTP figures.
//!
//! `bench-raw-saves [seconds=10] [tasks=16]`, database from `DATABASE_URL`. Two runs: one save per
//! commit, then 50 saves per transaction.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::platform::db;

const UPSERT: &str = "INSERT INTO attempt_answers (attempt_id, position, answer, revision, saved_ms) \
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (attempt_id, position) DO UPDATE SET answer = excluded.answer, \
    revision = excluded.revision, saved_ms = excluded.saved_ms WHERE attempt_answers.revision < excluded.revision";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().map_or(Ok(10), |s| s.parse())?;
    let tasks: usize = args.next().map_or(Ok(16), |s| s.parse())?;
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set")?;
    let pool = db::connect_and_migrate(&url, 8).await?;
    let slots: Vec<(i64, i64)> =
        sqlx::query_as("SELECT attempt_id, position FROM attempt_questions LIMIT 200000").fetch_all(&pool).await?;
    if slots.is_empty() {
        return Err("no attempts in this database: run bench/exam-load with KEEP_DB=1 first".into());
    }
    let slots = Arc::new(slots);
    // Revisions above any the benchmark wrote, so every upsert writes.
    let revision = Arc::new(AtomicU64::new(1_000_000));
    let sqlite = db::Backend::of_url(&url) == db::Backend::Sqlite;
    for per_transaction in [1usize, 50] {
        // SQLite has one writer: concurrent deferred transactions that all want to write fail with
        // "database is locked" instead of waiting, so its batched run writes from one task.
        let tasks = if sqlite && per_transaction > 1 { 1 } else { tasks };
        let done = Arc::new(AtomicU64::new(0));
        let until = Instant::now() + Duration::from_secs(seconds);
        let mut workers = Vec::new();
        for task in 0..tasks {
            let (pool, slots, revision, done) = (pool.clone(), slots.clone(), revision.clone(), done.clone());
            workers.push(tokio::spawn(async move {
                let mut next = task;
                while Instant::now() < until {
                    if per_transaction == 1 {
                        // One save per commit: the statement alone, as the save path did.
                        let (attempt_id, position) = slots[next % slots.len()];
                        next += tasks;
                        let rev = revision.fetch_add(1, Ordering::Relaxed) as i64;
                        let query = sqlx::query(UPSERT).bind(attempt_id).bind(position).bind("[0]");
                        query.bind(rev).bind(rev).execute(&pool).await?;
                        done.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let mut tx = pool.begin().await?;
                    for _ in 0..per_transaction {
                        let (attempt_id, position) = slots[next % slots.len()];
                        next += tasks;
                        let rev = revision.fetch_add(1, Ordering::Relaxed) as i64;
                        sqlx::query(UPSERT)
                            .bind(attempt_id)
                            .bind(position)
                            .bind("[0]")
                            .bind(rev)
                            .bind(rev)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    done.fetch_add(per_transaction as u64, Ordering::Relaxed);
                }
                Ok::<(), sqlx::Error>(())
            }));
        }
        for worker in workers {
            worker.await??;
        }
        let rate = done.load(Ordering::Relaxed) as f64 / seconds as f64;
        println!("raw sqlx upsert, {per_transaction} per transaction, {tasks} tasks: {rate:.0} saves/s");
    }
    Ok(())
}
