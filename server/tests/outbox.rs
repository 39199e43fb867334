//! The transactional SMS outbox (issue 18), on both databases: a decision and its message commit
//! together or not at all, and the sender delivers each message once, tries a failed one again a
//! minute later and gives up after its tries. Failure is injected by dropping the audit table, the
//! last write of each decision (before, the earlier writes and the SMS were already committed: on
//! b30950a an appeal approved with its audit failing changed the password and sent no SMS).
mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{confirm, exams, review};
use app::exams::types::ExamSettings;
use app::identity::fixtures::{self, jpeg};
use app::platform::sms::{Sms, SmsGateway, MAX_TRIES};
use async_trait::async_trait;
use common::{TestDb, START_MS};

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

async fn password_hash(db: &TestDb, user_id: i64) -> String {
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    hash
}

async fn break_the_audit_log(db: &TestDb) {
    sqlx::query("DROP TABLE audit_log").execute(&db.state.db).await.unwrap();
}

/// A pending appeal of demo_candidate for a new phone, straight in the database.
async fn pending_appeal(db: &TestDb, new_phone: &str) -> i64 {
    let candidate = user(db, "demo_candidate").await;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO account_appeals (user_id, new_phone, description, status, created_ms, submitted_ms) \
         VALUES ($1, $2, '原手机号已停用', 'pending', $3, $3) RETURNING id",
    )
    .bind(candidate.id)
    .bind(new_phone)
    .bind(START_MS)
    .fetch_one(&db.state.db)
    .await
    .unwrap();
    id
}

async fn decisions_that_fail_half_way_change_nothing_and_send_nothing(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let mut state = db.state.clone();
    let support = user(db, "demo_support").await;
    let examiner = user(db, "demo_examiner").await;
    let candidate = user(db, "demo_candidate").await;
    let appeal_id = pending_appeal(db, "13912340001").await;
    // A face check the office must decide (no model: it waits for a person).
    state.face_matcher = Arc::new(tokio::sync::OnceCell::new_with(Some(None)));
    let mut settings = ExamSettings::formal_defaults("监考考试", START_MS + 600_000);
    settings.candidates = vec![candidate.username.clone()];
    let exam_id = exams::create(&state, &examiner, &settings).await.unwrap();
    for step in [confirm::Step::Agreement, confirm::Step::Camera, confirm::Step::Network] {
        confirm::complete(&state, &candidate, exam_id, step).await.unwrap();
    }
    let face = jpeg(&fixtures::make(&state.faces).expect("fixtures").one_face);
    common::verify_with_face(&state, &candidate, face.clone()).await;
    confirm::face_check(&state, &candidate, exam_id, face).await.unwrap();
    let check_id = review::face_checks_to_review(&state).await.unwrap()[0].check_id;
    let hash_before = password_hash(db, candidate.id).await;
    let messages_before = db.count("SELECT COUNT(*) FROM sms_outbox").await;

    break_the_audit_log(db).await;
    let approve = app::appeals::ssr::decide(&state, &support, appeal_id, true, "").await;
    assert!(matches!(approve, Err(AppError::Internal { .. })), "{approve:?}");
    let (status,): (String,) = sqlx::query_as("SELECT status FROM account_appeals WHERE id = $1")
        .bind(appeal_id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(status, "pending", "the appeal can be decided again");
    assert_eq!(password_hash(db, candidate.id).await, hash_before, "no password without its SMS");

    assert!(app::support::ssr::reset_password(&state, &support, candidate.id).await.is_err());
    assert_eq!(password_hash(db, candidate.id).await, hash_before);

    assert!(review::decide_face_check(&state, &examiner, check_id, false).await.is_err());
    let (outcome,): (String,) = sqlx::query_as("SELECT outcome FROM exam_face_checks WHERE id = $1")
        .bind(check_id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(outcome, "review", "still waiting for the office");
    assert_eq!(db.count("SELECT COUNT(*) FROM sms_outbox").await, messages_before, "and no message left");
}

/// Delivers to a map of phone → deliveries; phones in `failing` fail that many times first.
#[derive(Default)]
struct RecordingGateway {
    delivered: Mutex<HashMap<String, usize>>,
    failing: Mutex<HashMap<String, usize>>,
}

#[async_trait]
impl SmsGateway for RecordingGateway {
    async fn deliver(&self, phone: &str, _body: &str) -> Result<(), AppError> {
        if let Some(left) = self.failing.lock().unwrap().get_mut(phone).filter(|left| **left > 0) {
            *left -= 1;
            return Err(AppError::internal("gateway down"));
        }
        tokio::task::yield_now().await;
        *self.delivered.lock().unwrap().entry(phone.to_string()).or_default() += 1;
        Ok(())
    }
}

async fn the_sender_delivers_once_retries_and_gives_up(db: &TestDb) {
    let gateway = Arc::new(RecordingGateway::default());
    gateway.failing.lock().unwrap().insert("13900000002".into(), 1);
    gateway.failing.lock().unwrap().insert("13900000003".into(), usize::MAX);
    let sms = Arc::new(Sms::new(db.state.db.clone(), gateway.clone()));
    let now = db.state.now_ms();
    for i in 0..20 {
        sms.send(&format!("139000001{i:02}"), "【专家服务平台】测试", now).await.unwrap();
    }
    sms.send("13900000002", "fails once", now).await.unwrap();
    sms.send("13900000003", "never goes", now).await.unwrap();
    // Three senders at once (three instances): each message is claimed by one of them.
    let senders: Vec<_> = (0..3)
        .map(|_| {
            let sms = sms.clone();
            tokio::spawn(async move { sms.deliver_waiting(now).await.unwrap() })
        })
        .collect();
    let mut tried = 0;
    for sender in senders {
        tried += sender.await.unwrap();
    }
    assert_eq!(tried, 22, "every message tried once");
    let delivered = gateway.delivered.lock().unwrap().clone();
    assert_eq!(delivered.len(), 20);
    assert!(delivered.values().all(|&n| n == 1), "{delivered:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM sms_outbox WHERE sent_ms IS NULL").await, 2);

    // Within the minute nothing is tried again; after it, the failed ones are.
    assert_eq!(sms.deliver_waiting(now + 30_000).await.unwrap(), 0);
    let mut later = now;
    for _ in 1..MAX_TRIES {
        later += 61_000;
        assert_eq!(sms.deliver_waiting(later).await.unwrap(), if later == now + 61_000 { 2 } else { 1 });
    }
    assert_eq!(gateway.delivered.lock().unwrap().get("13900000002"), Some(&1), "delivered on its second try");
    assert_eq!(sms.deliver_waiting(later + 61_000).await.unwrap(), 0, "given up after {MAX_TRIES} tries");
    let (tries,): (i64,) = sqlx::query_as("SELECT tries FROM sms_outbox WHERE phone = '13900000003'")
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    assert_eq!(tries, MAX_TRIES);
}

on_both_databases!(
    decisions_that_fail_half_way_change_nothing_and_send_nothing,
    the_sender_delivers_once_retries_and_gives_up
);
