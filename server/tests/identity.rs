//! Real-name verification (SPEC §3) on both databases: uploads checked by content and size, the face
//! checks on real pictures, the support decision with its SMS, and who may read which file.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::identity::fixtures;
use app::identity::ssr::{consent_to_face_processing, decide, read_file, review_queue, status, store_upload, submit};
use app::identity::types::FilePurpose;
use app::platform::AppState;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{call, cookie_pair, TestDb};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

fn refusal(err: &AppError) -> String {
    err.field_text("file").map(|t| t.zh.clone()).unwrap_or_else(|| panic!("not an upload refusal: {err:?}"))
}

async fn uploads_are_checked_by_content_and_size(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    let state = &db.state;
    let pictures = fixtures::make(&state.faces).expect("fixtures");

    let html_as_jpg = b"<html><script>alert(1)</script></html>".to_vec();
    let err = store_upload(state, &candidate, FilePurpose::IdFront, html_as_jpg).await.unwrap_err();
    assert!(refusal(&err).contains("仅支持"), "{err:?}");
    let mut eleven_mb = vec![0xFF, 0xD8, 0xFF, 0xE0];
    eleven_mb.resize(11 * 1024 * 1024, 0);
    let err = store_upload(state, &candidate, FilePurpose::IdFront, eleven_mb).await.unwrap_err();
    assert!(refusal(&err).contains("10MB"), "{err:?}");
    let pdf = common::ONE_PAGE_PDF.to_vec();
    store_upload(state, &candidate, FilePurpose::IdBack, pdf.clone()).await.expect("a PDF is a valid ID scan");
    // The face photo needs the separate consent to face processing first (PIPL), recorded once.
    let err = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.one_face)).await.unwrap_err();
    assert!(common::refused_zh(&err).contains("人脸信息处理规则"), "{err:?}");
    assert!(!status(state, &candidate).await.unwrap().face_consent);
    consent_to_face_processing(state, &candidate).await.unwrap();
    consent_to_face_processing(state, &candidate).await.unwrap();
    assert!(status(state, &candidate).await.unwrap().face_consent);
    assert_eq!(db.count("SELECT COUNT(*) FROM policy_acceptances WHERE kind = 'face' AND version = 1").await, 1);
    let err = store_upload(state, &candidate, FilePurpose::Face, pdf).await.unwrap_err();
    assert!(refusal(&err).contains("仅支持"), "the face must be a photo: {err:?}");

    let err = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.no_face)).await.unwrap_err();
    assert!(refusal(&err).contains("未检测到人脸"), "{err:?}");
    let err =
        store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.several_faces)).await.unwrap_err();
    assert!(refusal(&err).contains("多人"), "{err:?}");
    let face = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.one_face))
        .await
        .expect("one face passes");
    assert_eq!(face.purpose, FilePurpose::Face);
    // Refused uploads leave no file record behind.
    assert_eq!(db.count("SELECT COUNT(*) FROM stored_files").await, 2);
    let (key,): (String,) = sqlx::query_as("SELECT storage_key FROM stored_files WHERE id = $1")
        .bind(face.file_id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert!(key.starts_with("face/") && key.ends_with(".jpg") && !key.contains(".."), "generated key: {key}");
}

async fn support_decides_and_the_candidate_gets_an_sms(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let support = user(db, "demo_support").await;
    consent_to_face_processing(state, &candidate).await.unwrap();
    let pictures = fixtures::make(&state.faces).unwrap();
    let front = store_upload(state, &candidate, FilePurpose::IdFront, fixtures::jpeg(&pictures.no_face)).await.unwrap();
    let back = store_upload(state, &candidate, FilePurpose::IdBack, fixtures::jpeg(&pictures.no_face)).await.unwrap();
    let face = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.one_face)).await.unwrap();

    // Files must be the candidate's own and of the right kind.
    let err = submit(state, &candidate, front.file_id, back.file_id, front.file_id).await.unwrap_err();
    assert!(err.field_text("face").is_some(), "{err:?}");
    let now = submit(state, &candidate, front.file_id, back.file_id, face.file_id).await.unwrap();
    assert_eq!(now.status, "pending", "manual approval is the default");
    let err = submit(state, &candidate, front.file_id, back.file_id, face.file_id).await.unwrap_err();
    assert!(err.text().zh.contains("审核中"), "{err:?}");
    let err = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.one_face)).await.unwrap_err();
    assert!(err.text().zh.contains("审核中"), "no new photos while pending: {err:?}");

    let queue = review_queue(state).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].username, "demo_candidate");
    assert!(queue[0].id_number_masked.contains("********"));
    let id = queue[0].submission_id;

    let err = decide(state, &support, id, false, "  ").await.unwrap_err();
    assert!(err.field_text("reason").is_some(), "refusing needs a reason");
    decide(state, &support, id, false, "证件照片模糊").await.unwrap();
    let after = status(state, &candidate).await.unwrap();
    assert_eq!((after.status.as_str(), after.reason.as_deref()), ("failed", Some("证件照片模糊")));
    let err = decide(state, &support, id, true, "").await.unwrap_err();
    assert_eq!(err, AppError::NotFound, "a decided submission can't be decided again");

    // Resubmit after a refusal; approve; the SMS says so and the audit log has both decisions.
    let face = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.one_face)).await.unwrap();
    submit(state, &candidate, front.file_id, back.file_id, face.file_id).await.unwrap();
    let id = review_queue(state).await.unwrap()[0].submission_id;
    decide(state, &support, id, true, "").await.unwrap();
    assert_eq!(status(state, &candidate).await.unwrap().status, "verified");
    let (body,): (String,) = sqlx::query_as("SELECT body FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1")
        .bind(&candidate.phone)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert!(body.contains("实名认证已通过"), "{body}");
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'identity_%'").await, 2);
}

async fn files_are_served_to_their_owner_and_staff_only(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let admin = user(db, "demo_admin").await;
    let support = user(db, "demo_support").await;
    consent_to_face_processing(state, &candidate).await.unwrap();
    let pictures = fixtures::make(&state.faces).unwrap();
    let face = store_upload(state, &candidate, FilePurpose::Face, fixtures::jpeg(&pictures.one_face)).await.unwrap();
    let (content_type, name, bytes) = read_file(state, &candidate, face.file_id).await.unwrap();
    assert_eq!((content_type.as_str(), name.as_str()), ("image/jpeg", format!("face-{}.jpg", face.file_id).as_str()));
    assert!(bytes.starts_with(&[0xFF, 0xD8]));
    read_file(state, &support, face.file_id).await.expect("support reviews uploads");
    read_file(state, &admin, face.file_id).await.expect("system admins too");
    // Another candidate (the support user also holds no candidate rights over it) gets "not found".
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(support.id).execute(&state.db).await.unwrap();
    assert_eq!(read_file(state, &support, face.file_id).await.unwrap_err(), AppError::NotFound);
    assert_eq!(read_file(state, &candidate, 999_999).await.unwrap_err(), AppError::NotFound);
}

async fn upload_routes_need_a_session_and_a_known_purpose(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let upload = |path: &str, cookie: Option<String>| {
        let mut request = Request::builder().method("POST").uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        app.clone().oneshot(request.body(Body::from(common::ONE_PAGE_PDF.to_vec())).unwrap())
    };
    let response = upload("/api/identity/upload/id_front", None).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let body = json!({"input": {"identifier": "demo_candidate", "password": "Candidate#2026", "captcha": null}});
    let signed_in = call(&app, "POST", "/api/auth/sign-in", body, None).await;
    let cookie = cookie_pair(&signed_in.set_cookie.expect("session"));
    let response = upload("/api/identity/upload/..%2F..%2Fetc%2Fpasswd", Some(cookie.clone())).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = upload("/api/identity/upload/id_front", Some(cookie.clone())).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let file_id = serde_json::from_slice::<Value>(&bytes).unwrap()["file_id"].as_i64().unwrap();

    let download = |cookie: Option<String>| {
        let mut request = Request::builder().uri(format!("/api/files/{file_id}"));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        app.clone().oneshot(request.body(Body::empty()).unwrap())
    };
    let response = download(Some(cookie)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/pdf");
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_string();
    let name = format!("id_front-{file_id}.pdf");
    assert_eq!(disposition, format!("inline; filename=\"{name}\"; filename*=UTF-8''{name}"));
    assert_eq!(download(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

async fn resident_ids_pass_automatically_only_when_configured(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let mut settings = (*db.state.settings).clone();
    settings.identity.manual_approval_required = false;
    let state = AppState { settings: std::sync::Arc::new(settings), ..db.state.clone() };
    let pictures = fixtures::make(&state.faces).unwrap();
    // A passport holder goes to support even so: only the resident ID card is checked automatically.
    sqlx::query("UPDATE users SET id_type = 'passport' WHERE username = 'demo_support'")
        .execute(&state.db)
        .await
        .unwrap();
    for (username, expected) in [("demo_candidate", "verified"), ("demo_support", "pending")] {
        let person = user(db, username).await;
        consent_to_face_processing(&state, &person).await.unwrap();
        let front =
            store_upload(&state, &person, FilePurpose::IdFront, fixtures::jpeg(&pictures.no_face)).await.unwrap();
        let back = store_upload(&state, &person, FilePurpose::IdBack, fixtures::jpeg(&pictures.no_face)).await.unwrap();
        let face = store_upload(&state, &person, FilePurpose::Face, fixtures::jpeg(&pictures.one_face)).await.unwrap();
        let result = submit(&state, &person, front.file_id, back.file_id, face.file_id).await.unwrap();
        assert_eq!(result.status, expected, "{username}");
    }
    let (sent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sms_outbox WHERE body LIKE '%实名认证已通过%'")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(sent, 1, "the automatic approval is announced by SMS");
}

on_both_databases!(
    resident_ids_pass_automatically_only_when_configured,
    upload_routes_need_a_session_and_a_known_purpose,
    uploads_are_checked_by_content_and_size,
    support_decides_and_the_candidate_gets_an_sms,
    files_are_served_to_their_owner_and_staff_only,
);
