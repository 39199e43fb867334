//! What the wizard, the review pages and the server functions exchange (SPEC §4–5).
use serde::{Deserialize, Serialize};

use crate::error::Text;

/// The four review stages, in order.
pub const STAGES: [(&str, &str); 4] = [
    ("行业部门预审", "Sector pre-review"),
    ("市州审核", "City review"),
    ("省级行业审核", "Provincial sector review"),
    ("省级终审", "Provincial final review"),
];

pub fn stage_name(stage: i64) -> Text {
    match STAGES.get((stage - 1).max(0) as usize) {
        Some((zh, en)) if stage >= 1 => Text::new(*zh, *en),
        _ => Text::new("未提交", "Not submitted"),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Specialty {
    pub code: String,
    pub name: String,
    pub level: i64,
    /// An old level-2 specialty: held by experts from before the catalog change, not selectable.
    pub legacy: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowKind {
    /// 常态征集: new applicants.
    New,
    /// 续聘: experts already in the pool.
    Renewal,
}

impl WindowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowKind::New => "new",
            WindowKind::Renewal => "renewal",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "new" => Some(WindowKind::New),
            "renewal" => Some(WindowKind::Renewal),
            _ => None,
        }
    }

    pub fn label(self) -> Text {
        match self {
            WindowKind::New => Text::new("专家常态征集", "Expert recruitment"),
            WindowKind::Renewal => Text::new("专家续聘", "Expert renewal"),
        }
    }
}

/// An application window, with the signed-in user's application in it (if any).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowView {
    pub id: i64,
    pub kind: WindowKind,
    pub title: String,
    pub opens_ms: i64,
    pub closes_ms: i64,
    pub open: bool,
    pub my_application: Option<i64>,
    pub my_status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowInput {
    pub kind: WindowKind,
    pub title: String,
    pub opens_ms: i64,
    pub closes_ms: i64,
}

/// The wizard's parts; a return (退回修改) reopens some of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    Basic,
    Qualifications,
    Specialties,
    Attachments,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Basic, Part::Qualifications, Part::Specialties, Part::Attachments];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Basic => "basic",
            Part::Qualifications => "qualifications",
            Part::Specialties => "specialties",
            Part::Attachments => "attachments",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Part::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    pub fn label(self) -> Text {
        match self {
            Part::Basic => Text::new("基础信息", "Basic information"),
            Part::Qualifications => Text::new("执业及专业信息", "Qualifications"),
            Part::Specialties => Text::new("评标专业", "Specialties"),
            Part::Attachments => Text::new("附件", "Attachments"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkItem {
    pub employer: String,
    pub position: String,
    /// `YYYY-MM`.
    pub start_month: String,
    /// `YYYY-MM`, or empty for "until now".
    pub end_month: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BasicInput {
    pub political_status: String,
    /// The district (level-3 region) code.
    pub region_code: String,
    pub unit_id: Option<i64>,
    pub work: Vec<WorkItem>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CertificateItem {
    pub name: String,
    pub number: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TitleItem {
    pub title: String,
    /// 初级 | 中级 | 副高级 | 正高级
    pub level: String,
    /// The uploaded proof (a stored file of this applicant).
    pub proof_file_id: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EducationInput {
    /// `None` for a record added now.
    pub id: Option<i64>,
    pub level: String,
    pub school: String,
    pub major: String,
    pub graduated_month: String,
    pub certificate_no: String,
    pub degree: String,
    pub degree_month: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EducationRecord {
    pub id: i64,
    pub input: EducationInput,
    /// 学信网 can confirm it (diploma from 2002, degree from September 2008); else an on-site check.
    pub checked_online: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QualificationsInput {
    pub certificates: Vec<CertificateItem>,
    pub titles: Vec<TitleItem>,
    pub education: Vec<EducationInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyChoice {
    pub code: String,
    /// The old level-2 specialty this level-3 one replaces (renewing experts).
    pub legacy_code: Option<String>,
}

/// An old level-2 specialty a renewing expert holds, with the level-3 ones the catalog lets it become
/// (step 3 shows it as a row that can't be removed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegacySpecialty {
    pub code: String,
    pub name: String,
    /// (code, "类别 / 子类 / 专业") of each new specialty it may map to.
    pub options: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpecialtiesInput {
    pub specialties: Vec<SpecialtyChoice>,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyView {
    pub code: String,
    /// 类别 / 子类 / 专业.
    pub path: String,
    pub legacy_code: Option<String>,
    /// pending | approved | returned (at the current stage).
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
}

/// The attachment kinds of step 4: (kind, required, 中文, English).
pub const ATTACHMENT_KINDS: [(&str, bool, &str, &str); 6] = [
    ("review_form", true, "资格审查表（签字盖章，必须）", "Signed review form (required)"),
    ("id_card", true, "身份证（必须）", "ID card (required)"),
    ("diploma", true, "学历证书（必须）", "Diploma (required)"),
    ("title", true, "职称证书（必须）", "Title certificate (required)"),
    ("photo", true, "个人一寸照片（必须）", "1-inch photo (required)"),
    ("other", false, "其他证明材料（可选）", "Other supporting files (optional)"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub stage: i64,
    pub actor: String,
    pub specialty: Option<String>,
    pub action: String,
    pub comment: String,
    pub created_ms: i64,
}

/// The person's data from the account: shown, never edited here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub real_name: String,
    pub id_masked: String,
    pub phone_masked: String,
    pub birth: String,
}

/// One application as its applicant (or a reviewer) sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: i64,
    pub window: WindowView,
    /// draft | submitted | returned | approved
    pub status: String,
    pub stage: i64,
    pub printed: bool,
    /// The parts the applicant may change now.
    pub editable: Vec<Part>,
    pub person: PersonView,
    pub basic: BasicInput,
    /// 省 / 市 / 区 names of `basic.region_code`.
    pub region_path: String,
    pub unit_name: String,
    pub certificates: Vec<CertificateItem>,
    pub titles: Vec<TitleItem>,
    pub education: Vec<EducationRecord>,
    pub specialties: Vec<SpecialtyView>,
    pub description: String,
    pub attachments: Vec<AttachmentView>,
    pub log: Vec<LogEntry>,
}

/// A reviewer's verdict on one specialty of an application.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyDecision {
    pub code: String,
    pub approve: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub application_id: i64,
    /// The stage the reviewer saw: a decision for another stage is "already handled".
    pub stage: i64,
    pub decisions: Vec<SpecialtyDecision>,
    /// The parts a return reopens (at least one when anything is returned).
    pub reopen: Vec<Part>,
    pub comment: String,
}

/// A row of a reviewer's queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub application_id: i64,
    pub applicant: String,
    pub window_title: String,
    pub region_path: String,
    pub specialties: Vec<String>,
    pub stage: i64,
    pub submitted_ms: i64,
}
