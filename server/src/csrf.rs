//! Cross-site request forgery: a state-changing request (anything but GET, HEAD and OPTIONS) that a
//! browser sends from another site carries that site's `Origin`, and is refused here unless that origin
//! is this host or one the configuration lists (`server.cors_origins`). Requests without `Origin` (the
//! payment provider's notifications, scripts) pass: browsers always send it on cross-site POSTs, and the
//! session cookie is `SameSite=Lax` besides.
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_only(State(allowed): State<Arc<Vec<String>>>, request: Request<Body>, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let origin = request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    match origin {
        Some(origin) if !safe && !origin_allowed(origin, host, &allowed) => {
            tracing::warn!(%origin, "cross-site request refused");
            (StatusCode::FORBIDDEN, axum::Json("Forbidden")).into_response()
        }
        _ => next.run(request).await,
    }
}

/// The origin's host (and port) is the request's own host, or the origin is listed.
fn origin_allowed(origin: &str, host: Option<&str>, allowed: &[String]) -> bool {
    let origin_host = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
    (origin_host.is_some() && origin_host == host) || allowed.iter().any(|a| a.trim_end_matches('/') == origin)
}

#[cfg(test)]
mod tests {
    use super::origin_allowed;

    #[test]
    fn only_our_own_or_listed_origins_pass() {
        let listed = vec!["https://exam.example.cn".to_string()];
        assert!(origin_allowed("http://127.0.0.1:3000", Some("127.0.0.1:3000"), &[]));
        assert!(origin_allowed("https://exam.example.cn", Some("api.example.cn"), &listed));
        assert!(!origin_allowed("https://evil.example", Some("127.0.0.1:3000"), &listed));
        assert!(!origin_allowed("http://127.0.0.1:3001", Some("127.0.0.1:3000"), &[]));
        assert!(!origin_allowed("null", Some("127.0.0.1:3000"), &[]), "sandboxed frames and file pages send null");
        assert!(!origin_allowed("http://127.0.0.1:3000", None, &[]));
    }
}
