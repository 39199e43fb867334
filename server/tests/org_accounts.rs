//! The organization's own account (单位用户, issue 21, seed 002) through the HTTP routes on both
//! databases: opened by its admin with the person password rules, signed in by login name or credit code
//! (the same captcha and lock, held under a parallel burst), verified by a licence checked by content and
//! decided by support with an SMS to the 主代办人, its login name recovered only when name and credit code
//! both match, and the legal-entity appeal of a renamed organization giving it back its account.
mod common;

use app::accounts::ssr::{demo, users};
use app::orgs::ssr::register;
use app::orgs::types::OrgRegisterInput;
use app::rules::uscc_check_char;
use axum::http::StatusCode;
use axum::Router;
use common::{call, cookie_pair, insert_user, post_bytes, sign_in_cookie, Reply, TestDb, ONE_PAGE_PDF};
use serde_json::{json, Value};

const BOSS_PHONE: &str = "13900000003";
const APPEAL_PHONE: &str = "13912345670";
const OLD_NAME: &str = "长沙某某科技有限公司";
const NEW_NAME: &str = "长沙某某智能科技有限公司";
const PASSWORD: &str = "Org#Passw0rd26";

fn uscc() -> String {
    let body = "91430100MA4L00001";
    format!("{body}{}", uscc_check_char(body).unwrap())
}

/// Demo data and an organization registered by `org_boss` (password "Passw0rd#2026"): (router, org id).
async fn setup(db: &TestDb) -> (Router, i64) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let boss = insert_user(&db.state, "org_boss", "110105194912310053", BOSS_PHONE).await;
    let hash = db.state.hasher.hash("Passw0rd#2026").await.unwrap();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(boss.id)
        .execute(&db.state.db)
        .await
        .unwrap();
    let input = OrgRegisterInput {
        full_name: OLD_NAME.into(),
        uscc: uscc(),
        legal_rep_name: "王法人".into(),
        legal_rep_type: "legal_person".into(),
        contact_phone: "0731-12345678".into(),
        roles: vec!["training_manager".into()],
    };
    let org = register(&db.state, &boss, &input).await.unwrap();
    (server::router::app(db.state.clone()), org.org_id)
}

fn error_kind(reply: &Reply) -> String {
    match &reply.body {
        Value::String(kind) => kind.clone(),
        Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
        other => panic!("not an error: {other:?}"),
    }
}

/// The Chinese message of a refusal or of the field error on `field`.
fn message(reply: &Reply, field: &str) -> String {
    if let Some(text) = reply.body["Refused"]["zh"].as_str() {
        return text.to_string();
    }
    let fields = reply.body["Invalid"].as_array().unwrap_or_else(|| panic!("not an error: {:?}", reply.body));
    let found = fields.iter().find(|f| f["field"] == field).unwrap_or_else(|| panic!("no {field}: {:?}", reply.body));
    found["text"]["zh"].as_str().unwrap().to_string()
}

async fn open(app: &Router, cookie: &str, org: i64, login: &str, password: &str) -> Reply {
    let input =
        json!({"input": {"org_id": org, "login_name": login, "password": password, "password_again": password}});
    call(app, "POST", "/api/org-account/open", input, Some(cookie)).await
}

async fn org_sign_in(app: &Router, identifier: &str, password: &str) -> Reply {
    let body = json!({"input": {"identifier": identifier, "password": password, "captcha": null}});
    call(app, "POST", "/api/org-account/sign-in", body, None).await
}

async fn org_cookie(app: &Router, identifier: &str, password: &str) -> String {
    let reply = org_sign_in(app, identifier, password).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    cookie_pair(&reply.set_cookie.expect("a session"))
}

async fn the_admin_opens_the_account_and_it_signs_in_by_login_name_or_credit_code(db: &TestDb) {
    let (app, org) = setup(db).await;
    let boss = sign_in_cookie(&app, "org_boss", "Passw0rd#2026").await;
    let other = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    // Only the admin opens it; the login name and the password follow the person rules.
    assert_eq!(error_kind(&open(&app, &other, org, "changsha_tech", PASSWORD).await), "Forbidden");
    assert!(!message(&open(&app, &boss, org, "长沙", PASSWORD).await, "login_name").is_empty());
    assert!(message(&open(&app, &boss, org, &uscc(), PASSWORD).await, "login_name")
        .starts_with("登录名不能是统一社会信用代码"));
    let weak = open(&app, &boss, org, "changsha_tech", "12345678").await;
    assert_eq!(error_kind(&weak), "Invalid", "{:?}", weak.body);
    let mismatch =
        json!({"input": {"org_id": org, "login_name": "changsha_tech", "password": PASSWORD, "password_again": "x"}});
    let reply = call(&app, "POST", "/api/org-account/open", mismatch, Some(&boss)).await;
    message(&reply, "password_again");
    assert_eq!(db.count("SELECT COUNT(*) FROM org_accounts").await, 0, "nothing kept from refused forms");

    assert_eq!(open(&app, &boss, org, "Changsha_Tech", PASSWORD).await.status, StatusCode::OK);
    assert_eq!(message(&open(&app, &boss, org, "another_name", PASSWORD).await, ""), "本单位已开通单位账号");

    // Signed in by login name (any case) or by credit code; the header's `me` is the organization's.
    let by_name = org_cookie(&app, "changsha_tech", PASSWORD).await;
    let me = call(&app, "GET", "/api/auth/me", Value::Null, Some(&by_name)).await;
    assert_eq!(me.body["real_name"], OLD_NAME);
    assert_eq!(me.body["org_account"]["login_name"], "Changsha_Tech");
    assert_eq!(me.body["org_account"]["verification"], "unverified");
    let by_code = org_cookie(&app, &uscc().to_lowercase(), PASSWORD).await;
    // It acts for its organization, and is nobody's person account.
    let mine = call(&app, "GET", "/api/orgs/mine", Value::Null, Some(&by_code)).await;
    assert_eq!(mine.body["org_id"], org, "{:?}", mine.body);
    let personal = call(&app, "GET", "/api/orgs/my-authorizations", Value::Null, Some(&by_code)).await;
    assert_eq!(error_kind(&personal), "Unauthorized", "{:?}", personal.body);
    // A person's session isn't an organization's.
    let change = json!({"current": PASSWORD, "password": "Org#Passw0rd27", "password_again": "Org#Passw0rd27"});
    let reply = call(&app, "POST", "/api/org-account/password", change.clone(), Some(&boss)).await;
    assert_eq!(error_kind(&reply), "Forbidden");
    // Changing the password ends the organization's other sessions.
    let reply = call(&app, "POST", "/api/org-account/password", change, Some(&by_name)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    // This session goes on under a new id.
    let by_name = cookie_pair(&reply.set_cookie.expect("a new session id"));
    let stale = call(&app, "GET", "/api/orgs/mine", Value::Null, Some(&by_code)).await;
    assert_eq!(error_kind(&stale), "Unauthorized");
    let kept = call(&app, "GET", "/api/orgs/mine", Value::Null, Some(&by_name)).await;
    assert_eq!(kept.status, StatusCode::OK, "{:?}", kept.body);
    // Unknown names and wrong passwords get the same words.
    assert_eq!(message(&org_sign_in(&app, "changsha_tech", PASSWORD).await, ""), "用户名或密码错误");
    assert_eq!(message(&org_sign_in(&app, "no_such_org", PASSWORD).await, ""), "用户名或密码错误");
}
on_both_databases!(the_admin_opens_the_account_and_it_signs_in_by_login_name_or_credit_code);

async fn a_burst_of_wrong_passwords_checks_no_more_than_the_rules_allow(db: &TestDb) {
    let (app, org) = setup(db).await;
    let boss = sign_in_cookie(&app, "org_boss", "Passw0rd#2026").await;
    assert_eq!(open(&app, &boss, org, "changsha_tech", PASSWORD).await.status, StatusCode::OK);
    let burst = (0..24).map(|_| org_sign_in(&app, "changsha_tech", "Wrong#Passw0rd1"));
    let replies = futures::future::join_all(burst).await;
    let checked = replies.iter().filter(|r| error_kind(r) == "Refused").count() as i64;
    let captcha = db.state.settings.accounts.captcha_after_failures;
    assert!(checked <= captcha, "{checked} passwords compared without a captcha, at most {captcha} allowed");
    assert!(replies.iter().any(|r| error_kind(r) == "CaptchaRequired"), "the captcha is asked for");
    // The right password is now refused too until the captcha is solved.
    assert_eq!(error_kind(&org_sign_in(&app, "changsha_tech", PASSWORD).await), "CaptchaRequired");
}
on_both_databases!(a_burst_of_wrong_passwords_checks_no_more_than_the_rules_allow);

async fn the_licence_is_checked_by_content_and_support_verifies_with_an_sms_to_the_agent(db: &TestDb) {
    let (app, org) = setup(db).await;
    let boss = sign_in_cookie(&app, "org_boss", "Passw0rd#2026").await;
    assert_eq!(open(&app, &boss, org, "changsha_tech", PASSWORD).await.status, StatusCode::OK);
    let cookie = org_cookie(&app, "changsha_tech", PASSWORD).await;
    let submit = |cookie: String| {
        let app = app.clone();
        async move {
            call(&app, "POST", "/api/org-account/submit-verification", json!({"org_id": org}), Some(&cookie)).await
        }
    };
    assert_eq!(message(&submit(cookie.clone()).await, "file"), "请先上传营业执照");
    let path = format!("/api/org-account/licence/{org}");
    let (status, body) = post_bytes(&app, &path, Some(&cookie), b"%PDF-1.4 not really a pdf").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:?}");
    let (status, _) =
        post_bytes(&app, &format!("/api/org-account/licence/{}", org + 1), Some(&cookie), ONE_PAGE_PDF).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another organization's licence");
    let (status, body) = post_bytes(&app, &path, Some(&cookie), ONE_PAGE_PDF).await;
    assert_eq!(status, StatusCode::OK, "{body:?}");
    assert_eq!(submit(cookie.clone()).await.status, StatusCode::OK);
    assert_eq!(message(&submit(cookie.clone()).await, ""), "单位认证正在审核中，请等待短信通知");
    let (status, _) = post_bytes(&app, &path, Some(&cookie), ONE_PAGE_PDF).await;
    assert_eq!(status, StatusCode::CONFLICT, "no new licence while under review");

    let support = sign_in_cookie(&app, "demo_support", "Support#2026").await;
    let queue = call(&app, "GET", "/api/support/org-verifications", Value::Null, Some(&support)).await;
    assert_eq!(queue.body[0]["full_name"], OLD_NAME, "{:?}", queue.body);
    let licence = call(&app, "GET", &format!("/api/support/orgs/{org}/licence"), Value::Null, Some(&support)).await;
    assert_eq!(licence.status, StatusCode::OK);
    let denied = call(&app, "GET", &format!("/api/support/orgs/{org}/licence"), Value::Null, Some(&cookie)).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED, "the licence is for support's eyes");
    let decide = |approve: bool, reason: &str| {
        let (app, support) = (app.clone(), support.clone());
        let body = json!({"org_id": org, "approve": approve, "reason": reason});
        async move { call(&app, "POST", "/api/support/decide-org-verification", body, Some(&support)).await }
    };
    assert_eq!(message(&decide(false, " ").await, "reason"), "请填写不通过原因");
    assert_eq!(decide(false, "营业执照不清晰").await.status, StatusCode::OK);
    assert!(db.last_sms(BOSS_PHONE).await.contains("单位认证未通过：营业执照不清晰"));
    assert_eq!(error_kind(&decide(true, "").await), "NotFound", "decided once");
    // Rejected: a new licence, a new submission, then verified.
    let (status, _) = post_bytes(&app, &path, Some(&cookie), ONE_PAGE_PDF).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(submit(cookie.clone()).await.status, StatusCode::OK);
    assert_eq!(decide(true, "").await.status, StatusCode::OK);
    assert!(db.last_sms(BOSS_PHONE).await.contains("单位认证已通过"));
    let me = call(&app, "GET", "/api/org-account/me", Value::Null, Some(&cookie)).await;
    assert_eq!(me.body["verification"], "verified");
    let audit =
        db.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('org_verified', 'org_verification_rejected')").await;
    assert_eq!(audit, 2);
}
on_both_databases!(the_licence_is_checked_by_content_and_support_verifies_with_an_sms_to_the_agent);

async fn the_login_name_needs_both_the_full_name_and_the_credit_code(db: &TestDb) {
    let (app, org) = setup(db).await;
    let boss = sign_in_cookie(&app, "org_boss", "Passw0rd#2026").await;
    assert_eq!(open(&app, &boss, org, "changsha_tech", PASSWORD).await.status, StatusCode::OK);
    let other_code = {
        let body = "91430100MA4L00002";
        format!("{body}{}", uscc_check_char(body).unwrap())
    };
    for (name, code) in [(OLD_NAME, other_code.as_str()), (NEW_NAME, uscc().as_str())] {
        let reply =
            call(&app, "POST", "/api/org-recovery/send-code", json!({"full_name": name, "uscc": code}), None).await;
        assert_eq!(message(&reply, ""), "未找到单位名称与统一社会信用代码都一致的单位，请核对后再试");
    }
    let both = json!({"full_name": OLD_NAME, "uscc": uscc()});
    let sent = call(&app, "POST", "/api/org-recovery/send-code", both, None).await;
    assert_eq!(sent.body["phone_masked"], "139****0003", "{:?}", sent.body);
    let code = db.last_code(BOSS_PHONE).await;
    let wrong = json!({"full_name": OLD_NAME, "uscc": other_code, "code": code});
    let reply = call(&app, "POST", "/api/org-recovery/login-name", wrong, None).await;
    assert_eq!(message(&reply, ""), "未找到单位名称与统一社会信用代码都一致的单位，请核对后再试");
    let right = json!({"full_name": OLD_NAME, "uscc": uscc(), "code": code});
    let reply = call(&app, "POST", "/api/org-recovery/login-name", right, None).await;
    assert_eq!(reply.body, "changsha_tech");
}
on_both_databases!(the_login_name_needs_both_the_full_name_and_the_credit_code);

async fn upload_appeal_file(app: &Router, cookie: &str, file: &str, bytes: &[u8]) -> StatusCode {
    post_bytes(app, &format!("/api/org-recovery/upload/{file}"), Some(cookie), bytes).await.0
}

async fn a_renamed_organization_gets_its_account_back_through_the_legal_entity_appeal(db: &TestDb) {
    let (app, org) = setup(db).await;
    let boss = sign_in_cookie(&app, "org_boss", "Passw0rd#2026").await;
    assert_eq!(open(&app, &boss, org, "changsha_tech", PASSWORD).await.status, StatusCode::OK);
    let send = json!({"phone": APPEAL_PHONE, "purpose": "Appeal"});
    assert_eq!(call(&app, "POST", "/api/auth/send-code", send.clone(), None).await.status, StatusCode::OK);
    let start = |code: String| {
        let app = app.clone();
        let input = json!({"input": {"full_name": NEW_NAME, "uscc": uscc(), "phone": APPEAL_PHONE, "code": code}});
        async move { call(&app, "POST", "/api/org-recovery/start-appeal", input, None).await }
    };
    assert_eq!(error_kind(&start("000000".into()).await), "Invalid", "a wrong code");
    let started = start(db.last_code(APPEAL_PHONE).await).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let cookie = cookie_pair(&started.set_cookie.expect("the appeal's session"));
    // Files only for the session that proved the phone, checked by content; both needed.
    assert_eq!(upload_appeal_file(&app, "x=1", "licence", ONE_PAGE_PDF).await, StatusCode::CONFLICT);
    assert_eq!(upload_appeal_file(&app, &cookie, "licence", b"not a file").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(upload_appeal_file(&app, &cookie, "licence", ONE_PAGE_PDF).await, StatusCode::OK);
    let early = call(&app, "POST", "/api/org-recovery/submit-appeal", json!({}), Some(&cookie)).await;
    assert!(message(&early, "statement").starts_with("请上传单位变更声明"));
    assert_eq!(upload_appeal_file(&app, &cookie, "statement", ONE_PAGE_PDF).await, StatusCode::OK);
    let submitted = call(&app, "POST", "/api/org-recovery/submit-appeal", json!({}), Some(&cookie)).await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.body);
    assert!(db.last_sms(APPEAL_PHONE).await.contains("约1个工作日"));
    // A second appeal waits for the first.
    sqlx::query("UPDATE sms_codes SET created_ms = created_ms - 120000").execute(&db.state.db).await.unwrap();
    assert_eq!(call(&app, "POST", "/api/auth/send-code", send, None).await.status, StatusCode::OK);
    let again = start(db.last_code(APPEAL_PHONE).await).await;
    assert_eq!(message(&again, ""), "该单位已有申诉正在处理，请等待短信通知");

    let support = sign_in_cookie(&app, "demo_support", "Support#2026").await;
    let queue = call(&app, "GET", "/api/support/org-appeals", Value::Null, Some(&support)).await;
    assert_eq!(queue.body[0]["stated_name"], NEW_NAME, "{:?}", queue.body);
    assert_eq!(queue.body[0]["registered_name"], OLD_NAME);
    let id = queue.body[0]["appeal_id"].as_i64().unwrap();
    let file =
        call(&app, "GET", &format!("/api/support/org-appeals/{id}/statement"), Value::Null, Some(&support)).await;
    assert_eq!(file.status, StatusCode::OK);
    let candidate = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let denied = call(
        &app,
        "POST",
        "/api/support/decide-org-appeal",
        json!({"appeal_id": id, "approve": true, "reason": ""}),
        Some(&candidate),
    )
    .await;
    assert_eq!(error_kind(&denied), "Forbidden");
    let approved = call(
        &app,
        "POST",
        "/api/support/decide-org-appeal",
        json!({"appeal_id": id, "approve": true, "reason": ""}),
        Some(&support),
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);

    // The new name is taken over; the temporary password signs in by credit code and must be changed.
    let sms = db.last_sms(APPEAL_PHONE).await;
    assert!(sms.contains(NEW_NAME) && sms.contains("登录名 changsha_tech"), "{sms}");
    let temporary = sms.split("临时密码 ").nth(1).unwrap().split('，').next().unwrap().to_string();
    assert_eq!(error_kind(&org_sign_in(&app, &uscc(), PASSWORD).await), "Refused", "the old password is gone");
    let cookie = org_cookie(&app, &uscc(), &temporary).await;
    let me = call(&app, "GET", "/api/org-account/me", Value::Null, Some(&cookie)).await;
    assert_eq!(me.body["full_name"], NEW_NAME);
    assert_eq!(me.body["must_change_password"], true);
    let grants = call(&app, "POST", "/api/orgs/grants", json!({"org_id": org}), Some(&cookie)).await;
    assert_eq!(error_kind(&grants), "PasswordExpired", "nothing before the new password");
    let change = json!({"current": temporary, "password": "Org#Renamed2026", "password_again": "Org#Renamed2026"});
    let changed = call(&app, "POST", "/api/org-account/password", change, Some(&cookie)).await;
    assert_eq!(changed.status, StatusCode::OK);
    let cookie = cookie_pair(&changed.set_cookie.expect("the session goes on under a new id"));
    let grants = call(&app, "POST", "/api/orgs/grants", json!({"org_id": org}), Some(&cookie)).await;
    assert_eq!(grants.status, StatusCode::OK, "{:?}", grants.body);
    let (name,): (String,) = sqlx::query_as("SELECT full_name FROM organizations WHERE id = $1")
        .bind(org)
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    assert_eq!(name, NEW_NAME);
    let _ = users::by_username(&db.state.db, "org_boss").await.unwrap().expect("the agent stays");
}
on_both_databases!(a_renamed_organization_gets_its_account_back_through_the_legal_entity_appeal);

async fn a_refused_appeal_says_why_and_changes_nothing(db: &TestDb) {
    let (app, org) = setup(db).await;
    let send = json!({"phone": APPEAL_PHONE, "purpose": "Appeal"});
    call(&app, "POST", "/api/auth/send-code", send, None).await;
    let input = json!({"input": {"full_name": NEW_NAME, "uscc": uscc(), "phone": APPEAL_PHONE,
        "code": db.last_code(APPEAL_PHONE).await}});
    let started = call(&app, "POST", "/api/org-recovery/start-appeal", input, None).await;
    let cookie = cookie_pair(&started.set_cookie.expect("the appeal's session"));
    for file in ["licence", "statement"] {
        assert_eq!(upload_appeal_file(&app, &cookie, file, ONE_PAGE_PDF).await, StatusCode::OK);
    }
    call(&app, "POST", "/api/org-recovery/submit-appeal", json!({}), Some(&cookie)).await;
    let support = sign_in_cookie(&app, "demo_support", "Support#2026").await;
    let queue = call(&app, "GET", "/api/support/org-appeals", Value::Null, Some(&support)).await;
    let id = queue.body[0]["appeal_id"].as_i64().unwrap();
    let refuse = |reason: &str| json!({"appeal_id": id, "approve": false, "reason": reason});
    let reply = call(&app, "POST", "/api/support/decide-org-appeal", refuse(""), Some(&support)).await;
    assert_eq!(message(&reply, "reason"), "请填写不通过原因");
    let reply = call(&app, "POST", "/api/support/decide-org-appeal", refuse("变更声明未盖公章"), Some(&support)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(db.last_sms(APPEAL_PHONE).await.contains("未通过：变更声明未盖公章"));
    assert_eq!(
        db.count(&format!("SELECT COUNT(*) FROM organizations WHERE id = {org} AND full_name = '{OLD_NAME}'")).await,
        1
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM org_accounts").await, 0);
}
on_both_databases!(a_refused_appeal_says_why_and_changes_nothing);
