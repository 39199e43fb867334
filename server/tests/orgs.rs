//! Organizations (SPEC §2) on both databases: every registration rule and its message, uniqueness with
//! nothing half-written, finding only verified persons by exact name + ID number, grants limited to the
//! roles the organization holds, admin-only changes, and the audit log.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::orgs::ssr::{authorizations, find_person, grant, grants, mine, register, revoke};
use app::orgs::types::OrgRegisterInput;
use app::rules::uscc_check_char;
use common::TestDb;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

/// A valid credit code: the 17 given characters and the computed check character.
fn uscc(first17: &str) -> String {
    format!("{first17}{}", uscc_check_char(first17).expect("valid body"))
}

fn input(name: &str, code: &str) -> OrgRegisterInput {
    OrgRegisterInput {
        full_name: name.into(),
        uscc: code.into(),
        legal_rep_name: " 王  管理 ".into(),
        legal_rep_type: "legal_person".into(),
        contact_phone: "010-12345678".into(),
        roles: vec!["agency_staff".into(), "evaluation_expert".into()],
    }
}

fn message_for(err: &AppError, field: &str) -> String {
    err.field_text(field).map(|t| t.zh.clone()).unwrap_or_else(|| panic!("no message for {field} in {err:?}"))
}

async fn verify(db: &TestDb, user_id: i64) {
    sqlx::query("UPDATE users SET identity_status = 'verified' WHERE id = $1")
        .bind(user_id)
        .execute(&db.state.db)
        .await
        .unwrap();
}

async fn registration_checks_every_field(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let admin = user(db, "demo_admin").await;
    let state = &db.state;
    let good = uscc("91110000MA0000001");

    let mut wrong_check = good.clone();
    let last = if good.ends_with('0') { '1' } else { '0' };
    wrong_check.replace_range(17.., &last.to_string());
    let err = register(state, &admin, &input("某某咨询有限公司", &wrong_check)).await.unwrap_err();
    assert!(message_for(&err, "uscc").contains("校验位"), "{err:?}");

    let bad_phone = OrgRegisterInput { contact_phone: "12345678".into(), ..input("某某咨询有限公司", &good) };
    let err = register(state, &admin, &bad_phone).await.unwrap_err();
    assert!(message_for(&err, "contact_phone").contains("区号"), "{err:?}");

    let no_type = OrgRegisterInput { legal_rep_type: String::new(), ..input("某某咨询有限公司", &good) };
    let err = register(state, &admin, &no_type).await.unwrap_err();
    assert_eq!(message_for(&err, "legal_rep_type"), "请选择法定代表人类型");

    let bad_rep = OrgRegisterInput { legal_rep_name: "王2".into(), ..input("某某咨询有限公司", &good) };
    assert!(register(state, &admin, &bad_rep).await.unwrap_err().field_text("legal_rep_name").is_some());
    let no_roles = OrgRegisterInput { roles: vec![], ..input("某某咨询有限公司", &good) };
    assert!(register(state, &admin, &no_roles).await.unwrap_err().field_text("roles").is_some());
    let foreign_role =
        OrgRegisterInput { roles: vec!["system_admin".into()], ..input("某某咨询有限公司", &good) };
    assert!(register(state, &admin, &foreign_role).await.unwrap_err().field_text("roles").is_some());
    let long_name = input(&"字".repeat(101), &good);
    assert!(message_for(&register(state, &admin, &long_name).await.unwrap_err(), "full_name").contains("100"));

    assert_eq!(db.count("SELECT COUNT(*) FROM organizations").await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM user_roles WHERE role = 'org_admin'").await, 0);

    let org = register(state, &admin, &input("  某某咨询有限公司 ", &good.to_lowercase())).await.expect("registers");
    assert_eq!((org.full_name.as_str(), org.uscc.as_str()), ("某某咨询有限公司", good.as_str()));
    assert_eq!(org.legal_rep_name, "王管理");
    assert_eq!(org.roles, vec!["agency_staff".to_string(), "evaluation_expert".to_string()]);
    assert!(users::roles_of(&state.db, admin.id).await.unwrap().contains(&"org_admin".to_string()));
    assert_eq!(mine(state, &admin).await.unwrap().map(|o| o.org_id), Some(org.org_id));
}

async fn name_and_code_are_unique(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = user(db, "demo_admin").await;
    let other = user(db, "demo_support").await;
    let first = uscc("91110000MA0000001");
    let second = uscc("91110000MA0000002");
    register(state, &admin, &input("某某咨询有限公司", &first)).await.unwrap();

    let err = register(state, &other, &input("某某咨询有限公司", &second)).await.unwrap_err();
    assert_eq!(message_for(&err, "full_name"), "单位名称已被注册");
    assert!(err.field_text("uscc").is_none(), "{err:?}");
    let err = register(state, &other, &input("另一家有限公司", &first)).await.unwrap_err();
    assert_eq!(message_for(&err, "uscc"), "信用代码已被注册");
    let err = register(state, &other, &input("某某咨询有限公司", &first)).await.unwrap_err();
    assert_eq!(
        (message_for(&err, "full_name"), message_for(&err, "uscc")),
        ("单位名称已被注册".into(), "信用代码已被注册".into())
    );

    // Nothing half-written: one organization, its two roles, and no admin role for the refused user.
    assert_eq!(db.count("SELECT COUNT(*) FROM organizations").await, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM organization_roles").await, 2);
    assert!(!users::roles_of(&state.db, other.id).await.unwrap().contains(&"org_admin".to_string()));
    // The database refuses a duplicate code on its own, too.
    let dup = sqlx::query(
        "INSERT INTO organizations (full_name, uscc, legal_rep_name, legal_rep_type, contact_phone, admin_user_id, \
         created_ms) VALUES ('别家', $1, '王', 'other', '010-12345678', $2, 0)",
    )
    .bind(&first)
    .bind(other.id)
    .execute(&state.db)
    .await
    .unwrap_err();
    assert!(app::platform::db::is_unique_violation(&dup, "organizations", "uscc"), "{dup:?}");
}

async fn only_verified_persons_are_found_by_exact_name(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = user(db, "demo_admin").await;
    let person = user(db, "demo_candidate").await;
    let org = register(state, &admin, &input("某某咨询有限公司", &uscc("91110000MA0000001"))).await.unwrap();
    let neutral = "未找到已实名认证的该人员，请核对姓名和证件号码";

    let err = find_person(state, &admin, org.org_id, "张三", &person.id_number).await.unwrap_err();
    assert_eq!(err.text().zh, neutral, "an unverified person is not found");
    verify(db, person.id).await;
    let err = find_person(state, &admin, org.org_id, "张三丰", &person.id_number).await.unwrap_err();
    assert_eq!(err.text().zh, neutral, "an extra character is a different name");
    let err = find_person(state, &admin, org.org_id, "张三", "11010519491231002X").await.unwrap_err();
    assert_eq!(err.text().zh, neutral);

    let found = find_person(state, &admin, org.org_id, " 张三 ", &person.id_number.to_lowercase()).await.unwrap();
    assert_eq!(found.user_id, person.id);
    assert!(found.id_number_masked.contains('*') && found.id_number_masked != person.id_number);
    assert!(found.phone_masked.contains('*') && found.phone_masked != person.phone);
    assert!(found.roles.is_empty());

    // Only the organization's admin may search.
    let other = user(db, "demo_support").await;
    let err = find_person(state, &other, org.org_id, "张三", &person.id_number).await.unwrap_err();
    assert_eq!(err, AppError::Forbidden);
}

async fn grants_are_limited_audited_and_revocable(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = user(db, "demo_admin").await;
    let person = user(db, "demo_candidate").await;
    let other = user(db, "demo_support").await;
    let org = register(state, &admin, &input("某某咨询有限公司", &uscc("91110000MA0000001"))).await.unwrap();
    let roles = |list: &[&str]| list.iter().map(|r| r.to_string()).collect::<Vec<_>>();

    // Unverified persons can't be granted anything.
    let err = grant(state, &admin, org.org_id, person.id, &roles(&["agency_staff"])).await.unwrap_err();
    assert!(err.text().zh.contains("未找到已实名认证"), "{err:?}");
    verify(db, person.id).await;

    let err = grant(state, &admin, org.org_id, person.id, &roles(&["training_manager"])).await.unwrap_err();
    assert_eq!(err.text().zh, "本单位未持有该角色，不能授权");
    let err = grant(state, &admin, org.org_id, person.id, &roles(&["agency_staff", "system_admin"])).await.unwrap_err();
    assert_eq!(err.text().zh, "本单位未持有该角色，不能授权");
    let err = grant(state, &other, org.org_id, person.id, &roles(&["agency_staff"])).await.unwrap_err();
    assert_eq!(err, AppError::Forbidden, "another user may not grant");
    let err = revoke(state, &other, org.org_id, person.id, &roles(&["agency_staff"])).await.unwrap_err();
    assert_eq!(err, AppError::Forbidden, "another user may not revoke");
    assert_eq!(grants(state, &other, org.org_id).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(db.count("SELECT COUNT(*) FROM organization_grants").await, 0);

    let after =
        grant(state, &admin, org.org_id, person.id, &roles(&["agency_staff", "evaluation_expert"])).await.unwrap();
    assert_eq!(after.roles, roles(&["agency_staff", "evaluation_expert"]));
    // Granting again changes nothing and logs nothing.
    grant(state, &admin, org.org_id, person.id, &roles(&["agency_staff"])).await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'org_grant'").await, 2);
    let (actor, subject, detail): (Option<i64>, String, String) = sqlx::query_as(
        "SELECT actor_user_id, subject, detail FROM audit_log WHERE action = 'org_grant' ORDER BY id LIMIT 1",
    )
    .fetch_one(&state.db)
    .await
    .unwrap();
    assert_eq!((actor, subject.as_str()), (Some(admin.id), "demo_candidate"));
    assert!(detail.contains("agency_staff") && detail.contains("某某咨询有限公司"), "{detail}");

    let listed = authorizations(state, &person).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].org_id, listed[0].roles.clone()),
        (org.org_id, roles(&["agency_staff", "evaluation_expert"]))
    );
    let people = grants(state, &admin, org.org_id).await.unwrap();
    assert_eq!((people.len(), people[0].user_id), (1, person.id));
    let found = find_person(state, &admin, org.org_id, "张三", &person.id_number).await.unwrap();
    assert_eq!(found.roles.len(), 2, "the search shows current grants");

    // Change: revoke one role, then the other.
    let after = revoke(state, &admin, org.org_id, person.id, &roles(&["agency_staff"])).await.unwrap();
    assert_eq!(after.roles, roles(&["evaluation_expert"]));
    revoke(state, &admin, org.org_id, person.id, &roles(&["evaluation_expert"])).await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM organization_grants").await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'org_revoke'").await, 2);
    assert!(authorizations(state, &person).await.unwrap().is_empty());
}

on_both_databases!(
    registration_checks_every_field,
    name_and_code_are_unique,
    only_verified_persons_are_found_by_exact_name,
    grants_are_limited_audited_and_revocable,
);
