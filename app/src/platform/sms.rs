//! Text messages go through a transactional outbox: a message is a row of `sms_outbox`, written in the
//! same transaction as the change it tells about ([`queue`]), so a decision and its SMS commit together
//! or not at all, and a crash between them can't lose the message (a temporary password, an exam
//! verdict). A sender task on every instance ([`spawn_sender`]) claims each waiting row with one
//! conditional update and hands it to the [`SmsGateway`]; a failed delivery is tried again later, up
//! to [`MAX_TRIES`]. The built-in gateway delivers nowhere: the outbox is the message, listed by the
//! support console and `/dev/outbox`, so every flow that needs a code runs without a real gateway.
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::AnyPool;
use tokio::sync::Notify;

use crate::error::AppError;

/// A delivery that failed this many times stays undelivered (the admin console shows it).
pub const MAX_TRIES: i64 = 5;
/// A claim older than this belongs to a sender that died: the message is taken again.
const CLAIM_STALE_MS: i64 = 60_000;

/// Where messages leave the platform: a real SMS gateway implements this.
#[async_trait]
pub trait SmsGateway: Send + Sync {
    async fn deliver(&self, phone: &str, body: &str) -> Result<(), AppError>;
}

/// The development gateway: the outbox row is all there is.
pub struct OutboxOnly;

#[async_trait]
impl SmsGateway for OutboxOnly {
    async fn deliver(&self, _phone: &str, _body: &str) -> Result<(), AppError> {
        Ok(())
    }
}

/// The outbox and its gateway, shared by the server functions and the sender task.
pub struct Sms {
    db: AnyPool,
    gateway: Arc<dyn SmsGateway>,
    waiting: Notify,
}

impl Sms {
    pub fn new(db: AnyPool, gateway: Arc<dyn SmsGateway>) -> Self {
        Self { db, gateway, waiting: Notify::new() }
    }

    /// Queues one message on its own (nothing else to commit with it) and wakes the sender.
    pub async fn send(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), AppError> {
        let mut conn = self.db.acquire().await?;
        queue(&mut conn, phone, body, now_ms).await?;
        self.wake();
        Ok(())
    }

    /// Tells the sender that a transaction with messages committed (it also looks every second).
    pub fn wake(&self) {
        self.waiting.notify_one();
    }

    /// Delivers one waiting message; false when none waits.
    pub async fn deliver_one(&self, now_ms: i64) -> Result<bool, AppError> {
        let claimed: Option<(i64, String, String)> = sqlx::query_as(
            "UPDATE sms_outbox SET claimed_ms = $1, tries = tries + 1 WHERE id = (SELECT id FROM sms_outbox \
               WHERE sent_ms IS NULL AND tries < $2 AND (claimed_ms IS NULL OR claimed_ms < $3) ORDER BY id LIMIT 1) \
             AND sent_ms IS NULL AND (claimed_ms IS NULL OR claimed_ms < $3) RETURNING id, phone, body",
        )
        .bind(now_ms)
        .bind(MAX_TRIES)
        .bind(now_ms - CLAIM_STALE_MS)
        .fetch_optional(&self.db)
        .await?;
        let Some((id, phone, body)) = claimed else { return Ok(false) };
        match self.gateway.deliver(&phone, &body).await {
            Ok(()) => {
                sqlx::query("UPDATE sms_outbox SET sent_ms = $1 WHERE id = $2")
                    .bind(now_ms)
                    .bind(id)
                    .execute(&self.db)
                    .await?;
            }
            Err(err) => {
                tracing::warn!(message = id, error = %err, "SMS delivery failed; it is tried again in a minute");
            }
        }
        Ok(true)
    }

    /// Delivers until none waits (tests); returns how many were tried.
    pub async fn deliver_waiting(&self, now_ms: i64) -> Result<usize, AppError> {
        let mut tried = 0;
        while self.deliver_one(now_ms).await? {
            tried += 1;
        }
        Ok(tried)
    }
}

/// Writes a message to the outbox in the caller's transaction; it is sent once that commits.
pub async fn queue(conn: &mut sqlx::AnyConnection, phone: &str, body: &str, now_ms: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sms_outbox (phone, body, created_ms) VALUES ($1, $2, $3)")
        .bind(phone)
        .bind(body)
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Starts this instance's sender: it delivers whenever a message is queued here, and every second for
/// messages queued by other instances or left by a failed try.
pub fn spawn_sender(state: &crate::platform::AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        loop {
            match state.sms.deliver_waiting(state.now_ms()).await {
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "SMS sender failed; retrying"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), state.sms.waiting.notified()).await;
        }
    });
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
