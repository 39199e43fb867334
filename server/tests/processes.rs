//! Real server processes on one PostgreSQL database (issue 7), skipped without `ZJ_TEST_POSTGRES_URL`:
//! - scale-out: two instances behave as one service. A session made on one is valid on the other, and an
//!   exam runs through both: confirmed on B, begun on A, answers saved alternately, handed in on A, the
//!   result read on B;
//! - a crash: `kill -9` in the middle of an exam loses no acknowledged answer, and the attempt resumes on
//!   the restarted server;
//! - rate limits: the per-address sign-in budget is one budget across instances, not one per instance;
//! - SIGTERM: requests in flight are answered, then the process exits cleanly.
mod instances;

use instances::{begin_mock, call, save, sign_in, try_sign_in, Fresh, DEMO_CANDIDATE};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exam_runs_through_two_instances_on_one_postgres_database() {
    let Some(db) = Fresh::new().await else { return };
    // A migrates and seeds the demo data; B starts on the same database afterwards.
    let a = db.start().await;
    let b = db.start().await;
    let http = reqwest::Client::new();
    // The session made on A is good on B.
    let cookie = sign_in(&http, &a.base, DEMO_CANDIDATE.0, DEMO_CANDIDATE.1).await;
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
    let cookie = sign_in(&http, &server.base, DEMO_CANDIDATE.0, DEMO_CANDIDATE.1).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_budget_of_an_address_is_shared_by_every_instance() {
    let Some(db) = Fresh::new().await else { return };
    let budget = [("ZJ_ACCOUNTS__SIGN_IN_PER_IP_PER_MINUTE", "4")];
    let a = db.start_with(&db.url, &budget).await;
    let b = db.start_with(&db.url, &budget).await;
    let http = reqwest::Client::new();
    // Unknown names, so no account's own lock gets in the way: only the address is counted.
    let mut answers = Vec::new();
    for i in 0..6 {
        let on = if i % 2 == 0 { &a } else { &b };
        let (_, body, _) = try_sign_in(&http, &on.base, &format!("nobody_{i}"), "Wrong#pass1").await;
        answers.push(body);
    }
    for body in &answers[..4] {
        assert!(body.contains("用户名或密码错误"), "{body}");
    }
    for body in &answers[4..] {
        assert!(body.contains("登录尝试过于频繁"), "the fifth and sixth attempt, on either instance: {body}");
    }
    drop((a, b));
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_the_requests_in_flight_and_exits_cleanly() {
    let Some(db) = Fresh::new().await else { return };
    let mut server = db.start().await;
    let http = reqwest::Client::new();
    // Sign-ins take an Argon2id hash each: some are in flight when the signal arrives.
    let in_flight: Vec<_> = (0..4)
        .map(|_| {
            let (http, base) = (http.clone(), server.base.clone());
            tokio::spawn(async move { try_sign_in(&http, &base, DEMO_CANDIDATE.0, DEMO_CANDIDATE.1).await })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    let status = tokio::task::block_in_place(|| server.terminate(std::time::Duration::from_secs(20)));
    assert_eq!(status.map(|s| s.code()), Some(Some(0)), "a clean exit, not killed by the signal");
    for request in in_flight {
        let (status, body, _) = request.await.unwrap();
        assert_eq!(status, 200, "answered in full before the exit: {body}");
    }
    drop(server);
    db.finish().await;
}
