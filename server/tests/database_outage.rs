//! PostgreSQL restarted under load (issue 7), skipped without `ZJ_TEST_POSTGRES_URL`. The server reaches
//! the database through a TCP proxy that the test "restarts": every open connection is cut and new ones
//! are refused for a few seconds, which is what a server sees of a database restart or failover, without
//! restarting the machine's PostgreSQL under the other tests. While it is down, requests fail quickly
//! and cleanly ("Unavailable", retried by the exam page); once it is back, the same server process
//! answers again, and no acknowledged answer is lost.
mod instances;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use instances::{begin_mock, sign_in, try_call, Fresh, DEMO_CANDIDATE};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Requests wait this long for a connection, then are answered "unavailable".
const ACQUIRE_TIMEOUT_SECS: u64 = 2;
const OUTAGE: Duration = Duration::from_secs(4);
const WORKERS: usize = 4;

struct DbProxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
}

impl DbProxy {
    async fn start(upstream: String) -> DbProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = watch::channel(0u64);
        let (accepting, cuts) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let mut cut_now = cuts.subscribe();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&upstream).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut_now.changed() => {}
                    }
                });
            }
        });
        DbProxy { port, up, cut }
    }

    fn go_down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|generation| *generation += 1);
    }

    fn come_back(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// One save of the load: when it was sent, how long it took, and the answer (or the error's body).
struct Sent {
    at: Instant,
    took: Duration,
    position: i64,
    revision: i64,
    outcome: Result<(), String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_restart_under_load_fails_requests_cleanly_and_recovers_by_itself() {
    let Some(db) = Fresh::new().await else { return };
    // postgres://user@host:port/name → the proxy's address in place of host:port.
    let (head, tail) = db.url.split_once('@').unwrap();
    let (upstream, name) = tail.split_once('/').unwrap();
    let proxy = DbProxy::start(upstream.to_string()).await;
    let through_proxy = format!("{head}@127.0.0.1:{}/{name}", proxy.port);
    let timeout = ACQUIRE_TIMEOUT_SECS.to_string();
    let mut server = db.start_with(&through_proxy, &[("ZJ_DATABASE__ACQUIRE_TIMEOUT_SECS", &timeout)]).await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let cookie = sign_in(&http, &server.base, DEMO_CANDIDATE.0, DEMO_CANDIDATE.1).await;
    let (attempt_id, questions) = begin_mock(&http, &server, &server, &cookie).await;

    // The load: each worker keeps re-answering its own questions with rising revisions.
    let sent = Arc::new(Mutex::new(Vec::<Sent>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for worker in 0..WORKERS {
        let positions: Vec<i64> =
            questions.iter().skip(worker).step_by(WORKERS).map(|q| q["position"].as_i64().unwrap()).collect();
        let kinds: Vec<bool> = questions.iter().skip(worker).step_by(WORKERS).map(|q| q["kind"] == "Fill").collect();
        let (http, base, cookie, sent, stop) =
            (http.clone(), server.base.clone(), cookie.clone(), sent.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            for revision in 1.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let i = revision as usize % positions.len();
                let answer =
                    if kinds[i] { json!({"Text": format!("第{revision}稿")}) } else { json!({"Choices": [0]}) };
                let body =
                    json!({"attempt_id": attempt_id, "position": positions[i], "answer": answer, "revision": revision});
                let at = Instant::now();
                let outcome = try_call(&http, &base, &cookie, "/api/exams/save", Some(body)).await.map(|_| ());
                let took = at.elapsed();
                sent.lock().unwrap().push(Sent { at, took, position: positions[i], revision, outcome });
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let went_down = Instant::now();
    proxy.go_down();
    tokio::time::sleep(OUTAGE).await;
    let came_back = Instant::now();
    proxy.come_back();
    tokio::time::sleep(Duration::from_secs(8)).await;
    stop.store(true, Ordering::SeqCst);
    for worker in workers {
        worker.await.unwrap();
    }

    let sent = std::mem::take(&mut *sent.lock().unwrap());
    let failed: Vec<&Sent> = sent.iter().filter(|s| s.outcome.is_err()).collect();
    assert!(!failed.is_empty(), "the outage was felt");
    for s in &failed {
        let error = s.outcome.as_ref().unwrap_err();
        assert!(error.contains("Unavailable"), "a clean, retryable refusal: {error}");
        assert!(
            s.at + s.took >= went_down && s.at < came_back + Duration::from_secs(ACQUIRE_TIMEOUT_SECS + 1),
            "{error}"
        );
    }
    let slowest = sent.iter().map(|s| s.took).max().unwrap();
    assert!(slowest < Duration::from_secs(ACQUIRE_TIMEOUT_SECS + 2), "nothing hangs: slowest {slowest:?}");
    let recovered = sent.iter().find(|s| s.at >= came_back && s.outcome.is_ok()).expect("saves succeed again");
    assert!(recovered.at - came_back < Duration::from_secs(ACQUIRE_TIMEOUT_SECS + 2), "recovered without a restart");
    assert!(sent.iter().rev().take(WORKERS * 10).all(|s| s.outcome.is_ok()), "steady again at the end");
    assert!(server.is_running(), "the same server process throughout");

    // Every acknowledged revision (or a newer one) is stored.
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let stored: HashMap<i64, i64> =
        sqlx::query_as::<_, (i64, i64)>("SELECT position, revision FROM attempt_answers WHERE attempt_id = $1")
            .bind(attempt_id)
            .fetch_all(&pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    for s in sent.iter().filter(|s| s.outcome.is_ok()) {
        assert!(stored.get(&s.position).is_some_and(|&r| r >= s.revision), "revision {} of {}", s.revision, s.position);
    }
    pool.close().await;
    drop(server);
    db.finish().await;
}
