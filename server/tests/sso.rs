//! Single sign-on (issue 21, seed 003) through the HTTP routes on both databases, against the built-in
//! development provider (answered in-process: no network): the whole authorization code flow with PKCE
//! returns to the page it started from and links the subject by the verified ID number; a wrong `state`,
//! a replayed code or callback, a wrong PKCE verifier, an expired ID token, one signed by another key
//! and an unknown subject are all refused; a signed-in person links a platform account once.
mod common;

use std::collections::HashMap;
use std::sync::Arc;

use app::accounts::ssr::demo;
use app::platform::AppState;
use app::sso::ssr::{client, dev_provider, providers};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{call, cookie_pair, insert_user, TestDb};
use http_body_util::BodyExt;
use rsa::pkcs8::DecodePrivateKey;
use serde_json::{json, Value};
use tower::ServiceExt;

const ID_NUMBER: &str = "110105194912310053";
const NAME: &str = "测试用户";

/// Development mode (the built-in provider), demo data, the provider, and one verified person.
async fn setup(db: &TestDb) -> (AppState, Router) {
    let mut state = db.state.clone();
    let mut settings = (*state.settings).clone();
    settings.server.dev_mode = true;
    state.settings = Arc::new(settings);
    demo::seed_if_empty(&state).await.unwrap();
    providers::seed_builtin(&state).await.unwrap();
    let person = insert_user(&state, "sso_person", ID_NUMBER, "13900000005").await;
    let hash = state.hasher.hash("Passw0rd#2026").await.unwrap();
    sqlx::query("UPDATE users SET identity_status = 'verified', password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(person.id)
        .execute(&state.db)
        .await
        .unwrap();
    (state.clone(), server::router::app(state))
}

struct Answer {
    status: StatusCode,
    location: String,
    cookie: Option<String>,
    body: String,
}

async fn send(app: &Router, method: &str, path: &str, cookie: Option<&str>, form: Option<String>) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let body = match form {
        Some(form) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(form)
        }
        None => Body::empty(),
    };
    let response = app.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let location =
        response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let cookie = response.headers().get(header::SET_COOKIE).map(|v| cookie_pair(v.to_str().unwrap()));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, location, cookie, body: String::from_utf8_lossy(&bytes).into() }
}

fn query_of(url: &str) -> HashMap<String, String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    openidconnect::url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

fn path_of(url: &str) -> String {
    url.strip_prefix("http://127.0.0.1").unwrap_or(url).to_string()
}

/// Starts at the sign-in link and signs in at the provider: (the browser's cookie, the callback address).
async fn through_the_provider(app: &Router, next: &str, id_number: &str, cookie: Option<&str>) -> (String, String) {
    let start = send(app, "GET", &format!("/sso/gov-platform/start?next={next}"), cookie, None).await;
    assert!(start.status.is_redirection(), "{} {}", start.status, start.body);
    assert!(start.location.starts_with("http://127.0.0.1/dev/oidc/authorize?"), "{}", start.location);
    let params = query_of(&start.location);
    assert_eq!(params["code_challenge_method"], "S256", "PKCE");
    assert!(!params["state"].is_empty() && !params["nonce"].is_empty());
    let cookie = start.cookie.or(cookie.map(str::to_string)).expect("the flow's session");
    let page = send(app, "GET", &path_of(&start.location), None, None).await;
    assert!(page.body.contains("证件号码"), "{}", page.body);
    let mut form: Vec<(String, String)> = params.into_iter().collect();
    form.push(("id_number".into(), id_number.into()));
    form.push(("name".into(), NAME.into()));
    let encoded = openidconnect::url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let signed = send(app, "POST", "/dev/oidc/authorize", None, Some(encoded)).await;
    assert!(signed.status.is_redirection(), "{} {}", signed.status, signed.body);
    (cookie, path_of(&signed.location))
}

async fn a_verified_person_signs_in_through_the_platform_and_lands_where_they_started(db: &TestDb) {
    let (_, app) = setup(db).await;
    let (cookie, callback) = through_the_provider(&app, "/exams/3/confirm", ID_NUMBER, None).await;
    let done = send(&app, "GET", &callback, Some(&cookie), None).await;
    assert_eq!(done.location, "/exams/3/confirm", "{}", done.body);
    let session = done.cookie.expect("a new signed-in session");
    let me = call(&app, "GET", "/api/auth/me", Value::Null, Some(&session)).await;
    assert_eq!(me.body["username"], "sso_person");
    assert_eq!(db.count("SELECT COUNT(*) FROM sso_links").await, 1, "linked on first use");
    // The same callback again: nothing pending in the session any more.
    let replayed = send(&app, "GET", &callback, Some(&cookie), None).await;
    assert_eq!(replayed.location, "/login?sso_error=state&next=%2Faccount");
    // The next sign-on finds the link.
    let (cookie, callback) = through_the_provider(&app, "/certificates", ID_NUMBER, None).await;
    assert_eq!(send(&app, "GET", &callback, Some(&cookie), None).await.location, "/certificates");
    // Another site's address isn't returned to.
    let (cookie, callback) = through_the_provider(&app, "//evil.example/", ID_NUMBER, None).await;
    assert_eq!(send(&app, "GET", &callback, Some(&cookie), None).await.location, "/account");
}
on_both_databases!(a_verified_person_signs_in_through_the_platform_and_lands_where_they_started);

async fn a_wrong_state_a_replayed_code_and_an_unknown_subject_are_refused(db: &TestDb) {
    let (_, app) = setup(db).await;
    // Wrong state: the callback of another flow, or a forged one.
    let (cookie, callback) = through_the_provider(&app, "/account", ID_NUMBER, None).await;
    let params = query_of(&callback);
    let forged = format!("/sso/gov-platform/callback?code={}&state=forged", params["code"]);
    assert_eq!(
        send(&app, "GET", &forged, Some(&cookie), None).await.location,
        "/login?sso_error=state&next=%2Faccount"
    );
    // No session at all (a callback opened in another browser).
    let (_, callback) = through_the_provider(&app, "/account", ID_NUMBER, None).await;
    assert!(send(&app, "GET", &callback, None, None).await.location.contains("sso_error=state"));
    // A replayed code: its second exchange is refused by the provider.
    let (cookie, callback) = through_the_provider(&app, "/account", ID_NUMBER, None).await;
    let code = query_of(&callback)["code"].clone();
    assert_eq!(send(&app, "GET", &callback, Some(&cookie), None).await.location, "/account");
    let start = send(&app, "GET", "/sso/gov-platform/start?next=/account", None, None).await;
    let cookie = start.cookie.unwrap();
    let state = query_of(&start.location)["state"].clone();
    let replay = format!("/sso/gov-platform/callback?code={code}&state={state}");
    assert!(send(&app, "GET", &replay, Some(&cookie), None).await.location.contains("sso_error=token"));
    // Nobody verified with this ID number, and nobody signed in to link.
    let (cookie, callback) = through_the_provider(&app, "/account", "11010519491231002X", None).await;
    assert!(send(&app, "GET", &callback, Some(&cookie), None).await.location.contains("sso_error=unknown"));
    // The person cancelled at the provider.
    let cancelled = send(&app, "GET", "/sso/gov-platform/callback?error=access_denied", None, None).await;
    assert!(cancelled.location.contains("sso_error=denied"));
    // An unknown provider.
    assert!(send(&app, "GET", "/sso/nobody/start", None, None).await.location.contains("sso_error=provider"));
    assert_eq!(db.count("SELECT COUNT(*) FROM sso_links").await, 1);
}
on_both_databases!(a_wrong_state_a_replayed_code_and_an_unknown_subject_are_refused);

async fn the_provider_checks_the_pkce_verifier_and_the_client(db: &TestDb) {
    let (_, app) = setup(db).await;
    let (_, callback) = through_the_provider(&app, "/account", ID_NUMBER, None).await;
    let code = query_of(&callback)["code"].clone();
    let exchange = |verifier: &str, secret: &str| {
        openidconnect::url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", "http://127.0.0.1/sso/gov-platform/callback"),
                ("code_verifier", verifier),
                ("client_id", dev_provider::DEV_CLIENT_ID),
                ("client_secret", secret),
            ])
            .finish()
    };
    let wrong_client =
        send(&app, "POST", "/dev/oidc/token", None, Some(exchange("x".repeat(43).as_str(), "wrong"))).await;
    assert_eq!(wrong_client.status, StatusCode::UNAUTHORIZED, "{}", wrong_client.body);
    let wrong_verifier =
        send(&app, "POST", "/dev/oidc/token", None, Some(exchange(&"x".repeat(43), dev_provider::DEV_CLIENT_SECRET)))
            .await;
    assert_eq!(wrong_verifier.status, StatusCode::BAD_REQUEST);
    assert!(wrong_verifier.body.contains("PKCE"), "{}", wrong_verifier.body);
    // The provider refuses a redirect address of another site before showing its page.
    let evil = "/dev/oidc/authorize?client_id=zhuanjia-dev&redirect_uri=http%3A%2F%2Fevil.example%2Fsso%2Fx&response_type=code\
                &state=s&nonce=n&code_challenge=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&code_challenge_method=S256";
    assert_eq!(send(&app, "GET", evil, None, None).await.status, StatusCode::BAD_REQUEST);
}
on_both_databases!(the_provider_checks_the_pkce_verifier_and_the_client);

async fn expired_forged_and_foreign_id_tokens_do_not_verify(db: &TestDb) {
    let (state, _) = setup(db).await;
    let issuer = "http://127.0.0.1/dev/oidc";
    let person = dev_provider::PlatformPerson { id_number: ID_NUMBER.into(), name: NAME.into() };
    let now = state.now_ms();
    let claims = dev_provider::id_token_claims(issuer, dev_provider::DEV_CLIENT_ID, &person, "n-1", now);
    let sign = |claims: &Value| dev_provider::sign_jwt(claims, dev_provider::key(), "dev-1");
    let verify = |raw: String, nonce: &'static str| {
        let state = state.clone();
        async move { client::verify_raw(&state, "gov-platform", "http://127.0.0.1", &raw, nonce).await }
    };
    let good = verify(sign(&claims), "n-1").await.expect("a good token verifies");
    assert_eq!(good.subject, person.subject());
    assert_eq!(good.id_number.as_deref(), Some(ID_NUMBER));
    assert_eq!(verify(sign(&claims), "another nonce").await.err().unwrap().code(), "token");
    // Expired: made ten minutes ago (valid five).
    let old = dev_provider::id_token_claims(issuer, dev_provider::DEV_CLIENT_ID, &person, "n-1", now - 600_000);
    assert_eq!(verify(sign(&old), "n-1").await.err().unwrap().code(), "token");
    // For another client, or from another issuer.
    let mut foreign = claims.clone();
    foreign["aud"] = json!("another-client");
    assert_eq!(verify(sign(&foreign), "n-1").await.err().unwrap().code(), "token");
    let mut other_issuer = claims.clone();
    other_issuer["iss"] = json!("http://evil.example/dev/oidc");
    assert_eq!(verify(sign(&other_issuer), "n-1").await.err().unwrap().code(), "token");
    // Signed by another key (with the provider's key id), or not signed at all.
    let other_key =
        rsa::RsaPrivateKey::from_pkcs8_pem(include_str!("other_provider_key.pem")).expect("the test key parses");
    let forged = dev_provider::sign_jwt(&claims, &other_key, "dev-1");
    assert_eq!(verify(forged.clone(), "n-1").await.err().unwrap().code(), "token");
    // Not signed at all ("alg": "none").
    use base64::Engine;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let unsigned = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    assert_eq!(verify(unsigned, "n-1").await.err().unwrap().code(), "token");
}
on_both_databases!(expired_forged_and_foreign_id_tokens_do_not_verify);

async fn a_signed_in_person_links_a_platform_account_once(db: &TestDb) {
    let (_, app) = setup(db).await;
    let candidate = common::sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    // The demo candidate isn't verified: the platform subject is linked by their own session instead.
    let start = send(&app, "GET", "/sso/gov-platform/start?next=/account&link=1", Some(&candidate), None).await;
    assert!(start.location.contains("/dev/oidc/authorize"), "{}", start.location);
    let params = query_of(&start.location);
    let mut form: Vec<(String, String)> = params.into_iter().collect();
    form.push(("id_number".into(), "11010519491231002X".into()));
    form.push(("name".into(), NAME.into()));
    let encoded = openidconnect::url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let signed = send(&app, "POST", "/dev/oidc/authorize", None, Some(encoded)).await;
    let cookie = start.cookie.unwrap_or(candidate.clone());
    let done = send(&app, "GET", &path_of(&signed.location), Some(&cookie), None).await;
    assert_eq!(done.location, "/account");
    assert_eq!(db.count("SELECT COUNT(*) FROM sso_links").await, 1);
    // That platform account now signs in to the candidate, without a session.
    let (cookie, callback) = through_the_provider(&app, "/account", "11010519491231002X", None).await;
    let again = send(&app, "GET", &callback, Some(&cookie), None).await;
    let me = call(&app, "GET", "/api/auth/me", Value::Null, Some(&again.cookie.unwrap())).await;
    assert_eq!(me.body["username"], "demo_candidate");
    // Linking it to someone else is refused.
    let other = common::sign_in_cookie(&app, "sso_person", "Passw0rd#2026").await;
    let (cookie, callback) = through_the_provider(&app, "/account&link=1", "11010519491231002X", Some(&other)).await;
    let taken = send(&app, "GET", &callback, Some(&cookie), None).await;
    assert!(taken.location.contains("sso_error="), "{}", taken.location);
    // Linking without being signed in is refused before the provider.
    let anonymous = send(&app, "GET", "/sso/gov-platform/start?link=1", None, None).await;
    assert!(anonymous.location.contains("sso_error=state"));
}
on_both_databases!(a_signed_in_person_links_a_platform_account_once);

async fn the_admin_configures_providers_and_the_form_is_checked(db: &TestDb) {
    let (_, app) = setup(db).await;
    let admin = common::sign_in_cookie(&app, "demo_admin", "Admin#2026x").await;
    let save = |input: Value| {
        let (app, admin) = (app.clone(), admin.clone());
        async move { call(&app, "POST", "/api/sso/save-provider", json!({"input": input}), Some(&admin)).await }
    };
    let bad = save(json!({"slug": "Bad Slug", "name": " ", "issuer_url": "ftp://x", "client_id": "", "client_secret": "", "enabled": true})).await;
    let fields: Vec<&str> =
        bad.body["Invalid"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["slug", "name", "issuer_url", "client_id"], "{:?}", bad.body);
    let no_secret =
        save(json!({"slug": "sx-gov", "name": "山西政府采购平台", "issuer_url": "https://sso.example.gov.cn",
        "client_id": "zhuanjia", "client_secret": "", "enabled": true}))
        .await;
    assert_eq!(no_secret.body["Invalid"][0]["field"], "client_secret");
    let saved = save(json!({"slug": "sx-gov", "name": "山西政府采购平台", "issuer_url": "https://sso.example.gov.cn/",
        "client_id": "zhuanjia", "client_secret": "s3cret", "enabled": false}))
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let list = call(&app, "GET", "/api/sso/providers", Value::Null, Some(&admin)).await;
    assert!(!list.body.to_string().contains("s3cret"), "the secret never goes back");
    let sx = list.body.as_array().unwrap().iter().find(|p| p["slug"] == "sx-gov").unwrap().clone();
    assert_eq!(sx["issuer_url"], "https://sso.example.gov.cn");
    // A disabled provider isn't offered, and its flow doesn't start.
    let choices = call(&app, "GET", "/api/sso/choices", Value::Null, None).await;
    assert_eq!(choices.body, json!([{"slug": "gov-platform", "name": "政务服务平台"}]));
    assert!(send(&app, "GET", "/sso/sx-gov/start", None, None).await.location.contains("sso_error=provider"));
}
on_both_databases!(the_admin_configures_providers_and_the_form_is_checked);
