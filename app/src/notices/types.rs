//! What crosses the network for notices.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub pinned: bool,
    pub publish_ms: i64,
}

/// A notice as the admin writes it; `publish_ms` 0 means now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeInput {
    pub title: String,
    pub body: String,
    pub pinned: bool,
    pub publish_ms: i64,
}

/// Notices shown on the home page at most.
pub const HOME_NOTICES: i64 = 10;
