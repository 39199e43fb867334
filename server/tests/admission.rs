//! The exam decides the application (issue 19, seed 004), on both databases: after the fourth approval
//! the applicant waits for the exam; the first formal exam after it decides once it has ended and its
//! results are out: a pass puts the expert in the pool, a fail (or an absence) ends the application as
//! not admitted, each told by SMS; a window without the exam admits at the fourth approval.
mod common;

use app::accounts::ssr::users::UserRow;
use app::applications::ssr::{admission, review, wizard};
use app::applications::types::{ReviewInput, SpecialtyDecision};
use app::exams::ssr::{confirm, exams, results};
use app::exams::types::ExamSettings;
use common::applications::{setup, submitted_application, user};
use common::TestDb;

/// The four stages approve both specialties of the application.
async fn approve_all(db: &TestDb, id: i64) {
    for n in 1..=4 {
        let reviewer = user(db, &format!("demo_reviewer{n}")).await;
        let input = ReviewInput {
            application_id: id,
            stage: n,
            decisions: ["A0101", "B0201"]
                .iter()
                .map(|code| SpecialtyDecision { code: (*code).into(), approve: true })
                .collect(),
            reopen: vec![],
            comment: "同意".into(),
        };
        review::decide(&db.state, &reviewer, &input).await.unwrap();
    }
}

/// A formal exam for `candidate` starting now with results published by the office; passed or not by
/// the pass mark (0 passes with no answers).
async fn sit_exam(db: &TestDb, candidate: &UserRow, pass_mark: i64) -> i64 {
    let state = &db.state;
    let office = user(db, "demo_examiner").await;
    let mut settings = ExamSettings::formal_defaults("专家征集考试", state.now_ms());
    settings.proctoring = false;
    settings.show_result = false;
    settings.pass_mark = pass_mark;
    settings.candidates = vec![candidate.username.clone()];
    let exam_id = exams::create(state, &office, &settings).await.unwrap();
    confirm::complete(state, candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt = app::exams::ssr::attempts::begin(state, candidate, exam_id).await.unwrap();
    app::exams::ssr::grade::hand_in(state, candidate, attempt).await.unwrap();
    exam_id
}

async fn status(db: &TestDb, candidate: &UserRow, id: i64) -> String {
    wizard::own(&db.state, candidate, id).await.unwrap().status
}

async fn a_pass_admits_once_the_results_are_out(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let id = submitted_application(db, window).await;
    approve_all(db, id).await;
    assert_eq!(status(db, &candidate, id).await, "approved");
    assert_eq!(admission::settle(state).await.unwrap(), 0, "no exam yet");

    let exam_id = sit_exam(db, &candidate, 0).await;
    assert_eq!(admission::settle(state).await.unwrap(), 0, "the exam hasn't ended");
    db.clock.advance_secs(61 * 60);
    assert_eq!(admission::settle(state).await.unwrap(), 0, "its results aren't out");
    let office = user(db, "demo_examiner").await;
    results::schedule(state, &office, exam_id, state.now_ms()).await.unwrap();
    let (a, b) = tokio::join!(admission::settle(state), admission::settle(state));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "decided once");
    assert_eq!(status(db, &candidate, id).await, "admitted");
    assert_eq!(db.count("SELECT COUNT(*) FROM expert_specialties").await, 2);
    assert!(db.last_sms(&candidate.phone).await.contains("本次专家申请结果：已入选综合评标专家库"));
}

async fn a_failed_exam_ends_the_application(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let id = submitted_application(db, window).await;
    approve_all(db, id).await;
    let mut settings = ExamSettings::formal_defaults("专家征集考试", state.now_ms());
    settings.show_result = true;
    settings.proctoring = false;
    settings.pass_mark = 10;
    settings.candidates = vec![candidate.username.clone()];
    // Listed but absent: the exam ends with no attempt, which is not a pass.
    exams::create(state, &user(db, "demo_examiner").await, &settings).await.unwrap();
    db.clock.advance_secs(61 * 60);
    assert_eq!(admission::settle(state).await.unwrap(), 1);
    assert_eq!(status(db, &candidate, id).await, "not_admitted");
    assert_eq!(db.count("SELECT COUNT(*) FROM experts").await, 0);
    assert!(db.last_sms(&candidate.phone).await.contains("本次专家申请结果：未能入库"));
}

async fn a_window_without_the_exam_admits_at_the_last_approval(db: &TestDb) {
    let window = setup(db).await;
    sqlx::query("UPDATE application_windows SET exam_required = 0").execute(&db.state.db).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    let id = submitted_application(db, window).await;
    approve_all(db, id).await;
    assert_eq!(status(db, &candidate, id).await, "admitted");
    assert_eq!(db.count("SELECT COUNT(*) FROM expert_specialties").await, 2);
    assert!(db.last_sms(&candidate.phone).await.contains("已入选综合评标专家库"));
}

on_both_databases!(
    a_pass_admits_once_the_results_are_out,
    a_failed_exam_ends_the_application,
    a_window_without_the_exam_admits_at_the_last_approval,
);
