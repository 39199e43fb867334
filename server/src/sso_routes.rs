//! Single sign-on as plain redirects: `/sso/{slug}/start` sends the browser to the provider,
//! `/sso/{slug}/callback` signs it in and returns it to the page it started from (a failure returns it
//! to the sign-in page with the reason). In development mode, the built-in provider at `/dev/oidc/*`:
//! its discovery document, keys, sign-in page and token endpoint.
use std::collections::HashMap;

use app::accounts::ssr::auth;
use app::platform::AppState;
use app::sso::ssr::{client, dev_provider, http};
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_sessions::Session;

pub fn routes(state: AppState) -> Router {
    let mut router = Router::new().route("/sso/{slug}/start", get(start)).route("/sso/{slug}/callback", get(callback));
    if state.settings.server.dev_mode {
        router = router
            .route("/dev/oidc/.well-known/openid-configuration", get(discovery))
            .route("/dev/oidc/jwks", get(|| async { Json(dev_provider::jwks()) }))
            .route("/dev/oidc/authorize", get(authorize_page).post(authorize))
            .route("/dev/oidc/token", post(token));
    }
    router.with_state(state)
}

/// This site as the browser reached it (the redirect address and the built-in issuer are built on it).
fn origin(headers: &HeaderMap) -> String {
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let https = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) == Some("https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// A page of this site only ("/exams/3/confirm"), else the personal centre.
fn local_page(next: Option<&String>) -> String {
    match next {
        Some(path) if app::accounts::types::is_local_path(path) => path.clone(),
        _ => "/account".into(),
    }
}

fn back_to_sign_in(code: &str, next: &str) -> Response {
    let next = http::url_escape(next);
    Redirect::to(&format!("/login?sso_error={code}&next={next}")).into_response()
}

/// `GET /sso/{slug}/start?next=…&link=1`: `link` links the platform account to the signed-in person.
async fn start(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let next = local_page(query.get("next"));
    let link_user = match query.get("link") {
        Some(_) => match auth::current_user(&state, &session).await {
            Ok(Some(user)) => Some(user.id),
            _ => return back_to_sign_in("state", &next),
        },
        None => None,
    };
    match client::start(&state, &session, &slug, &origin(&headers), &next, link_user).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(failure) => back_to_sign_in(failure.code(), &next),
    }
}

/// `GET /sso/{slug}/callback?code=…&state=…` (or `error=…` when the person cancelled at the provider).
async fn callback(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if query.contains_key("error") {
        return back_to_sign_in("denied", "/account");
    }
    let code = query.get("code").map(String::as_str).unwrap_or_default();
    let returned_state = query.get("state").map(String::as_str).unwrap_or_default();
    match client::finish(&state, &session, &slug, code, returned_state).await {
        Ok((user, next)) => match auth::establish_in(&state, &session, &user).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(_) => back_to_sign_in("provider", &next),
        },
        Err(failure) => {
            if let client::SsoFailure::Internal(err) = &failure {
                tracing::error!(error = ?err, "single sign-on failed");
            }
            back_to_sign_in(failure.code(), "/account")
        }
    }
}

async fn discovery(headers: HeaderMap) -> Json<serde_json::Value> {
    Json(dev_provider::discovery(&format!("{}/dev/oidc", origin(&headers))))
}

async fn authorize_page(headers: HeaderMap, Query(request): Query<dev_provider::AuthorizeRequest>) -> Response {
    match request.check(&format!("{}/dev/oidc", origin(&headers))) {
        Ok(()) => Html(dev_provider::sign_in_page(&request, None)).into_response(),
        Err(why) => (StatusCode::BAD_REQUEST, why).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct AuthorizeForm {
    #[serde(flatten)]
    request: dev_provider::AuthorizeRequest,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    name: String,
}

async fn authorize(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<AuthorizeForm>) -> Response {
    if let Err(why) = form.request.check(&format!("{}/dev/oidc", origin(&headers))) {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    if form.id_number.trim().is_empty() || form.name.trim().is_empty() {
        return Html(dev_provider::sign_in_page(&form.request, Some("请填写证件号码和姓名"))).into_response();
    }
    let person = dev_provider::PlatformPerson { id_number: form.id_number, name: form.name };
    match dev_provider::issue_code(&state, &form.request, &person).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(err) => crate::files::error_response(err),
    }
}

async fn token(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let form = http::form_urlencoded(&body);
    let basic = http::basic_credentials(headers.get("authorization").and_then(|v| v.to_str().ok()));
    match dev_provider::token(&state, &format!("{}/dev/oidc", origin(&headers)), &form, basic).await {
        Ok((status, body)) => {
            (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), Json(body)).into_response()
        }
        Err(err) => crate::files::error_response(err),
    }
}
