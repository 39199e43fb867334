//! Real `zhuanjia` processes on a fresh PostgreSQL database, for the scale-out and fault tests (issue 7).
//! Each test file that uses this is skipped without `ZJ_TEST_POSTGRES_URL`.
#![allow(dead_code)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

/// A running server; killed with SIGKILL when dropped (no shutdown, no flush).
pub struct Instance {
    pub base: String,
    child: Child,
}

impl Instance {
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGTERM (as systemd or a container runtime does) and waits up to `within` for the exit.
    pub fn terminate(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A new database (dropped by [`Fresh::finish`]) and a folder for files.
pub struct Fresh {
    pub admin: sqlx::AnyPool,
    pub name: String,
    pub url: String,
    pub files: std::path::PathBuf,
}

impl Fresh {
    pub async fn new() -> Option<Fresh> {
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

    pub async fn start(&self) -> Instance {
        self.start_with(&self.url, &[]).await
    }

    /// An instance on `database_url` (this database, or a proxy in front of it) with extra settings.
    pub async fn start_with(&self, database_url: &str, settings: &[(&str, &str)]) -> Instance {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_zhuanjia"));
        command
            .env("DATABASE_URL", database_url)
            .env("ZJ_SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("ZJ_SERVER__DEMO_DATA", "true")
            .env("ZJ_SERVER__SITE_DIR", &self.files)
            .env("ZJ_STORAGE__LOCAL_DIR", &self.files)
            .env("ZJ_CONFIG", self.files.join("none.toml"))
            .env("RUST_LOG", "warn");
        // ZJ_TEST_SERVER_LOGS=1 shows the servers' logs when a test needs explaining.
        if std::env::var_os("ZJ_TEST_SERVER_LOGS").is_none() {
            command.stdout(Stdio::null());
        }
        for (key, value) in settings {
            command.env(key, value);
        }
        let instance = Instance { base: format!("http://127.0.0.1:{port}"), child: command.spawn().unwrap() };
        let http = reqwest::Client::new();
        for _ in 0..600 {
            if http.get(format!("{}/healthz", instance.base)).send().await.is_ok_and(|r| r.status().is_success()) {
                return instance;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} did not start", instance.base);
    }

    /// Runs `seed-bench`: candidates `bench_00001`..`bench_<count>` (password `Bench#2026pw`) and the demo data.
    pub fn seed_candidates(&self, count: usize) {
        let status = Command::new(env!("CARGO_BIN_EXE_seed-bench"))
            .arg(count.to_string())
            .env("DATABASE_URL", &self.url)
            .env("ZJ_CONFIG", self.files.join("none.toml"))
            .env("ZJ_STORAGE__LOCAL_DIR", &self.files)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "seed-bench {count}");
    }

    pub async fn finish(self) {
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&self.admin).await.unwrap();
        let _ = std::fs::remove_dir_all(&self.files);
    }
}

/// Calls a server function: the decoded answer, or the status and body of a refusal or a failure to connect.
pub async fn try_call(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    path: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let url = format!("{base}{path}");
    let request = match body {
        Some(body) => http.post(url).header("content-type", "application/json").body(body.to_string()),
        None => http.get(url),
    };
    let response = request
        .header("accept", "application/json")
        .header("cookie", cookie)
        .send()
        .await
        .map_err(|e| format!("not sent: {e}"))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| format!("no body: {e}"))?;
    if !status.is_success() {
        return Err(format!("{status} {text}"));
    }
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Calls a server function that must succeed.
pub async fn call(http: &reqwest::Client, on: &Instance, cookie: &str, path: &str, body: Option<Value>) -> Value {
    match try_call(http, &on.base, cookie, path, body).await {
        Ok(value) => value,
        Err(err) => panic!("{path} on {}: {err}", on.base),
    }
}

/// Signs in: the answer, and the session cookie when it succeeded.
pub async fn try_sign_in(
    http: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
) -> (reqwest::StatusCode, String, Option<String>) {
    let response = http
        .post(format!("{base}/api/auth/sign-in"))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(json!({"input": {"identifier": username, "password": password, "captcha": null}}).to_string())
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .map(str::to_string);
    let status = response.status();
    (status, response.text().await.unwrap(), cookie)
}

/// Signs in a user who must get in: the session cookie.
pub async fn sign_in(http: &reqwest::Client, base: &str, username: &str, password: &str) -> String {
    let (status, body, cookie) = try_sign_in(http, base, username, password).await;
    assert!(status.is_success(), "{username} on {base}: {status} {body}");
    cookie.expect("a session cookie")
}

pub const DEMO_CANDIDATE: (&str, &str) = ("demo_candidate", "Candidate#2026");

/// The demo mock exam, confirmed and begun on `on`: (attempt id, its questions).
pub async fn begin_mock(
    http: &reqwest::Client,
    on: &Instance,
    confirm_on: &Instance,
    cookie: &str,
) -> (i64, Vec<Value>) {
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

pub async fn save(http: &reqwest::Client, on: &Instance, cookie: &str, attempt_id: i64, q: &Value) {
    let answer = if q["kind"] == "Fill" { json!({"Text": "答案"}) } else { json!({"Choices": [0]}) };
    let body = json!({"attempt_id": attempt_id, "position": q["position"], "answer": answer, "revision": 1});
    let saved = call(http, on, cookie, "/api/exams/save", Some(body)).await;
    assert_eq!(saved["stored"], true, "question {} on {}", q["position"], on.base);
}
