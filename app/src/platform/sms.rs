//! Text messages leave through an [`SmsProvider`]. The built-in provider writes each message to the
//! `sms_outbox` table, which the admin console lists and `/dev/outbox` shows in development, so every
//! flow that needs a code runs without a real gateway. A real gateway implements the same trait.
use async_trait::async_trait;
use sqlx::AnyPool;

use crate::error::AppError;

#[async_trait]
pub trait SmsProvider: Send + Sync {
    async fn send(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), AppError>;
}

pub struct OutboxProvider {
    db: AnyPool,
}

impl OutboxProvider {
    pub fn new(db: AnyPool) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SmsProvider for OutboxProvider {
    async fn send(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), AppError> {
        sqlx::query("INSERT INTO sms_outbox (phone, body, created_ms) VALUES ($1, $2, $3)")
            .bind(phone)
            .bind(body)
            .bind(now_ms)
            .execute(&self.db)
            .await?;
        Ok(())
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub phone: String,
    pub body: String,
    pub created_ms: i64,
}

/// Newest first.
pub async fn recent_outbox(db: &AnyPool, limit: i64) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, phone, body, created_ms FROM sms_outbox ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(id, phone, body, created_ms)| OutboxMessage { id, phone, body, created_ms }).collect())
}
