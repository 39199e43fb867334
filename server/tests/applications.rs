//! Expert applications (SPEC §4–5) on both databases: the wizard's rules and bad input, the locks, the
//! window, the four review stages with a return, the race between two reviewers, and who may do what.
mod common;

use app::applications::ssr::{reference, review, submit, windows, wizard};
use app::applications::types::*;
use app::error::AppError;
use common::applications::{basic, education, setup, specialties, submitted_application, user, PDF};
use common::{TestDb, START_MS};

fn refusal(err: AppError) -> String {
    match err {
        AppError::Refused(text) => text.zh,
        other => panic!("not a refusal: {other:?}"),
    }
}

fn problems(err: AppError) -> Vec<String> {
    match err {
        AppError::Invalid(fields) => fields.into_iter().map(|f| f.text.zh).collect(),
        other => panic!("not invalid input: {other:?}"),
    }
}

/// Step by step: drafts with bad input refused field by field, the limits, education never deleted,
/// printing locks steps 1–3, submission needs the attachments and then locks everything.
async fn the_wizard_enforces_its_rules_and_locks(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let id = wizard::start(state, &candidate, window).await.unwrap();
    assert_eq!(wizard::start(state, &candidate, window).await.unwrap(), id, "one application per window");

    let unit = reference::search_units(state, "湖南大学").await.unwrap()[0].id;
    // A missing unit is requested from support; a listed one or an empty name is refused.
    let listed = reference::request_unit(state, candidate.id, "湖南大学", "").await.unwrap_err();
    assert_eq!(problems(listed), vec!["该单位已在列表中，请直接搜索选择"]);
    assert_eq!(
        problems(reference::request_unit(state, candidate.id, " ", "").await.unwrap_err()),
        vec!["请填写单位名称"]
    );
    reference::request_unit(state, candidate.id, "湖南省某新设研究院", "电话 0731-00000000").await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM unit_requests WHERE status = 'open'").await, 1);
    let mut bad = basic(unit);
    bad.region_code = "43".into();
    bad.work[0].start_month = "2030-01".into();
    bad.political_status = "无党派人士X".into();
    let messages = problems(wizard::save_basic(state, &candidate, id, &bad).await.unwrap_err());
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("区（县）")) && messages.iter().any(|m| m == "日期不能晚于本月"));
    wizard::save_basic(state, &candidate, id, &basic(unit)).await.unwrap();

    let certificate = CertificateItem { name: "一级建造师".into(), number: "湘143000000001".into() };
    let four = QualificationsInput { certificates: vec![certificate.clone(); 4], ..Default::default() };
    let messages = problems(wizard::save_qualifications(state, &candidate, id, &four).await.unwrap_err());
    assert_eq!(messages, vec!["执业资格证书最多3项"]);
    let six = QualificationsInput { education: vec![education("2005-07"); 6], ..Default::default() };
    assert!(problems(wizard::save_qualifications(state, &candidate, id, &six).await.unwrap_err())
        .contains(&"学历学位信息最多5项".to_string()));
    let two = QualificationsInput {
        certificates: vec![certificate],
        education: vec![education("2009-07"), education("1999-07")],
        ..Default::default()
    };
    wizard::save_qualifications(state, &candidate, id, &two).await.unwrap();
    let app = app::applications::ssr::view::assemble(state, &wizard::own(state, &candidate, id).await.unwrap())
        .await
        .unwrap();
    let online: Vec<bool> = app.education.iter().map(|e| e.checked_online).collect();
    assert_eq!(online, vec![true, false], "2009 is checked online, 1999 on site");
    let mut dropped = two.clone();
    dropped.education = vec![app.education[0].input.clone()];
    let messages = problems(wizard::save_qualifications(state, &candidate, id, &dropped).await.unwrap_err());
    assert_eq!(messages, vec!["学历学位信息添加后不可删除"]);

    let seven = specialties(&["A0101", "A0102", "A0103", "A0201", "A0202", "A0301", "A0302"]);
    assert_eq!(
        problems(wizard::save_specialties(state, &candidate, id, &seven).await.unwrap_err()),
        vec!["评标专业最多6项"]
    );
    let category = specialties(&["A01"]);
    assert_eq!(
        problems(wizard::save_specialties(state, &candidate, id, &category).await.unwrap_err()),
        vec!["请选择第三级评标专业"]
    );
    let messages = problems(submit::print(state, &candidate, id).await.unwrap_err());
    assert_eq!(messages, vec!["请至少选择1个评标专业"]);
    wizard::save_specialties(state, &candidate, id, &specialties(&["A0101", "B0201"])).await.unwrap();
    assert!(refusal(submit::add_attachment(state, &candidate, id, "review_form", "", PDF.to_vec()).await.unwrap_err())
        .contains("请先打印表格"));
    submit::print(state, &candidate, id).await.unwrap();
    let row = wizard::own(state, &candidate, id).await.unwrap();
    let pdf = submit::form_pdf(state, &row).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        refusal(wizard::save_basic(state, &candidate, id, &basic(unit)).await.unwrap_err()),
        "已打印表格，基础信息、执业信息和评标专业已锁定，不能修改"
    );
    assert!(wizard::save_specialties(state, &candidate, id, &specialties(&["A0102"])).await.is_err());

    // Attachments: checked by content; all required ones before submitting.
    let fake = submit::add_attachment(state, &candidate, id, "photo", "photo.jpg", b"not a picture".to_vec())
        .await
        .unwrap_err();
    assert!(matches!(fake, AppError::Invalid(_)), "{fake:?}");
    submit::add_attachment(state, &candidate, id, "review_form", "", PDF.to_vec()).await.unwrap();
    let missing = problems(submit::submit(state, &candidate, id).await.unwrap_err());
    assert_eq!(missing.len(), 4, "{missing:?}");
    for kind in ["id_card", "diploma", "title", "photo"] {
        submit::add_attachment(state, &candidate, id, kind, "", PDF.to_vec()).await.unwrap();
    }
    submit::submit(state, &candidate, id).await.unwrap();
    assert_eq!(refusal(submit::submit(state, &candidate, id).await.unwrap_err()), "申请已提交审核，不能重复提交");
    assert_eq!(
        refusal(wizard::save_qualifications(state, &candidate, id, &two).await.unwrap_err()),
        "申请已提交审核，不能修改"
    );
    assert!(submit::add_attachment(state, &candidate, id, "other", "", PDF.to_vec()).await.is_err());

    // Another person's application doesn't exist for them.
    let other = user(db, "demo_support").await;
    assert_eq!(wizard::own(state, &other, id).await.unwrap_err(), AppError::NotFound);
}

/// 65 on the submission date may apply; 66 may not. Outside the window nothing starts or submits.
async fn the_age_limit_and_the_window(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    // Born 66 years and a day before the test clock's date (2026-11-23).
    let old = common::insert_user(state, "old_expert", "110105196011220011", "13900000066").await;
    common::mark_verified(state, old.id).await;
    let id = wizard::start(state, &old, window).await.unwrap();
    let unit = reference::search_units(state, "湖南大学").await.unwrap()[0].id;
    wizard::save_basic(state, &old, id, &basic(unit)).await.unwrap();
    wizard::save_specialties(state, &old, id, &specialties(&["C0101"])).await.unwrap();
    let messages = problems(submit::print(state, &old, id).await.unwrap_err());
    assert_eq!(messages, vec!["申请人提交时已满66周岁，超过65周岁无法申请成为专家"]);

    let unverified = common::insert_user(state, "not_verified", "110105199001010013", "13900000067").await;
    assert_eq!(refusal(wizard::start(state, &unverified, window).await.unwrap_err()), "请先完成实名认证，再申请");
    let candidate = user(db, "demo_candidate").await;
    let draft = wizard::start(state, &candidate, window).await.unwrap();
    windows::close(state, window).await.unwrap();
    let closed = "当前不在专家征集（续聘）时间段内，无法进行申请操作";
    let renewal: (i64,) =
        sqlx::query_as("SELECT id FROM application_windows WHERE kind = 'renewal'").fetch_one(&state.db).await.unwrap();
    assert_eq!(
        refusal(wizard::start(state, &old, renewal.0).await.unwrap_err()),
        "您可能不在综合专家库中，详情请咨询客服人员"
    );
    let fresh = common::insert_user(state, "late_comer", "110105199002020014", "13900000068").await;
    common::mark_verified(state, fresh.id).await;
    assert_eq!(refusal(wizard::start(state, &fresh, window).await.unwrap_err()), closed);
    assert_eq!(refusal(submit::submit(state, &candidate, draft).await.unwrap_err()), closed);
    let _ = START_MS;
}

/// Four stages in order; the wrong stage's reviewer is refused; a return at stage 2 reopens exactly the
/// named part, sends an SMS, and the corrected application goes back to stage 2 and on to approval.
async fn four_stages_with_a_return(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    let id = submitted_application(db, window).await;
    let candidate = user(db, "demo_candidate").await;
    let reviewers = [
        user(db, "demo_reviewer1").await,
        user(db, "demo_reviewer2").await,
        user(db, "demo_reviewer3").await,
        user(db, "demo_reviewer4").await,
    ];
    let decide = |stage: i64, approve: bool, reopen: Vec<Part>, comment: &str| ReviewInput {
        application_id: id,
        stage,
        decisions: vec![
            SpecialtyDecision { code: "A0101".into(), approve },
            SpecialtyDecision { code: "B0201".into(), approve: true },
        ],
        reopen,
        comment: comment.into(),
    };
    assert_eq!(review::queue(state, &reviewers[1]).await.unwrap().len(), 0, "not at stage 2 yet");
    assert_eq!(
        review::decide(state, &reviewers[2], &decide(1, true, vec![], "")).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(review::queue(state, &reviewers[0]).await.unwrap().len(), 1);
    review::decide(state, &reviewers[0], &decide(1, true, vec![], "同意")).await.unwrap();
    assert!(refusal(review::decide(state, &reviewers[0], &decide(1, true, vec![], "")).await.unwrap_err())
        .contains("已被其他审核人员处理"));

    let no_comment =
        review::decide(state, &reviewers[1], &decide(2, false, vec![Part::Specialties], " ")).await.unwrap_err();
    assert_eq!(problems(no_comment), vec!["请填写退回意见"]);
    let no_part = review::decide(state, &reviewers[1], &decide(2, false, vec![], "专业与经历不符")).await.unwrap_err();
    assert_eq!(problems(no_part), vec!["请选择需要申请人修改的部分"]);
    review::decide(
        state,
        &reviewers[1],
        &decide(2, false, vec![Part::Specialties], "建筑工程施工经历不足，请调整专业"),
    )
    .await
    .unwrap();
    assert!(db.last_sms(&candidate.phone).await.contains("建筑工程施工经历不足"));
    let unit = reference::search_units(state, "湖南大学").await.unwrap()[0].id;
    assert!(refusal(wizard::save_basic(state, &candidate, id, &basic(unit)).await.unwrap_err()).contains("未被退回"));
    wizard::save_specialties(state, &candidate, id, &specialties(&["A0102", "B0201"])).await.unwrap();
    submit::submit(state, &candidate, id).await.unwrap();
    let row = wizard::own(state, &candidate, id).await.unwrap();
    assert_eq!((row.status.as_str(), row.stage), ("submitted", 2), "back to the stage that returned it");

    for (stage, reviewer) in reviewers.iter().enumerate().skip(1) {
        let input = ReviewInput {
            application_id: id,
            stage: stage as i64 + 1,
            decisions: vec![
                SpecialtyDecision { code: "A0102".into(), approve: true },
                SpecialtyDecision { code: "B0201".into(), approve: true },
            ],
            reopen: vec![],
            comment: "同意".into(),
        };
        review::decide(state, reviewer, &input).await.unwrap();
    }
    let row = wizard::own(state, &candidate, id).await.unwrap();
    assert_eq!(row.status, "approved");
    assert_eq!(
        review::approved_usernames(state).await.unwrap(),
        vec!["demo_candidate".to_string()],
        "ready for the exam list"
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM expert_specialties").await, 0, "the exam decides the pool");
    assert!(db.last_sms(&candidate.phone).await.contains("已通过全部审核，请等待考试通知"));
    let app = app::applications::ssr::view::assemble(state, &row).await.unwrap();
    let actions: Vec<&str> = app.log.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "returned").count(), 1);
    assert_eq!(actions.first(), Some(&"submitted"));
    assert!(actions.contains(&"resubmitted"));
}

/// Two reviewers of the same stage decide at the same moment: one wins, the other is told.
async fn two_reviewers_cannot_both_win(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    let id = submitted_application(db, window).await;
    let second = common::insert_user(state, "second_reviewer", "110105198505050018", "13900000055").await;
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'reviewer')")
        .bind(second.id)
        .execute(&state.db)
        .await
        .unwrap();
    review::add_scope(
        state,
        second.id,
        &review::Scope { stage: 1, region_prefix: "43".into(), specialty_prefix: String::new() },
    )
    .await
    .unwrap();
    let first = user(db, "demo_reviewer1").await;
    let input = ReviewInput {
        application_id: id,
        stage: 1,
        decisions: vec![
            SpecialtyDecision { code: "A0101".into(), approve: true },
            SpecialtyDecision { code: "B0201".into(), approve: true },
        ],
        reopen: vec![],
        comment: String::new(),
    };
    let (a, b) = tokio::join!(review::decide(state, &first, &input), review::decide(state, &second, &input));
    assert_eq!(usize::from(a.is_ok()) + usize::from(b.is_ok()), 1, "{a:?} {b:?}");
    let loser = a.err().or(b.err()).unwrap();
    assert!(refusal(loser).contains("已被其他审核人员处理"));
    assert_eq!(db.count("SELECT COUNT(*) FROM application_log WHERE action = 'approved'").await, 2);
}

/// Over HTTP: the review functions are for reviewers, the form and attachments for the applicant and the
/// reviewers the application is with now, and nobody else learns that they exist.
async fn who_may_see_and_review(db: &TestDb) {
    let window = setup(db).await;
    let state = &db.state;
    let id = submitted_application(db, window).await;
    let app = server::router::app(state.clone());
    let get = |path: String, cookie: Option<String>| {
        let app = app.clone();
        async move { common::call(&app, "GET", &path, serde_json::Value::Null, cookie.as_deref()).await }
    };
    use axum::http::StatusCode;
    use serde_json::json;
    let candidate = common::sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let support = common::sign_in_cookie(&app, "demo_support", "Support#2026").await;
    let stage1 = common::sign_in_cookie(&app, "demo_reviewer1", "Reviewer#2026").await;
    let stage2 = common::sign_in_cookie(&app, "demo_reviewer2", "Reviewer#2026").await;
    // Server functions answer with the error's name.
    assert_eq!(get("/api/review/queue".into(), Some(candidate.clone())).await.body, json!("Forbidden"));
    assert_eq!(get("/api/review/queue".into(), None).await.body, json!("Unauthorized"));
    let queue = get("/api/review/queue".into(), Some(stage1.clone())).await;
    assert_eq!((queue.status, queue.body[0]["application_id"].as_i64()), (StatusCode::OK, Some(id)));
    let review = format!("/api/review/application?id={id}");
    assert_eq!(get(review.clone(), Some(stage2.clone())).await.body, json!("Forbidden"), "not at stage 2 yet");
    assert_eq!(get(review, Some(stage1.clone())).await.status, StatusCode::OK);
    // Raw routes answer with the status.
    let form = format!("/api/applications/{id}/form.pdf");
    assert_eq!(get(form.clone(), Some(candidate.clone())).await.status, StatusCode::OK);
    assert_eq!(get(form.clone(), Some(stage1)).await.status, StatusCode::OK);
    assert_eq!(get(form.clone(), Some(stage2)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(form.clone(), Some(support.clone())).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(form, None).await.status, StatusCode::UNAUTHORIZED);
    let (attachment,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM application_attachments").fetch_one(&state.db).await.unwrap();
    let path = format!("/api/applications/{id}/attachments/{attachment}");
    assert_eq!(get(path.clone(), Some(candidate)).await.status, StatusCode::OK);
    assert_eq!(get(path, Some(support)).await.status, StatusCode::NOT_FOUND);
}

on_both_databases!(
    who_may_see_and_review,
    the_wizard_enforces_its_rules_and_locks,
    the_age_limit_and_the_window,
    four_stages_with_a_return,
    two_reviewers_cannot_both_win,
);
