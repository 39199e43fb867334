//! Training (SPEC §6) on both databases: registration for one session of one's own region, the invitation
//! code that opens the course on its date only with a limit on wrong codes, and the materials.
mod common;

use app::accounts::ssr::{demo, users};
use app::applications::ssr::reference;
use app::error::AppError;
use app::training::ssr::{courses, materials, sessions};
use app::training::types::SessionInput;
use common::{call, mark_verified, post_bytes, refused_zh, sign_in_cookie, TestDb};
use serde_json::json;

const DAY_SECS: i64 = 24 * 3600;
const PDF: &[u8] = common::ONE_PAGE_PDF;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

/// Demo data with the regions: demo_candidate lives in 110101 (Beijing), demo_admin manages training.
async fn seeded(db: &TestDb) {
    reference::import_regions_if_empty(&db.state, &common::regions_dir()).await.unwrap();
    demo::seed_if_empty(&db.state).await.unwrap();
}

fn session(title: &str, region: &str, date: &str) -> SessionInput {
    SessionInput {
        title: title.into(),
        region_code: region.into(),
        date: date.into(),
        stream_url: "/live/placeholder.html".into(),
    }
}

async fn sessions_are_checked_when_created(db: &TestDb) {
    seeded(db).await;
    let admin = user(db, "demo_admin").await;
    let bad = SessionInput {
        title: " ".into(),
        region_code: "999999".into(),
        date: "2026-02-30".into(),
        stream_url: "javascript:alert(1)".into(),
    };
    let err = sessions::create(&db.state, &admin, &bad).await.unwrap_err();
    for field in ["title", "region_code", "date", "stream_url"] {
        assert!(err.field_text(field).is_some(), "{field}: {err:?}");
    }
    let id = sessions::create(&db.state, &admin, &session("北京培训", "11", "2026-12-01")).await.unwrap();
    assert_eq!(sessions::by_id(&db.state, id).await.unwrap().region_name, "北京市");
}

async fn a_candidate_registers_once_for_a_session_of_their_own_region(db: &TestDb) {
    seeded(db).await;
    let admin = user(db, "demo_admin").await;
    let candidate = user(db, "demo_candidate").await;
    let beijing = sessions::create(&db.state, &admin, &session("北京培训", "11", "2026-11-30")).await.unwrap();
    let guangzhou = sessions::create(&db.state, &admin, &session("广州培训", "4401", "2026-11-30")).await.unwrap();
    let past = sessions::create(&db.state, &admin, &session("往期培训", "11", "2026-11-01")).await.unwrap();

    let err = courses::register(&db.state, &candidate, beijing).await.unwrap_err();
    assert_eq!(refused_zh(&err), "请先完成实名认证，再报名培训");
    mark_verified(&db.state, candidate.id).await;
    let err = courses::register(&db.state, &candidate, guangzhou).await.unwrap_err();
    assert!(refused_zh(&err).starts_with("所属地不一致"), "{err:?}");
    assert!(refused_zh(&err).contains("联系客服"), "the support hint");
    let err = courses::register(&db.state, &candidate, past).await.unwrap_err();
    assert!(refused_zh(&err).contains("已结束"), "{err:?}");
    assert_eq!(courses::register(&db.state, &candidate, 999_999).await.unwrap_err(), AppError::NotFound);

    let course = courses::register(&db.state, &candidate, beijing).await.unwrap();
    assert_eq!((course.session.id, course.when.as_str(), course.locked), (beijing, "upcoming", false));
    let sms = db.last_sms("13800000001").await;
    assert!(sms.contains("北京培训") && sms.contains("邀请码"), "{sms}");
    let err = courses::register(&db.state, &candidate, beijing).await.unwrap_err();
    assert!(refused_zh(&err).contains("只能报名一次"), "{err:?}");

    // The region support sets wins over the application's; without either, no course fits.
    let other = common::insert_user(&db.state, "lisi_2026", "110101199001011237", "13900000001").await;
    mark_verified(&db.state, other.id).await;
    let err = courses::register(&db.state, &other, beijing).await.unwrap_err();
    assert!(refused_zh(&err).starts_with("所属地不一致"));
    sqlx::query("UPDATE users SET home_region_code = '440106' WHERE id = $1")
        .bind(other.id)
        .execute(&db.state.db)
        .await
        .unwrap();
    courses::register(&db.state, &other, guangzhou).await.unwrap();
    let overview = courses::overview(&db.state, &other).await.unwrap();
    assert_eq!(overview.mine.unwrap().session.id, guangzhou);
    assert!(overview.my_region.unwrap().contains("天河区"));
    let listed: Vec<i64> = overview.sessions.iter().map(|s| s.id).collect();
    assert!(listed.contains(&beijing) && listed.contains(&guangzhou), "{listed:?}");
    assert!(!listed.contains(&past), "coming sessions only");
}

async fn the_code_opens_the_course_on_its_date_only(db: &TestDb) {
    seeded(db).await;
    let admin = user(db, "demo_admin").await;
    let candidate = user(db, "demo_candidate").await;
    mark_verified(&db.state, candidate.id).await;
    // Today is 2026-11-23 in China: the session is next week.
    let id = sessions::create(&db.state, &admin, &session("北京培训", "11", "2026-11-30")).await.unwrap();
    courses::register(&db.state, &candidate, id).await.unwrap();
    let sms = db.last_sms("13800000001").await;
    let code: String = sms.split("邀请码：").nth(1).unwrap().chars().take(6).collect();

    for guess in [code.as_str(), "000000"] {
        let err = courses::watch(&db.state, &candidate, id, guess).await.unwrap_err();
        assert_eq!(refused_zh(&err), "授权失败，请在报名日期观看");
    }
    db.clock.advance_secs(7 * DAY_SECS);
    let wrong = if code == "111111" { "222222" } else { "111111" };
    let err = courses::watch(&db.state, &candidate, id, wrong).await.unwrap_err();
    let text = err.field_text("code").expect("a message on the code field");
    assert_eq!(text.zh, "邀请码不正确，请核对短信后重试（还可尝试4次）", "tries before the date were not counted");
    let live = courses::watch(&db.state, &candidate, id, &format!(" {code} ")).await.unwrap();
    assert_eq!(live.stream_url, "/live/placeholder.html");

    // Someone not registered for it can't watch, whatever the code.
    let other = common::insert_user(&db.state, "wangwu_26", "110101199001011237", "13900000002").await;
    let err = courses::watch(&db.state, &other, id, &code).await.unwrap_err();
    assert!(refused_zh(&err).contains("未报名"));

    for _ in 0..3 {
        courses::watch(&db.state, &candidate, id, wrong).await.unwrap_err();
    }
    let err = courses::watch(&db.state, &candidate, id, wrong).await.unwrap_err();
    assert!(refused_zh(&err).contains("课程已锁定"), "the 5th wrong code locks: {err:?}");
    let err = courses::watch(&db.state, &candidate, id, &code).await.unwrap_err();
    assert!(refused_zh(&err).contains("课程已锁定"), "even the right code, until support unlocks");
    assert!(courses::my_course(&db.state, &candidate).await.unwrap().unwrap().locked);
    let support = user(db, "demo_support").await;
    app::admin::ssr::actions::unlock_training(&db.state, &support, candidate.id).await.unwrap();
    courses::watch(&db.state, &candidate, id, &code).await.unwrap();

    db.clock.advance_secs(DAY_SECS);
    let err = courses::watch(&db.state, &candidate, id, &code).await.unwrap_err();
    assert_eq!(refused_zh(&err), "该场次直播已结束");
    assert_eq!(courses::my_course(&db.state, &candidate).await.unwrap().unwrap().when, "ended");
}

async fn materials_are_checked_and_only_for_registered_candidates(db: &TestDb) {
    seeded(db).await;
    let admin = user(db, "demo_admin").await;
    let candidate = user(db, "demo_candidate").await;
    let err = materials::add(&db.state, &admin, "培训讲义", false, b"just text".to_vec()).await.unwrap_err();
    assert!(err.field_text("file").unwrap().zh.contains("PDF"), "{err:?}");
    let err = materials::add(&db.state, &admin, "", false, PDF.to_vec()).await.unwrap_err();
    assert!(err.field_text("title").is_some());
    let material = materials::add(&db.state, &admin, "培训讲义", false, PDF.to_vec()).await.unwrap();
    // 资料下载 on the portal lists public materials only; a private one is not found there.
    let template = materials::add(&db.state, &admin, "资格审查表（空白）", true, PDF.to_vec()).await.unwrap();
    let listed: Vec<String> = materials::public_list(&db.state).await.unwrap().into_iter().map(|m| m.title).collect();
    assert_eq!(listed, ["资格审查表（空白）"]);
    assert_eq!(materials::public_file(&db.state, material.id).await.unwrap_err(), app::error::AppError::NotFound);
    assert_eq!(materials::public_file(&db.state, template.id).await.unwrap().2, PDF);

    let err = materials::ensure_can_read(&db.state, &candidate).await.unwrap_err();
    assert!(refused_zh(&err).contains("报名培训课程后"));
    mark_verified(&db.state, candidate.id).await;
    let id = sessions::create(&db.state, &admin, &session("北京培训", "11", "2026-11-30")).await.unwrap();
    courses::register(&db.state, &candidate, id).await.unwrap();
    materials::ensure_can_read(&db.state, &candidate).await.unwrap();
    let (content_type, name, bytes) = materials::file(&db.state, material.id).await.unwrap();
    assert_eq!((content_type.as_str(), name.as_str(), bytes.as_slice()), ("application/pdf", "培训讲义.pdf", PDF));

    // Over HTTP: the download needs a registration, the upload the admin role.
    let app = server::router::app(db.state.clone());
    let support = sign_in_cookie(&app, "demo_support", "Support#2026").await;
    let reply =
        call(&app, "GET", &format!("/api/training/materials/{}", material.id), json!(null), Some(&support)).await;
    assert_eq!(reply.status, 409, "{:?}", reply.body);
    let candidate_cookie = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let (status, _) = post_bytes(&app, "/api/admin/training/materials?title=x", Some(&candidate_cookie), PDF).await;
    assert_eq!(status, 403);
    let reply =
        call(&app, "GET", &format!("/api/training/materials/{}", material.id), json!(null), Some(&candidate_cookie))
            .await;
    assert_eq!(reply.status, 200);
}

on_both_databases!(
    sessions_are_checked_when_created,
    a_candidate_registers_once_for_a_session_of_their_own_region,
    the_code_opens_the_course_on_its_date_only,
    materials_are_checked_and_only_for_registered_candidates,
);
