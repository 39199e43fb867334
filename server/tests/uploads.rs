//! Uploads (issue 18), on both databases: read by their content (an image decodes, a PDF parses; on
//! b30950a a PDF header before an HTML page and a PNG cut in half were stored), a budget per person and
//! hour that holds under a parallel burst, and files never used removed after a day while the used
//! ones stay.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::identity::types::FilePurpose;
use app::tickets::types::TicketInput;
use common::{TestDb, ONE_PAGE_PDF};

async fn candidate(db: &TestDb) -> users::UserRow {
    users::by_username(&db.state.db, "demo_candidate").await.unwrap().unwrap()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(width, height).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn field_zh(err: &AppError) -> String {
    match err {
        AppError::Invalid(fields) => fields[0].text.zh.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn files_are_read_before_they_are_kept(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let (state, person) = (&db.state, candidate(db).await);
    let fake_pdf = b"%PDF-1.7\n<html><script>alert(1)</script></html>".to_vec();
    let whole = png(300, 200);
    let cut = whole[..whole.len() / 2].to_vec();
    for fake in [fake_pdf, cut] {
        let err = app::tickets::ssr::upload(state, &person, fake).await.unwrap_err();
        assert!(field_zh(&err).contains("仅支持"), "{err:?}");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM ticket_files").await, 0);
    app::tickets::ssr::upload(state, &person, ONE_PAGE_PDF.to_vec()).await.expect("a real PDF");
    app::tickets::ssr::upload(state, &person, whole).await.expect("a whole PNG");
}

async fn a_burst_of_uploads_stops_at_the_hourly_budget(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let mut settings = (*db.state.settings).clone();
    settings.identity.uploads_per_hour = 5;
    let mut state = db.state.clone();
    state.settings = std::sync::Arc::new(settings);
    let person = candidate(db).await;
    let burst: Vec<_> = (0..12)
        .map(|_| {
            let (state, person) = (state.clone(), person.clone());
            tokio::spawn(async move { app::tickets::ssr::upload(&state, &person, ONE_PAGE_PDF.to_vec()).await })
        })
        .collect();
    let mut refused = Vec::new();
    for upload in burst {
        if let Err(err) = upload.await.unwrap() {
            refused.push(err);
        }
    }
    assert_eq!(refused.len(), 7, "{refused:?}");
    assert!(matches!(&refused[0], AppError::RateLimited { text, .. } if text.zh.contains("每小时最多上传5个文件")));
    assert_eq!(db.count("SELECT COUNT(*) FROM ticket_files").await, 5);
    db.clock.advance_secs(3600);
    app::tickets::ssr::upload(&state, &person, ONE_PAGE_PDF.to_vec()).await.expect("a new hour, a new budget");
}

async fn uploads_nobody_uses_are_removed_after_a_day(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let (state, person) = (&db.state, candidate(db).await);
    let kept = app::tickets::ssr::upload(state, &person, ONE_PAGE_PDF.to_vec()).await.unwrap();
    let input = TicketInput {
        category: "account".into(),
        subject: "无法登录".into(),
        body: "附件是截图".into(),
        file_ids: vec![kept.id],
        application_id: None,
        attempt_id: None,
    };
    app::tickets::ssr::open(state, &person, &input).await.unwrap();
    let unsent = app::tickets::ssr::upload(state, &person, ONE_PAGE_PDF.to_vec()).await.unwrap();
    let newcomer = common::insert_user(state, "new_person", "11010519491231002X", "13900000071").await;
    let id_photo =
        app::identity::ssr::store_upload(state, &newcomer, FilePurpose::IdFront, png(400, 300)).await.unwrap();
    let key_of = |table: &'static str, id: i64| async move {
        let (key,): (String,) = sqlx::query_as(&format!("SELECT storage_key FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_one(&state.db)
            .await
            .unwrap();
        key
    };
    let (kept_key, unsent_key, photo_key) = (
        key_of("ticket_files", kept.id).await,
        key_of("ticket_files", unsent.id).await,
        key_of("stored_files", id_photo.file_id).await,
    );

    db.clock.advance_secs(23 * 3600);
    assert_eq!(app::platform::uploads::remove_unused(state).await.unwrap(), 0, "not a day yet");
    db.clock.advance_secs(2 * 3600);
    assert_eq!(app::platform::uploads::remove_unused(state).await.unwrap(), 2);
    assert!(state.files.get(&kept_key).await.is_ok(), "the sent attachment stays");
    for gone in [&unsent_key, &photo_key] {
        assert!(state.files.get(gone).await.is_err(), "{gone} is removed from the store");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM ticket_files").await, 1);
    let photo_rows = format!("SELECT COUNT(*) FROM stored_files WHERE id = {}", id_photo.file_id);
    assert_eq!(db.count(&photo_rows).await, 0);
}

on_both_databases!(
    files_are_read_before_they_are_kept,
    a_burst_of_uploads_stops_at_the_hourly_budget,
    uploads_nobody_uses_are_removed_after_a_day,
);
