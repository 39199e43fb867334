//! The HTTP surface: server functions under `/api/`, the static site (with pre-compressed `.br`/`.gz`
//! files and `index.html` for every client-side route), and the layers every request passes: request id,
//! tracing, compression, body-size limit, timeout, security headers, sessions and (optionally) CORS.
use std::time::Duration;

use app::error::{AppError, RequestId};
use app::platform::{sessions::DbSessionStore, AppState};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Content-Security-Policy for the app: our own scripts and WASM only, no framing.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The live-course pages (`/live/…`) play inside the training page's frame: framing by our own pages only.
const LIVE_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     media-src 'self' blob:; frame-ancestors 'self'; base-uri 'none'";

pub fn app(state: AppState) -> Router {
    let settings = state.settings.clone();
    let server = &settings.server;
    let x_request_id = HeaderName::from_static("x-request-id");

    let api = Router::new()
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .with_state(state.clone());
    let mut router = Router::new()
        .merge(api)
        .merge(crate::files::routes(state.clone()))
        .merge(crate::exam_routes::routes(state.clone()))
        .merge(crate::application_routes::routes(state.clone()))
        .merge(crate::training_routes::routes(state.clone()))
        .merge(crate::ticket_routes::routes(state.clone()))
        .merge(crate::org_account_routes::routes(state.clone()))
        .merge(crate::sso_routes::routes(state.clone()))
        .merge(crate::admin_routes::routes(state.clone()))
        .merge(crate::payment_routes::routes(state.clone()))
        .merge(crate::portal_routes::routes(state.clone()))
        .route("/healthz", get(|| async { "ok" }));
    if server.dev_mode {
        router = router.merge(crate::dev::routes(state.clone()));
    }
    let index = format!("{}/index.html", server.site_dir);
    let site = ServeDir::new(&server.site_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::routing::get(move |req: Request<Body>| app_shell(index.clone(), req)));
    let live = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(LIVE_CSP)))
        .service(ServeDir::new(format!("{}/live", server.site_dir)).precompressed_br().precompressed_gzip());
    let mut router = router
        .nest_service("/live", live)
        .fallback_service(site)
        .layer(session_layer(&state))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(server.cors_origins.clone()),
            crate::csrf::same_origin_only,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")));
    if !server.cors_origins.is_empty() {
        router = router.layer(cors(&server.cors_origins));
    }
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(x_request_id.clone(), MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id)
            }))
            .layer(PropagateRequestIdLayer::new(x_request_id))
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(RequestBodyLimitLayer::new(server.body_limit_bytes))
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(server.request_timeout_secs),
            )),
    )
}

/// The app shell for an address without a file: 200 where the app has a page, 404 elsewhere (the shell
/// still comes with it, so the browser shows the app's own "page not found").
async fn app_shell(index: String, req: Request<Body>) -> Response {
    use tower::ServiceExt;
    let known = app::client_routes::is_client_route(req.uri().path());
    let mut response = match ServeFile::new(index).precompressed_br().precompressed_gzip().oneshot(req).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if !known && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// Whether `path` is a registered server function's (a set built once: the registry is filled at start).
fn is_server_fn(path: &str) -> bool {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    PATHS.get_or_init(|| leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect()).contains(path)
}

/// Every server function runs with the state and the request id in its Leptos context. An unknown
/// `/api/…` address is a 404 with our JSON error, not the framework's hint text.
async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> Response {
    if !is_server_fn(req.uri().path()) {
        return crate::files::error_response(AppError::NotFound);
    }
    let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_string();
    let response = leptos_axum::handle_server_fns_with_context(
        move || {
            provide_context(state.clone());
            provide_context(RequestId(request_id.clone()));
        },
        req,
    )
    .await;
    with_error_status(response.into_response()).await
}

/// Leptos answers every server-function error with 500. The typed body says which error it is, so the
/// status is set to match, as on the plain routes: 401, 403, 404, 409, 422, 429, 503, 500 only for an
/// internal error, and 400 for arguments that don't decode. The browser decodes any 4xx/5xx the same way.
async fn with_error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = match err {
            AppError::Transport(_) => StatusCode::BAD_REQUEST,
            err => crate::files::status_of(&err),
        };
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// HttpOnly, SameSite=Lax; behind HTTPS also Secure with the `__Host-` prefix (no Domain, Path=/).
pub fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    let secure = state.settings.server.secure_cookies;
    let idle = time::Duration::minutes(state.settings.accounts.session_idle_minutes);
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(if secure { "__Host-zj_session" } else { "zj_session" })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// For a frontend hosted on another origin of the same site (see README): credentials allowed, origins
/// listed explicitly (never `*`).
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
}
