//! `kill -9` in the middle of a 200-candidate formal exam on PostgreSQL (issue 7), skipped without
//! `ZJ_TEST_POSTGRES_URL`. The server is killed while answers are being saved, then restarted beside a
//! second instance. Every answer the server acknowledged is in the database, the attempts resume on
//! either instance, and the deadline task, running on both, submits every attempt on time and once.
mod instances;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use instances::{call, sign_in, try_call, Fresh, Instance};
use serde_json::{json, Value};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const CANDIDATES: usize = 200;
/// Answers each candidate saves: 1,200 saves in all.
const SAVES_EACH: usize = 6;
/// Acknowledged saves before the kill.
const KILL_AFTER: usize = 500;
/// The deadline task's grace for saves in flight (exams/ssr/attempts.rs SAVE_GRACE_MS).
const SAVE_GRACE_MS: i64 = 5_000;
const SETTINGS: [(&str, &str); 2] =
    [("ZJ_ACCOUNTS__SIGN_IN_PER_IP_PER_MINUTE", "100000"), ("ZJ_DATABASE__MAX_CONNECTIONS", "16")];

/// One save: whose session, which attempt, which question.
#[derive(Clone)]
struct Save {
    cookie: String,
    attempt_id: i64,
    position: i64,
    kind: String,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

async fn save(http: &reqwest::Client, base: &str, job: &Save) -> Result<(), String> {
    let answer = if job.kind == "Fill" { json!({"Text": "答案"}) } else { json!({"Choices": [0]}) };
    let body = json!({"attempt_id": job.attempt_id, "position": job.position, "answer": answer, "revision": 1});
    // Any answer is an acknowledgement: `stored: false` means the server already had this revision
    // (a save that reached it just before the kill, sent again), which is what the exam page relies on.
    try_call(http, base, &job.cookie, "/api/exams/save", Some(body)).await.map(|_| ())
}

/// Runs `jobs` 16 at a time against `bases` in turn: the acknowledged ones and the failed ones.
async fn run_saves(
    http: &reqwest::Client,
    bases: &[String],
    jobs: Vec<Save>,
    acknowledged: &Arc<AtomicUsize>,
) -> (Vec<Save>, Vec<Save>) {
    let slots = Arc::new(Semaphore::new(16));
    let mut running = JoinSet::new();
    for (i, job) in jobs.into_iter().enumerate() {
        let (http, base, slots, acknowledged) =
            (http.clone(), bases[i % bases.len()].clone(), slots.clone(), acknowledged.clone());
        running.spawn(async move {
            let _slot = slots.acquire().await.unwrap();
            let outcome = save(&http, &base, &job).await;
            if outcome.is_ok() {
                acknowledged.fetch_add(1, Ordering::SeqCst);
            }
            (job, outcome.is_ok())
        });
    }
    let (mut done, mut failed) = (Vec::new(), Vec::new());
    while let Some(joined) = running.join_next().await {
        let (job, ok) = joined.unwrap();
        if ok {
            done.push(job)
        } else {
            failed.push(job)
        }
    }
    (done, failed)
}

/// Every candidate signs in, one formal exam ending `ends_in_secs` from now lists them all, and each
/// confirms the agreement, begins and loads the paper: the saves to make.
async fn start_exam(http: &reqwest::Client, on: &Instance, ends_in_secs: i64) -> Vec<Save> {
    let mut signing_in = JoinSet::new();
    let slots = Arc::new(Semaphore::new(8));
    for i in 1..=CANDIDATES {
        let (http, base, slots) = (http.clone(), on.base.clone(), slots.clone());
        signing_in.spawn(async move {
            let _slot = slots.acquire().await.unwrap();
            let username = format!("bench_{i:05}");
            let cookie = sign_in(&http, &base, &username, "Bench#2026pw").await;
            (username, cookie)
        });
    }
    let mut candidates = Vec::new();
    while let Some(joined) = signing_in.join_next().await {
        candidates.push(joined.unwrap());
    }
    let examiner = sign_in(http, &on.base, "demo_examiner", "Examiner#2026").await;
    // A one-minute formal exam that began (60 - ends_in_secs) s ago: it ends for everyone together.
    let names: Vec<&str> = candidates.iter().map(|(name, _)| name.as_str()).collect();
    let settings = json!({"title": "断电演练", "kind": "formal", "start_ms": now_ms() - (60 - ends_in_secs) * 1000,
        "duration_min": 1, "single_count": 20, "multiple_count": 10, "fill_count": 10, "single_points": 2,
        "multiple_points": 4, "fill_points": 2, "pass_mark": 60, "max_attempts": 1, "waiting_room_min": 45,
        "late_entry_min": 30, "switch_limit": 3, "verify_limit": 10, "proctoring": false, "show_result": true,
        "candidates": names});
    let exam = call(http, on, &examiner, "/api/exam-admin/create-exam", Some(json!({"settings": settings}))).await;
    let exam_id = exam.as_i64().unwrap();

    let mut beginning = JoinSet::new();
    for (_, cookie) in candidates {
        let (http, base, slots) = (http.clone(), on.base.clone(), slots.clone());
        beginning.spawn(async move {
            let _slot = slots.acquire().await.unwrap();
            let confirm = json!({"exam_id": exam_id, "step": "agreement"});
            try_call(&http, &base, &cookie, "/api/exams/confirm-step", Some(confirm)).await.unwrap();
            let begun = try_call(&http, &base, &cookie, "/api/exams/begin", Some(json!({"exam_id": exam_id})));
            let attempt_id = begun.await.unwrap().as_i64().unwrap();
            let paper = format!("/api/exams/paper?attempt_id={attempt_id}");
            let paper = try_call(&http, &base, &cookie, &paper, None).await.unwrap();
            let questions: Vec<Value> = paper["questions"].as_array().unwrap()[..SAVES_EACH].to_vec();
            questions
                .iter()
                .map(|q| Save {
                    cookie: cookie.clone(),
                    attempt_id,
                    position: q["position"].as_i64().unwrap(),
                    kind: q["kind"].as_str().unwrap().to_string(),
                })
                .collect::<Vec<_>>()
        });
    }
    let mut saves = Vec::new();
    while let Some(joined) = beginning.join_next().await {
        saves.extend(joined.unwrap());
    }
    saves
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_200_candidate_exam_loses_nothing_and_the_deadline_holds() {
    let Some(db) = Fresh::new().await else { return };
    db.seed_candidates(CANDIDATES);
    let first = db.start_with(&db.url, &SETTINGS).await;
    let http = reqwest::Client::new();
    let saves = start_exam(&http, &first, 50).await;
    assert_eq!(saves.len(), CANDIDATES * SAVES_EACH);

    // Saves against the first instance; SIGKILL once KILL_AFTER are acknowledged.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let victim = Arc::new(Mutex::new(Some(first)));
    let killer = {
        let (acknowledged, victim) = (acknowledged.clone(), victim.clone());
        tokio::spawn(async move {
            while acknowledged.load(Ordering::SeqCst) < KILL_AFTER {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            drop(victim.lock().unwrap().take());
        })
    };
    let base = victim.lock().unwrap().as_ref().unwrap().base.clone();
    let (before_kill, cut_off) = run_saves(&http, &[base], saves, &acknowledged).await;
    killer.await.unwrap();
    assert!(before_kill.len() >= KILL_AFTER && !cut_off.is_empty(), "the kill came in the middle of the saves");

    // Restarted, beside a second instance: the attempts resume on both.
    let restarted = db.start_with(&db.url, &SETTINGS).await;
    let second = db.start_with(&db.url, &SETTINGS).await;
    let bases = [restarted.base.clone(), second.base.clone()];
    let (after_restart, failed) = run_saves(&http, &bases, cut_off, &acknowledged).await;
    assert!(failed.is_empty(), "{} saves failed after the restart", failed.len());

    // Every acknowledged answer is in the database.
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let stored: Vec<(i64, i64)> =
        sqlx::query_as("SELECT attempt_id, position FROM attempt_answers").fetch_all(&pool).await.unwrap();
    let stored: std::collections::HashSet<(i64, i64)> = stored.into_iter().collect();
    for job in before_kill.iter().chain(&after_restart) {
        assert!(stored.contains(&(job.attempt_id, job.position)), "answer {}/{} lost", job.attempt_id, job.position);
    }
    assert_eq!(stored.len(), CANDIDATES * SAVES_EACH);

    // Nobody hands in: the deadline task of both instances submits every attempt, once, on time.
    let all_graded = "SELECT COUNT(*) FROM attempts WHERE status = 'submitted' AND outcome IS NOT NULL";
    for _ in 0..120 {
        let (graded,): (i64,) = sqlx::query_as(all_graded).fetch_one(&pool).await.unwrap();
        if graded as usize == CANDIDATES {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let attempts: Vec<(String, Option<String>, i64, Option<i64>)> =
        sqlx::query_as("SELECT status, submit_reason, deadline_ms, submitted_ms FROM attempts")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(attempts.len(), CANDIDATES);
    for (status, reason, deadline_ms, submitted_ms) in attempts {
        assert_eq!((status.as_str(), reason.as_deref()), ("submitted", Some("deadline")));
        let late_ms = submitted_ms.unwrap() - deadline_ms;
        assert!((SAVE_GRACE_MS..SAVE_GRACE_MS + 5_000).contains(&late_ms), "submitted {late_ms} ms after the deadline");
    }
    let (graded,): (i64,) = sqlx::query_as(all_graded).fetch_one(&pool).await.unwrap();
    assert_eq!(graded as usize, CANDIDATES, "every attempt graded");
    pool.close().await;
    drop((restarted, second));
    db.finish().await;
}
