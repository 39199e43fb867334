//! Supervising units (issue 21, seed 002) on both databases: a unit's region fits its type, an
//! organization's chosen unit must be of the type it chose (a municipal bureau under 市级外专局), only the
//! unit's approving admin decides and only once, the organization's admin is told by SMS, a return can be
//! answered by choosing again, and the approving admin is handed over from A to B with both recorded.
mod common;

use app::accounts::ssr::{demo, users};
use app::applications::ssr::reference;
use app::error::AppError;
use app::orgs::ssr::register;
use app::orgs::types::OrgRegisterInput;
use app::rules::uscc_check_char;
use app::units::ssr::{admin_list, choices, choose, decide, hand_over, queue, status};
use app::units::types::UnitInput;
use common::{insert_user, refused_zh, TestDb};

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

fn field_zh(err: &AppError, field: &str) -> String {
    err.field_text(field).map(|t| t.zh.clone()).unwrap_or_else(|| panic!("no message for {field} in {err:?}"))
}

fn unit(name: &str, level: &str, region_code: &str, approver: &str) -> UnitInput {
    UnitInput {
        name: name.into(),
        level: level.into(),
        region_code: region_code.into(),
        approver_username: approver.into(),
    }
}

/// Demo data, the regions, two approving admins (A and B), a provincial and a municipal unit, and an
/// organization registered by `org_boss`: (provincial id, municipal id, org id).
async fn setup(db: &TestDb) -> (i64, i64, i64) {
    demo::seed_if_empty(&db.state).await.unwrap();
    reference::import_regions_if_empty(&db.state, &common::regions_dir()).await.unwrap();
    insert_user(&db.state, "unit_a", "11010519491231002X", "13900000001").await;
    insert_user(&db.state, "unit_b", "110105194912310037", "13900000002").await;
    let boss = insert_user(&db.state, "org_boss", "110105194912310053", "13900000003").await;
    let admin = user(db, "demo_admin").await;
    let state = &db.state;
    let provincial =
        app::units::ssr::create(state, &admin, &unit("湖南省外国专家局", "provincial", "43", "unit_a")).await.unwrap();
    let municipal =
        app::units::ssr::create(state, &admin, &unit("长沙市外国专家局", "municipal", "4301", "unit_a")).await.unwrap();
    let body = "91430100MA4L00001";
    let input = OrgRegisterInput {
        full_name: "长沙某某科技有限公司".into(),
        uscc: format!("{body}{}", uscc_check_char(body).unwrap()),
        legal_rep_name: "王法人".into(),
        legal_rep_type: "legal_person".into(),
        contact_phone: "0731-12345678".into(),
        roles: vec!["agency_staff".into()],
    };
    let org = register(state, &boss, &input).await.unwrap();
    (provincial, municipal, org.org_id)
}

async fn a_unit_s_region_fits_its_type_and_every_field_is_checked(db: &TestDb) {
    setup(db).await;
    let admin = user(db, "demo_admin").await;
    let state = &db.state;
    let create = |input: UnitInput| {
        let admin = admin.clone();
        async move { app::units::ssr::create(state, &admin, &input).await.unwrap_err() }
    };
    let err = create(unit("某市外专局", "provincial", "4301", "unit_a")).await;
    assert_eq!(field_zh(&err, "region_code"), "省级外专局请选择省份");
    let err = create(unit("某省外专局", "municipal", "43", "unit_a")).await;
    assert_eq!(field_zh(&err, "region_code"), "市级外专局请选择地市");
    let err = create(unit("某市外专局", "municipal", "4301", "nobody_here")).await;
    assert_eq!(field_zh(&err, "approver_username"), "没有该用户名的账号");
    let err = create(unit("长沙市外国专家局", "municipal", "4301", "unit_b")).await;
    assert_eq!(field_zh(&err, "name"), "该归口单位已存在");
    let err = create(unit(" ", "county", "", "")).await;
    for field in ["name", "level", "region_code", "approver_username"] {
        field_zh(&err, field);
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM supervising_units").await, 2, "nothing written on refusal");
}

async fn the_chosen_unit_must_be_of_the_chosen_type(db: &TestDb) {
    let (provincial, municipal, org) = setup(db).await;
    let state = &db.state;
    let boss = user(db, "org_boss").await;
    let listed: Vec<String> = choices(state, "municipal").await.unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(listed, ["长沙市外国专家局"], "only municipal units under 市级外专局");
    // Seed 002: 省级 chosen, then a municipal bureau: refused with the way out.
    let err = choose(state, &boss, org, "provincial", municipal).await.unwrap_err();
    assert!(field_zh(&err, "unit_id").contains("市级外专局"), "{err:?}");
    assert!(choose(state, &boss, org, "", provincial).await.is_err());
    assert!(choose(state, &boss, org, "provincial", 999_999).await.is_err());
    assert_eq!(status(state, &boss, org).await.unwrap().status, "none");
    // Only the organization's admin chooses or sees its status.
    let other = user(db, "demo_candidate").await;
    assert_eq!(choose(state, &other, org, "municipal", municipal).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(status(state, &other, org).await.unwrap_err(), AppError::Forbidden);
    choose(state, &boss, org, "municipal", municipal).await.unwrap();
    let now = status(state, &boss, org).await.unwrap();
    assert_eq!((now.status.as_str(), now.unit_name.as_deref()), ("pending", Some("长沙市外国专家局")));
}

async fn only_the_unit_s_approving_admin_decides_once_and_the_org_is_told(db: &TestDb) {
    let (_, municipal, org) = setup(db).await;
    let state = &db.state;
    let (boss, unit_a, unit_b) = (user(db, "org_boss").await, user(db, "unit_a").await, user(db, "unit_b").await);
    choose(state, &boss, org, "municipal", municipal).await.unwrap();
    assert!(queue(state, &unit_b).await.unwrap().is_empty());
    assert_eq!(decide(state, &unit_b, org, true, "").await.unwrap_err(), AppError::NotFound);
    let waiting = queue(state, &unit_a).await.unwrap();
    assert_eq!(waiting.iter().map(|o| o.org_id).collect::<Vec<_>>(), [org]);
    // A return needs its reason; the organization reads it and chooses again.
    let err = decide(state, &unit_a, org, false, "  ").await.unwrap_err();
    assert_eq!(field_zh(&err, "reason"), "请填写原因（不超过200字）");
    decide(state, &unit_a, org, false, "营业执照与单位名称不一致").await.unwrap();
    assert!(db.last_sms("13900000003").await.contains("未通过归口单位审核：营业执照与单位名称不一致"));
    let returned = status(state, &boss, org).await.unwrap();
    assert_eq!((returned.status.as_str(), returned.reason.as_deref()), ("returned", Some("营业执照与单位名称不一致")));
    let err = decide(state, &unit_a, org, true, "").await.unwrap_err();
    assert_eq!(refused_zh(&err), "该单位已审核，请刷新");
    choose(state, &boss, org, "municipal", municipal).await.unwrap();
    // Two decisions at once: exactly one is taken.
    let (first, second) =
        tokio::join!(decide(state, &unit_a, org, true, ""), decide(state, &unit_a, org, false, "重复"));
    assert!(first.is_ok() != second.is_ok(), "{first:?} {second:?}");
    if first.is_ok() {
        assert_eq!(status(state, &boss, org).await.unwrap().status, "approved");
        assert!(db.last_sms("13900000003").await.contains("已通过归口单位审核"));
        let err = choose(state, &boss, org, "municipal", municipal).await.unwrap_err();
        assert_eq!(refused_zh(&err), "归口单位已审核通过，如需变更请联系归口单位");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'unit_%_org'").await, 2);
}

async fn the_approving_admin_is_handed_over_with_both_recorded(db: &TestDb) {
    let (_, municipal, org) = setup(db).await;
    let state = &db.state;
    let (admin, boss) = (user(db, "demo_admin").await, user(db, "org_boss").await);
    let (unit_a, unit_b) = (user(db, "unit_a").await, user(db, "unit_b").await);
    choose(state, &boss, org, "municipal", municipal).await.unwrap();
    let err = hand_over(state, &admin, municipal, "unit_b", "").await.unwrap_err();
    assert_eq!(field_zh(&err, "reason"), "请填写原因（不超过200字）");
    let err = hand_over(state, &admin, municipal, "unit_a", "岗位调整").await.unwrap_err();
    assert_eq!(field_zh(&err, "to_username"), "此人已是该单位的审批管理员");
    assert_eq!(hand_over(state, &admin, 999_999, "unit_b", "岗位调整").await.unwrap_err(), AppError::NotFound);
    hand_over(state, &admin, municipal, "unit_b", "岗位调整（红头文件）").await.unwrap();
    // The queue moves with the approval: B decides now, A no longer can.
    assert!(queue(state, &unit_a).await.unwrap().iter().all(|o| o.org_id != org));
    assert_eq!(decide(state, &unit_a, org, true, "").await.unwrap_err(), AppError::NotFound);
    decide(state, &unit_b, org, true, "").await.unwrap();
    let listed = admin_list(state).await.unwrap();
    let changed = listed.iter().find(|u| u.unit_id == municipal).unwrap();
    assert_eq!(changed.approver_username, "unit_b");
    assert_eq!(changed.handovers.len(), 1);
    assert_eq!(changed.handovers[0].reason, "岗位调整（红头文件）");
    assert_eq!(changed.handovers[0].by_username, "demo_admin");
    assert!(app::units::ssr::approves_any(&state.db, unit_b.id).await.unwrap());
}

on_both_databases!(
    a_unit_s_region_fits_its_type_and_every_field_is_checked,
    the_chosen_unit_must_be_of_the_chosen_type,
    only_the_unit_s_approving_admin_decides_once_and_the_org_is_told,
    the_approving_admin_is_handed_over_with_both_recorded,
);
