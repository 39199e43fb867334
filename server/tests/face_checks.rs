//! The exam's identity check (SPEC §7) on both databases: it follows the confirmation steps, needs a
//! verified identity, compares the live face with dlib's model, is counted, and a mismatch can be sent
//! to the exam office (去反馈). Without a model the pair goes to the exam office directly.
mod common;

use std::sync::Arc;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{confirm, exams, review};
use app::exams::types::ExamSettings;
use app::identity::fixtures::{self, jpeg};
use app::platform::face_match::{Comparison, FaceMatcher};
use app::platform::AppState;
use axum::http::StatusCode;
use common::{post_bytes, sign_in_cookie, TestDb, START_MS};
use serde_json::Value;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

/// A proctored formal exam for demo_candidate, with this many identity checks.
async fn proctored_exam(state: &AppState, verify_limit: i64) -> i64 {
    let admin = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let mut settings = ExamSettings::formal_defaults("监考考试", START_MS + 600_000);
    settings.candidates = vec!["demo_candidate".into()];
    settings.verify_limit = verify_limit;
    exams::create(state, &admin, &settings).await.unwrap()
}

fn verdict(reply: &(StatusCode, Value)) -> (StatusCode, Option<&str>, Option<bool>) {
    (reply.0, reply.1["outcome"].as_str(), reply.1["passed"].as_bool())
}

/// The model itself on the fixtures: the same face within the threshold, another person's beyond it,
/// and photos it can't describe.
#[test]
fn the_model_tells_people_apart() {
    let matcher = FaceMatcher::open(std::path::Path::new(&common::face_models_dir())).expect("face models");
    let pictures = fixtures::make(&app::identity::photo::FaceDetector::embedded()).expect("fixtures");
    let (one, other, none) = (jpeg(&pictures.one_face), jpeg(&pictures.other_face), jpeg(&pictures.no_face));
    match matcher.compare(&one, &one) {
        Comparison::Compared { distance, same_person } => assert!(same_person && distance < 0.1, "{distance}"),
        other => panic!("{other:?}"),
    }
    match matcher.compare(&one, &jpeg(&pictures.same_person_again)) {
        Comparison::Compared { distance, same_person } => assert!(same_person && distance < 0.5, "{distance}"),
        other => panic!("{other:?}"),
    }
    match matcher.compare(&one, &other) {
        Comparison::Compared { distance, same_person } => assert!(!same_person && distance > 0.7, "{distance}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(matcher.compare(&one, &none), Comparison::NoLiveFace);
    assert_eq!(matcher.compare(&none, &one), Comparison::NoReferenceFace);
    assert_eq!(matcher.compare(b"not an image", &one), Comparison::NoReferenceFace);
}

/// The steps come first, then a verified identity; the checks are counted; a mismatch fails and can be
/// sent to the exam office once, whose "same person" passes the identity check.
async fn face_checks_compare_count_and_can_be_sent_for_review(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let app = server::router::app(state.clone());
    let exam_id = proctored_exam(state, 4).await;
    let candidate = user(db, "demo_candidate").await;
    let cookie = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let pictures = fixtures::make(&state.faces).expect("fixtures");
    let (face, other) = (jpeg(&pictures.one_face), jpeg(&pictures.other_face));
    let path = format!("/api/exams/{exam_id}/face-check");
    let (_, body) = post_bytes(&app, &path, Some(&cookie), &face).await;
    assert_eq!(body["Refused"]["zh"], "请按顺序完成考前确认");
    for step in [confirm::Step::Agreement, confirm::Step::Camera, confirm::Step::Network] {
        confirm::complete(state, &candidate, exam_id, step).await.unwrap();
    }
    let (_, body) = post_bytes(&app, &path, Some(&cookie), &face).await;
    assert_eq!(body["Refused"]["zh"], "请先完成实名认证，再进行考前身份核验");
    common::verify_with_face(state, &candidate, face.clone()).await;
    // Nothing to send before a mismatch.
    let early = confirm::request_face_review(state, &candidate, exam_id).await.unwrap_err();
    assert!(matches!(&early, AppError::Refused(t) if t.zh.contains("人脸比对不一致")), "{early:?}");

    let reply = post_bytes(&app, &path, Some(&cookie), &jpeg(&pictures.no_face)).await;
    assert_eq!(verdict(&reply), (StatusCode::OK, Some("no_face"), Some(false)));
    let reply = post_bytes(&app, &path, Some(&cookie), &other).await;
    assert_eq!(verdict(&reply), (StatusCode::OK, Some("no_match"), Some(false)));
    assert_eq!(reply.1["reason"]["zh"], "人脸与实名认证照片不一致");
    assert!(!confirm::status(state, &candidate, exam_id).await.unwrap().identity_ok);

    // 去反馈: the mismatched pair goes to the exam office, once.
    confirm::request_face_review(state, &candidate, exam_id).await.unwrap();
    let again = confirm::request_face_review(state, &candidate, exam_id).await.unwrap_err();
    assert!(matches!(&again, AppError::Refused(t) if t.zh == "已提交人工复核，请等待考务人员处理"), "{again:?}");
    assert!(confirm::status(state, &candidate, exam_id).await.unwrap().review_pending);
    // … and lands in the candidate's tickets with both photos attached.
    let tickets = app::tickets::ssr::mine(state, &candidate).await.unwrap();
    assert_eq!(tickets.len(), 1, "one ticket for one 去反馈");
    assert_eq!((tickets[0].category.as_str(), tickets[0].status.as_str()), ("exam", "open"));
    let thread = app::tickets::ssr::thread(state, &candidate, tickets[0].id).await.unwrap();
    assert_eq!(thread.messages[0].files.len(), 2, "the live photo and the verified one");
    let (content_type, _, bytes) =
        app::tickets::ssr::file(state, &candidate, thread.messages[0].files[0].id).await.unwrap();
    assert_eq!((content_type.as_str(), bytes.starts_with(&[0xFF, 0xD8])), ("image/jpeg", true));
    let waiting = review::face_checks_to_review(state).await.unwrap();
    assert_eq!(waiting.len(), 1);
    let examiner = user(db, "demo_examiner").await;
    review::decide_face_check(state, &examiner, waiting[0].check_id, true).await.unwrap();
    assert_eq!(
        review::decide_face_check(state, &examiner, waiting[0].check_id, false).await.unwrap_err(),
        AppError::NotFound,
        "a pair is decided once"
    );
    let status = confirm::status(state, &candidate, exam_id).await.unwrap();
    assert!(status.identity_ok && !status.review_pending);
    assert!(db.last_sms(&candidate.phone).await.contains("确认为本人"));

    // The same face matches; then the [4] checks are used up.
    let reply = post_bytes(&app, &path, Some(&cookie), &face).await;
    assert_eq!(verdict(&reply), (StatusCode::OK, Some("match"), Some(true)));
    assert_eq!(reply.1["verify_used"], 3);
    post_bytes(&app, &path, Some(&cookie), &face).await;
    let (_, body) = post_bytes(&app, &path, Some(&cookie), &face).await;
    assert_eq!(body["Refused"]["zh"], "身份核验次数已用完（4次），请点击“去反馈”提交工单");
    assert_eq!(db.count("SELECT COUNT(*) FROM exam_face_checks").await, 4);
}

/// Without a model (another build, or no model files), the pair waits for the exam office, whose
/// "not the same person" holds the candidate's result for review.
async fn without_a_model_the_exam_office_compares(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let mut state = db.state.clone();
    state.face_matcher = Arc::new(tokio::sync::OnceCell::new_with(Some(None)));
    let exam_id = proctored_exam(&state, 10).await;
    let candidate = user(db, "demo_candidate").await;
    let pictures = fixtures::make(&state.faces).expect("fixtures");
    let face = jpeg(&pictures.one_face);
    for step in [confirm::Step::Agreement, confirm::Step::Camera, confirm::Step::Network] {
        confirm::complete(&state, &candidate, exam_id, step).await.unwrap();
    }
    common::verify_with_face(&state, &candidate, face.clone()).await;
    let result = confirm::face_check(&state, &candidate, exam_id, face).await.unwrap();
    assert_eq!((result.outcome.as_str(), result.passed), ("review", true));
    let waiting = review::face_checks_to_review(&state).await.unwrap();
    assert_eq!(waiting.len(), 1);
    let examiner = user(db, "demo_examiner").await;
    review::decide_face_check(&state, &examiner, waiting[0].check_id, false).await.unwrap();
    assert!(review::face_checks_to_review(&state).await.unwrap().is_empty());
    let (action,): (String,) =
        sqlx::query_as("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetch_one(&state.db).await.unwrap();
    assert_eq!(action, "exam_face_check_rejected");
}

on_both_databases!(face_checks_compare_count_and_can_be_sent_for_review, without_a_model_the_exam_office_compares);
