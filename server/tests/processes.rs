//! Real server processes on one PostgreSQL database (issue 7), skipped without `ZJ_TEST_POSTGRES_URL`:
//! - scale-out: two instances behave as one service. A session made on one is valid on the other, and an
//!   exam runs through both: confirmed on B, begun on A, answers saved alternately, handed in on A, the
//!   result read on B;
//! - a crash: `kill -9` in the middle of an exam loses no acknowledged answer, and the attempt resumes on
//!   the restarted server.
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

struct Instance {
    base: String,
    child: Child,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start(database_url: &str, files: &std::path::Path) -> Instance {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_zhuanjia"))
        .env("DATABASE_URL", database_url)
        .env("ZJ_SERVER__BIND", format!("127.0.0.1:{port}"))
        .env("ZJ_SERVER__DEMO_DATA", "true")
        .env("ZJ_SERVER__SITE_DIR", files)
        .env("ZJ_STORAGE__LOCAL_DIR", files)
        .env("ZJ_CONFIG", files.join("none.toml"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the zhuanjia binary");
    let instance = Instance { base: format!("http://127.0.0.1:{port}"), child };
    let http = reqwest::Client::new();
    for _ in 0..600 {
        if http.get(format!("{}/healthz", instance.base)).send().await.is_ok_and(|r| r.status().is_success()) {
            return instance;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} did not start", instance.base);
}

/// Calls a server function; the decoded answer, which must be a success.
async fn call(http: &reqwest::Client, on: &Instance, cookie: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{}{path}", on.base);
    let request = match body {
        Some(body) => http.post(url).header("content-type", "application/json").body(body.to_string()),
        None => http.get(url),
    };
    let response = request.header("accept", "application/json").header("cookie", cookie).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path} on {}: {status} {text}", on.base);
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A new database (dropped by [`Fresh::finish`]) and a folder for files.
struct Fresh {
    admin: sqlx::AnyPool,
    name: String,
    url: String,
    files: std::path::PathBuf,
}

impl Fresh {
    async fn new() -> Option<Fresh> {
        let Ok(admin_url) = std::env::var("ZJ_TEST_POSTGRES_URL") else {
            eprintln!("ZJ_TEST_POSTGRES_URL not set: the multi-process tests are skipped");
            return None;
        };
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&admin_url).await.unwrap();
        let name = format!("zj_test_proc_{}", rand::random::<u32>());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
        let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
        let files = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&files).unwrap();
        Some(Fresh { admin, name, url, files })
    }

    async fn start(&self) -> Instance {
        start(&self.url, &self.files).await
    }

    async fn finish(self) {
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&self.admin).await.unwrap();
        let _ = std::fs::remove_dir_all(&self.files);
    }
}

async fn sign_in(http: &reqwest::Client, on: &Instance) -> String {
    let signed_in = http
        .post(format!("{}/api/auth/sign-in", on.base))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(
            json!({"input": {"identifier": "demo_candidate", "password": "Candidate#2026", "captcha": null}})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success());
    signed_in.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}

/// The demo mock exam, confirmed and begun on `on`: (attempt id, its questions).
async fn begin_mock(http: &reqwest::Client, on: &Instance, confirm_on: &Instance, cookie: &str) -> (i64, Vec<Value>) {
    let exams = call(http, confirm_on, cookie, "/api/exams/mine", None).await;
    let mock = exams.as_array().unwrap().iter().find(|e| e["kind"] == "mock").expect("the demo mock exam");
    let exam_id = mock["exam_id"].as_i64().unwrap();
    call(http, confirm_on, cookie, "/api/exams/confirm-step", Some(json!({"exam_id": exam_id, "step": "agreement"})))
        .await;
    let attempt_id =
        call(http, on, cookie, "/api/exams/begin", Some(json!({"exam_id": exam_id}))).await.as_i64().unwrap();
    let paper = call(http, confirm_on, cookie, &format!("/api/exams/paper?attempt_id={attempt_id}"), None).await;
    (attempt_id, paper["questions"].as_array().unwrap().clone())
}

async fn save(http: &reqwest::Client, on: &Instance, cookie: &str, attempt_id: i64, q: &Value) {
    let answer = if q["kind"] == "Fill" { json!({"Text": "答案"}) } else { json!({"Choices": [0]}) };
    let body = json!({"attempt_id": attempt_id, "position": q["position"], "answer": answer, "revision": 1});
    let saved = call(http, on, cookie, "/api/exams/save", Some(body)).await;
    assert_eq!(saved["stored"], true, "question {} on {}", q["position"], on.base);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exam_runs_through_two_instances_on_one_postgres_database() {
    let Some(db) = Fresh::new().await else { return };
    // A migrates and seeds the demo data; B starts on the same database afterwards.
    let a = db.start().await;
    let b = db.start().await;
    let http = reqwest::Client::new();
    // The session made on A is good on B.
    let cookie = sign_in(&http, &a).await;
    let (attempt_id, questions) = begin_mock(&http, &a, &b, &cookie).await;
    assert!(!questions.is_empty());
    for (i, q) in questions.iter().enumerate() {
        save(&http, if i % 2 == 0 { &a } else { &b }, &cookie, attempt_id, q).await;
    }
    // Every answer, whichever instance took it, is in the paper either instance serves.
    let again = call(&http, &a, &cookie, &format!("/api/exams/paper?attempt_id={attempt_id}"), None).await;
    assert_eq!(again["answers"].as_array().unwrap().len(), questions.len());
    call(&http, &a, &cookie, "/api/exams/hand-in", Some(json!({"attempt_id": attempt_id}))).await;
    let result = call(&http, &b, &cookie, &format!("/api/exams/result?attempt_id={attempt_id}"), None).await;
    assert_eq!(result["attempt_id"].as_i64(), Some(attempt_id));
    assert!(result["submitted_ms"].as_i64().unwrap() > 0);
    drop((a, b));
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_in_the_middle_of_an_exam_loses_no_acknowledged_answer() {
    let Some(db) = Fresh::new().await else { return };
    let server = db.start().await;
    let http = reqwest::Client::new();
    let cookie = sign_in(&http, &server).await;
    let (attempt_id, questions) = begin_mock(&http, &server, &server, &cookie).await;
    let half = questions.len() / 2;
    for q in &questions[..half] {
        save(&http, &server, &cookie, attempt_id, q).await;
    }
    // SIGKILL: no shutdown, no flush.
    drop(server);
    let restarted = db.start().await;
    let paper = call(&http, &restarted, &cookie, &format!("/api/exams/paper?attempt_id={attempt_id}"), None).await;
    let kept: Vec<i64> = paper["answers"].as_array().unwrap().iter().map(|a| a["position"].as_i64().unwrap()).collect();
    let acknowledged: Vec<i64> = questions[..half].iter().map(|q| q["position"].as_i64().unwrap()).collect();
    assert_eq!(kept, acknowledged, "every acknowledged answer survives, and the session too");
    // The attempt resumes: the rest is answered and handed in.
    for q in &questions[half..] {
        save(&http, &restarted, &cookie, attempt_id, q).await;
    }
    call(&http, &restarted, &cookie, "/api/exams/hand-in", Some(json!({"attempt_id": attempt_id}))).await;
    drop(restarted);
    db.finish().await;
}
