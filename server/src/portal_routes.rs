//! `GET /site-qr.svg`: the site's public address as a QR code (the home page shows it for phones).
use app::platform::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes(state: AppState) -> Router {
    Router::new().route("/site-qr.svg", get(site_qr)).with_state(state)
}

async fn site_qr(State(state): State<AppState>) -> Response {
    match app::portal::ssr::site_qr_svg(&state.settings.exams.public_url) {
        Some(svg) => ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=3600")], svg)
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
