//! Development-only pages (mounted only when `server.dev_mode` is on): the SMS outbox, so a developer
//! or a Playwright test can read the codes the built-in provider "sent", and the current captcha answer.
use app::platform::{sms::recent_outbox, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use axum::Router;

pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/dev/outbox", get(outbox_page))
        .route("/dev/outbox.json", get(outbox_json))
        .route("/dev/captcha", get(captcha_answer))
        .route("/dev/clock", axum::routing::post(shift_clock))
        .with_state(state)
}

#[derive(serde::Deserialize)]
struct Shift {
    advance_secs: i64,
}

/// `POST /dev/clock {"advance_secs": n}`: moves the server's clock (debug builds only; release builds
/// run on the system clock, which refuses).
async fn shift_clock(State(state): State<AppState>, Json(shift): Json<Shift>) -> Response {
    if state.clock.shift_ms(shift.advance_secs * 1000) {
        Json(serde_json::json!({ "now_ms": state.now_ms() })).into_response()
    } else {
        (StatusCode::FORBIDDEN, "this server runs on the system clock").into_response()
    }
}

async fn outbox_json(State(state): State<AppState>) -> Response {
    match recent_outbox(&state.db, 100).await {
        Ok(messages) => Json(messages).into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

async fn outbox_page(State(state): State<AppState>) -> Response {
    let messages = match recent_outbox(&state.db, 100).await {
        Ok(messages) => messages,
        Err(err) => return (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    };
    let rows: String = messages
        .iter()
        .map(|m| {
            format!(
                "<tr><td>{}</td><td class=\"phone\">{}</td><td class=\"body\">{}</td></tr>",
                m.id,
                crate::files::html_escape(&m.phone),
                crate::files::html_escape(&m.body)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>短信发件箱 (dev)</title>\
         <h1>短信发件箱 / SMS outbox (development only)</h1>\
         <table><thead><tr><th>#</th><th>手机号</th><th>内容</th></tr></thead><tbody>{rows}</tbody></table></html>"
    ))
    .into_response()
}

async fn captcha_answer(session: tower_sessions::Session) -> Response {
    match app::accounts::ssr::captcha::peek(&session).await {
        Ok(answer) => Json(answer).into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{err}")).into_response(),
    }
}
