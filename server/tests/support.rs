//! The support console (SPEC §1–2) on both databases: look-up with masked data, name fixes with a reason,
//! password resets that force a change, the audit trail, and that only staff may call any of it.
mod common;

use app::accounts::ssr::sign_in::{password_must_change, with_password, Captcha};
use app::accounts::ssr::{demo, users};
use app::support::ssr::{audit_log, fix_name, look_up, outbox, reset_password};
use common::{call, cookie_pair, TestDb};
use serde_json::json;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

async fn look_up_finds_by_phone_id_number_name_and_user_name(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    for query in ["138 0000 0001", candidate.id_number.to_lowercase().as_str(), "张三", "DEMO_CANDIDATE"] {
        let found = look_up(&db.state, query).await.unwrap();
        assert_eq!(found.len(), 1, "{query}");
        assert_eq!(found[0].username, "demo_candidate");
        assert_eq!(found[0].phone_masked, "138****0001");
        assert!(found[0].id_number_masked.contains("********"));
        assert_eq!(found[0].roles, vec!["candidate".to_string()]);
    }
    assert!(look_up(&db.state, "nobody").await.unwrap().is_empty());
    assert!(look_up(&db.state, "' OR 1=1 --").await.unwrap().is_empty());
    assert!(look_up(&db.state, "  ").await.unwrap_err().field_text("query").is_some());
}

async fn name_fixes_need_a_valid_name_and_a_reason(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let (staff, candidate) = (user(db, "demo_support").await, user(db, "demo_candidate").await);
    let err = fix_name(&db.state, &staff, candidate.id, "张 三", " ").await.unwrap_err();
    assert!(err.field_text("reason").is_some());
    let err = fix_name(&db.state, &staff, candidate.id, "张3", "登记错误").await.unwrap_err();
    assert!(err.field_text("real_name").is_some());
    fix_name(&db.state, &staff, candidate.id, "  张   三丰 ", "原登记姓名有误，核对身份证后修改").await.unwrap();
    assert_eq!(user(db, "demo_candidate").await.real_name, "张三丰");
    let log = audit_log(&db.state).await.unwrap();
    let entry = log.iter().find(|e| e.action == "name_fix").expect("audit entry");
    assert_eq!((entry.actor.as_str(), entry.subject.as_str()), ("demo_support", "demo_candidate"));
    assert!(entry.detail.contains("原登记姓名有误"), "{}", entry.detail);
}

async fn a_reset_password_must_be_changed_at_sign_in(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let (staff, candidate) = (user(db, "demo_support").await, user(db, "demo_candidate").await);
    reset_password(&db.state, &staff, candidate.id).await.unwrap();
    let sms = outbox(&db.state).await.unwrap();
    let body = &sms.iter().find(|m| m.phone_masked == "138****0001").expect("an SMS to the user").body;
    let temporary = body.split("临时密码 ").nth(1).and_then(|rest| rest.split('，').next()).unwrap();
    assert!(with_password(&db.state, "demo_candidate", "Candidate#2026", Captcha::NotGiven).await.is_err());
    let signed_in = with_password(&db.state, "demo_candidate", temporary, Captcha::NotGiven).await.unwrap();
    assert!(password_must_change(&db.state, &signed_in), "the temporary password must be changed");
    assert_eq!(signed_in.credentials_epoch, candidate.credentials_epoch + 1, "old sessions end");
    assert!(audit_log(&db.state).await.unwrap().iter().any(|e| e.action == "password_reset_by_support"));
}

async fn only_staff_reach_the_console(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let reply = call(&app, "POST", "/api/support/look-up", json!({"query": "张三"}), None).await;
    assert_eq!(reply.body, json!("Unauthorized"));
    let sign_in =
        |name: &str, password: &str| json!({"input": {"identifier": name, "password": password, "captcha": null}});
    let candidate = call(&app, "POST", "/api/auth/sign-in", sign_in("demo_candidate", "Candidate#2026"), None).await;
    let cookie = cookie_pair(&candidate.set_cookie.unwrap());
    for (path, body) in [
        ("/api/support/look-up", json!({"query": "张三"})),
        ("/api/support/reset-password", json!({"user_id": 1})),
        ("/api/support/fix-name", json!({"user_id": 1, "real_name": "李四", "reason": "x"})),
        ("/api/support/identity/decide", json!({"submission_id": 1, "approve": true, "reason": ""})),
    ] {
        assert_eq!(call(&app, "POST", path, body, Some(&cookie)).await.body, json!("Forbidden"), "{path}");
    }
    assert_eq!(
        call(&app, "GET", "/api/support/outbox", serde_json::Value::Null, Some(&cookie)).await.body,
        json!("Forbidden")
    );
    let staff = call(&app, "POST", "/api/auth/sign-in", sign_in("demo_support", "Support#2026"), None).await;
    let cookie = cookie_pair(&staff.set_cookie.unwrap());
    let found = call(&app, "POST", "/api/support/look-up", json!({"query": "张三"}), Some(&cookie)).await;
    assert_eq!(found.body[0]["username"], "demo_candidate");
}

/// Support re-takes a verified person's face photo: the new one is verified from now on, the old one and
/// its submission stay, the log names both; an unverified person or a photo without a face is refused.
async fn support_retakes_a_verified_face_photo(db: &TestDb) {
    use app::identity::{fixtures, retake::retake_face, ssr::verified_face_key};
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let staff = user(db, "demo_support").await;
    let pictures = fixtures::make(&state.faces).unwrap();
    let stranger = common::insert_user(state, "not_verified", "110105199001010011", "13900000511").await;
    let err = retake_face(state, &staff, stranger.id, fixtures::jpeg(&pictures.one_face)).await.unwrap_err();
    assert!(common::refused_zh(&err).contains("尚未通过实名认证"), "{err:?}");
    let person = common::insert_user(state, "retake_me", "110105199001010012", "13900000512").await;
    common::verify_with_face(state, &person, fixtures::jpeg(&pictures.one_face)).await;
    let old_key = verified_face_key(state, person.id).await.unwrap().unwrap();
    let err = retake_face(state, &staff, person.id, fixtures::jpeg(&pictures.no_face)).await.unwrap_err();
    assert!(err.field_text("file").is_some_and(|t| t.zh.contains("未检测到人脸")), "{err:?}");
    let new = retake_face(state, &staff, person.id, fixtures::jpeg(&pictures.one_face)).await.unwrap();
    let new_key = verified_face_key(state, person.id).await.unwrap().unwrap();
    assert_ne!(old_key, new_key, "the new photo is the verified one");
    assert!(state.files.get(&old_key).await.is_ok(), "the old photo is kept");
    let log = audit_log(state).await.unwrap();
    let entry = log.iter().find(|e| e.action == "face_retake").expect("audit entry");
    assert!(entry.detail.contains(&format!("file {} now verified", new.file_id)), "{}", entry.detail);
    assert_eq!((entry.actor.as_str(), entry.subject.as_str()), ("demo_support", "retake_me"));
}

on_both_databases!(
    support_retakes_a_verified_face_photo,
    look_up_finds_by_phone_id_number_name_and_user_name,
    name_fixes_need_a_valid_name_and_a_reason,
    a_reset_password_must_be_changed_at_sign_in,
    only_staff_reach_the_console,
);
