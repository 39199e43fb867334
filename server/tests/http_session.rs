//! The HTTP surface: stable endpoint paths, session cookies (HttpOnly, SameSite=Lax, rotated at sign-in,
//! revoked at sign-out and by a password change elsewhere), and errors as the browser receives them.
mod common;

use app::platform::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{call, cookie_pair, TestDb};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

async fn register_over_http(db: &TestDb, app: &Router) -> String {
    let sent =
        call(app, "POST", "/api/auth/send-code", json!({"phone": "13800138000", "purpose": "Register"}), None).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let input = json!({"input": {
        "real_name": "赵六", "id_type": "resident", "id_number": "11010519491231002X", "phone": "13800138000",
        "sms_code": db.last_code("13800138000").await, "username": "zhao_liu", "password": "Abcd#2026x",
        "password_again": "Abcd#2026x", "security_question": "", "security_answer": "", "accept_policies": true
    }});
    let registered = call(app, "POST", "/api/auth/register", input, None).await;
    assert_eq!(registered.status, StatusCode::OK, "{:?}", registered.body);
    assert_eq!(registered.body["username"], "zhao_liu");
    assert_eq!(registered.body["id_number_masked"], "110101********002X".replace("110101", "110105"));
    cookie_pair(&registered.set_cookie.expect("signed in after registering"))
}

async fn cookies_rotate_at_sign_in_and_die_at_sign_out(db: &TestDb) {
    let app = server::router::app(db.state.clone());
    let registered_cookie = register_over_http(db, &app).await;

    let anonymous = call(&app, "GET", "/api/auth/me", Value::Null, None).await;
    assert_eq!((anonymous.status, anonymous.body), (StatusCode::OK, Value::Null));

    // A session that exists before sign-in (it holds a captcha)…
    let before = call(&app, "POST", "/api/auth/captcha", json!({}), None).await;
    let set_cookie = before.set_cookie.expect("a session cookie");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    let pre_sign_in = cookie_pair(&set_cookie);

    // …gets a new id at sign-in: the old id is worthless.
    let body = json!({"input": {"identifier": "ZHAO_LIU", "password": "Abcd#2026x", "captcha": null}});
    let signed_in = call(&app, "POST", "/api/auth/sign-in", body, Some(&pre_sign_in)).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let session = cookie_pair(&signed_in.set_cookie.expect("rotated cookie"));
    assert_ne!(session, pre_sign_in);
    assert!(session.len() > "zj_session=".len() + 20, "a long random id: {session}");
    assert_eq!(call(&app, "GET", "/api/auth/me", Value::Null, Some(&session)).await.body["username"], "zhao_liu");
    assert_eq!(call(&app, "GET", "/api/auth/me", Value::Null, Some(&pre_sign_in)).await.body, Value::Null);

    // A password change in one session ends the others.
    let change = json!({"current_password": "Abcd#2026x", "password": "Newer#2026x", "password_again": "Newer#2026x"});
    let changed = call(&app, "POST", "/api/account/change-password", change, Some(&session)).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let session = changed.set_cookie.map(|c| cookie_pair(&c)).unwrap_or(session);
    assert_eq!(call(&app, "GET", "/api/auth/me", Value::Null, Some(&registered_cookie)).await.body, Value::Null);
    assert_eq!(call(&app, "GET", "/api/auth/me", Value::Null, Some(&session)).await.body["username"], "zhao_liu");

    // Sign-out deletes the session on the server: replaying the cookie doesn't work.
    call(&app, "POST", "/api/auth/sign-out", json!({}), Some(&session)).await;
    assert_eq!(call(&app, "GET", "/api/auth/me", Value::Null, Some(&session)).await.body, Value::Null);
}

async fn errors_arrive_typed_and_functions_check_authorization(db: &TestDb) {
    let app = server::router::app(db.state.clone());
    let bad = json!({"input": {
        "real_name": "", "id_type": "resident", "id_number": "11010519900231001", "phone": "123",
        "sms_code": "", "username": "a-b", "password": "x", "password_again": "y",
        "security_question": "", "security_answer": ""
    }});
    let reply = call(&app, "POST", "/api/auth/register", bad, None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "the status says what the typed body says");
    let fields: Vec<&str> = reply.body["Invalid"]
        .as_array()
        .expect("a typed validation error")
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    let every =
        ["real_name", "id_number", "phone", "sms_code", "username", "password", "password_again", "accept_policies"];
    for field in every {
        assert!(fields.contains(&field), "{field} missing in {fields:?}");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM users").await, 0);

    // Signed-out callers can't change anything.
    let reply =
        call(&app, "POST", "/api/account/change-phone", json!({"phone": "13900000000", "code": "123456"}), None).await;
    assert_eq!(reply.body, json!("Unauthorized"));
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let undecodable = call(&app, "POST", "/api/account/change-phone", json!({"phone": 13900000000_i64}), None).await;
    assert_eq!(undecodable.status, StatusCode::BAD_REQUEST);
    assert!(undecodable.body.get("Transport").is_some());
    let reply =
        call(&app, "POST", "/api/auth/send-code", json!({"phone": "13900000000", "purpose": "ChangePhone"}), None)
            .await;
    assert_eq!(reply.body, json!("Unauthorized"));
    assert_eq!(db.count("SELECT COUNT(*) FROM sms_outbox").await, 0);
}

async fn security_headers_and_request_ids(db: &TestDb) {
    let app = server::router::app(db.state.clone());
    let response = app.clone().oneshot(Request::builder().uri("/healthz").body(Body::empty()).unwrap()).await.unwrap();
    let headers = response.headers();
    assert!(headers.get("x-request-id").is_some());
    assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert!(headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().contains("frame-ancestors 'none'"));
    // The development outbox is not mounted outside development mode.
    let outbox = app.oneshot(Request::builder().uri("/dev/outbox.json").body(Body::empty()).unwrap()).await.unwrap();
    assert_ne!(outbox.status(), StatusCode::OK);
}

async fn one_address_cannot_try_passwords_without_limit(db: &TestDb) {
    let mut settings = (*db.state.settings).clone();
    settings.accounts.sign_in_per_ip_per_minute = 2;
    settings.sms.codes_per_ip_per_hour = 1;
    let state = AppState { settings: Arc::new(settings), ..db.state.clone() };
    let app = server::router::app(state);
    let from = |ip: &str, path: &str, body: Value| {
        let mut request = Request::builder()
            .method("POST")
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip.parse().unwrap(), 40000)));
        app.clone().oneshot(request)
    };
    let attempt = json!({"input": {"identifier": "nobody_at_all", "password": "Wrong#pass1", "captcha": null}});
    for _ in 0..2 {
        let body = read(from("10.1.1.1", "/api/auth/sign-in", attempt.clone()).await.unwrap()).await;
        assert_eq!(body["Refused"]["zh"], "用户名或密码错误");
    }
    let body = read(from("10.1.1.1", "/api/auth/sign-in", attempt.clone()).await.unwrap()).await;
    assert_eq!(body["RateLimited"]["text"]["zh"], "登录尝试过于频繁，请1分钟后再试");
    let body = read(from("10.1.1.2", "/api/auth/sign-in", attempt).await.unwrap()).await;
    assert_eq!(body["Refused"]["zh"], "用户名或密码错误", "another address has its own budget");

    let code = |phone: &str| json!({"phone": phone, "purpose": "Register"});
    let first = from("10.1.1.3", "/api/auth/send-code", code("13900000001")).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let body = read(from("10.1.1.3", "/api/auth/send-code", code("13900000002")).await.unwrap()).await;
    assert!(body["RateLimited"]["text"]["zh"].as_str().unwrap().contains("频繁"), "{body}");
    assert_eq!(db.count("SELECT COUNT(*) FROM sms_outbox").await, 1);
}
/// A form on another site posting to us with the visitor's cookie is refused before anything runs; our
/// own pages, listed origins and clients without `Origin` (the payment provider) pass.
async fn cross_site_posts_are_refused(db: &TestDb) {
    let app = server::router::app(db.state.clone());
    let sign_in = |origin: Option<&str>| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/auth/security-question")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        app.clone().oneshot(request.body(Body::from(json!({"identifier": "nobody"}).to_string())).unwrap())
    };
    let refused = sign_in(Some("https://evil.example")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(read(refused).await, json!("Forbidden"));
    for origin in [Some("http://127.0.0.1:3000"), None] {
        let answered = sign_in(origin).await.unwrap();
        assert_ne!(answered.status(), StatusCode::FORBIDDEN, "{origin:?}");
    }
    // Reading stays possible (GET changes nothing).
    let get = Request::builder()
        .uri("/api/config")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.clone().oneshot(get).await.unwrap().status(), StatusCode::OK);
}

/// The app shell comes for every address without a file, with 200 where the app has a page and 404
/// elsewhere; a file of the site is served as it is.
async fn unknown_addresses_are_not_found(db: &TestDb) {
    let site = std::env::temp_dir().join(format!("zj-site-{}", std::process::id()));
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<!doctype html><title>shell</title>").unwrap();
    std::fs::write(site.join("robots.txt"), "User-agent: *").unwrap();
    let mut settings = (*db.state.settings).clone();
    settings.server.site_dir = site.display().to_string();
    let app = server::router::app(AppState { settings: Arc::new(settings), ..db.state.clone() });
    let get = |path: &str| Request::builder().uri(path).body(Body::empty()).unwrap();
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/attempts/12", StatusCode::OK),
        ("/review/3", StatusCode::OK),
        ("/robots.txt", StatusCode::OK),
        ("/no-such-page", StatusCode::NOT_FOUND),
        ("/attempts/12/other", StatusCode::NOT_FOUND),
    ] {
        let response = app.clone().oneshot(get(path)).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        let expected = if path == "/robots.txt" { "User-agent: *" } else { "<!doctype html><title>shell</title>" };
        assert_eq!(String::from_utf8_lossy(&bytes), expected, "{path}");
    }
}

async fn read(response: axum::response::Response) -> Value {
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

on_both_databases!(
    one_address_cannot_try_passwords_without_limit,
    cookies_rotate_at_sign_in_and_die_at_sign_out,
    errors_arrive_typed_and_functions_check_authorization,
    security_headers_and_request_ids,
    cross_site_posts_are_refused,
    unknown_addresses_are_not_found,
);
