//! The server's background tasks keep going past one bad row (issue 18), on both databases: an attempt
//! whose grading fails is logged and marked, and the attempts after it are still submitted and graded.
mod common;

use app::accounts::ssr::{demo, users};
use app::exams::ssr::{attempts, confirm, exams, grade};
use app::exams::types::ExamSettings;
use common::TestDb;

async fn a_poisoned_attempt_does_not_hold_back_the_others(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let first = users::by_username(&state.db, "demo_candidate").await.unwrap().unwrap();
    let second = common::insert_user(state, "second_candidate", "110101199203074517", "13900000077").await;
    common::mark_verified(state, second.id).await;
    let mut settings = ExamSettings::formal_defaults("到时交卷", state.now_ms());
    settings.proctoring = false;
    settings.candidates = vec![first.username.clone(), second.username.clone()];
    let exam_id = exams::create(state, &admin, &settings).await.unwrap();
    let mut ids = Vec::new();
    for candidate in [&first, &second] {
        confirm::complete(state, candidate, exam_id, confirm::Step::Agreement).await.unwrap();
        ids.push(attempts::begin(state, candidate, exam_id).await.unwrap());
    }
    // The first attempt's draw is corrupt: grading it fails.
    sqlx::query("UPDATE attempt_questions SET option_order = 'not json' WHERE attempt_id = $1")
        .bind(ids[0])
        .execute(&state.db)
        .await
        .unwrap();
    db.clock.advance_secs(61 * 60);
    assert_eq!(grade::submit_overdue(state).await.unwrap(), 2, "both closed at the deadline");
    let outcomes: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, outcome FROM attempts ORDER BY id").fetch_all(&state.db).await.unwrap();
    assert_eq!(outcomes[0], (ids[0], None), "the poisoned one stays ungraded");
    assert_eq!(outcomes[1].0, ids[1]);
    assert!(outcomes[1].1.is_some(), "the one after it is graded: {outcomes:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM attempt_events WHERE kind = 'grading_failed'").await, 1);
    db.clock.advance_secs(60);
    assert_eq!(grade::finish_ungraded(state).await.unwrap(), 0, "tried again, still failing, no error");
}

on_both_databases!(a_poisoned_attempt_does_not_hold_back_the_others);
