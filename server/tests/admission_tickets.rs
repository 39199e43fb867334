//! Admission tickets (准考证, issue 19) on both databases: a paid registration has a ticket per subject
//! with its seat and is enrolled in each subject's linked exam (paid before or after the link); the PDF
//! only inside the print window the office opens and only for its holder; the public check.
mod common;

use app::accounts::ssr::users;
use app::admission::ssr::{check, link_exam, mine, pdf, set_print_window};
use app::admission::types::PrintWindowInput;
use app::error::AppError;
use app::exams::ssr::exams;
use app::exams::types::ExamSettings;
use app::registration::ssr::payments::orders::{self, Applied};
use common::registration::{candidate, confirmed, pay_at_bank, seeded};
use common::{refused_zh, TestDb};

const HOUR: i64 = 3_600_000;

async fn user(db: &TestDb, name: &str) -> users::UserRow {
    users::by_username(&db.state.db, name).await.unwrap().unwrap()
}

async fn enrolled(db: &TestDb, exam: i64, user_id: i64) -> bool {
    db.count(&format!("SELECT COUNT(*) FROM exam_candidates WHERE exam_id = {exam} AND user_id = {user_id}")).await == 1
}

async fn a_paid_registration_gets_tickets_seats_and_its_exams(db: &TestDb) {
    let d = seeded(db).await;
    let state = &db.state;
    let office = user(db, "demo_examiner").await;
    let mut settings = ExamSettings::formal_defaults("经济基础知识（中级）", state.now_ms() + 48 * HOUR);
    settings.candidates = vec![];
    let exam = exams::create(state, &office, &settings).await.unwrap();

    // Bad links: an unknown subject, a mock exam.
    let err = link_exam(state, &office, d.window, "9999", exam).await.unwrap_err();
    assert!(err.field_text("subject_code").is_some(), "{err:?}");
    let mut mock = ExamSettings::formal_defaults("模拟", state.now_ms());
    mock.kind = "mock".into();
    let mock_id = exams::create(state, &office, &mock).await.unwrap();
    assert!(link_exam(state, &office, d.window, "2101", mock_id).await.unwrap_err().field_text("exam_id").is_some());

    // Paid before the link: a ticket per subject, seat 1 of the site; the link enrols them.
    // With the verified face photo the ticket shows.
    let first = common::insert_user(state, "ticket_first", "110105199001000041", "13900000041").await;
    let pictures = app::identity::fixtures::make(&state.faces).unwrap();
    common::verify_with_face(state, &first, app::identity::fixtures::jpeg(&pictures.one_face)).await;
    let a = confirmed(db, &d, &first, d.big_site, true).await;
    let payment = pay_at_bank(db, &first, a).await;
    assert_eq!(orders::apply_payment(state, &payment, "notify").await.unwrap(), Applied::Paid);
    let tickets = mine(state, &first).await.unwrap();
    assert_eq!(tickets.len(), 2, "2101 and 2102");
    assert!(tickets.iter().all(|t| t.seat_no == 1 && !t.printable && t.print_from_ms.is_none()));
    assert_ne!(tickets[0].ticket_no, tickets[1].ticket_no);
    assert!(!enrolled(db, exam, first.id).await);
    assert_eq!(link_exam(state, &office, d.window, "2101", exam).await.unwrap(), 1);
    assert!(enrolled(db, exam, first.id).await);
    // Paid after the link: enrolled with the payment, the next seat.
    let second = candidate(db, "ticket_second", 42).await;
    let b = confirmed(db, &d, &second, d.big_site, true).await;
    let payment = pay_at_bank(db, &second, b).await;
    orders::apply_payment(state, &payment, "notify").await.unwrap();
    assert!(enrolled(db, exam, second.id).await);
    let theirs = mine(state, &second).await.unwrap();
    assert!(theirs.iter().all(|t| t.seat_no == 2), "{theirs:?}");
    let public = theirs.iter().find(|t| t.exam_title.is_some()).expect("the linked subject names its exam");
    assert_eq!(public.exam_start_ms, Some(settings.start_ms));

    // The PDF: not before the office opens printing, not before its start, not for someone else.
    let ticket = tickets[0].ticket_no.clone();
    assert!(refused_zh(&pdf(state, &first, &ticket).await.unwrap_err()).contains("尚未开放"));
    let now = state.now_ms();
    let window = PrintWindowInput { window_id: d.window, from_ms: now + HOUR, until_ms: now };
    assert!(set_print_window(state, &office, &window).await.unwrap_err().field_text("until_ms").is_some());
    let window = PrintWindowInput { window_id: d.window, from_ms: now + HOUR, until_ms: now + 24 * HOUR };
    set_print_window(state, &office, &window).await.unwrap();
    assert!(refused_zh(&pdf(state, &first, &ticket).await.unwrap_err()).contains("准考证打印时间为"));
    db.clock.advance_secs(2 * 3600);
    assert!(matches!(pdf(state, &second, &ticket).await.unwrap_err(), AppError::NotFound));
    let (content_type, name, bytes) = pdf(state, &first, &ticket).await.unwrap();
    assert_eq!((content_type.as_str(), name), ("application/pdf", format!("admission-ticket-{ticket}.pdf")));
    let text = pdf_text(&bytes);
    for expected in [ticket.as_str(), "准考证", "测试", "110105********0041", "沈阳市第一考点", "考生须知", "001"]
    {
        assert!(text.contains(expected), "{expected} not in the ticket: {text}");
    }
    assert!(mine(state, &first).await.unwrap().iter().all(|t| t.printable));
    db.clock.advance_secs(24 * 3600);
    assert!(refused_zh(&pdf(state, &first, &ticket).await.unwrap_err()).contains("已结束"));

    // The public check: the name masked; an unknown number is not found.
    let checked = check(state, &ticket).await.unwrap();
    assert_eq!((checked.holder_name_masked.as_str(), checked.seat_no), ("测*", 1));
    assert!(matches!(check(state, "2026000000000").await.unwrap_err(), AppError::NotFound));
}

/// The page text of a PDF, by pdftotext (poppler-utils, installed by scripts/setup).
fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("zj-ticket-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ticket.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext (scripts/setup)");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

on_both_databases!(a_paid_registration_gets_tickets_seats_and_its_exams);
