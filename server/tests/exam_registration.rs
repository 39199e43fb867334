//! Open exam registration and fees (SPEC §7a, seed 001) on both databases: every field and editing rule,
//! the commitment route and its withdrawal, returning candidates, notifications that are forged or
//! repeated, two payments racing for the last seat, reconciliation, and who may call what over HTTP.
mod common;

use app::accounts::ssr::users;
use app::registration::rules;
use app::registration::ssr::payments::orders::{self, Applied};
use app::registration::ssr::payments::{ProviderPayment, TradeState};
use app::registration::ssr::{admin, catalog, editing, registrations, route};
use app::registration::types::{DetailsInput, PassedInput, RouteInput};
use common::registration::{candidate, confirmed, details, pay_at_bank, record, seeded, PDF};
use common::{call, post_bytes, refused_zh, TestDb};
use serde_json::json;

async fn taken(db: &TestDb, site: i64) -> i64 {
    db.count(&format!("SELECT taken FROM reg_sites WHERE id = {site}")).await
}

async fn fields_routes_and_the_editing_rules(db: &TestDb) {
    let d = seeded(db).await;
    let state = &db.state;
    let unverified = common::insert_user(state, "not_verified", "110105199001010013", "13900000067").await;
    assert!(refused_zh(&registrations::start(state, &unverified, d.window).await.unwrap_err()).contains("实名认证"));
    let user = candidate(db, "reg_one", 1).await;
    let id = registrations::start(state, &user, d.window).await.unwrap();
    assert_eq!(
        registrations::start(state, &user, d.window).await.unwrap(),
        id,
        "a second start is the same registration"
    );

    let bad = DetailsInput { level_code: "9".into(), subject_codes: vec!["1101".into()], ..Default::default() };
    let err = editing::save_details(state, &user, id, &bad).await.unwrap_err();
    for field in ["level_code", "site_id", "work_unit", "contact_address"] {
        assert!(err.field_text(field).is_some(), "{field}: {err:?}");
    }
    let foreign = details(&d, &["2101", "1102"], d.big_site);
    assert!(editing::save_details(state, &user, id, &foreign).await.unwrap_err().field_text("subject_codes").is_some());
    let other_window_site = DetailsInput { site_id: Some(999_999), ..details(&d, &["2101"], d.big_site) };
    assert!(editing::save_details(state, &user, id, &other_window_site)
        .await
        .unwrap_err()
        .field_text("site_id")
        .is_some());
    editing::save_details(state, &user, id, &details(&d, &["2101", "2102"], d.big_site)).await.unwrap();

    // Nothing to confirm without records; a record from 1999 can't be checked online: a route is needed.
    assert!(refused_zh(&route::confirm(state, &user, id).await.unwrap_err()).contains("学历学位"));
    // Saving the step with no record at all is refused with the reason, not taken as "can't be checked online".
    let none = editing::save_education(state, &user, id, &[]).await.unwrap_err();
    assert_eq!(none.field_text("education").unwrap().zh, "请至少填写一条学历学位信息");
    editing::save_education(state, &user, id, &[record("1999-07")]).await.unwrap();
    assert!(refused_zh(&route::confirm(state, &user, id).await.unwrap_err()).contains("告知承诺制或现场核查"));
    let unsigned = RouteInput { route: "commitment".into(), signed: false };
    assert!(route::choose_route(state, &user, id, &unsigned).await.unwrap_err().field_text("signed").is_some());
    let nonsense = RouteInput { route: "bribe".into(), signed: true };
    assert!(route::choose_route(state, &user, id, &nonsense).await.unwrap_err().field_text("route").is_some());
    route::choose_route(state, &user, id, &RouteInput { route: "commitment".into(), signed: true }).await.unwrap();
    assert!(refused_zh(&route::confirm(state, &user, id).await.unwrap_err()).contains("证明材料"));
    let not_a_pdf = route::add_proof(state, &user, id, "x.pdf", b"MZ\x90\x00 executable".to_vec()).await.unwrap_err();
    assert!(not_a_pdf.field_text("file").is_some(), "{not_a_pdf:?}");
    route::add_proof(state, &user, id, "毕业证.pdf", PDF.to_vec()).await.unwrap();
    route::confirm(state, &user, id).await.unwrap();
    let view = registrations::view(state, &user, id).await.unwrap();
    assert_eq!((view.status.as_str(), view.check_status.as_str(), view.stage), ("confirmed", "commitment", 3));
    assert_eq!(view.fee_fen, 2 * 5600);

    // After confirming: the address may change (the window allows it), the level and subjects may not.
    let moved =
        DetailsInput { contact_address: "沈阳市沈河区".into(), ..details(&d, &["2101", "2102"], d.big_site) };
    editing::save_details(state, &user, id, &moved).await.unwrap();
    let fewer = DetailsInput { subject_codes: vec!["2101".into()], ..moved.clone() };
    assert!(refused_zh(&editing::save_details(state, &user, id, &fewer).await.unwrap_err()).contains("报考科目"));
    assert!(refused_zh(&editing::save_education(state, &user, id, &[]).await.unwrap_err()).contains("已确认"));
    assert!(refused_zh(
        &route::choose_route(state, &user, id, &RouteInput { route: "onsite".into(), signed: false })
            .await
            .unwrap_err()
    )
    .contains("撤回"));

    // Paid through the notification: the site's seat is taken once.
    let before = taken(db, d.big_site).await;
    let payment = pay_at_bank(db, &user, id).await;
    let app = server::router::app(state.clone());
    let body = state.sandbox.as_ref().unwrap().notification_body(&payment);
    let (status, _) = post_bytes(&app, "/api/payments/notify/sandbox", None, body.as_bytes()).await;
    assert_eq!(status, 200);
    assert_eq!(registrations::by_id(state, id).await.unwrap().status, "paid");
    assert_eq!(taken(db, d.big_site).await, before + 1);
    // The same notification again changes nothing.
    let (status, _) = post_bytes(&app, "/api/payments/notify/sandbox", None, body.as_bytes()).await;
    assert_eq!(status, 200);
    assert_eq!(taken(db, d.big_site).await, before + 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'").await, 1);
    // Forged: an altered amount keeps the old signature; a made-up signature; not JSON at all.
    for forged in [
        body.replace(&format!("\"amount_fen\":{}", payment.amount_fen), "\"amount_fen\":1"),
        body.replace(&payment.trade_no, "SB00000000000"),
        json!({"out_trade_no": payment.out_trade_no, "trade_no": "x", "amount_fen": 1, "trade_status": "TRADE_SUCCESS", "paid_ms": 1, "sign": "00"}).to_string(),
        "out_trade_no=1".to_string(),
    ] {
        let (status, _) = post_bytes(&app, "/api/payments/notify/sandbox", None, forged.as_bytes()).await;
        assert_eq!(status, 400, "{forged}");
    }
    assert_eq!(taken(db, d.big_site).await, before + 1);

    // After paying: never the site, level or subjects; the address still may (the window allows it).
    let other_site = DetailsInput { site_id: Some(d.one_seat), ..moved.clone() };
    assert!(refused_zh(&editing::save_details(state, &user, id, &other_site).await.unwrap_err()).contains("缴费成功后"));
    let new_address = DetailsInput { contact_address: "沈阳市皇姑区".into(), ..moved.clone() };
    editing::save_details(state, &user, id, &new_address).await.unwrap();
    // Withdrawing the commitment after paying is refused.
    assert!(refused_zh(&route::withdraw_commitment(state, &user, id).await.unwrap_err()).contains("已缴费"));
    assert!(refused_zh(&orders::start_payment(state, &user, id).await.unwrap_err()).contains("已缴费"));
}

async fn two_payments_race_for_the_last_seat(db: &TestDb) {
    let d = seeded(db).await;
    let state = &db.state;
    let (first, second) = (candidate(db, "racer_a", 2).await, candidate(db, "racer_b", 3).await);
    let a = confirmed(db, &d, &first, d.one_seat, true).await;
    let b = confirmed(db, &d, &second, d.one_seat, true).await;
    let (pay_a, pay_b) = (pay_at_bank(db, &first, a).await, pay_at_bank(db, &second, b).await);
    // Both notifications at the same moment, on two worker threads.
    let race = |payment: ProviderPayment| {
        let state = state.clone();
        tokio::spawn(async move { orders::apply_payment(&state, &payment, "notify").await })
    };
    let (ra, rb) = tokio::join!(race(pay_a.clone()), race(pay_b.clone()));
    let mut outcomes = vec![ra.unwrap().unwrap(), rb.unwrap().unwrap()];
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes, vec![Applied::Paid, Applied::SeatGone]);
    assert_eq!(taken(db, d.one_seat).await, 1, "never oversold");
    let loser = if registrations::by_id(state, a).await.unwrap().status == "paid" { (b, &pay_b) } else { (a, &pay_a) };
    let row = registrations::by_id(state, loser.0).await.unwrap();
    assert_eq!(row.status, "confirmed");
    assert!(row.notice.contains("原路退回"), "{}", row.notice);
    assert_eq!(db.state.payments.query(&loser.1.out_trade_no).await.unwrap(), TradeState::Refunded);
    let refunded = format!(
        "SELECT COUNT(*) FROM payment_orders WHERE status = 'refunded' AND out_trade_no = '{}'",
        loser.1.out_trade_no
    );
    assert_eq!(db.count(&refunded).await, 1);
    // The full site is refused before a new order is made.
    let loser_user = if loser.0 == a { &first } else { &second };
    assert!(refused_zh(&orders::start_payment(state, loser_user, loser.0).await.unwrap_err()).contains("名额已满"));
}

async fn returning_candidates_and_level_changes(db: &TestDb) {
    let d = seeded(db).await;
    let state = &db.state;
    let examiner = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let user = candidate(db, "returning", 4).await;
    let (year,): (i64,) = sqlx::query_as("SELECT exam_year FROM reg_windows").fetch_one(&state.db).await.unwrap();
    for (code, passed_year) in [("2102", year - 1), ("2103", year - 3)] {
        admin::record_passed(
            state,
            &examiner,
            &PassedInput { user_id: user.id, subject_code: code.into(), passed_year },
        )
        .await
        .unwrap();
    }
    let bad = PassedInput { user_id: 999_999, subject_code: "nope".into(), passed_year: 1900 };
    let err = admin::record_passed(state, &examiner, &bad).await.unwrap_err();
    for field in ["user_id", "subject_code", "passed_year"] {
        assert!(err.field_text(field).is_some(), "{field}");
    }
    let id = registrations::start(state, &user, d.window).await.unwrap();
    // 2102 (人力资源管理's only subject) loads, valid two years; 2103 from three years ago doesn't.
    let retake = details(&d, &["2101", "2102"], d.big_site);
    let err = editing::save_details(state, &user, id, &retake).await.unwrap_err();
    assert!(err.field_text("subject_codes").unwrap().zh.contains("已通过"), "{err:?}");
    // Every 人力资源管理 subject is passed: the specialty can't change.
    let switch = DetailsInput { specialty_id: Some(d.tax), ..details(&d, &["2101", "2103"], d.big_site) };
    let err = editing::save_details(state, &user, id, &switch).await.unwrap_err();
    assert!(err.field_text("specialty_id").unwrap().zh.contains("不允许变更专业"), "{err:?}");
    editing::save_details(state, &user, id, &details(&d, &["2101"], d.big_site)).await.unwrap();
    let view = registrations::view(state, &user, id).await.unwrap();
    let codes: Vec<(&str, &str)> = view.passed.iter().map(|p| (p.level_code.as_str(), p.code.as_str())).collect();
    assert_eq!(codes, vec![("2", "2102")]);
    assert_eq!(view.passed[0].valid_until_year, year);
    let middle = view.levels.iter().find(|l| l.code == "2");
    assert_eq!(rules::locked_specialty_of(middle, &view.passed), Some(d.hr));
    assert_eq!(view.fee_fen, 5600, "passed subjects aren't charged");
    // Level 初级: a new candidate, nothing passed, any specialty.
    let primary_levels = catalog::levels(state).await.unwrap();
    let primary = primary_levels.iter().find(|l| l.code == "1").unwrap();
    let new_level = DetailsInput {
        level_code: "1".into(),
        specialty_id: primary.specialties.iter().find(|s| s.name == "财政税收").map(|s| s.id),
        subject_codes: vec!["1101".into(), "1103".into()],
        ..details(&d, &[], d.big_site)
    };
    editing::save_details(state, &user, id, &new_level).await.unwrap();
    let view = registrations::view(state, &user, id).await.unwrap();
    let primary = view.levels.iter().find(|l| l.code == "1");
    assert!(view.passed.iter().all(|p| p.level_code == "2"), "{:?}", view.passed);
    assert_eq!(rules::locked_specialty_of(primary, &view.passed), None, "a new candidate at 初级");
    assert_eq!(
        registrations::details(state, &registrations::by_id(state, id).await.unwrap()).await.unwrap().subject_codes,
        vec!["1101", "1103"]
    );
}

async fn withdrawal_on_site_checks_and_reconciliation(db: &TestDb) {
    let d = seeded(db).await;
    let state = &db.state;
    let examiner = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let user = candidate(db, "withdrawer", 5).await;
    let id = confirmed(db, &d, &user, d.big_site, false).await;
    let order = orders::start_payment(state, &user, id).await.unwrap();
    route::withdraw_commitment(state, &user, id).await.unwrap();
    let row = registrations::by_id(state, id).await.unwrap();
    assert_eq!((row.route.as_str(), row.check_status.as_str(), row.commitment_barred), ("onsite", "onsite_pending", 1));
    assert_eq!(state.payments.query(&order.out_trade_no).await.unwrap(), TradeState::Closed, "the unpaid order closed");
    assert!(refused_zh(&route::withdraw_commitment(state, &user, id).await.unwrap_err()).contains("未采用"));
    assert!(refused_zh(&orders::start_payment(state, &user, id).await.unwrap_err()).contains("现场核查"));
    // The on-site check: a failure needs a reason; once decided it's final.
    assert!(admin::decide_check(state, &examiner, id, false, " ").await.unwrap_err().field_text("note").is_some());
    admin::decide_check(state, &examiner, id, true, "").await.unwrap();
    assert!(
        refused_zh(&admin::decide_check(state, &examiner, id, false, "迟到").await.unwrap_err()).contains("待现场核查")
    );

    // Paid at the bank, the notification lost: shown unpaid until reconciliation asks the provider.
    let payment = pay_at_bank(db, &user, id).await;
    assert_eq!(registrations::by_id(state, id).await.unwrap().status, "confirmed");
    let report = orders::reconcile(state, 0).await.unwrap();
    assert_eq!((report.checked, report.recovered), (1, 1));
    assert_eq!(registrations::by_id(state, id).await.unwrap().status, "paid");
    let via = format!(
        "SELECT COUNT(*) FROM payment_orders WHERE paid_via = 'reconcile' AND out_trade_no = '{}'",
        payment.out_trade_no
    );
    assert_eq!(db.count(&via).await, 1);
    assert_eq!(orders::reconcile(state, 0).await.unwrap().checked, 0, "nothing left open");

    // The candidate's own re-check does the same for another registration.
    let other = candidate(db, "rechecker", 6).await;
    let other_id = confirmed(db, &d, &other, d.big_site, true).await;
    pay_at_bank(db, &other, other_id).await;
    orders::recheck(state, &other, other_id).await.unwrap();
    assert_eq!(registrations::by_id(state, other_id).await.unwrap().status, "paid");

    // A commitment can't be withdrawn after the deadline.
    let late = candidate(db, "late", 7).await;
    let late_id = confirmed(db, &d, &late, d.big_site, false).await;
    db.clock.advance_secs(40 * 24 * 3600);
    assert!(refused_zh(&route::withdraw_commitment(state, &late, late_id).await.unwrap_err()).contains("截止"));
    assert!(refused_zh(&orders::start_payment(state, &late, late_id).await.unwrap_err()).contains("截止"));
}

async fn http_roles_and_ownership(db: &TestDb) {
    let d = seeded(db).await;
    let state = &db.state;
    let owner = candidate(db, "owner", 8).await;
    let id = registrations::start(state, &owner, d.window).await.unwrap();
    editing::save_education(state, &owner, id, &[record("1999-07")]).await.unwrap();
    let app = server::router::app(state.clone());
    // Server functions answer errors in the body; raw routes with the status.
    let reply = call(&app, "GET", &format!("/api/registration/get?id={id}"), json!({}), None).await;
    assert_eq!(reply.body, json!("Unauthorized"));
    candidate(db, "stranger", 9).await;
    let cookie = |name: &str| {
        let app = app.clone();
        let name = name.to_string();
        async move {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
                .bind(state.hasher.hash("Passw0rd#2026").await.unwrap())
                .bind(&name)
                .execute(&state.db)
                .await
                .unwrap();
            common::sign_in_cookie(&app, &name, "Passw0rd#2026").await
        }
    };
    let (owner_cookie, stranger_cookie) = (cookie("owner").await, cookie("stranger").await);
    let reply = call(&app, "GET", &format!("/api/registration/get?id={id}"), json!({}), Some(&stranger_cookie)).await;
    assert_eq!(reply.body, json!("NotFound"), "someone else's registration doesn't exist for them");
    for (path, body) in [
        ("/api/registration/pay", json!({"id": id})),
        ("/api/registration/confirm", json!({"id": id})),
        ("/api/registration/withdraw", json!({"id": id})),
        ("/api/registration/recheck", json!({"id": id})),
        ("/api/registration/education", json!({"id": id, "records": []})),
        ("/api/registration/route", json!({"id": id, "input": {"route": "onsite", "signed": false}})),
    ] {
        assert_eq!(call(&app, "POST", path, body, Some(&stranger_cookie)).await.body, json!("NotFound"), "{path}");
    }
    let (status, proof) =
        post_bytes(&app, &format!("/api/registration/{id}/proofs?name=proof.pdf"), Some(&owner_cookie), PDF).await;
    assert_eq!(status, 200, "{proof}");
    let (status, _) = post_bytes(&app, &format!("/api/registration/{id}/proofs"), Some(&stranger_cookie), PDF).await;
    assert_eq!(status, 404);
    let proof_url = format!("/api/registration/proofs/{}", proof["file_id"]);
    assert_eq!(call(&app, "GET", &proof_url, json!({}), Some(&owner_cookie)).await.status, 200);
    assert_eq!(call(&app, "GET", &proof_url, json!({}), Some(&stranger_cookie)).await.status, 404);
    for (path, body) in [
        (
            "/api/admin/registration/window",
            json!({"input": {"title": "x", "exam_year": 2026, "opens_on": "2026-01-01", "closes_on": "2026-02-01", "fee_per_subject": "1", "commitment_allowed": true, "editable_after_confirm": [], "pass_valid_years": 2}}),
        ),
        (
            "/api/admin/registration/site",
            json!({"input": {"window_id": d.window, "name": "x", "address": "y", "capacity": 1}}),
        ),
        (
            "/api/admin/registration/subject",
            json!({"input": {"level_code": "9", "level_name": "x", "specialty_name": "", "subject_code": "9", "subject_name": "x"}}),
        ),
        (
            "/api/admin/registration/passed",
            json!({"input": {"user_id": owner.id, "subject_code": "2101", "passed_year": 2025}}),
        ),
        ("/api/admin/registration/check", json!({"registration_id": id, "passed": true, "note": ""})),
        ("/api/admin/registration/reconcile", json!({})),
    ] {
        assert_eq!(call(&app, "POST", path, body, Some(&owner_cookie)).await.body, json!("Forbidden"), "{path}");
    }
    // The window's bad fields, for the exam office.
    let examiner = users::by_username(&state.db, "demo_examiner").await.unwrap().unwrap();
    let bad = app::registration::types::RegWindowInput {
        title: " ".into(),
        exam_year: 99,
        opens_on: "2026-02-30".into(),
        closes_on: "2026-01-01".into(),
        fee_per_subject: "56.555".into(),
        commitment_allowed: true,
        editable_after_confirm: vec!["id_number".into()],
        pass_valid_years: 0,
    };
    let err = admin::create_window(state, &examiner, &bad).await.unwrap_err();
    for field in ["title", "exam_year", "opens_on", "fee_per_subject", "editable_after_confirm", "pass_valid_years"] {
        assert!(err.field_text(field).is_some(), "{field}: {err:?}");
    }
    let site =
        app::registration::types::SiteInput { window_id: d.window, name: "".into(), address: "".into(), capacity: -1 };
    let err = admin::add_site(state, &examiner, &site).await.unwrap_err();
    for field in ["name", "address", "capacity"] {
        assert!(err.field_text(field).is_some(), "{field}");
    }
}

/// Disk full or the store unreachable: a clear message, and no record pointing at a file that isn't there.
async fn a_failing_file_store_leaves_no_record(db: &TestDb) {
    let d = seeded(db).await;
    let user = candidate(db, "unlucky", 10).await;
    let id = registrations::start(&db.state, &user, d.window).await.unwrap();
    // A plain file where the store needs its `registration/` folder: every write fails, even as root.
    let dir = std::env::temp_dir().join(format!("zj-broken-store-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("registration"), b"not a folder").unwrap();
    let mut state = db.state.clone();
    let settings = app::config::StorageSettings { local_dir: dir.to_string_lossy().into(), s3_bucket: None };
    state.files = app::platform::storage::FileStore::from_settings(&settings).unwrap();
    let err = route::add_proof(&state, &user, id, "毕业证.pdf", PDF.to_vec()).await.unwrap_err();
    assert!(refused_zh(&err).contains("文件存储暂时不可用"), "{err:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM registration_proofs").await, 0);
    // With the store back, the same upload goes through.
    route::add_proof(&db.state, &user, id, "毕业证.pdf", PDF.to_vec()).await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM registration_proofs").await, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

on_both_databases!(
    a_failing_file_store_leaves_no_record,
    fields_routes_and_the_editing_rules,
    two_payments_race_for_the_last_seat,
    returning_candidates_and_level_changes,
    withdrawal_on_site_checks_and_reconciliation,
    http_roles_and_ownership,
);
