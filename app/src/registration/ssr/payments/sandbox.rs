//! The built-in sandbox payment provider. It stands for a bank: its own table (`sandbox_trades`), its own
//! pay page (`/sandbox-pay/<order>`, served by `server/src/payment_routes.rs`), HMAC-SHA256 signed
//! notifications posted over HTTP to our notify address with retries, and a query API. Our side only
//! talks to it through [`PaymentProvider`], as it would to a real one.
use std::time::Duration;

use hmac::{Hmac, Mac};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{OrderRequest, PaymentProvider, ProviderPayment, TradeState};
use crate::error::AppError;

type HmacSha256 = Hmac<Sha256>;

/// Notification delivery: tries after 0, 1, 2, 4 and 8 s, like a provider's retry schedule (shortened).
const DELIVERY_DELAYS_SECS: [u64; 5] = [0, 1, 2, 4, 8];

#[derive(Clone)]
pub struct SandboxProvider {
    db: sqlx::AnyPool,
    secret: String,
    http: reqwest::Client,
}

/// What the sandbox posts to the merchant: the payment and its signature.
#[derive(Serialize, Deserialize)]
pub struct Notification {
    pub out_trade_no: String,
    pub trade_no: String,
    pub amount_fen: i64,
    pub trade_status: String,
    pub paid_ms: i64,
    pub sign: String,
}

#[derive(sqlx::FromRow)]
pub struct SandboxTrade {
    pub out_trade_no: String,
    pub trade_no: String,
    pub amount_fen: i64,
    pub subject: String,
    pub notify_url: String,
    pub return_url: String,
    pub status: String,
    pub paid_ms: Option<i64>,
}

impl SandboxProvider {
    pub fn new(db: sqlx::AnyPool, secret: &str) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default();
        Self { db, secret: secret.to_string(), http }
    }

    fn mac(&self, n: &Notification) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(self.secret.as_bytes()).expect("HMAC takes any key length");
        // The signed text: every field but the signature, by name, in a fixed order.
        let text = format!(
            "amount_fen={}&out_trade_no={}&paid_ms={}&trade_no={}&trade_status={}",
            n.amount_fen, n.out_trade_no, n.paid_ms, n.trade_no, n.trade_status
        );
        mac.update(text.as_bytes());
        mac
    }

    /// The signed notification for a paid trade, as the sandbox sends it.
    pub fn notification_body(&self, payment: &ProviderPayment) -> String {
        let mut notification = Notification {
            out_trade_no: payment.out_trade_no.clone(),
            trade_no: payment.trade_no.clone(),
            amount_fen: payment.amount_fen,
            trade_status: "TRADE_SUCCESS".into(),
            paid_ms: payment.paid_ms,
            sign: String::new(),
        };
        notification.sign = hex::encode(self.mac(&notification).finalize().into_bytes());
        serde_json::to_string(&notification).unwrap_or_default()
    }

    pub async fn trade(&self, out_trade_no: &str) -> Result<Option<SandboxTrade>, AppError> {
        Ok(sqlx::query_as(
            "SELECT out_trade_no, trade_no, amount_fen, subject, notify_url, return_url, status, paid_ms \
             FROM sandbox_trades WHERE out_trade_no = $1",
        )
        .bind(out_trade_no)
        .fetch_optional(&self.db)
        .await?)
    }

    /// The payer pays on the sandbox's page. With `notify` false the notification is "lost" (the network
    /// between the bank and us failed), which the candidate's re-check and reconciliation must recover.
    /// Returns where the browser goes back to.
    pub async fn pay(&self, out_trade_no: &str, now_ms: i64, notify: bool) -> Result<String, AppError> {
        let paid = sqlx::query(
            "UPDATE sandbox_trades SET status = 'paid', paid_ms = $1 WHERE out_trade_no = $2 AND status = 'waiting'",
        )
        .bind(now_ms)
        .bind(out_trade_no)
        .execute(&self.db)
        .await?
        .rows_affected();
        let trade = self.trade(out_trade_no).await?.ok_or(AppError::NotFound)?;
        if paid == 1 && notify {
            let body = self.notification_body(&payment_of(&trade));
            let (http, url) = (self.http.clone(), trade.notify_url.clone());
            tokio::spawn(async move { deliver(http, url, body).await });
        }
        Ok(trade.return_url)
    }
}

/// The bank keeps its own time, not ours.
fn bank_clock_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

fn payment_of(trade: &SandboxTrade) -> ProviderPayment {
    ProviderPayment {
        out_trade_no: trade.out_trade_no.clone(),
        trade_no: trade.trade_no.clone(),
        amount_fen: trade.amount_fen,
        paid_ms: trade.paid_ms.unwrap_or_default(),
    }
}

/// Posts the notification until the merchant answers "success" or the schedule runs out.
async fn deliver(http: reqwest::Client, url: String, body: String) {
    for delay in DELIVERY_DELAYS_SECS {
        tokio::time::sleep(Duration::from_secs(delay)).await;
        let sent = http.post(&url).header("content-type", "application/json").body(body.clone()).send().await;
        match sent {
            Ok(response) => {
                if response.text().await.is_ok_and(|t| t.trim() == "success") {
                    return;
                }
                tracing::warn!(%url, "payment notification not acknowledged; retrying");
            }
            Err(err) => tracing::warn!(%url, error = %err, "payment notification failed; retrying"),
        }
    }
    tracing::warn!(%url, "payment notification given up: reconciliation will find the payment");
}

#[async_trait::async_trait]
impl PaymentProvider for SandboxProvider {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn create(&self, order: &OrderRequest<'_>) -> Result<String, AppError> {
        let trade_no = format!("SB{}", rand::thread_rng().gen_range(10_000_000_000_u64..99_999_999_999));
        // The same order registered twice keeps its first trade (a double click, a retry).
        sqlx::query(
            "INSERT INTO sandbox_trades (out_trade_no, trade_no, amount_fen, subject, notify_url, return_url, status, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7) ON CONFLICT (out_trade_no) DO NOTHING",
        )
        .bind(order.out_trade_no)
        .bind(trade_no)
        .bind(order.amount_fen)
        .bind(order.subject)
        .bind(order.notify_url)
        .bind(order.return_url)
        .bind(bank_clock_ms())
        .execute(&self.db)
        .await?;
        Ok(format!("/sandbox-pay/{}", order.out_trade_no))
    }

    fn verify_notification(&self, body: &[u8]) -> Result<ProviderPayment, AppError> {
        let forged = || AppError::invalid("sign", "支付通知签名无效", "Invalid notification signature");
        let n: Notification = serde_json::from_slice(body).map_err(|_| forged())?;
        let sign = hex::decode(&n.sign).map_err(|_| forged())?;
        // Constant-time comparison (hmac's verify).
        self.mac(&n).verify_slice(&sign).map_err(|_| forged())?;
        if n.trade_status != "TRADE_SUCCESS" {
            return Err(forged());
        }
        Ok(ProviderPayment {
            out_trade_no: n.out_trade_no,
            trade_no: n.trade_no,
            amount_fen: n.amount_fen,
            paid_ms: n.paid_ms,
        })
    }

    async fn query(&self, out_trade_no: &str) -> Result<TradeState, AppError> {
        Ok(match self.trade(out_trade_no).await? {
            None => TradeState::Unknown,
            Some(trade) => match trade.status.as_str() {
                "paid" => TradeState::Paid(payment_of(&trade)),
                "closed" => TradeState::Closed,
                "refunded" => TradeState::Refunded,
                _ => TradeState::Waiting,
            },
        })
    }

    async fn close(&self, out_trade_no: &str) -> Result<TradeState, AppError> {
        sqlx::query("UPDATE sandbox_trades SET status = 'closed' WHERE out_trade_no = $1 AND status = 'waiting'")
            .bind(out_trade_no)
            .execute(&self.db)
            .await?;
        self.query(out_trade_no).await
    }

    async fn refund(&self, out_trade_no: &str) -> Result<(), AppError> {
        sqlx::query("UPDATE sandbox_trades SET status = 'refunded' WHERE out_trade_no = $1 AND status = 'paid'")
            .bind(out_trade_no)
            .execute(&self.db)
            .await?;
        Ok(())
    }
}
