//! Certificates (SPEC §7) on both databases: issued once for a passed formal attempt (never for a mock
//! exam), listed for the holder, the PDF for the holder and staff only, the public verification.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{attempts, certificates, confirm, exams, grade};
use app::exams::types::ExamSettings;
use common::{TestDb, START_MS};

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

async fn a_pass_issues_one_certificate_that_verifies(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = user(db, "demo_examiner").await;
    let candidate = user(db, "demo_candidate").await;
    let mut settings = ExamSettings::formal_defaults("资格考试", START_MS);
    (settings.proctoring, settings.pass_mark, settings.candidates) = (false, 0, vec!["demo_candidate".into()]);
    let exam_id = exams::create(state, &admin, &settings).await.unwrap();
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(state, &candidate, exam_id).await.unwrap();
    assert_eq!(grade::hand_in(state, &candidate, attempt_id).await.unwrap().outcome, "passed");
    grade::grade(state, attempt_id).await.unwrap();
    let mine = certificates::mine(state, &candidate).await.unwrap();
    assert_eq!(mine.len(), 1, "issued once, even when graded again");
    let cert = &mine[0];
    assert_eq!((cert.holder_name.as_str(), cert.exam_title.as_str()), ("张三", "资格考试"));
    assert!(cert.id_number_masked.contains("********"));

    let verified = certificates::verify(state, &cert.serial).await.unwrap();
    assert!(verified.genuine);
    assert_eq!(verified.holder_name_masked.as_deref(), Some("张*"));
    let forged = certificates::verify(state, "ZJ2026-000001-DEADBEEF").await.unwrap();
    assert!(!forged.genuine && forged.holder_name_masked.is_none());

    let (content_type, _, pdf) = certificates::pdf(state, &candidate, &cert.serial).await.unwrap();
    assert_eq!(content_type, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a real PDF");
    assert!(pdf.len() < 1_000_000, "the CJK font is subset: {} bytes", pdf.len());
    certificates::pdf(state, &admin, &cert.serial).await.expect("the exam office may print it");
    let other = user(db, "demo_admin").await;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(other.id).execute(&state.db).await.unwrap();
    assert_eq!(certificates::pdf(state, &other, &cert.serial).await.unwrap_err(), AppError::NotFound);

    // Mock exams never issue certificates.
    let mock = exams::mine(state, &candidate).await.unwrap().into_iter().find(|e| e.kind == "mock").unwrap();
    confirm::complete(state, &candidate, mock.exam_id, confirm::Step::Agreement).await.unwrap();
    let practice = attempts::begin(state, &candidate, mock.exam_id).await.unwrap();
    grade::hand_in(state, &candidate, practice).await.unwrap();
    assert_eq!(certificates::mine(state, &candidate).await.unwrap().len(), 1);
}

on_both_databases!(a_pass_issues_one_certificate_that_verifies);
