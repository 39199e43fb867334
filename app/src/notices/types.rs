//! What crosses the network for notices.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub pinned: bool,
    pub publish_ms: i64,
    /// "notice" (通知公告) or "guide" (办理指南, a help page).
    #[serde(default)]
    pub kind: String,
}

/// A notice as the admin writes it; `publish_ms` 0 means now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeInput {
    pub title: String,
    pub body: String,
    pub pinned: bool,
    pub publish_ms: i64,
    /// "notice" (also when empty) or "guide".
    #[serde(default)]
    pub kind: String,
}

/// Notices shown on the home page at most.
pub const HOME_NOTICES: i64 = 10;
