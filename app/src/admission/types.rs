//! What the ticket pages and the console exchange.
use serde::{Deserialize, Serialize};

/// One of my tickets, as 我的报名 lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketLine {
    pub ticket_no: String,
    pub window_title: String,
    pub subject_name: String,
    pub exam_title: Option<String>,
    pub exam_start_ms: Option<i64>,
    pub site: String,
    pub seat_no: i64,
    /// The print window, when the office has opened one.
    pub print_from_ms: Option<i64>,
    pub print_until_ms: Option<i64>,
    /// Inside the print window now.
    pub printable: bool,
}

/// The public check of a ticket (the QR code's page): enough to tell a genuine ticket, nothing more.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketCheck {
    pub ticket_no: String,
    pub holder_name_masked: String,
    pub window_title: String,
    pub subject_name: String,
    pub exam_start_ms: Option<i64>,
    pub site: String,
    pub seat_no: i64,
}

/// The exam office's print window for a registration window (ms, China time entered in the console).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PrintWindowInput {
    pub window_id: i64,
    pub from_ms: i64,
    pub until_ms: i64,
}

/// Roles that link subjects to exams and open the print window.
pub const TICKET_STAFF_ROLES: &[&str] = &["exam_admin", "system_admin"];

/// What the candidate reads on the ticket.
pub const INSTRUCTIONS: &[&str] = &[
    "考生须凭本准考证和有效身份证件参加考试，二者缺一不可。",
    "请于开考前30分钟到达考点，开考30分钟后不得入场。",
    "除规定的文具外，不得携带手机等电子设备进入考场。",
    "在线考试须全程开启摄像头，系统随机抓拍并核验身份，切屏超过规定次数将自动交卷。",
    "考试成绩以考务统一公布为准，可在平台“我的考试”中查询。",
];
