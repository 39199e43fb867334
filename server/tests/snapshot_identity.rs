//! Identity on every proctoring snapshot (SPEC §7, seed 003) on both databases: snapshots are queued at
//! upload and compared with the verified ID photo by the workers; another person fails the attempt
//! pending review; the certificate waits for the last check; the queue survives a worker that died; a
//! long time without the camera means review; the exam office finds any attempt and overturns a pass.
mod common;

use std::sync::Arc;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{attempts, certificates, confirm, exams, grade, office, proctoring, snapshot_checks};
use app::exams::types::ExamSettings;
use app::identity::fixtures::{self, jpeg, Fixtures};
use app::platform::AppState;
use common::TestDb;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

/// demo_candidate, verified with the fixtures' face, in a new formal exam everyone passes (pass mark 0).
async fn candidate_in_exam(db: &TestDb, state: &AppState) -> (users::UserRow, i64, Fixtures) {
    demo::seed_if_empty(state).await.unwrap();
    let admin = user(db, "demo_examiner").await;
    let mut settings = ExamSettings::formal_defaults("监考考试", state.now_ms());
    // The confirmation steps have their own tests: proctoring is switched on once the attempt began.
    (settings.proctoring, settings.pass_mark, settings.candidates) = (false, 0, vec!["demo_candidate".into()]);
    let exam_id = exams::create(state, &admin, &settings).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    let pictures = fixtures::make(&state.faces).expect("fixtures");
    common::verify_with_face(state, &candidate, jpeg(&pictures.one_face)).await;
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(state, &candidate, exam_id).await.unwrap();
    // Proctored from here on (snapshots are taken only in proctored exams).
    sqlx::query("UPDATE exams SET proctoring = 1 WHERE id = $1").bind(exam_id).execute(&state.db).await.unwrap();
    (candidate, attempt_id, pictures)
}

async fn event_details(state: &AppState, attempt_id: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT kind, detail FROM attempt_events WHERE attempt_id = $1 ORDER BY id")
        .bind(attempt_id)
        .fetch_all(&state.db)
        .await
        .unwrap()
}

async fn outcome(state: &AppState, attempt_id: i64) -> String {
    let (outcome,): (String,) = sqlx::query_as("SELECT outcome FROM attempts WHERE id = $1")
        .bind(attempt_id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    outcome
}

/// Another person on one snapshot fails the attempt pending review, even when the check runs after the
/// hand-in; no certificate is issued meanwhile.
async fn another_person_fails_the_attempt_pending_review(db: &TestDb) {
    let state = &db.state;
    let (candidate, attempt_id, pictures) = candidate_in_exam(db, state).await;
    for picture in [&pictures.same_person_again, &pictures.other_face] {
        proctoring::record_snapshot(state, &candidate, attempt_id, jpeg(picture)).await.unwrap();
    }
    assert_eq!(grade::hand_in(state, &candidate, attempt_id).await.unwrap().outcome, "passed");
    assert!(certificates::mine(state, &candidate).await.unwrap().is_empty(), "the certificate waits for the checks");
    assert_eq!(snapshot_checks::run_waiting(state).await.unwrap(), 2);
    assert_eq!(outcome(state, attempt_id).await, "pending_review");
    assert!(certificates::mine(state, &candidate).await.unwrap().is_empty());
    let events = event_details(state, attempt_id).await;
    let same = events.iter().find(|(k, d)| k == "snapshot" && d.starts_with("same ")).expect("a same-person snapshot");
    let distance: f64 = same.1["same ".len()..].parse().unwrap();
    assert!(distance < 0.6, "{distance}");
    let other = events.iter().find(|(k, _)| k == "anomaly_other_person").expect("another person logged");
    assert!(other.1.starts_with("other 0."), "{other:?}");
    assert!(events.contains(&("pending_review".into(), "other_person=1".into())), "{events:?}");
    let review = office::attempt_review(state, attempt_id).await.unwrap();
    assert_eq!((review.other_person_count, review.has_verified_photo), (1, true));
    let (content_type, _, photo) = office::verified_photo(state, attempt_id).await.unwrap();
    assert_eq!((content_type.as_str(), photo.starts_with(&[0xFF, 0xD8])), ("image/jpeg", true));
}

/// The same person throughout: the pass gets its certificate once the last check ran. The office finds
/// the attempt and overturns the pass with a reason: failed, certificate revoked (/verify says why),
/// the candidate told by SMS, the decision audit-logged; bad input is refused.
async fn the_office_overturns_a_pass_and_the_certificate_is_revoked(db: &TestDb) {
    let state = &db.state;
    let (candidate, attempt_id, pictures) = candidate_in_exam(db, state).await;
    proctoring::record_snapshot(state, &candidate, attempt_id, jpeg(&pictures.one_face)).await.unwrap();
    grade::hand_in(state, &candidate, attempt_id).await.unwrap();
    snapshot_checks::run_waiting(state).await.unwrap();
    assert_eq!(outcome(state, attempt_id).await, "passed");
    let mine = certificates::mine(state, &candidate).await.unwrap();
    assert_eq!(mine.len(), 1, "issued after the last check");
    let serial = mine[0].serial.clone();

    let found = office::find_attempts(state, "demo_cand").await.unwrap();
    assert_eq!(found.iter().map(|a| a.attempt_id).collect::<Vec<_>>(), vec![attempt_id]);
    assert_eq!(found[0].outcome.as_deref(), Some("passed"));
    assert!(office::find_attempts(state, "无此人").await.unwrap().is_empty());
    assert!(matches!(office::find_attempts(state, &"长".repeat(51)).await, Err(AppError::Invalid(_))));

    let examiner = user(db, "demo_examiner").await;
    let blank = office::overturn_pass(state, &examiner, attempt_id, "  ").await.unwrap_err();
    assert!(matches!(blank, AppError::Invalid(_)), "a reason is required: {blank:?}");
    assert_eq!(office::overturn_pass(state, &examiner, 999_999, "替考").await.unwrap_err(), AppError::NotFound);
    office::overturn_pass(state, &examiner, attempt_id, "经核实为他人替考").await.unwrap();
    assert_eq!(outcome(state, attempt_id).await, "failed");
    let again = office::overturn_pass(state, &examiner, attempt_id, "再次撤销").await.unwrap_err();
    assert_eq!(common::refused_zh(&again), "只能撤销“合格”的考试结果");

    let verification = certificates::verify(state, &serial).await.unwrap();
    assert!(verification.genuine && verification.revoked_ms.is_some());
    assert_eq!(verification.revoked_reason.as_deref(), Some("经核实为他人替考"));
    assert_eq!(
        certificates::mine(state, &candidate).await.unwrap()[0].revoked_reason.as_deref(),
        Some("经核实为他人替考")
    );
    let pdf = certificates::pdf(state, &candidate, &serial).await.unwrap_err();
    assert_eq!(common::refused_zh(&pdf), "该证书已被撤销，不能下载");
    assert!(db.last_sms(&candidate.phone).await.contains("经核实为他人替考"));
    let (action, detail): (String, String) =
        sqlx::query_as("SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(action, "exam_pass_overturned");
    assert!(detail.contains("经核实为他人替考"), "{detail}");
    // Grading again (a crash recovery) leaves the office's decision alone.
    grade::grade(state, attempt_id).await.unwrap();
    assert_eq!(outcome(state, attempt_id).await, "failed");
}

/// A worker that took a check and died: the check is taken again once it is stale; a snapshot whose
/// file is gone is given to the office unchecked after three tries instead of blocking the queue.
async fn the_queue_resumes_after_a_worker_dies(db: &TestDb) {
    let state = &db.state;
    let (candidate, attempt_id, pictures) = candidate_in_exam(db, state).await;
    let first = proctoring::record_snapshot(state, &candidate, attempt_id, jpeg(&pictures.one_face)).await.unwrap();
    let claimed = snapshot_checks::claim(state).await.unwrap().expect("one check waits");
    assert_eq!(claimed.event_id, first.event_id);
    assert_eq!(snapshot_checks::run_waiting(state).await.unwrap(), 0, "taken by the worker that died");
    db.clock.advance_secs(state.settings.exams.snapshot_check_stale_secs + 1);
    assert_eq!(snapshot_checks::run_waiting(state).await.unwrap(), 1, "taken again after the restart");
    let (outcome, tries): (String, i64) =
        sqlx::query_as("SELECT outcome, tries FROM snapshot_checks WHERE event_id = $1")
            .bind(first.event_id)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!((outcome.as_str(), tries), ("same", 2));
    // The late worker's result is not written over the finished check.
    snapshot_checks::record(state, &claimed, snapshot_checks::Finding::NoFace).await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM snapshot_checks WHERE outcome = 'no_face'").await, 0);

    let lost = proctoring::record_snapshot(state, &candidate, attempt_id, jpeg(&pictures.one_face)).await.unwrap();
    sqlx::query("UPDATE snapshot_checks SET storage_key = 'snapshot/gone.jpg' WHERE event_id = $1")
        .bind(lost.event_id)
        .execute(&state.db)
        .await
        .unwrap();
    for _ in 0..3 {
        assert!(snapshot_checks::run_one(state).await.is_err(), "the file is gone");
        db.clock.advance_secs(state.settings.exams.snapshot_check_stale_secs + 1);
    }
    assert!(snapshot_checks::run_one(state).await.unwrap());
    let (outcome,): (String,) = sqlx::query_as("SELECT outcome FROM snapshot_checks WHERE event_id = $1")
        .bind(lost.event_id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(outcome, "unchecked");
}

/// Camera presence in a proctored exam: a snapshot more than the longest interval + 60 s after the last
/// one is logged as a silent camera, and [10] minutes without one fail the attempt pending review.
async fn ten_minutes_without_the_camera_mean_review(db: &TestDb) {
    let state = &db.state;
    let (candidate, attempt_id, pictures) = candidate_in_exam(db, state).await;
    let face = jpeg(&pictures.one_face);
    db.clock.advance_secs(120);
    proctoring::record_snapshot(state, &candidate, attempt_id, face.clone()).await.unwrap();
    db.clock.advance_secs(300);
    proctoring::record_snapshot(state, &candidate, attempt_id, face.clone()).await.unwrap();
    assert!(!event_details(state, attempt_id).await.iter().any(|(k, _)| k == "anomaly_camera_silent"));
    db.clock.advance_secs(500);
    proctoring::record_snapshot(state, &candidate, attempt_id, face.clone()).await.unwrap();
    let silent = event_details(state, attempt_id).await;
    assert!(silent.contains(&("anomaly_camera_silent".into(), "no snapshot for 500 s".into())), "{silent:?}");
    db.clock.advance_secs(30);
    snapshot_checks::run_waiting(state).await.unwrap();
    assert_eq!(grade::hand_in(state, &candidate, attempt_id).await.unwrap().outcome, "passed", "8 min 20 s at most");

    // The next attempt: its camera goes quiet for the last 11 minutes.
    let (candidate, attempt_id, _) = candidate_in_exam(db, state).await;
    proctoring::record_snapshot(state, &candidate, attempt_id, face).await.unwrap();
    snapshot_checks::run_waiting(state).await.unwrap();
    db.clock.advance_secs(11 * 60);
    assert_eq!(grade::hand_in(state, &candidate, attempt_id).await.unwrap().outcome, "pending_review");
    let events = event_details(state, attempt_id).await;
    assert!(events.contains(&("pending_review".into(), "camera_absent=660 s".into())), "{events:?}");
}

/// Without the model, a one-face snapshot is not called a match: the office looks at it.
async fn without_the_model_snapshots_are_left_to_the_office(db: &TestDb) {
    let mut state = db.state.clone();
    state.face_matcher = Arc::new(tokio::sync::OnceCell::new_with(Some(None)));
    let (candidate, attempt_id, pictures) = candidate_in_exam(db, &state).await;
    proctoring::record_snapshot(&state, &candidate, attempt_id, jpeg(&pictures.other_face)).await.unwrap();
    snapshot_checks::run_waiting(&state).await.unwrap();
    let events = event_details(&state, attempt_id).await;
    assert!(events.contains(&("snapshot".into(), "unchecked".into())), "{events:?}");
    assert_eq!(grade::hand_in(&state, &candidate, attempt_id).await.unwrap().outcome, "passed");
}

on_both_databases!(
    another_person_fails_the_attempt_pending_review,
    the_office_overturns_a_pass_and_the_certificate_is_revoked,
    the_queue_resumes_after_a_worker_dies,
    ten_minutes_without_the_camera_mean_review,
    without_the_model_snapshots_are_left_to_the_office,
);
