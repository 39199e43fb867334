//! Tickets (SPEC §8) on both databases: the form's rules, attachments that belong to their uploader, the
//! round trip with support (SMS on an answer), closing, and that nobody else sees a ticket.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::tickets::ssr;
use app::tickets::types::TicketInput;
use common::{call, post_bytes, sign_in_cookie, TestDb};
use serde_json::json;

/// A real 1×1 PNG (its zlib checksum right too): uploads are decoded, not only sniffed.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x56, 0xc7, 0x2f,
    0x0d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

fn input(file_ids: Vec<i64>) -> TicketInput {
    TicketInput {
        category: "account".into(),
        subject: "无法修改手机号".into(),
        body: "提示一年内只能修改一次，但我从未修改过。".into(),
        file_ids,
        application_id: None,
        attempt_id: None,
    }
}

async fn a_ticket_is_checked_and_answered_with_an_sms(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    let support = user(db, "demo_support").await;
    let bad = TicketInput {
        category: "billing".into(),
        subject: "x".into(),
        body: " ".into(),
        file_ids: vec![1, 2, 3, 4, 5, 6],
        ..input(vec![])
    };
    let err = ssr::open(&db.state, &candidate, &bad).await.unwrap_err();
    for field in ["category", "subject", "body", "file"] {
        assert!(err.field_text(field).is_some(), "{field}: {err:?}");
    }
    let err = ssr::upload(&db.state, &candidate, b"MZ\x90\x00 not a picture".to_vec()).await.unwrap_err();
    assert!(err.field_text("file").is_some());
    // Someone else's upload can't be attached; nor can someone else's application be linked.
    let other_file = ssr::upload(&db.state, &support, PNG.to_vec()).await.unwrap();
    let err = ssr::open(&db.state, &candidate, &input(vec![other_file.id])).await.unwrap_err();
    assert!(err.field_text("file").is_some(), "{err:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM tickets").await, 0, "nothing half-written");
    let err = ssr::open(&db.state, &candidate, &TicketInput { application_id: Some(999), ..input(vec![]) })
        .await
        .unwrap_err();
    assert!(err.field_text("application_id").is_some());

    let file = ssr::upload(&db.state, &candidate, PNG.to_vec()).await.unwrap();
    let id = ssr::open(&db.state, &candidate, &input(vec![file.id])).await.unwrap();
    let err = ssr::open(&db.state, &candidate, &input(vec![file.id])).await.unwrap_err();
    assert!(err.field_text("file").is_some(), "a sent file is not sent again");

    ssr::reply(&db.state, &support, id, "已为您核实，请重新尝试。", &[]).await.unwrap();
    let thread = ssr::thread(&db.state, &candidate, id).await.unwrap();
    assert_eq!(thread.ticket.status, "answered");
    assert_eq!(thread.messages.len(), 2);
    assert_eq!((thread.messages[1].author.as_str(), thread.messages[1].from_support), ("客服", true));
    assert_eq!(thread.messages[0].files.len(), 1);
    assert!(!thread.staff_view);
    assert!(db.last_sms("13800000001").await.contains(&format!("工单#{id}")));

    ssr::reply(&db.state, &candidate, id, "还是不行。", &[]).await.unwrap();
    assert_eq!(ssr::mine(&db.state, &candidate).await.unwrap()[0].status, "open", "the user's reply reopens it");
    ssr::close(&db.state, &candidate, id).await.unwrap();
    let err = ssr::reply(&db.state, &support, id, "补充", &[]).await.unwrap_err();
    assert!(matches!(err, AppError::Refused(_)), "{err:?}");

    // Another candidate can't tell the ticket exists.
    let stranger = common::insert_user(&db.state, "stranger_1", "110101199001011237", "13900000003").await;
    assert_eq!(ssr::thread(&db.state, &stranger, id).await.unwrap_err(), AppError::NotFound);
    assert_eq!(ssr::reply(&db.state, &stranger, id, "hi", &[]).await.unwrap_err(), AppError::NotFound);
    assert_eq!(ssr::file(&db.state, &stranger, file.id).await.unwrap_err(), AppError::NotFound);
    assert!(ssr::file(&db.state, &support, file.id).await.is_ok());
}

async fn tickets_over_http(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let anonymous = call(&app, "POST", "/api/tickets/open", json!({"input": input(vec![])}), None).await;
    assert_eq!(anonymous.body, json!("Unauthorized"));
    let cookie = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let (status, uploaded) = post_bytes(&app, "/api/tickets/files", Some(&cookie), PNG).await;
    assert_eq!(status, 200, "{uploaded}");
    let file_id = uploaded["file_id"].as_i64().unwrap();
    let opened = call(&app, "POST", "/api/tickets/open", json!({"input": input(vec![file_id])}), Some(&cookie)).await;
    let id = opened.body.as_i64().unwrap_or_else(|| panic!("{:?}", opened.body));
    let thread = call(&app, "GET", &format!("/api/tickets/thread?id={id}"), json!(null), Some(&cookie)).await;
    assert_eq!(thread.body["ticket"]["subject"], "无法修改手机号");
    let download = call(&app, "GET", &format!("/api/tickets/files/{file_id}"), json!(null), Some(&cookie)).await;
    assert_eq!(download.status, 200);
    let (status, refused) = post_bytes(&app, "/api/tickets/files", Some(&cookie), b"plain text").await;
    assert_eq!(status, 422, "{refused}");
}

on_both_databases!(a_ticket_is_checked_and_answered_with_an_sms, tickets_over_http);
