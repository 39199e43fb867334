//! Security round 2 (issue 18) over HTTP, on both databases: the client address behind trusted proxies
//! (a spoofed X-Forwarded-For doesn't buy a new budget), sessions that slide while used and end [12] h
//! after sign-in, the same answers for unknown accounts as for known ones, and unknown API addresses
//! answered 404 with our JSON error; the appeal form says the same of any name + ID pair until the new
//! phone is proven by its code.
mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use app::accounts::ssr::demo;
use app::platform::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::{call, sign_in_cookie, TestDb};
use serde_json::{json, Value};
use tower::ServiceExt;

async fn read(response: axum::response::Response) -> (StatusCode, Value) {
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Behind a trusted balancer, each request's address is the one the balancer saw: writing a new
/// X-Forwarded-For each time changes nothing. (Before: the leftmost entry, the client's own, counted.)
async fn a_spoofed_forwarded_for_does_not_escape_the_limit(db: &TestDb) {
    let mut settings = (*db.state.settings).clone();
    settings.accounts.sign_in_per_ip_per_minute = 2;
    settings.server.trusted_proxies = vec!["10.0.0.0/8".into()];
    let app = server::router::app(AppState { settings: Arc::new(settings), ..db.state.clone() });
    let attempt = json!({"input": {"identifier": "nobody_at_all", "password": "Wrong#pass1", "captcha": null}});
    let through_balancer = |forwarded: String| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/auth/sign-in")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header("x-forwarded-for", forwarded)
            .body(Body::from(attempt.to_string()))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new("10.0.0.5".parse().unwrap(), 40000)));
        app.clone().oneshot(request)
    };
    for n in 0..2 {
        let (_, body) = read(through_balancer(format!("1.2.3.{n}, 203.0.113.9")).await.unwrap()).await;
        assert_eq!(body["Refused"]["zh"], "用户名或密码错误");
    }
    let (status, body) = read(through_balancer("9.9.9.9, 203.0.113.9".into()).await.unwrap()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let (_, body) = read(through_balancer("9.9.9.9, 198.51.100.4".into()).await.unwrap()).await;
    assert_eq!(body["Refused"]["zh"], "用户名或密码错误", "another client behind the balancer has its own budget");
}

/// A session used every hour lives on past the 8-hour idle limit, but not past 12 hours after sign-in;
/// one left alone for 8 hours ends.
async fn sessions_slide_while_used_and_end_12_hours_after_sign_in(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let me = |cookie: String| {
        let app = app.clone();
        async move { call(&app, "GET", "/api/auth/me", Value::Null, Some(&cookie)).await.body }
    };
    let cookie = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    for hour in 1..=11 {
        db.clock.advance_secs(3600);
        assert_eq!(me(cookie.clone()).await["username"], "demo_candidate", "hour {hour}");
    }
    db.clock.advance_secs(3600 + 1);
    assert_eq!(me(cookie).await, Value::Null, "12 hours after sign-in");

    let idle = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    db.clock.advance_secs(7 * 3600);
    assert_eq!(me(idle.clone()).await["username"], "demo_candidate");
    db.clock.advance_secs(8 * 3600 + 60);
    assert_eq!(me(idle).await, Value::Null, "8 hours without a request");
}

/// Wrong passwords answer the same words for a name that is no account as for one that is, up to the
/// captcha; and unknown `/api/…` addresses are a 404 with our JSON error.
async fn unknown_accounts_and_unknown_addresses_answer_like_known_ones(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let answers = |identifier: &'static str| {
        let app = app.clone();
        async move {
            let mut said = Vec::new();
            for _ in 0..6 {
                let body = json!({"input": {"identifier": identifier, "password": "Wrong#pass1", "captcha": null}});
                let reply = call(&app, "POST", "/api/auth/sign-in", body, None).await;
                said.push(reply.body.to_string());
            }
            said
        }
    };
    let known = answers("demo_candidate").await;
    let unknown = answers("nobody_at_all").await;
    assert_eq!(known, unknown);
    assert!(known[0].contains("用户名或密码错误") && !known[0].contains("再错"), "{}", known[0]);
    assert!(known[4].contains("再错5次"), "the count once the captcha is due: {}", known[4]);
    assert!(known[5].contains("CaptchaRequired"), "{}", known[5]);

    for method in ["GET", "POST"] {
        let reply = call(&app, method, "/api/no-such-function", json!({}), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(reply.body, json!("NotFound"), "{method}");
    }
}

/// An appeal with a wrong code answers the same for the name + ID pair of an account as for a pair of
/// nobody (before: "未找到姓名与证件号码都一致的账号" for the second, the code error for the first).
async fn appeals_say_nothing_about_the_pair_before_the_code(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let person = app::accounts::ssr::users::by_username(&db.state.db, "demo_candidate").await.unwrap().unwrap();
    let phone = "13912345670";
    let sent = call(&app, "POST", "/api/auth/send-code", json!({"phone": phone, "purpose": "Appeal"}), None).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let code = db.last_code(phone).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let attempt = |real_name: &str, id_number: &str, code: &str| {
        let input = json!({"input": {"real_name": real_name, "id_number": id_number, "phone": phone, "code": code,
            "description": "原手机号已停用"}});
        let app = app.clone();
        async move { call(&app, "POST", "/api/appeals/start", input, None).await }
    };
    let registered = attempt(&person.real_name, &person.id_number, wrong).await;
    let nobody = attempt("赵无名", "11010519491231002X", wrong).await;
    assert_eq!((registered.status, registered.body.to_string()), (nobody.status, nobody.body.to_string()));
    assert!(!registered.body.to_string().contains("未找到"), "{:?}", registered.body);
    // With the phone proven, the pair of nobody is named as such (and the code is spent).
    let proven = attempt("赵无名", "11010519491231002X", &code).await;
    assert!(proven.body.to_string().contains("未找到姓名与证件号码都一致的账号"), "{:?}", proven.body);
}

on_both_databases!(
    a_spoofed_forwarded_for_does_not_escape_the_limit,
    sessions_slide_while_used_and_end_12_hours_after_sign_in,
    unknown_accounts_and_unknown_addresses_answer_like_known_ones,
    appeals_say_nothing_about_the_pair_before_the_code,
);
