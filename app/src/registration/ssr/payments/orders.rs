//! Orders on our side: one live order per registration, paid through the provider. A payment is applied
//! once, whichever way we learn of it (notification, the candidate's re-check, reconciliation): the
//! order's conditional `created → paid` update is the idempotency key, and the seat is taken by a
//! conditional update in the same transaction, so the last seat is never sold twice; a payment that
//! finds its seat gone is refunded.
use rand::Rng;

use super::{OrderRequest, ProviderPayment, TradeState};
use crate::accounts::ssr::users::{audit, UserRow};
use crate::error::AppError;
use crate::platform::AppState;
use crate::registration::rules;
use crate::registration::ssr::catalog;
use crate::registration::ssr::registrations::{self, check_allows_payment};
use crate::registration::types::{PaymentStart, ReconcileReport};

#[derive(Debug, PartialEq)]
pub enum Applied {
    /// The registration is paid (报名成功).
    Paid,
    /// Already applied before: nothing changed.
    AlreadyApplied,
    /// The site filled up meanwhile: the payment is being refunded.
    SeatGone,
}

fn refused_before_paying(check_status: &str) -> AppError {
    match check_status {
        "onsite_failed" => AppError::refused("现场核查未通过，不能缴费", "The on-site check failed: no payment"),
        _ => AppError::refused(
            "请先按报名地考试机构的规定接受现场核查，核查通过后方可缴费",
            "Go to the on-site check first: payment opens once it has passed",
        ),
    }
}

/// 网上缴费: an order for the registration's fee and the provider's pay page.
pub async fn start_payment(state: &AppState, user: &UserRow, id: i64) -> Result<PaymentStart, AppError> {
    let row = registrations::owned(state, user, id).await?;
    match row.status.as_str() {
        "paid" => return Err(AppError::refused("已缴费，报名成功", "Already paid: you are registered")),
        "confirmed" => {}
        _ => return Err(AppError::refused("请先确认报名信息", "Confirm the registration first")),
    }
    if !check_allows_payment(&row.check_status) {
        return Err(refused_before_paying(&row.check_status));
    }
    let window = catalog::window(state, row.window_id).await?;
    if !window.is_open(&catalog::today(state)) {
        return Err(AppError::refused("报名已截止，不能缴费", "Registration has closed: no payment"));
    }
    let sites = catalog::sites(state, row.window_id).await?;
    if !sites.iter().any(|s| Some(s.id) == row.site_id && s.taken < s.capacity) {
        return Err(AppError::refused(
            "该考点名额已满，请修改报名信息更换考点",
            "This exam site is full: choose another",
        ));
    }
    let amount =
        rules::fee_fen(registrations::details(state, &row).await?.subject_codes.len(), window.fee_per_subject_fen);
    let now = state.now_ms();
    let out_trade_no = format!("ZJ{id:08}{now}{:03}", rand::thread_rng().gen_range(0..1000));
    // The partial unique index keeps one live order: a second click finds the first one below.
    sqlx::query(
        "INSERT INTO payment_orders (registration_id, out_trade_no, amount_fen, provider, status, created_ms, updated_ms) \
         VALUES ($1, $2, $3, $4, 'created', $5, $5) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(&out_trade_no)
    .bind(amount)
    .bind(state.payments.name())
    .bind(now)
    .execute(&state.db)
    .await?;
    let (out_trade_no, amount_fen) = open_order(state, id)
        .await?
        .ok_or_else(|| AppError::refused("已缴费，报名成功", "Already paid: you are registered"))?;
    let subject = format!("{} 报名费", window.title);
    let notify_url = state.payment_notify_url();
    let return_url = format!("/registration/{id}");
    let order = OrderRequest {
        out_trade_no: &out_trade_no,
        amount_fen,
        subject: &subject,
        notify_url: &notify_url,
        return_url: &return_url,
    };
    let pay_url = state.payments.create(&order).await?;
    Ok(PaymentStart { pay_url, out_trade_no })
}

/// Applies a payment the provider vouches for; `via` is notify | recheck | reconcile.
pub async fn apply_payment(state: &AppState, payment: &ProviderPayment, via: &str) -> Result<Applied, AppError> {
    let order: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, registration_id, amount_fen FROM payment_orders WHERE out_trade_no = $1")
            .bind(&payment.out_trade_no)
            .fetch_optional(&state.db)
            .await?;
    let (order_id, registration_id, amount_fen) = order.ok_or(AppError::NotFound)?;
    if payment.amount_fen != amount_fen {
        tracing::warn!(out_trade_no = %payment.out_trade_no, paid = payment.amount_fen, due = amount_fen, "payment amount differs");
        return Err(AppError::refused("支付金额与订单不符", "The amount paid differs from the order"));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    // A write first: on SQLite the transaction takes the write lock here, before it reads anything.
    let first = sqlx::query(
        "UPDATE payment_orders SET status = 'paid', provider_trade_no = $1, paid_via = $2, paid_ms = $3, updated_ms = $4 \
         WHERE id = $5 AND status = 'created'",
    )
    .bind(&payment.trade_no)
    .bind(via)
    .bind(payment.paid_ms)
    .bind(now)
    .bind(order_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if first == 0 {
        return Ok(Applied::AlreadyApplied);
    }
    // The counter after the increment is the seat: unique within the site.
    let seat: Option<(i64,)> = sqlx::query_as(
        "UPDATE reg_sites SET taken = taken + 1 WHERE taken < capacity AND id = (SELECT site_id FROM registrations WHERE id = $1) \
         RETURNING taken",
    )
    .bind(registration_id)
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = if let Some((seat_no,)) = seat {
        sqlx::query("UPDATE registrations SET status = 'paid', notice = '', updated_ms = $1 WHERE id = $2")
            .bind(now)
            .bind(registration_id)
            .execute(&mut *tx)
            .await?;
        crate::admission::ssr::issue(&mut tx, registration_id, seat_no, now).await?;
        Applied::Paid
    } else {
        sqlx::query("UPDATE payment_orders SET status = 'refunding', updated_ms = $1 WHERE id = $2")
            .bind(now)
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE registrations SET notice = $1, updated_ms = $2 WHERE id = $3")
            .bind("所选考点名额已满，您支付的报名费将原路退回；请更换考点后重新缴费")
            .bind(now)
            .bind(registration_id)
            .execute(&mut *tx)
            .await?;
        Applied::SeatGone
    };
    tx.commit().await?;
    audit(&state.db, None, "payment.paid", &payment.out_trade_no, &format!("{via} {outcome:?}"), now).await?;
    if outcome == Applied::SeatGone {
        refund(state, &payment.out_trade_no).await?;
    }
    Ok(outcome)
}

async fn refund(state: &AppState, out_trade_no: &str) -> Result<(), AppError> {
    state.payments.refund(out_trade_no).await?;
    sqlx::query("UPDATE payment_orders SET status = 'refunded', updated_ms = $1 WHERE out_trade_no = $2 AND status = 'refunding'")
        .bind(state.now_ms())
        .bind(out_trade_no)
        .execute(&state.db)
        .await?;
    audit(&state.db, None, "payment.refunded", out_trade_no, "seat gone", state.now_ms()).await?;
    Ok(())
}

/// The provider's notification: verified, then applied (a repeat changes nothing).
pub async fn notify(state: &AppState, body: &[u8]) -> Result<Applied, AppError> {
    let payment = state.payments.verify_notification(body)?;
    apply_payment(state, &payment, "notify").await
}

/// Asks the provider about one order and applies a payment it reports.
async fn settle(state: &AppState, out_trade_no: &str, via: &str) -> Result<TradeState, AppError> {
    let trade = state.payments.query(out_trade_no).await?;
    if let TradeState::Paid(payment) = &trade {
        apply_payment(state, payment, via).await?;
    }
    Ok(trade)
}

/// The registration's unpaid order: (out_trade_no, amount_fen).
async fn open_order(state: &AppState, registration_id: i64) -> Result<Option<(String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT out_trade_no, amount_fen FROM payment_orders WHERE registration_id = $1 AND status = 'created'",
    )
    .bind(registration_id)
    .fetch_optional(&state.db)
    .await?)
}

/// Closes the registration's unpaid order at the provider. True when it turned out to be paid after all
/// (the payment is applied then, and the caller must not go on as if unpaid).
pub async fn close_open_order(state: &AppState, registration_id: i64) -> Result<bool, AppError> {
    let Some((out_trade_no, _)) = open_order(state, registration_id).await? else { return Ok(false) };
    if let TradeState::Paid(payment) = state.payments.close(&out_trade_no).await? {
        apply_payment(state, &payment, "recheck").await?;
        return Ok(registrations::by_id(state, registration_id).await?.status == "paid");
    }
    sqlx::query(
        "UPDATE payment_orders SET status = 'closed', updated_ms = $1 WHERE out_trade_no = $2 AND status = 'created'",
    )
    .bind(state.now_ms())
    .bind(&out_trade_no)
    .execute(&state.db)
    .await?;
    Ok(false)
}

/// 重新查询缴费状态: "paid at the bank but shown unpaid" (seed 001, question 19), for the candidate.
pub async fn recheck(state: &AppState, user: &UserRow, id: i64) -> Result<(), AppError> {
    let row = registrations::owned(state, user, id).await?;
    if let Some((out_trade_no, _)) = open_order(state, row.id).await? {
        settle(state, &out_trade_no, "recheck").await?;
    }
    Ok(())
}

/// The reconciliation job: unpaid orders at least `min_age_ms` old are asked about (paid ones applied,
/// expired ones closed), and refunds that failed are retried.
pub async fn reconcile(state: &AppState, min_age_ms: i64) -> Result<ReconcileReport, AppError> {
    let now = state.now_ms();
    let mut report = ReconcileReport::default();
    let open: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT out_trade_no, registration_id, created_ms FROM payment_orders WHERE status = 'created' AND created_ms <= $1",
    )
    .bind(now - min_age_ms)
    .fetch_all(&state.db)
    .await?;
    let expired_before = now - state.settings.payments.order_valid_minutes * 60_000;
    for (out_trade_no, registration_id, created_ms) in open {
        report.checked += 1;
        match settle(state, &out_trade_no, "reconcile").await? {
            TradeState::Paid(_) => report.recovered += 1,
            TradeState::Waiting if created_ms > expired_before => {}
            _ => {
                if close_open_order(state, registration_id).await? {
                    report.recovered += 1;
                } else {
                    report.closed += 1;
                }
            }
        }
    }
    let refunding: Vec<(String,)> =
        sqlx::query_as("SELECT out_trade_no FROM payment_orders WHERE status = 'refunding'")
            .fetch_all(&state.db)
            .await?;
    for (out_trade_no,) in refunding {
        refund(state, &out_trade_no).await?;
        report.refunded += 1;
    }
    Ok(report)
}
