//! What the admin console sends to the browser.
use serde::{Deserialize, Serialize};

/// The console's list pages: (kind, 中文, English). The server decides who may open each one.
pub const LIST_PAGES: &[(&str, &str, &str)] = &[
    ("users", "用户与角色", "Users and roles"),
    ("units", "单位", "Units"),
    ("unit_requests", "单位申请", "Unit requests"),
    ("specialties", "专业目录", "Specialty catalog"),
    ("pool", "现有专家库", "Existing expert pool"),
    ("windows", "申请批次", "Application windows"),
    ("applications", "专家申请", "Applications"),
    ("reviewers", "审核人员与范围", "Reviewers and scopes"),
    ("questions", "题库", "Question bank"),
    ("exams", "考试安排", "Exam schedule"),
    ("attempts", "监考复核", "Proctoring review"),
    ("appeals", "账号申诉", "Appeals"),
    ("reg_windows", "报名批次", "Registration windows"),
    ("reg_catalog", "级别与科目", "Levels and subjects"),
    ("reg_sites", "考点", "Exam sites"),
    ("reg_checks", "现场核查", "On-site checks"),
    ("reg_orders", "缴费订单与对账", "Orders and reconciliation"),
    ("training", "培训场次", "Training sessions"),
    ("materials", "培训资料", "Materials"),
    ("tickets", "工单", "Tickets"),
    ("outbox", "短信发件箱", "SMS outbox"),
    ("audit", "操作日志", "Audit log"),
];

pub fn list_title(kind: &str) -> (&'static str, &'static str) {
    LIST_PAGES.iter().find(|(k, ..)| *k == kind).map(|(_, zh, en)| (*zh, *en)).unwrap_or(("列表", "List"))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListQuery {
    pub kind: String,
    pub search: String,
    /// One of the page's filter values, or "" for all.
    pub filter: String,
    /// From 1.
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: String,
    pub cells: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPage {
    /// (中文, English) per column.
    pub columns: Vec<(String, String)>,
    pub rows: Vec<ListRow>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    /// (value, 中文, English); empty when the list has no filter.
    pub filters: Vec<(String, String, String)>,
    /// Where a row leads ("/tickets/{id}"), if anywhere.
    pub row_link: Option<String>,
}

impl ListPage {
    pub fn pages(&self) -> i64 {
        ((self.total + self.page_size - 1) / self.page_size).max(1)
    }
}

/// A labelled count for the dashboard and its charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub label: crate::error::Text,
    pub value: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub registrations: i64,
    pub pending_identity: i64,
    pub exams_today: i64,
    pub open_tickets: i64,
    pub applications_per_stage: Vec<Count>,
    /// Submitted formal attempts in score bands of 10 points (percent of the maximum).
    pub score_bands: Vec<Count>,
}

/// One configuration value as the console shows it (secrets are hidden).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingLine {
    pub key: String,
    pub value: String,
}

/// Roles an administrator may grant.
pub const GRANTABLE_ROLES: &[(&str, &str, &str)] = &[
    ("candidate", "考生/专家", "Candidate"),
    ("reviewer", "审核人员", "Reviewer"),
    ("support", "客服", "Support"),
    ("exam_admin", "考务管理", "Exam admin"),
    ("system_admin", "系统管理员", "System admin"),
];

/// Who may open the console at all (each list has its own roles on the server).
pub const CONSOLE_ROLES: &[&str] = &["system_admin", "support", "exam_admin"];
