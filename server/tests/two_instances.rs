//! Scale-out (issue 7): two server processes on one PostgreSQL database behave as one service. A session
//! made on one is valid on the other, and an exam runs through both: confirmed on B, begun on A, answers
//! saved alternately on A and B, handed in on A, the result read on B. Skipped without PostgreSQL
//! (`ZJ_TEST_POSTGRES_URL`).
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exam_runs_through_two_instances_on_one_postgres_database() {
    let Ok(admin_url) = std::env::var("ZJ_TEST_POSTGRES_URL") else {
        eprintln!("ZJ_TEST_POSTGRES_URL not set: the two-instance test is skipped");
        return;
    };
    let name = format!("zj_test_two_{}", rand::random::<u32>());
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    let database_url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    let files = std::env::temp_dir().join(&name);
    std::fs::create_dir_all(&files).unwrap();

    // A migrates and seeds the demo data; B starts on the same database afterwards.
    let a = start(&database_url, &files).await;
    let b = start(&database_url, &files).await;
    let http = reqwest::Client::new();
    let signed_in = http
        .post(format!("{}/api/auth/sign-in", a.base))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(
            json!({"input": {"identifier": "demo_candidate", "password": "Candidate#2026", "captcha": null}})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert!(signed_in.status().is_success());

    // The session made on A is good on B.
    let exams = call(&http, &b, &cookie, "/api/exams/mine", None).await;
    let mock = exams.as_array().unwrap().iter().find(|e| e["kind"] == "mock").expect("the demo mock exam");
    let exam_id = mock["exam_id"].as_i64().unwrap();
    call(&http, &b, &cookie, "/api/exams/confirm-step", Some(json!({"exam_id": exam_id, "step": "agreement"}))).await;
    let attempt_id =
        call(&http, &a, &cookie, "/api/exams/begin", Some(json!({"exam_id": exam_id}))).await.as_i64().unwrap();
    let paper = call(&http, &b, &cookie, &format!("/api/exams/paper?attempt_id={attempt_id}"), None).await;
    let questions = paper["questions"].as_array().unwrap().clone();
    assert!(!questions.is_empty());
    for (i, q) in questions.iter().enumerate() {
        let answer = if q["kind"] == "Fill" { json!({"Text": "答案"}) } else { json!({"Choices": [0]}) };
        let on = if i % 2 == 0 { &a } else { &b };
        let body = json!({"attempt_id": attempt_id, "position": q["position"], "answer": answer, "revision": 1});
        let saved = call(&http, on, &cookie, "/api/exams/save", Some(body)).await;
        assert_eq!(saved["stored"], true, "question {i} on {}", on.base);
    }
    // Every answer, whichever instance took it, is in the paper either instance serves.
    let again = call(&http, &a, &cookie, &format!("/api/exams/paper?attempt_id={attempt_id}"), None).await;
    assert_eq!(again["answers"].as_array().unwrap().len(), questions.len());
    call(&http, &a, &cookie, "/api/exams/hand-in", Some(json!({"attempt_id": attempt_id}))).await;
    let result = call(&http, &b, &cookie, &format!("/api/exams/result?attempt_id={attempt_id}"), None).await;
    assert_eq!(result["attempt_id"].as_i64(), Some(attempt_id));
    assert!(result["submitted_ms"].as_i64().unwrap() > 0);

    drop((a, b));
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await.unwrap();
    let _ = std::fs::remove_dir_all(&files);
}
