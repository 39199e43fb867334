//! The console's CSV export: the list a page shows (same search and filter), every page of it.
use app::accounts::ssr::auth;
use app::admin::ssr::lists;
use app::admin::types::ListQuery;
use app::platform::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tower_sessions::Session;

use crate::files::{error_response, file_response};

pub fn routes(state: AppState) -> Router {
    Router::new().route("/api/admin/export/{kind}", get(export)).with_state(state)
}

#[derive(serde::Deserialize)]
struct Filters {
    #[serde(default)]
    search: String,
    #[serde(default)]
    filter: String,
}

/// `GET /api/admin/export/{kind}?search=…&filter=…`: CSV (UTF-8 with BOM). The list's own roles.
async fn export(
    State(state): State<AppState>,
    session: Session,
    Path(kind): Path<String>,
    Query(filters): Query<Filters>,
) -> Response {
    let result = async {
        let user = auth::require_user(&state, &session).await?;
        let spec = lists::allowed_spec(&state, &user, &kind).await?;
        let query = ListQuery { kind: kind.clone(), search: filters.search, filter: filters.filter, page: 1 };
        let bytes = lists::csv(&state, &spec, &query).await?;
        Ok(("text/csv; charset=utf-8".to_string(), format!("{kind}.csv"), bytes))
    }
    .await;
    result.map_or_else(error_response, file_response)
}
