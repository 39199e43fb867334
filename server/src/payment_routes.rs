//! Exam registration routes that aren't server functions: proof uploads and downloads, the admission
//! ticket PDF, the payment provider's notifications (`/api/payments/notify/<provider>`, answered
//! "success" so the provider stops retrying), and the built-in sandbox's pay page, which stands for the
//! bank's site.
use app::accounts::ssr::auth;
use app::error::AppError;
use app::platform::AppState;
use app::registration::rules::yuan_text;
use app::registration::ssr::payments::orders;
use app::registration::ssr::route;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_sessions::Session;

use crate::files::{error_response, file_response, html_escape, json_response};

pub fn routes(state: AppState) -> Router {
    let limit = (state.settings.identity.max_upload_mb + 2) * 1024 * 1024;
    let mut router = Router::new()
        .route("/api/registration/{id}/proofs", post(upload_proof))
        .route("/api/registration/proofs/{id}", get(download_proof))
        .route("/api/admission/{ticket_no}/pdf", get(ticket_pdf))
        .route("/api/payments/notify/{provider}", post(notification))
        .layer(DefaultBodyLimit::max(limit));
    if state.sandbox.is_some() {
        router = router.route("/sandbox-pay/{out_trade_no}", get(sandbox_page).post(sandbox_pay));
    }
    router.with_state(state)
}

#[derive(serde::Deserialize)]
struct Named {
    #[serde(default)]
    name: String,
}

/// `POST /api/registration/{id}/proofs?name=…`, body = the file (PDF/JPG/PNG): the registration's owner.
async fn upload_proof(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Query(query): Query<Named>,
    body: Bytes,
) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let proof = route::add_proof(&state, &user, id, &query.name, body.to_vec()).await?;
        // The shape every upload route answers (the browser's upload helper reads it).
        Ok::<_, AppError>(
            serde_json::json!({ "file_id": proof.id, "size_bytes": proof.size_bytes, "file_name": proof.file_name }),
        )
    }
    .await;
    json_response(result)
}

/// `GET /api/registration/proofs/{id}`: the owner and the exam office.
async fn download_proof(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        route::proof_file(&state, &user, id).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}

/// The provider's asynchronous notification: verified, applied once, acknowledged with "success".
async fn notification(State(state): State<AppState>, Path(provider): Path<String>, body: Bytes) -> Response {
    if provider != state.payments.name() {
        return (StatusCode::NOT_FOUND, "fail").into_response();
    }
    match orders::notify(&state, &body).await {
        Ok(outcome) => {
            tracing::info!(?outcome, "payment notification");
            "success".into_response()
        }
        Err(err) => {
            tracing::warn!(error = %err, "payment notification refused");
            let status = match err {
                // Our fault or our database's: the provider sends the notification again later.
                AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_REQUEST,
            };
            (status, "fail").into_response()
        }
    }
}

/// The sandbox bank's pay page: the order, a pay button, and a switch that loses the notification.
async fn sandbox_page(State(state): State<AppState>, Path(out_trade_no): Path<String>) -> Response {
    let Some(sandbox) = &state.sandbox else { return StatusCode::NOT_FOUND.into_response() };
    let trade = match sandbox.trade(&out_trade_no).await {
        Ok(Some(trade)) => trade,
        Ok(None) => return (StatusCode::NOT_FOUND, Html("<p>订单不存在 (no such order)</p>")).into_response(),
        Err(err) => return error_response(err),
    };
    let action = match trade.status.as_str() {
        "waiting" => format!(
            "<form method=\"post\"><p><label><input type=\"checkbox\" name=\"lose_notification\" value=\"on\"> \
             模拟支付通知丢失（不通知商户） / lose the notification</label></p>\
             <p><button type=\"submit\">确认支付 {amount}</button></p></form>",
            amount = yuan_text(trade.amount_fen, app::i18n::Lang::Zh)
        ),
        status => format!(
            "<p role=\"status\">该订单状态：{status}</p><p><a href=\"{}\">返回商户</a></p>",
            html_escape(&trade.return_url)
        ),
    };
    Html(format!(
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>沙箱支付</title>\
         <main><h1>沙箱支付（测试环境，不产生真实扣款）</h1>\
         <dl><dt>商品</dt><dd>{subject}</dd><dt>商户订单号</dt><dd>{out}</dd><dt>金额</dt><dd>{amount}</dd></dl>{action}</main></html>",
        subject = html_escape(&trade.subject),
        out = html_escape(&trade.out_trade_no),
        amount = yuan_text(trade.amount_fen, app::i18n::Lang::Zh),
    ))
    .into_response()
}

#[derive(serde::Deserialize)]
struct PayForm {
    #[serde(default)]
    lose_notification: Option<String>,
}

/// Pays, sends (or loses) the notification, and sends the browser back to the merchant.
async fn sandbox_pay(
    State(state): State<AppState>,
    Path(out_trade_no): Path<String>,
    Form(form): Form<PayForm>,
) -> Response {
    let Some(sandbox) = &state.sandbox else { return StatusCode::NOT_FOUND.into_response() };
    let notify = form.lose_notification.is_none();
    match sandbox.pay(&out_trade_no, state.now_ms(), notify).await {
        Ok(return_url) => Redirect::to(&return_url).into_response(),
        Err(err) => error_response(err),
    }
}

/// `GET /api/admission/{ticket_no}/pdf`: the ticket's holder, inside the print window.
async fn ticket_pdf(State(state): State<AppState>, session: Session, Path(ticket_no): Path<String>) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        app::admission::ssr::pdf(&state, &user, &ticket_no).await
    }
    .await;
    result.map_or_else(error_response, file_response)
}
