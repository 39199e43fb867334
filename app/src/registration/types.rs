//! What exam registration sends to the browser and back.
use serde::{Deserialize, Serialize};

use crate::applications::types::{EducationInput, EducationRecord};

/// Who runs registration windows, sites, the on-site check queue and the orders.
pub const REG_ADMIN_ROLES: &[&str] = &["system_admin", "exam_admin"];

/// Fields a window may leave editable after confirming (field, 中文, English). The rest are fixed then.
pub const EDITABLE_FIELDS: &[(&str, &str, &str)] = &[
    ("work_unit", "工作单位", "work unit"),
    ("contact_address", "通讯地址", "address"),
    ("site", "考点", "exam site"),
    ("subjects", "报考科目", "subjects"),
    ("specialty", "报考专业", "specialty"),
    ("level", "报考级别", "level"),
];

/// The status flow shown as a diagram on the registration page (中文, English).
pub const FLOW: &[(&str, &str)] = &[
    ("填写报名信息", "Fill in"),
    ("确认报名信息", "Confirm"),
    ("资格核查", "Check"),
    ("网上缴费", "Pay"),
    ("报名成功", "Registered"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowView {
    pub id: i64,
    pub title: String,
    pub exam_year: i64,
    pub opens_on: String,
    pub closes_on: String,
    pub fee_per_subject_fen: i64,
    pub commitment_allowed: bool,
    pub editable_after_confirm: Vec<String>,
    pub pass_valid_years: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectView {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyView {
    pub id: i64,
    pub name: String,
    pub subjects: Vec<SubjectView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelView {
    pub code: String,
    pub name: String,
    pub public_subjects: Vec<SubjectView>,
    pub specialties: Vec<SpecialtyView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteView {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub capacity: i64,
    pub taken: i64,
}

/// A subject passed earlier and still valid for this window: loaded, not taken again, not charged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassedSubject {
    pub level_code: String,
    pub code: String,
    pub name: String,
    pub passed_year: i64,
    pub valid_until_year: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DetailsInput {
    pub level_code: String,
    pub specialty_id: Option<i64>,
    pub subject_codes: Vec<String>,
    pub site_id: Option<i64>,
    pub work_unit: String,
    pub contact_address: String,
}

impl DetailsInput {
    /// Enough to confirm: a level, a site and at least one subject.
    pub fn complete(&self) -> bool {
        !self.level_code.is_empty() && self.site_id.is_some() && !self.subject_codes.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub out_trade_no: String,
    pub amount_fen: i64,
    /// created | paid | refunding | refunded | closed
    pub status: String,
    pub paid_via: Option<String>,
    pub paid_ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProofView {
    pub id: i64,
    pub file_name: String,
    pub size_bytes: i64,
}

/// The candidate's registration page, all of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationView {
    pub id: i64,
    pub window: WindowView,
    pub levels: Vec<LevelView>,
    pub sites: Vec<SiteView>,
    pub details: DetailsInput,
    pub education: Vec<EducationRecord>,
    /// Every record checked online: no commitment or on-site check needed.
    pub all_checked_online: bool,
    /// Passed subjects still valid, of every level (老考生): the form shows those of the chosen level,
    /// so another level is a new candidate.
    pub passed: Vec<PassedSubject>,
    /// '' | commitment | onsite
    pub route: String,
    pub commitment_signed: bool,
    pub commitment_barred: bool,
    pub proofs: Vec<ProofView>,
    /// draft | confirmed | paid
    pub status: String,
    /// '' | online | commitment | onsite_pending | onsite_passed | onsite_failed
    pub check_status: String,
    pub check_note: String,
    pub notice: String,
    pub fee_fen: i64,
    pub can_pay: bool,
    pub order: Option<OrderView>,
    /// Position in [`FLOW`].
    pub stage: usize,
    /// Today is within the window (registration, withdrawal and payment close after it).
    pub window_open: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyRegistration {
    pub id: i64,
    pub window_title: String,
    pub status: String,
    pub check_status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationHome {
    pub windows: Vec<WindowView>,
    pub mine: Vec<MyRegistration>,
}

/// 核查方式: the commitment route needs the signed commitment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteInput {
    pub route: String,
    pub signed: bool,
}

/// Where the browser goes to pay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentStart {
    pub pay_url: String,
    pub out_trade_no: String,
}

/// The education step saves the person's records (shared with the application wizard).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EducationList {
    pub records: Vec<EducationInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegWindowInput {
    pub title: String,
    pub exam_year: i64,
    pub opens_on: String,
    pub closes_on: String,
    /// In yuan, e.g. "56" or "56.50".
    pub fee_per_subject: String,
    pub commitment_allowed: bool,
    pub editable_after_confirm: Vec<String>,
    pub pass_valid_years: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteInput {
    pub window_id: i64,
    pub name: String,
    pub address: String,
    pub capacity: i64,
}

/// One catalog line: the level and specialty are created when new ('' specialty: a public subject).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubjectInput {
    pub level_code: String,
    pub level_name: String,
    pub specialty_name: String,
    pub subject_code: String,
    pub subject_name: String,
}

/// A subject passed in an earlier year, recorded by the exam office (成绩登记).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PassedInput {
    pub user_id: i64,
    pub subject_code: String,
    pub passed_year: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReconcileReport {
    pub checked: i64,
    pub recovered: i64,
    pub closed: i64,
    pub refunded: i64,
}
