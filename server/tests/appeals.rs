//! Account appeals (SPEC §2) through the HTTP routes on both databases: the new phone proven by SMS code,
//! the account found by exact name + ID number, photos checked by content and bound to the browser
//! session that started the appeal, support-only review, and the approval binding the phone with a
//! temporary password that must be changed.
mod common;

use app::accounts::ssr::{demo, users};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{call, cookie_pair, Reply, TestDb};
use serde_json::{json, Value};
use tower::ServiceExt;

const NEW_PHONE: &str = "13912345678";

async fn upload(app: &Router, purpose: &str, bytes: &[u8], cookie: Option<&str>) -> Reply {
    let mut request = Request::builder().method("POST").uri(format!("/api/appeals/upload/{purpose}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app.clone().oneshot(request.body(Body::from(bytes.to_vec())).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    Reply { status, set_cookie: None, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
}

fn field_message(reply: &Reply, field: &str) -> String {
    let fields = reply.body["Invalid"].as_array().unwrap_or_else(|| panic!("not a field error: {:?}", reply.body));
    let found = fields.iter().find(|f| f["field"] == field).unwrap_or_else(|| panic!("no {field}: {:?}", reply.body));
    found["text"]["zh"].as_str().unwrap().to_string()
}

/// The error variant a server function answered with ("Forbidden", "Refused", …).
fn error_kind(reply: &Reply) -> String {
    match &reply.body {
        Value::String(kind) => kind.clone(),
        Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
        other => panic!("not an error: {other:?}"),
    }
}

async fn sign_in(app: &Router, identifier: &str, password: &str) -> Reply {
    let body = json!({"input": {"identifier": identifier, "password": password, "captcha": null}});
    call(app, "POST", "/api/auth/sign-in", body, None).await
}

/// Starts an appeal for the demo candidate with a fresh code to `NEW_PHONE`; returns the session cookie.
async fn start(db: &TestDb, app: &Router, real_name: &str, id_number: &str) -> Reply {
    let sent = call(app, "POST", "/api/auth/send-code", json!({"phone": NEW_PHONE, "purpose": "Appeal"}), None).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let code = db.last_code(NEW_PHONE).await;
    let input = json!({"input": {"real_name": real_name, "id_number": id_number, "phone": NEW_PHONE, "code": code,
        "description": "原手机号已停用，密保答案遗忘"}});
    call(app, "POST", "/api/appeals/start", input, None).await
}

async fn an_appeal_is_filed_reviewed_and_binds_the_new_phone(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let person = users::by_username(&db.state.db, "demo_candidate").await.unwrap().unwrap();
    let old_session = cookie_pair(&sign_in(&app, "demo_candidate", "Candidate#2026").await.set_cookie.unwrap());

    // Bad input is reported per field and writes nothing.
    let input =
        json!({"input": {"real_name": "", "id_number": "12345", "phone": "1234", "code": "12", "description": " "}});
    let reply = call(&app, "POST", "/api/appeals/start", input, None).await;
    for field in ["real_name", "id_number", "phone", "sms_code", "description"] {
        field_message(&reply, field);
    }
    // The name must match the ID number's account exactly (said once the code proved the phone).
    let reply = start(db, &app, "张四", &person.id_number).await;
    assert_eq!(field_message(&reply, "id_number"), "未找到姓名与证件号码都一致的账号，请核对后重新获取验证码再试");
    assert_eq!(db.count("SELECT COUNT(*) FROM account_appeals").await, 0);
    db.clock.advance_secs(120);

    let reply = start(db, &app, &person.real_name, &person.id_number).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["phone_masked"], "139****5678");
    let cookie = cookie_pair(&reply.set_cookie.expect("the appeal is bound to this browser session"));

    // Photos only from the session that started it, checked by content, path-like purposes unknown.
    let pdf = common::ONE_PAGE_PDF;
    assert_eq!(upload(&app, "id_front", pdf, None).await.status, StatusCode::CONFLICT);
    assert_eq!(upload(&app, "..%2Fid_front", pdf, Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    let fake = upload(&app, "id_front", b"<html>not a picture</html>", Some(&cookie)).await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    let eleven_mb = [b"%PDF-1.4".as_slice(), &vec![b' '; 11 * 1024 * 1024]].concat();
    assert_eq!(upload(&app, "id_back", &eleven_mb, Some(&cookie)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(upload(&app, "id_front", pdf, Some(&cookie)).await.status, StatusCode::OK);
    let replaced = upload(&app, "id_front", pdf, Some(&cookie)).await;
    assert_eq!(db.count("SELECT COUNT(*) FROM appeal_files").await, 1, "a new photo replaces the old one");
    let reply = call(&app, "POST", "/api/appeals/submit", json!({}), Some(&cookie)).await;
    assert_eq!(field_message(&reply, "handheld"), "请上传手持身份证照片");
    assert_eq!(upload(&app, "id_back", pdf, Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(upload(&app, "handheld", pdf, Some(&cookie)).await.status, StatusCode::OK);
    let reply = call(&app, "POST", "/api/appeals/submit", json!({}), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    // Submitted: the session can't change it any more, and a second appeal for the account waits.
    assert_eq!(upload(&app, "handheld", pdf, Some(&cookie)).await.status, StatusCode::CONFLICT);
    db.clock.advance_secs(120);
    let reply = start(db, &app, &person.real_name, &person.id_number).await;
    assert_eq!(reply.body["Refused"]["zh"], "该账号已有申诉正在处理，请等待短信通知");

    // Only support sees the queue and the photos.
    let candidate = sign_in(&app, "demo_candidate", "Candidate#2026").await;
    let candidate = cookie_pair(&candidate.set_cookie.unwrap());
    assert_eq!(
        error_kind(&call(&app, "GET", "/api/support/appeals", Value::Null, Some(&candidate)).await),
        "Forbidden"
    );
    let photo = format!("/api/appeals/files/{}", replaced.body["file_id"]);
    assert_eq!(call(&app, "GET", &photo, Value::Null, Some(&candidate)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(call(&app, "GET", &photo, Value::Null, None).await.status, StatusCode::UNAUTHORIZED);
    let support = cookie_pair(&sign_in(&app, "demo_support", "Support#2026").await.set_cookie.unwrap());
    assert_eq!(call(&app, "GET", &photo, Value::Null, Some(&support)).await.status, StatusCode::OK);
    let queue = call(&app, "GET", "/api/support/appeals", Value::Null, Some(&support)).await;
    let item = &queue.body[0];
    assert_eq!(item["username"], "demo_candidate");
    assert_eq!(item["new_phone_masked"], "139****5678");
    assert_eq!(item["photos"].as_array().unwrap().len(), 3);
    let appeal_id = item["appeal_id"].as_i64().unwrap();

    let decide = |approve: bool, reason: &str| json!({"appeal_id": appeal_id, "approve": approve, "reason": reason});
    let reply = call(&app, "POST", "/api/support/decide-appeal", decide(true, ""), Some(&candidate)).await;
    assert_eq!(error_kind(&reply), "Forbidden");
    let reply = call(&app, "POST", "/api/support/decide-appeal", decide(false, "  "), Some(&support)).await;
    assert_eq!(field_message(&reply, "reason"), "请填写不通过的原因");
    let reply = call(&app, "POST", "/api/support/decide-appeal", decide(true, ""), Some(&support)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let reply = call(&app, "POST", "/api/support/decide-appeal", decide(true, ""), Some(&support)).await;
    assert_eq!(error_kind(&reply), "NotFound", "decided once only");

    // The new phone is bound, the old sessions are over, and the temporary password must be changed.
    let person = users::by_username(&db.state.db, "demo_candidate").await.unwrap().unwrap();
    assert_eq!(person.phone, NEW_PHONE);
    assert_eq!(call(&app, "GET", "/api/auth/me", Value::Null, Some(&old_session)).await.body, Value::Null);
    let (sms,): (String,) = sqlx::query_as("SELECT body FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1")
        .bind(NEW_PHONE)
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    assert!(sms.contains("申诉已通过") && sms.contains("demo_candidate"), "{sms}");
    let temporary = sms.split("临时密码 ").nth(1).unwrap().split('，').next().unwrap();
    let reply = sign_in(&app, NEW_PHONE, temporary).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["must_change_password"], true);
    let audited = db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'appeal_approve'").await;
    assert_eq!(audited, 1);
}

async fn a_refused_appeal_is_answered_and_a_taken_phone_is_not_bound(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let person = users::by_username(&db.state.db, "demo_candidate").await.unwrap().unwrap();
    let reply = start(db, &app, &person.real_name, &person.id_number).await;
    let cookie = cookie_pair(&reply.set_cookie.unwrap());
    for purpose in ["id_front", "id_back", "handheld"] {
        assert_eq!(upload(&app, purpose, common::ONE_PAGE_PDF, Some(&cookie)).await.status, StatusCode::OK);
    }
    assert_eq!(call(&app, "POST", "/api/appeals/submit", json!({}), Some(&cookie)).await.status, StatusCode::OK);
    // Meanwhile the number became another account's.
    sqlx::query("UPDATE users SET phone = $1 WHERE username = 'demo_support'")
        .bind(NEW_PHONE)
        .execute(&db.state.db)
        .await
        .unwrap();
    let admin = cookie_pair(&sign_in(&app, "demo_admin", "Admin#2026x").await.set_cookie.unwrap());
    let appeal_id =
        call(&app, "GET", "/api/support/appeals", Value::Null, Some(&admin)).await.body[0]["appeal_id"].clone();
    let body = json!({"appeal_id": appeal_id, "approve": true, "reason": ""});
    let reply = call(&app, "POST", "/api/support/decide-appeal", body, Some(&admin)).await;
    assert_eq!(error_kind(&reply), "Refused");
    let body = json!({"appeal_id": appeal_id, "approve": false, "reason": "手持照片看不清人脸"});
    assert_eq!(call(&app, "POST", "/api/support/decide-appeal", body, Some(&admin)).await.status, StatusCode::OK);
    let (sms,): (String,) = sqlx::query_as("SELECT body FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1")
        .bind(NEW_PHONE)
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    assert!(sms.contains("申诉未通过：手持照片看不清人脸"), "{sms}");
    let unchanged = users::by_username(&db.state.db, "demo_candidate").await.unwrap().unwrap();
    assert_eq!(unchanged.phone, person.phone);
    assert_eq!(unchanged.password_hash, person.password_hash);
}

on_both_databases!(
    an_appeal_is_filed_reviewed_and_binds_the_new_phone,
    a_refused_appeal_is_answered_and_a_taken_phone_is_not_bound,
);
