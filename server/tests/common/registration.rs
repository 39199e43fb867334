//! Exam registrations for the tests that need one: the demo window, a verified candidate, a confirmed
//! registration, and a payment made at the sandbox bank.
use app::accounts::ssr::{demo, users};
use app::applications::types::EducationInput;
use app::registration::ssr::payments::orders;
use app::registration::ssr::payments::{ProviderPayment, TradeState};
use app::registration::ssr::{catalog, editing, registrations, route};
use app::registration::types::{DetailsInput, RouteInput};

use super::{mark_verified, TestDb};

pub const PDF: &[u8] = super::ONE_PAGE_PDF;

pub async fn candidate(db: &TestDb, name: &str, n: u32) -> users::UserRow {
    let user = super::insert_user(&db.state, name, &format!("1101051990010{n:05}"), &format!("1390000{n:04}")).await;
    mark_verified(&db.state, user.id).await;
    user
}

/// The demo window (中级 2101 public, 2102 人力资源管理, 2103 财政税收; a 500-seat and a 1-seat site).
pub struct Demo {
    pub window: i64,
    pub big_site: i64,
    pub one_seat: i64,
    pub hr: i64,
    pub tax: i64,
}

pub async fn seeded(db: &TestDb) -> Demo {
    demo::seed_if_empty(&db.state).await.unwrap();
    let (window,): (i64,) = sqlx::query_as("SELECT id FROM reg_windows").fetch_one(&db.state.db).await.unwrap();
    let sites = catalog::sites(&db.state, window).await.unwrap();
    let levels = catalog::levels(&db.state).await.unwrap();
    let middle = levels.iter().find(|l| l.code == "2").unwrap();
    let specialty = |name: &str| middle.specialties.iter().find(|s| s.name == name).unwrap().id;
    Demo {
        window,
        big_site: sites.iter().find(|s| s.capacity == 500).unwrap().id,
        one_seat: sites.iter().find(|s| s.capacity == 1).unwrap().id,
        hr: specialty("人力资源管理"),
        tax: specialty("财政税收"),
    }
}

pub fn details(d: &Demo, subjects: &[&str], site: i64) -> DetailsInput {
    DetailsInput {
        level_code: "2".into(),
        specialty_id: Some(d.hr),
        subject_codes: subjects.iter().map(|s| s.to_string()).collect(),
        site_id: Some(site),
        work_unit: "沈阳市某单位".into(),
        contact_address: "沈阳市和平区".into(),
    }
}

pub fn record(graduated: &str) -> EducationInput {
    EducationInput {
        id: None,
        level: "本科".into(),
        school: "东北大学".into(),
        major: "经济学".into(),
        graduated_month: graduated.into(),
        certificate_no: "101451200005001234".into(),
        degree: String::new(),
        degree_month: String::new(),
    }
}

/// A confirmed registration; `online` records need no route, others take the commitment route.
pub async fn confirmed(db: &TestDb, d: &Demo, user: &users::UserRow, site: i64, online: bool) -> i64 {
    let state = &db.state;
    let id = registrations::start(state, user, d.window).await.unwrap();
    editing::save_education(state, user, id, &[record(if online { "2015-07" } else { "1999-07" })]).await.unwrap();
    editing::save_details(state, user, id, &details(d, &["2101", "2102"], site)).await.unwrap();
    if !online {
        route::choose_route(state, user, id, &RouteInput { route: "commitment".into(), signed: true }).await.unwrap();
        route::add_proof(state, user, id, "毕业证.pdf", PDF.to_vec()).await.unwrap();
    }
    route::confirm(state, user, id).await.unwrap();
    id
}

/// Pays at the sandbox without its notification; returns what the provider vouches for.
pub async fn pay_at_bank(db: &TestDb, user: &users::UserRow, id: i64) -> ProviderPayment {
    let start = orders::start_payment(&db.state, user, id).await.unwrap();
    assert_eq!(start.pay_url, format!("/sandbox-pay/{}", start.out_trade_no));
    let sandbox = db.state.sandbox.as_ref().unwrap();
    sandbox.pay(&start.out_trade_no, db.state.now_ms(), false).await.unwrap();
    match db.state.payments.query(&start.out_trade_no).await.unwrap() {
        TradeState::Paid(payment) => payment,
        other => panic!("expected paid, got {other:?}"),
    }
}
