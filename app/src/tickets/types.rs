//! What tickets send to the browser.
use serde::{Deserialize, Serialize};

/// (code, 中文, English), in the order the form offers them.
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    ("account", "账号与登录", "Account and sign-in"),
    ("identity", "实名认证", "Identity"),
    ("application", "专家申请", "Expert application"),
    ("training", "培训", "Training"),
    ("exam", "考试", "Exam"),
    ("other", "其他", "Other"),
];

/// Who answers tickets.
pub const TICKET_STAFF_ROLES: &[&str] = &["support", "system_admin", "exam_admin"];

pub fn category_label(code: &str) -> (&'static str, &'static str) {
    CATEGORIES.iter().find(|(c, ..)| *c == code).map(|(_, zh, en)| (*zh, *en)).unwrap_or(("其他", "Other"))
}

pub fn status_label(status: &str) -> (&'static str, &'static str) {
    match status {
        "open" => ("待处理", "Open"),
        "answered" => ("已回复", "Answered"),
        _ => ("已关闭", "Closed"),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketInput {
    pub category: String,
    pub subject: String,
    pub body: String,
    /// Files uploaded to `/api/tickets/files` by this user and not sent yet.
    pub file_ids: Vec<i64>,
    pub application_id: Option<i64>,
    pub attempt_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub id: i64,
    pub category: String,
    pub subject: String,
    pub status: String,
    pub updated_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketFileView {
    pub id: i64,
    pub content_type: String,
    pub size_bytes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketMessage {
    pub from_support: bool,
    /// The user's name, or "客服" for support (staff names stay private).
    pub author: String,
    pub body: String,
    pub created_ms: i64,
    pub files: Vec<TicketFileView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketThread {
    pub ticket: TicketSummary,
    /// "申请 #3", "考试 #2 / 作答 #7": what the ticket is about, if linked.
    pub about: Option<String>,
    pub messages: Vec<TicketMessage>,
    /// The caller answers as support (the page shows the staff view).
    pub staff_view: bool,
}
