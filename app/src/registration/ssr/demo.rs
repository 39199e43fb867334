//! Demo registration: an economics qualification (初级 and 中级, three specialties each), a window open
//! from a week ago to a month ahead at 56 元 a subject, two sites (one with a single seat), and a subject
//! demo_candidate passed last year.
use crate::accounts::forms::today_in_china;
use crate::error::AppError;
use crate::platform::AppState;
use crate::registration::types::{RegWindowInput, SiteInput, SubjectInput};
use crate::training::rules::date_text;

const DAY_MS: i64 = 24 * 3_600_000;

const CATALOG: &[(&str, &str, &str, &str, &str)] = &[
    ("1", "初级", "", "1101", "经济基础知识（初级）"),
    ("1", "初级", "人力资源管理", "1102", "人力资源管理专业知识和实务（初级）"),
    ("1", "初级", "财政税收", "1103", "财政税收专业知识和实务（初级）"),
    ("1", "初级", "工商管理", "1104", "工商管理专业知识和实务（初级）"),
    ("2", "中级", "", "2101", "经济基础知识（中级）"),
    ("2", "中级", "人力资源管理", "2102", "人力资源管理专业知识和实务（中级）"),
    ("2", "中级", "财政税收", "2103", "财政税收专业知识和实务（中级）"),
    ("2", "中级", "工商管理", "2104", "工商管理专业知识和实务（中级）"),
];

pub async fn seed(state: &AppState) -> Result<(), AppError> {
    let admin = crate::accounts::ssr::users::by_username(&state.db, "demo_examiner")
        .await?
        .ok_or_else(|| AppError::internal("demo_examiner missing"))?;
    for (level_code, level_name, specialty, code, name) in CATALOG {
        let line = SubjectInput {
            level_code: level_code.to_string(),
            level_name: level_name.to_string(),
            specialty_name: specialty.to_string(),
            subject_code: code.to_string(),
            subject_name: name.to_string(),
        };
        super::admin::add_subject(state, &admin, &line).await?;
    }
    let now = state.now_ms();
    let (year, ..) = today_in_china(now);
    let window = RegWindowInput {
        title: format!("{year}年度经济专业技术资格考试"),
        exam_year: i64::from(year),
        opens_on: date_text(today_in_china(now - 7 * DAY_MS)),
        closes_on: date_text(today_in_china(now + 30 * DAY_MS)),
        fee_per_subject: "56".into(),
        commitment_allowed: true,
        editable_after_confirm: vec!["work_unit".into(), "contact_address".into(), "site".into()],
        pass_valid_years: 2,
    };
    let window_id = super::admin::create_window(state, &admin, &window).await?;
    for (name, address, capacity) in [
        ("沈阳市第一考点", "沈阳市和平区南京南街1号", 500),
        ("沈阳市第二考点（名额紧张）", "沈阳市沈河区青年大街2号", 1),
    ] {
        let site = SiteInput { window_id, name: name.into(), address: address.into(), capacity };
        super::admin::add_site(state, &admin, &site).await?;
    }
    sqlx::query(
        "INSERT INTO reg_passed_subjects (user_id, subject_code, passed_year) \
         SELECT id, '2101', $1 FROM users WHERE username_key = 'demo_candidate'",
    )
    .bind(i64::from(year) - 1)
    .execute(&state.db)
    .await?;
    Ok(())
}
