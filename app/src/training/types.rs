//! What training sends to the browser. The invitation code and the stream address never appear in a
//! list: the stream comes only from [`crate::training::api::watch_course`] with the right code on the date.
use serde::{Deserialize, Serialize};

/// A session as candidates see it in the course list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i64,
    pub title: String,
    pub region_code: String,
    pub region_name: String,
    /// YYYY-MM-DD, China time.
    pub date: String,
    pub registered: i64,
}

/// The course list: every coming session, the candidate's region and their one registration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingOverview {
    pub my_region: Option<String>,
    pub sessions: Vec<SessionView>,
    pub mine: Option<MyCourse>,
}

/// 我的课程.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCourse {
    pub session: SessionView,
    /// "upcoming" | "today" | "ended"
    pub when: String,
    pub locked: bool,
    pub registered_ms: i64,
}

/// What a correct code on the date opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveCourse {
    pub title: String,
    pub stream_url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInput {
    pub title: String,
    pub region_code: String,
    pub date: String,
    pub stream_url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Material {
    pub id: i64,
    pub title: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_ms: i64,
    /// Listed under 资料下载 on the portal for anyone (a blank template, a guide).
    #[serde(default)]
    pub public: bool,
}

/// Who may manage training: the operator and the exam office.
pub const TRAINING_ADMIN_ROLES: &[&str] = &["system_admin", "exam_admin"];
