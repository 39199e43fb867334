//! What a grant opens (issue 21, seed 003 方式三) on both databases: the organization's admin and a person
//! it authorized as 培训管理员 see the certificates of everyone it authorized; another role, a stranger
//! or a revoked grant sees nothing, and a person no longer authorized drops out of the list.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{attempts, confirm, exams, grade};
use app::exams::types::ExamSettings;
use app::orgs::ssr::{grant, register, revoke};
use app::orgs::staff::staff_certificates;
use app::orgs::types::OrgRegisterInput;
use app::rules::uscc_check_char;
use common::{insert_user, TestDb, START_MS};

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

async fn verified(db: &TestDb, username: &str, id_number: &str, phone: &str) -> users::UserRow {
    let person = insert_user(&db.state, username, id_number, phone).await;
    sqlx::query("UPDATE users SET identity_status = 'verified' WHERE id = $1")
        .bind(person.id)
        .execute(&db.state.db)
        .await
        .unwrap();
    person
}

async fn the_training_manager_sees_the_staff_s_certificates_and_nobody_else_does(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let boss = insert_user(state, "org_boss", "110105194912310053", "13900000003").await;
    let manager = verified(db, "org_manager", "11010519491231002X", "13900000001").await;
    let expert = verified(db, "org_expert", "110105194912310037", "13900000002").await;
    let candidate = user(db, "demo_candidate").await;
    sqlx::query("UPDATE users SET identity_status = 'verified' WHERE id = $1")
        .bind(candidate.id)
        .execute(&state.db)
        .await
        .unwrap();
    let body = "91110000MA0000001";
    let input = OrgRegisterInput {
        full_name: "某某培训有限公司".into(),
        uscc: format!("{body}{}", uscc_check_char(body).unwrap()),
        legal_rep_name: "王法人".into(),
        legal_rep_type: "legal_person".into(),
        contact_phone: "010-12345678".into(),
        roles: vec!["agency_staff".into(), "evaluation_expert".into(), "training_manager".into()],
    };
    let org = register(state, &boss, &input).await.unwrap().org_id;
    grant(state, &boss, org, candidate.id, &["agency_staff".into()]).await.unwrap();
    grant(state, &boss, org, manager.id, &["training_manager".into()]).await.unwrap();
    grant(state, &boss, org, expert.id, &["evaluation_expert".into()]).await.unwrap();

    // demo_candidate (staff) passes a formal exam and holds a certificate.
    let examiner = user(db, "demo_examiner").await;
    let mut settings = ExamSettings::formal_defaults("资格考试", START_MS);
    (settings.proctoring, settings.pass_mark, settings.candidates) = (false, 0, vec!["demo_candidate".into()]);
    let exam_id = exams::create(state, &examiner, &settings).await.unwrap();
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(state, &candidate, exam_id).await.unwrap();
    assert_eq!(grade::hand_in(state, &candidate, attempt_id).await.unwrap().outcome, "passed");

    for reader in [&boss, &manager] {
        let seen = staff_certificates(state, reader, org).await.unwrap();
        assert_eq!(
            seen.iter().map(|c| (c.holder_name.as_str(), c.exam_title.as_str())).collect::<Vec<_>>(),
            [("张三", "资格考试")]
        );
    }
    // Another role, a stranger, an organization that doesn't exist: refused.
    assert_eq!(staff_certificates(state, &expert, org).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(staff_certificates(state, &candidate, org).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(staff_certificates(state, &manager, 999_999).await.unwrap_err(), AppError::Forbidden);
    // Someone no longer authorized is no longer staff; a revoked manager sees nothing.
    revoke(state, &boss, org, candidate.id, &["agency_staff".into()]).await.unwrap();
    assert!(staff_certificates(state, &manager, org).await.unwrap().is_empty());
    revoke(state, &boss, org, manager.id, &["training_manager".into()]).await.unwrap();
    assert_eq!(staff_certificates(state, &manager, org).await.unwrap_err(), AppError::Forbidden);
}

on_both_databases!(the_training_manager_sees_the_staff_s_certificates_and_nobody_else_does);
