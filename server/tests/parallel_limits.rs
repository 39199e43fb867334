//! Limits of N tries hold when the tries arrive at once (issue 18), on both databases: each burst is sent
//! in parallel on a multi-threaded runtime, and at most N of its tries are compared with the secret.
//! Before the fix (3e42295) each limit read the count, compared and incremented afterwards: 22 of 25
//! passwords, 54 of 60 SMS codes, 20 of 20 face checks and 20 of 20 invitation codes were checked.
mod common;

use std::future::Future;

use app::accounts::ssr::sign_in::{self, Captcha};
use app::accounts::ssr::{codes, demo, users};
use app::accounts::types::CodePurpose;
use app::applications::ssr::reference;
use app::error::AppError;
use app::exams::ssr::{confirm, exams};
use app::exams::types::ExamSettings;
use app::identity::fixtures::{self, jpeg};
use app::training::ssr::{courses, sessions};
use app::training::types::SessionInput;
use common::{refused_zh, TestDb, START_MS};

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

/// Runs `count` copies of the try at once and returns their results.
async fn burst<T, F, Fut>(count: usize, try_one: F) -> Vec<Result<T, AppError>>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let tasks: Vec<_> = (0..count).map(|i| tokio::spawn(try_one(i))).collect();
    let mut results = Vec::with_capacity(count);
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

/// 25 passwords at once (one right) without a captcha: at most [5] are compared, the rest are asked for
/// the captcha; the right one among them is not let through uncounted.
async fn a_password_burst_checks_at_most_the_captcha_limit(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = db.state.clone();
    let results = burst(25, |i| {
        let state = state.clone();
        async move {
            let password = if i == 24 { "Candidate#2026".to_string() } else { format!("Wrong#{i}pass") };
            sign_in::with_password(&state, "demo_candidate", &password, Captcha::NotGiven).await
        }
    })
    .await;
    let checked = results
        .iter()
        .filter(|r| r.is_ok() || matches!(r, Err(AppError::Refused(t)) if t.zh.starts_with("用户名或密码错误")))
        .count();
    let asked = results.iter().filter(|r| matches!(r, Err(AppError::CaptchaRequired { .. }))).count();
    let limit = state.settings.accounts.captcha_after_failures as usize;
    eprintln!("burst figure: 25 sign-ins at once, {checked} passwords compared, {asked} asked for the captcha");
    assert!(checked <= limit, "{checked} passwords checked: {results:?}");
    assert_eq!(checked + asked, 25, "{results:?}");
    let candidate = user(db, "demo_candidate").await;
    assert!(candidate.failed_logins <= limit as i64);
}

/// 60 wrong SMS codes at once for one code: at most [5] compared; the code is void after them, even
/// for the right digits.
async fn an_sms_code_burst_checks_at_most_the_limit(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = db.state.clone();
    let phone = "13800000001";
    codes::send_code(&state, phone, CodePurpose::SignIn).await.unwrap();
    let right = db.last_code(phone).await;
    let results = burst(60, |i| {
        let (state, right) = (state.clone(), right.clone());
        async move {
            let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1 + i as u32) % 1_000_000);
            codes::check_code(&state, phone, CodePurpose::SignIn, &wrong).await
        }
    })
    .await;
    let compared = results
        .iter()
        .filter(|r| matches!(r, Err(e) if e.field_text("sms_code").is_some_and(|t| t.zh.starts_with("验证码错误"))))
        .count();
    eprintln!("burst figure: 60 wrong SMS codes at once, {compared} compared");
    assert_eq!(compared as i64, state.settings.sms.max_attempts, "{results:?}");
    let void = codes::check_code(&state, phone, CodePurpose::SignIn, &right).await.unwrap_err();
    assert_eq!(void.field_text("sms_code").unwrap().zh, "验证码已失效，请重新获取");
}

/// 20 identity checks at once with a limit of 10: 10 compared and stored, 10 refused; and none before
/// the waiting room opens.
async fn a_face_check_burst_compares_at_most_the_limit(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = db.state.clone();
    let admin = user(db, "demo_examiner").await;
    let candidate = user(db, "demo_candidate").await;
    let pictures = fixtures::make(&state.faces).expect("fixtures");
    common::verify_with_face(&state, &candidate, jpeg(&pictures.one_face)).await;
    let exam_at = |start_ms: i64, title: &str| {
        let mut settings = ExamSettings::formal_defaults(title, start_ms);
        (settings.candidates, settings.verify_limit) = (vec!["demo_candidate".into()], 10);
        settings
    };
    let later = exams::create(&state, &admin, &exam_at(START_MS + 2 * 3_600_000, "下午的考试")).await.unwrap();
    let exam_id = exams::create(&state, &admin, &exam_at(START_MS + 600_000, "监考考试")).await.unwrap();
    for id in [later, exam_id] {
        for step in [confirm::Step::Agreement, confirm::Step::Camera, confirm::Step::Network] {
            confirm::complete(&state, &candidate, id, step).await.unwrap();
        }
    }
    let early = confirm::face_check(&state, &candidate, later, jpeg(&pictures.one_face)).await.unwrap_err();
    assert_eq!(refused_zh(&early), "候考室开考前45分钟开放，届时再进行身份核验");

    let photo = jpeg(&pictures.other_face);
    let results = burst(20, |_| {
        let (state, candidate, photo) = (state.clone(), candidate.clone(), photo.clone());
        async move { confirm::face_check(&state, &candidate, exam_id, photo).await }
    })
    .await;
    let compared = results.iter().filter(|r| r.is_ok()).count();
    eprintln!("burst figure: 20 identity checks at once, {compared} compared");
    assert_eq!(compared, 10, "{results:?}");
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(refused_zh(refused), "身份核验次数已用完（10次），请点击“去反馈”提交工单");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM exam_face_checks").await, 10);
    let status = confirm::status(&state, &candidate, exam_id).await.unwrap();
    assert_eq!((status.verify_used, status.verify_limit), (10, 10));
}

/// 20 wrong invitation codes at once on the session date: at most [5] compared, then the course locks.
async fn an_invitation_code_burst_checks_at_most_the_limit(db: &TestDb) {
    reference::import_regions_if_empty(&db.state, &common::regions_dir()).await.unwrap();
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = db.state.clone();
    let admin = user(db, "demo_admin").await;
    let candidate = user(db, "demo_candidate").await;
    common::mark_verified(&state, candidate.id).await;
    let input = SessionInput {
        title: "北京培训".into(),
        region_code: "11".into(),
        date: "2026-11-30".into(),
        stream_url: "/live/placeholder.html".into(),
    };
    let session_id = sessions::create(&state, &admin, &input).await.unwrap();
    courses::register(&state, &candidate, session_id).await.unwrap();
    let sms = db.last_sms("13800000001").await;
    let code: String = sms.split("邀请码：").nth(1).unwrap().chars().take(6).collect();
    db.clock.advance_secs(7 * 24 * 3600);
    let results = burst(20, |i| {
        let (state, candidate, code) = (state.clone(), candidate.clone(), code.clone());
        async move {
            let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i as u32) % 1_000_000);
            courses::watch(&state, &candidate, session_id, &wrong).await
        }
    })
    .await;
    let compared = results.iter().filter(|r| matches!(r, Err(e) if e.field_text("code").is_some())).count();
    eprintln!("burst figure: 20 wrong invitation codes at once, {compared} rejected as wrong before the lock");
    assert!(compared < 5, "the fifth wrong code locks: {results:?}");
    let locked = results.iter().filter(|r| matches!(r, Err(e) if refused_zh_is(e, "邀请码错误次数过多"))).count();
    assert_eq!(compared + locked, 20);
    let (failures,): (i64,) = sqlx::query_as("SELECT code_failures FROM training_registrations WHERE user_id = $1")
        .bind(candidate.id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(failures, 5);
    let err = courses::watch(&state, &candidate, session_id, &code).await.unwrap_err();
    assert!(refused_zh_is(&err, "邀请码错误次数过多"), "{err:?}");
}

fn refused_zh_is(err: &AppError, start: &str) -> bool {
    matches!(err, AppError::Refused(t) if t.zh.starts_with(start))
}

on_both_databases!(
    a_password_burst_checks_at_most_the_captcha_limit,
    an_sms_code_burst_checks_at_most_the_limit,
    a_face_check_burst_compares_at_most_the_limit,
    an_invitation_code_burst_checks_at_most_the_limit,
);
