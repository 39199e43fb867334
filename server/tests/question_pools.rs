//! Question pools (issue 18: no answer oracle) on both databases: a mock exam, unlimited and with its
//! score shown, draws only from the practice pool, so handing in one answer at a time can't sort a formal
//! question's options into right and wrong; a formal exam draws only from the formal pool. Before the fix
//! (3e42295) both drew from one bank. Imports go to the pool the exam office names.
mod common;

use app::accounts::ssr::{demo, users};
use app::exams::ssr::{attempts, confirm, exams};
use app::exams::types::ExamSettings;
use axum::http::StatusCode;
use common::{post_bytes, sign_in_cookie, TestDb};

async fn pools_of(db: &TestDb, attempt_id: i64) -> Vec<String> {
    let pools: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT q.pool FROM attempt_questions aq JOIN questions q ON q.id = aq.question_id \
         WHERE aq.attempt_id = $1",
    )
    .bind(attempt_id)
    .fetch_all(&db.state.db)
    .await
    .unwrap();
    pools.into_iter().map(|p| p.0).collect()
}

async fn a_mock_never_draws_a_formal_question(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let candidate = users::by_username(&state.db, "demo_candidate").await.unwrap().unwrap();
    let mock = exams::mine(state, &candidate).await.unwrap().into_iter().find(|e| e.kind == "mock").unwrap();
    confirm::complete(state, &candidate, mock.exam_id, confirm::Step::Agreement).await.unwrap();
    for _ in 0..5 {
        let attempt = attempts::begin(state, &candidate, mock.exam_id).await.unwrap();
        assert_eq!(pools_of(db, attempt).await, vec!["practice"]);
        app::exams::ssr::grade::hand_in(state, &candidate, attempt).await.unwrap();
    }
    let admin = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let mut settings = ExamSettings::formal_defaults("正式考试", state.now_ms());
    (settings.proctoring, settings.candidates) = (false, vec!["demo_candidate".into()]);
    let formal = exams::create(state, &admin, &settings).await.unwrap();
    confirm::complete(state, &candidate, formal, confirm::Step::Agreement).await.unwrap();
    let attempt = attempts::begin(state, &candidate, formal).await.unwrap();
    assert_eq!(pools_of(db, attempt).await, vec!["formal"]);

    // The office imports into the pool it names; a pool that doesn't exist is refused.
    let app = server::router::app(state.clone());
    let examiner = sign_in_cookie(&app, "demo_examiner", "Examiner#2026").await;
    let csv = "题型,题干,选项,答案\n单选,练习题一,甲|乙|丙|丁,A\n".as_bytes();
    let practice = "/api/exam-admin/questions/import?pool=practice";
    let (status, body) = post_bytes(&app, practice, Some(&examiner), csv).await;
    assert_eq!((status, body["imported"].as_i64()), (StatusCode::OK, Some(1)));
    let (pool,): (String,) =
        sqlx::query_as("SELECT pool FROM questions WHERE stem = '练习题一'").fetch_one(&state.db).await.unwrap();
    assert_eq!(pool, "practice");
    let (status, _) = post_bytes(&app, "/api/exam-admin/questions/import?pool=both", Some(&examiner), csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_databases!(a_mock_never_draws_a_formal_question);
