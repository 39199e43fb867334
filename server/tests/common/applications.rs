//! Expert applications for the tests that need one: demo data with the regions, and a complete
//! application of demo_candidate submitted for review.
use app::accounts::ssr::{demo, users};
use app::applications::ssr::{reference, submit, wizard};
use app::applications::types::*;

use super::TestDb;

pub const DISTRICT: &str = "430102";
pub const PDF: &[u8] = super::ONE_PAGE_PDF;

pub async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

/// Demo data, the regions, and demo_candidate verified; the id of the open 常态征集 window.
pub async fn setup(db: &TestDb) -> i64 {
    demo::seed_if_empty(&db.state).await.unwrap();
    reference::import_regions_if_empty(&db.state, &super::regions_dir()).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    super::mark_verified(&db.state, candidate.id).await;
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM application_windows WHERE kind = 'new'").fetch_one(&db.state.db).await.unwrap();
    id
}

pub fn basic(unit_id: i64) -> BasicInput {
    BasicInput {
        political_status: "群众".into(),
        region_code: DISTRICT.into(),
        unit_id: Some(unit_id),
        work: vec![WorkItem {
            employer: "湖南大学".into(),
            position: "教授".into(),
            start_month: "2010-09".into(),
            end_month: String::new(),
        }],
    }
}

pub fn education(graduated: &str) -> EducationInput {
    EducationInput {
        id: None,
        level: "本科".into(),
        school: "湖南大学".into(),
        major: "土木工程".into(),
        graduated_month: graduated.into(),
        certificate_no: "105321200005001234".into(),
        degree: "学士".into(),
        degree_month: graduated.into(),
    }
}

pub fn specialties(codes: &[&str]) -> SpecialtiesInput {
    SpecialtiesInput {
        specialties: codes.iter().map(|c| SpecialtyChoice { code: (*c).into(), legacy_code: None }).collect(),
        description: "从事建筑工程施工管理十五年".into(),
    }
}

/// A complete application of demo_candidate, printed, with every required attachment, submitted.
pub async fn submitted_application(db: &TestDb, window: i64) -> i64 {
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let id = wizard::start(state, &candidate, window).await.unwrap();
    let unit = reference::search_units(state, "湖南大学").await.unwrap()[0].id;
    wizard::save_basic(state, &candidate, id, &basic(unit)).await.unwrap();
    wizard::save_specialties(state, &candidate, id, &specialties(&["A0101", "B0201"])).await.unwrap();
    submit::print(state, &candidate, id).await.unwrap();
    for (kind, required, ..) in ATTACHMENT_KINDS {
        if required {
            submit::add_attachment(state, &candidate, id, kind, "", PDF.to_vec()).await.unwrap();
        }
    }
    submit::submit(state, &candidate, id).await.unwrap();
    id
}
