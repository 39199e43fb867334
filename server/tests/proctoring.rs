//! Proctoring (SPEC §7, seed 003) on both databases: snapshots counted with the face detector, the
//! anomalies recorded, three multi-person snapshots failing the attempt pending review.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{attempts, confirm, exams, grade, office, proctoring, review, snapshot_checks};
use app::exams::types::ExamSettings;
use app::identity::fixtures;
use common::{TestDb, START_MS};

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

async fn snapshots_record_anomalies_and_three_crowds_mean_review(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = user(db, "demo_examiner").await;
    let mut settings = ExamSettings::formal_defaults("监考考试", START_MS);
    settings.proctoring = false; // the confirmation steps are their own test; snapshots work the same
    settings.candidates = vec!["demo_candidate".into()];
    let exam_id = exams::create(state, &admin, &settings).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(state, &candidate, exam_id).await.unwrap();
    let pictures = fixtures::make(&state.faces).expect("fixtures");
    // Not proctored: no snapshots are taken (nor stored).
    let unproctored = proctoring::record_snapshot(state, &candidate, attempt_id, fixtures::jpeg(&pictures.one_face));
    assert_eq!(common::refused_zh(&unproctored.await.unwrap_err()), "本场考试不监考，无需上传抓拍");
    sqlx::query("UPDATE exams SET proctoring = 1 WHERE id = $1").bind(exam_id).execute(&state.db).await.unwrap();

    // Each upload is stored and queued at once; the checks run afterwards (the server's workers).
    let mut uploads = vec![fixtures::jpeg(&pictures.one_face), fixtures::jpeg(&pictures.no_face)];
    uploads.extend(std::iter::repeat_n(fixtures::jpeg(&pictures.several_faces), 3));
    for jpeg in uploads {
        proctoring::record_snapshot(state, &candidate, attempt_id, jpeg).await.unwrap();
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM snapshot_checks WHERE state = 'queued'").await, 5);
    assert_eq!(snapshot_checks::run_waiting(state).await.unwrap(), 5);
    let outcomes: Vec<(String,)> =
        sqlx::query_as("SELECT outcome FROM snapshot_checks ORDER BY id").fetch_all(&state.db).await.unwrap();
    // No verified ID photo for the demo candidate: the one-face snapshot can't be compared.
    let expected = ["unchecked", "no_face", "several", "several", "several"];
    assert_eq!(outcomes.into_iter().map(|o| o.0).collect::<Vec<_>>(), expected);
    proctoring::record_camera_off(state, &candidate, attempt_id).await.unwrap();
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM attempt_events WHERE attempt_id = $1 GROUP BY kind ORDER BY kind")
            .bind(attempt_id)
            .fetch_all(&state.db)
            .await
            .unwrap();
    let expected = [("anomaly_camera_off", 1), ("anomaly_multi_face", 3), ("anomaly_no_face", 1), ("snapshot", 5)];
    assert_eq!(kinds, expected.map(|(k, n)| (k.to_string(), n)));

    // Not a picture, or somebody else's attempt: refused.
    let html = b"<html>not a snapshot</html>".to_vec();
    assert!(matches!(
        proctoring::record_snapshot(state, &candidate, attempt_id, html).await,
        Err(AppError::Invalid(_))
    ));
    let other = user(db, "demo_support").await;
    let stranger = proctoring::record_snapshot(state, &other, attempt_id, fixtures::jpeg(&pictures.one_face)).await;
    assert_eq!(stranger.unwrap_err(), AppError::NotFound);

    let result = grade::hand_in(state, &candidate, attempt_id).await.unwrap();
    assert_eq!(result.outcome, "pending_review");
    let late = proctoring::record_snapshot(state, &candidate, attempt_id, fixtures::jpeg(&pictures.one_face)).await;
    assert!(matches!(late, Err(AppError::Refused(_))), "no snapshots after the hand-in");

    // The exam admin sees the attempt with its snapshots and decides, with a note.
    let listed = review::pending_reviews(state).await.unwrap();
    assert_eq!(listed.iter().map(|r| r.0).collect::<Vec<_>>(), vec![attempt_id]);
    let details = office::attempt_review(state, attempt_id).await.unwrap();
    assert_eq!(details.events.iter().filter(|e| e.has_photo).count(), 9, "5 snapshots + 4 anomalies with photos");
    assert_eq!(details.answers.len(), 40);
    let examiner = user(db, "demo_examiner").await;
    let err = review::decide_review(state, &examiner, attempt_id, false, " ").await.unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "a note is required");
    review::decide_review(state, &examiner, attempt_id, false, "多次出现多人画面").await.unwrap();
    assert_eq!(grade::result(state, &candidate, attempt_id).await.unwrap().outcome, "failed");
    let again = review::decide_review(state, &examiner, attempt_id, true, "再议").await.unwrap_err();
    assert_eq!(again, AppError::NotFound, "decided once");
}

async fn complaints_are_open_for_48_hours_and_answered_by_sms(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let mock = exams::mine(state, &candidate).await.unwrap().into_iter().find(|e| e.kind == "mock").unwrap();
    confirm::complete(state, &candidate, mock.exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(state, &candidate, mock.exam_id).await.unwrap();
    let refused = review::complain(state, &candidate, attempt_id, "题目有误").await.unwrap_err();
    assert_eq!(refused, AppError::refused("交卷后才能投诉", "You can complain once the paper is submitted"));
    grade::hand_in(state, &candidate, attempt_id).await.unwrap();
    let other = user(db, "demo_support").await;
    assert_eq!(review::complain(state, &other, attempt_id, "题目有误").await.unwrap_err(), AppError::NotFound);
    assert!(matches!(review::complain(state, &candidate, attempt_id, "  ").await, Err(AppError::Invalid(_))));
    let filed = review::complain(state, &candidate, attempt_id, "第3题答案有误").await.unwrap();
    assert_eq!(filed.status, "open");
    let twice = review::complain(state, &candidate, attempt_id, "再投诉").await.unwrap_err();
    assert!(matches!(twice, AppError::Refused(_)), "one open complaint at a time");
    let examiner = user(db, "demo_examiner").await;
    review::answer_complaint(state, &examiner, filed.complaint_id, "经复核，第3题答案无误").await.unwrap();
    let result = grade::result(state, &candidate, attempt_id).await.unwrap();
    assert_eq!(result.complaint.unwrap().answer.as_deref(), Some("经复核，第3题答案无误"));
    let (sms,): (String,) = sqlx::query_as("SELECT body FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1")
        .bind(&candidate.phone)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert!(sms.contains("经复核，第3题答案无误"), "{sms}");
    db.clock.advance_secs(48 * 3600 + 1);
    let late = review::complain(state, &candidate, attempt_id, "还有问题").await.unwrap_err();
    assert_eq!(late, AppError::refused("已超过48小时投诉期限，无法提交投诉", "The 48-hour complaint period is over"));
}

on_both_databases!(
    snapshots_record_anomalies_and_three_crowds_mean_review,
    complaints_are_open_for_48_hours_and_answered_by_sms,
);
