//! Registration rules (SPEC §2) against both databases: normalization, every bad value with its message,
//! uniqueness, SMS codes, and that a refused registration leaves nothing behind.
mod common;

use app::accounts::ssr::{codes, register::register};
use app::accounts::types::{CodePurpose, RegisterInput};
use app::error::AppError;
use common::TestDb;

pub fn valid_input(phone: &str, username: &str, id_number: &str) -> RegisterInput {
    RegisterInput {
        real_name: "  欧阳   娜娜 ".into(),
        id_type: "resident".into(),
        id_number: id_number.into(),
        phone: phone.into(),
        sms_code: String::new(),
        username: username.into(),
        password: "Abcd#2026x".into(),
        password_again: "Abcd#2026x".into(),
        security_question: String::new(),
        security_answer: String::new(),
        accept_policies: true,
    }
}

/// 11010519491231002X: a valid ID (check character X), given with a lower-case x.
const ID_LOWER_X: &str = "11010519491231002x";

async fn with_code(db: &TestDb, mut input: RegisterInput) -> RegisterInput {
    let phone = app::rules::normalize_phone(&input.phone).expect("test phone is valid");
    codes::send_code(&db.state, &phone, CodePurpose::Register).await.expect("code sent");
    input.sms_code = db.last_code(&phone).await;
    input
}

fn message_for(err: &AppError, field: &str) -> String {
    err.field_text(field).map(|t| t.zh.clone()).unwrap_or_else(|| panic!("no message for {field} in {err:?}"))
}

async fn stores_normalized_values(db: &TestDb) {
    let input = with_code(db, valid_input("138 0013 8000", "Ouyang_Nana", ID_LOWER_X)).await;
    let user_id = register(&db.state, &input).await.expect("registration succeeds");
    let (name, id_number, phone, username_key, role): (String, String, String, String, String) = sqlx::query_as(
        "SELECT u.real_name, u.id_number, u.phone, u.username_key, r.role FROM users u \
         JOIN user_roles r ON r.user_id = u.id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(&db.state.db)
    .await
    .unwrap();
    assert_eq!(name, "欧阳娜娜");
    assert_eq!(id_number, "11010519491231002X");
    assert_eq!(phone, "13800138000");
    assert_eq!(username_key, "ouyang_nana");
    assert_eq!(role, "candidate");
    assert_eq!(db.count("SELECT COUNT(*) FROM sms_codes WHERE used_ms IS NOT NULL").await, 1, "the code is used up");
}

async fn converts_old_fifteen_digit_numbers(db: &TestDb) {
    let input = with_code(db, valid_input("13900000015", "old_number", "110105491231002")).await;
    let user_id = register(&db.state, &input).await.expect("registration succeeds");
    let (id_number,): (String,) = sqlx::query_as("SELECT id_number FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    assert_eq!(id_number, "11010519491231002X");
}

async fn refuses_bad_values_with_their_messages(db: &TestDb) {
    let long = "字".repeat(10_000);
    type Spoil = Box<dyn Fn(&mut RegisterInput)>;
    let cases: Vec<(&str, Spoil, &str)> = vec![
        ("id_number", Box::new(|i| i.id_number = "110105194912310021".into()), "校验"),
        ("id_number", Box::new(|i| i.id_number = "110105199002310015".into()), "出生日期"),
        ("id_number", Box::new(|i| i.id_number = "110105209901010012".into()), "出生日期"),
        ("id_number", Box::new(|i| i.id_number = "11010519491231002".into()), "18位"),
        ("id_number", Box::new(|i| i.id_number = "' OR 1=1 --".into()), ""),
        ("username", Box::new(|i| i.username = "ouyang-nana".into()), "-"),
        ("username", Box::new(|i| i.username = "12345678".into()), "数字"),
        ("username", Box::new(|i| i.username = "a'; DROP TABLE users; --".into()), ""),
        (
            "password",
            Box::new(|i| {
                i.password = "Abcd，2026x".into();
                i.password_again = i.password.clone();
            }),
            "，",
        ),
        (
            "password",
            Box::new(|i| {
                i.password = "abcdefgh".into();
                i.password_again = i.password.clone();
            }),
            "",
        ),
        (
            "password",
            Box::new(|i| {
                i.password = "Ouyang_Nana#1".into();
                i.password_again = i.password.clone();
            }),
            "用户名",
        ),
        (
            "password",
            Box::new(|i| {
                i.password = "P@ssw0rd".into();
                i.password_again = i.password.clone();
            }),
            "常见",
        ),
        ("password_again", Box::new(|i| i.password_again = "Abcd#2026y".into()), ""),
        ("real_name", Box::new(move |i| i.real_name = "' OR 1=1 --".into()), ""),
        ("real_name", Box::new(move |i| i.real_name = long.clone()), ""),
        ("phone", Box::new(|i| i.phone = "1380013800".into()), ""),
        ("phone", Box::new(|i| i.phone = "12800138000".into()), ""),
        ("sms_code", Box::new(|i| i.sms_code = "12ab56".into()), ""),
        ("id_type", Box::new(|i| i.id_type = "alien".into()), "证件类型"),
    ];
    let base = with_code(db, valid_input("13700000001", "Ouyang_Nana", ID_LOWER_X)).await;
    for (field, spoil, fragment) in cases {
        let mut input = base.clone();
        spoil(&mut input);
        let err = register(&db.state, &input).await.expect_err(field);
        let message = message_for(&err, field);
        assert!(message.contains(fragment), "{field}: {message:?} should mention {fragment:?}");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM users").await, 0, "nothing half-written");
    // The code is still good: validation failures don't consume it.
    register(&db.state, &base).await.expect("the untouched form still registers");
}

async fn refuses_taken_id_phone_and_username(db: &TestDb) {
    let first = with_code(db, valid_input("13800138000", "First_User", ID_LOWER_X)).await;
    register(&db.state, &first).await.expect("first registration");
    db.clock.advance_secs(61);

    let second = with_code(db, valid_input("+86 138-0013-8000", "FIRST_USER", "11010519491231002X")).await;
    let err = register(&db.state, &second).await.expect_err("all three taken");
    assert!(message_for(&err, "id_number").starts_with("该证件号码已注册"));
    assert_eq!(message_for(&err, "phone"), "该手机号已注册，请更换手机号");
    assert_eq!(message_for(&err, "username"), "该用户名已被使用，请换一个");
    assert_eq!(db.count("SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM user_roles").await, 1);
}

async fn sms_code_rules(db: &TestDb) {
    let state = &db.state;
    let phone = "13600000001";
    codes::send_code(state, phone, CodePurpose::Register).await.expect("first code");
    let err = codes::send_code(state, phone, CodePurpose::Register).await.expect_err("within 60 s");
    assert!(matches!(err, AppError::RateLimited { retry_after_secs: 60, .. }), "{err:?}");
    db.clock.advance_secs(30);
    let err = codes::send_code(state, phone, CodePurpose::Register).await.expect_err("within 60 s");
    assert!(matches!(err, AppError::RateLimited { retry_after_secs: 30, .. }), "{err:?}");

    // Expired after 5 minutes.
    let code = db.last_code(phone).await;
    db.clock.advance_secs(5 * 60);
    let err = codes::consume_code(state, phone, CodePurpose::Register, &code).await.expect_err("expired");
    assert!(message_for(&err, "sms_code").contains("失效"));

    // Wrong five times voids the code; the right code is refused afterwards.
    codes::send_code(state, phone, CodePurpose::Register).await.expect("new code");
    let code = db.last_code(phone).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let err = codes::consume_code(state, phone, CodePurpose::Register, wrong).await.expect_err("wrong code");
        assert!(message_for(&err, "sms_code").contains("错误"));
    }
    assert!(codes::consume_code(state, phone, CodePurpose::Register, &code).await.is_err());

    // A code for one purpose is refused for another; the right purpose accepts it once.
    db.clock.advance_secs(61);
    codes::send_code(state, phone, CodePurpose::ResetPassword).await.expect("code");
    let code = db.last_code(phone).await;
    assert!(codes::consume_code(state, phone, CodePurpose::SignIn, &code).await.is_err());
    codes::consume_code(state, phone, CodePurpose::ResetPassword, &code).await.expect("right purpose");
    assert!(codes::consume_code(state, phone, CodePurpose::ResetPassword, &code).await.is_err(), "single use");

    // At most 10 a day.
    for _ in 0..7 {
        db.clock.advance_secs(61);
        codes::send_code(state, phone, CodePurpose::Register).await.expect("under the daily limit");
    }
    db.clock.advance_secs(61);
    let err = codes::send_code(state, phone, CodePurpose::Register).await.expect_err("11th in a day");
    assert!(err.text().zh.contains("明天"), "{err:?}");
    db.clock.advance_secs(86_400);
    codes::send_code(state, phone, CodePurpose::Register).await.expect("a day later");
}

/// The agreement and the privacy policy (issue 19): refused without them; accepted, each current version
/// is recorded with the time; a version the admin publishes later is what later registrations accept.
async fn registration_records_the_accepted_policy_versions(db: &TestDb) {
    app::accounts::ssr::demo::seed_if_empty(&db.state).await.unwrap();
    let mut input = with_code(db, valid_input("13900000016", "consent_one", "110105199001011232")).await;
    input.accept_policies = false;
    let err = register(&db.state, &input).await.unwrap_err();
    assert_eq!(message_for(&err, "accept_policies"), "请阅读并同意《用户服务协议》和《隐私政策》");
    assert_eq!(db.count("SELECT COUNT(*) FROM users WHERE username = 'consent_one'").await, 0);
    input.accept_policies = true;
    let first = register(&db.state, &input).await.unwrap();
    let versions = |user: i64| {
        let db = &db.state.db;
        async move {
            let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT kind, version, accepted_ms FROM policy_acceptances WHERE user_id = $1 ORDER BY kind",
            )
            .bind(user)
            .fetch_all(db)
            .await
            .unwrap();
            rows
        }
    };
    let now = db.state.now_ms();
    assert_eq!(versions(first).await, [("privacy".to_string(), 1, now), ("terms".to_string(), 1, now)]);

    let admin = app::accounts::ssr::users::by_username(&db.state.db, "demo_admin").await.unwrap().unwrap();
    let empty = app::policies::ssr::publish(&db.state, &admin, "privacy", " ").await.unwrap_err();
    assert!(empty.field_text("body").is_some(), "{empty:?}");
    assert_eq!(app::policies::ssr::publish(&db.state, &admin, "privacy", "隐私政策（第2版）").await.unwrap(), 2);
    assert_eq!(app::policies::ssr::publish(&db.state, &admin, "cookies", "x").await.unwrap_err(), AppError::NotFound);
    let second =
        register(&db.state, &with_code(db, valid_input("13900000017", "consent_two", "110105199102022344")).await)
            .await;
    let later: Vec<(String, i64)> = versions(second.unwrap()).await.into_iter().map(|(k, v, _)| (k, v)).collect();
    assert_eq!(later, [("privacy".to_string(), 2), ("terms".to_string(), 1)]);
}

on_both_databases!(
    stores_normalized_values,
    converts_old_fifteen_digit_numbers,
    refuses_bad_values_with_their_messages,
    refuses_taken_id_phone_and_username,
    sms_code_rules,
    registration_records_the_accepted_policy_versions,
);
