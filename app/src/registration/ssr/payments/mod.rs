//! Fees through a payment provider. [`PaymentProvider`] is what a real provider (a bank, Alipay, WeChat
//! Pay) would implement; the built-in [`sandbox::SandboxProvider`] behaves like one: an order, a redirect
//! to its pay page, a signed asynchronous notification back to us, a query API, close and refund.
pub mod orders;
pub mod sandbox;

use crate::error::AppError;

/// What we ask the provider to collect.
pub struct OrderRequest<'a> {
    pub out_trade_no: &'a str,
    pub amount_fen: i64,
    pub subject: &'a str,
    /// Where the provider posts its notification.
    pub notify_url: &'a str,
    /// Where the provider sends the browser back.
    pub return_url: &'a str,
}

/// A payment the provider vouches for (from a verified notification or a query).
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderPayment {
    pub out_trade_no: String,
    pub trade_no: String,
    pub amount_fen: i64,
    pub paid_ms: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TradeState {
    Waiting,
    Paid(ProviderPayment),
    Closed,
    Refunded,
    /// The provider has no such order.
    Unknown,
}

#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    fn name(&self) -> &'static str;
    /// Registers the order and returns the address of the pay page. Calling it again for the same
    /// order returns the same page.
    async fn create(&self, order: &OrderRequest<'_>) -> Result<String, AppError>;
    /// Checks a notification's signature and reads it; a forged or altered one is an error.
    fn verify_notification(&self, body: &[u8]) -> Result<ProviderPayment, AppError>;
    async fn query(&self, out_trade_no: &str) -> Result<TradeState, AppError>;
    /// Closes an unpaid order so it can't be paid any more; the state after (Paid when it was too late).
    async fn close(&self, out_trade_no: &str) -> Result<TradeState, AppError>;
    async fn refund(&self, out_trade_no: &str) -> Result<(), AppError>;
}
