//! Exam notices and the results the exam office publishes (issue 19), on both databases: candidates are
//! told when an exam is scheduled and the day before; results are hidden until published (the page says
//! when), never before the exam has ended, published once for everyone at the time set, each candidate
//! told by SMS once even with two instances publishing, and never published twice.
mod common;

use app::accounts::ssr::{demo, users};
use app::exams::ssr::{attempts, confirm, exams, grade, notices, results};
use app::exams::types::ExamSettings;
use common::{refused_zh, TestDb};

const HOUR_MS: i64 = 3_600_000;

async fn results_are_published_once_at_the_time_set(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let office = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let candidate = users::by_username(&state.db, "demo_candidate").await.unwrap().unwrap();
    let mut settings = ExamSettings::formal_defaults("征集考试", state.now_ms());
    settings.proctoring = false;
    settings.show_result = false;
    settings.candidates = vec![candidate.username.clone()];
    let exam_id = exams::create(state, &office, &settings).await.unwrap();
    let end_ms = state.now_ms() + settings.duration_min * 60_000;
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(state, &candidate, exam_id).await.unwrap();
    let hidden = grade::hand_in(state, &candidate, attempt_id).await.unwrap();
    assert_eq!((hidden.outcome.as_str(), hidden.score, hidden.results_publish_ms), ("hidden", None, None));

    // Not before the exam's end (others may still be answering), and only for exams that hide results.
    let early = results::schedule(state, &office, exam_id, end_ms - 60_000).await.unwrap_err();
    assert!(format!("{early:?}").contains("公布时间须在考试结束之后"), "{early:?}");
    let mut shown = ExamSettings::formal_defaults("即时出分", state.now_ms());
    shown.candidates = vec![candidate.username.clone()];
    let shown_id = exams::create(state, &office, &shown).await.unwrap();
    let refused = results::schedule(state, &office, shown_id, end_ms + HOUR_MS).await.unwrap_err();
    assert_eq!(refused_zh(&refused), "本场考试交卷后即显示成绩，无需公布");

    let at_ms = end_ms + HOUR_MS;
    results::schedule(state, &office, exam_id, at_ms).await.unwrap();
    let waiting = grade::result(state, &candidate, attempt_id).await.unwrap();
    assert_eq!((waiting.outcome.as_str(), waiting.results_publish_ms), ("hidden", Some(at_ms)), "the page says when");
    assert_eq!(results::publish_due(state).await.unwrap(), 0, "not yet");

    db.clock.advance_secs((at_ms - state.now_ms()) / 1000 + 1);
    // Two instances' deadline tasks at the same second: one publishes.
    let (a, b) = tokio::join!(results::publish_due(state), results::publish_due(state));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let published = grade::result(state, &candidate, attempt_id).await.unwrap();
    assert_eq!((published.outcome.as_str(), published.score), ("failed", Some(0)));
    let sms =
        format!("SELECT COUNT(*) FROM sms_outbox WHERE phone = '{}' AND body LIKE '%成绩已公布%'", candidate.phone);
    assert_eq!(db.count(&sms).await, 1, "told once");
    assert!(db.last_sms(&candidate.phone).await.contains("“征集考试”成绩已公布：不合格，得分0/"));

    let twice = results::schedule(state, &office, exam_id, at_ms + HOUR_MS).await.unwrap_err();
    assert_eq!(refused_zh(&twice), "本场考试成绩已公布，不能重复公布");
    let listed = results::to_publish(state).await.unwrap();
    assert_eq!(listed.iter().find(|r| r.exam_id == exam_id).and_then(|r| r.published_ms), Some(state.now_ms()));
}

async fn candidates_are_told_when_an_exam_is_scheduled_and_the_day_before(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let office = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let candidate = users::by_username(&state.db, "demo_candidate").await.unwrap().unwrap();
    let mut settings = ExamSettings::formal_defaults("续聘考试", state.now_ms() + 2 * 24 * HOUR_MS);
    settings.candidates = vec![candidate.username.clone()];
    let exam_id = exams::create(state, &office, &settings).await.unwrap();
    let notice = db.last_sms(&candidate.phone).await;
    assert!(notice.contains("您已被安排参加“续聘考试”，考试时间：2026-11-25 18:00（北京时间）"), "{notice}");
    assert!(notice.contains("http://127.0.0.1:3000/exams"), "{notice}");
    let mut mock = ExamSettings::formal_defaults("模拟练习", state.now_ms());
    mock.kind = "mock".into();
    exams::create(state, &office, &mock).await.unwrap();
    assert_eq!(db.last_sms(&candidate.phone).await, notice, "a mock exam is nobody's appointment");

    let reminded = format!("SELECT COUNT(*) FROM exams WHERE id = {exam_id} AND reminder_sent_ms IS NOT NULL");
    let reminders = "SELECT COUNT(*) FROM sms_outbox WHERE body LIKE '%提醒：“续聘考试”%'";
    notices::remind_due(state).await.unwrap();
    assert_eq!((db.count(&reminded).await, db.count(reminders).await), (0, 0), "two days before");
    db.clock.advance_secs(24 * 3600 + 60);
    let (a, b) = tokio::join!(notices::remind_due(state), notices::remind_due(state));
    assert!(a.unwrap() + b.unwrap() >= 1);
    assert_eq!((db.count(&reminded).await, db.count(reminders).await), (1, 1), "one reminder, whatever the instances");
    assert!(db.last_sms(&candidate.phone).await.starts_with("【专家服务平台】提醒：“续聘考试”将于2026-11-25 18:00"));
    notices::remind_due(state).await.unwrap();
    assert_eq!(db.count(reminders).await, 1);
}

on_both_databases!(
    results_are_published_once_at_the_time_set,
    candidates_are_told_when_an_exam_is_scheduled_and_the_day_before,
);
