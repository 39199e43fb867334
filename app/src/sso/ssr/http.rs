//! The HTTP client the relying party uses: the built-in development provider is answered in-process
//! (no socket, no network: the flow runs the same in tests and on a machine without one), every other
//! provider over HTTPS with reqwest, without following redirects.
use std::collections::HashMap;

use openidconnect::{http, url, HttpRequest, HttpResponse};

use crate::platform::AppState;
use crate::sso::ssr::dev_provider;

#[derive(Debug)]
pub struct SsoHttpError(pub String);

impl std::fmt::Display for SsoHttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SsoHttpError {}

/// A boxed request to a provider.
pub type Sending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<HttpResponse, SsoHttpError>> + Send>>;

/// The client for one provider, owning what it needs: its futures hold no borrow, so the handlers
/// that use it stay `Send` for axum.
pub fn client_for(state: &AppState, builtin_issuer: Option<String>) -> impl Fn(HttpRequest) -> Sending {
    let state = state.clone();
    move |request| {
        let (state, builtin) = (state.clone(), builtin_issuer.clone());
        Box::pin(async move { send(&state, builtin.as_deref(), request).await })
    }
}

/// Sends `request` to the provider: in-process when `builtin_issuer` names the built-in one.
pub async fn send(
    state: &AppState,
    builtin_issuer: Option<&str>,
    request: HttpRequest,
) -> Result<HttpResponse, SsoHttpError> {
    match builtin_issuer {
        Some(issuer) => Ok(builtin(state, issuer, request).await),
        None => over_network(request).await,
    }
}

async fn builtin(state: &AppState, issuer: &str, request: HttpRequest) -> HttpResponse {
    let path = request.uri().path().to_string();
    let (status, body) = if path.ends_with("/.well-known/openid-configuration") {
        (200, dev_provider::discovery(issuer))
    } else if path.ends_with("/jwks") {
        (200, dev_provider::jwks())
    } else if path.ends_with("/token") {
        let form: HashMap<String, String> = form_urlencoded(request.body());
        let basic = basic_credentials(request.headers().get("authorization").and_then(|v| v.to_str().ok()));
        match dev_provider::token(state, issuer, &form, basic).await {
            Ok(answer) => answer,
            Err(err) => (500, serde_json::json!({"error": "server_error", "error_description": err.to_string()})),
        }
    } else {
        (404, serde_json::json!({"error": "not_found"}))
    };
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.to_string().into_bytes())
        .unwrap_or_default()
}

/// A value for a query string.
pub fn url_escape(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `application/x-www-form-urlencoded` fields.
pub fn form_urlencoded(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// The client id and secret of an `Authorization: Basic …` header (each form-urlencoded, RFC 6749 §2.3.1).
pub fn basic_credentials(header: Option<&str>) -> Option<(String, String)> {
    use base64::Engine;
    let encoded = header?.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape =
        |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
    Some((unescape(id)?, unescape(secret)?))
}

/// Built once: a client keeps its connection pool and TLS set-up between requests.
fn network_client() -> Result<&'static reqwest::Client, SsoHttpError> {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| SsoHttpError(e.to_string()))?;
    Ok(CLIENT.get_or_init(|| client))
}

async fn over_network(request: HttpRequest) -> Result<HttpResponse, SsoHttpError> {
    let client = network_client()?;
    let (parts, body) = request.into_parts();
    let mut outgoing = client.request(parts.method, parts.uri.to_string()).body(body);
    for (name, value) in &parts.headers {
        outgoing = outgoing.header(name, value);
    }
    let response = outgoing.send().await.map_err(|e| SsoHttpError(e.to_string()))?;
    let mut builder = http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let bytes = response.bytes().await.map_err(|e| SsoHttpError(e.to_string()))?;
    builder.body(bytes.to_vec()).map_err(|e| SsoHttpError(e.to_string()))
}
