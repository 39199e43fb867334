//! What crosses the network for identity verification.
use serde::{Deserialize, Serialize};

/// What an uploaded file is for; it decides the checks it must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilePurpose {
    IdFront,
    IdBack,
    Face,
}

impl FilePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            FilePurpose::IdFront => "id_front",
            FilePurpose::IdBack => "id_back",
            FilePurpose::Face => "face",
        }
    }
    pub fn parse(value: &str) -> Option<FilePurpose> {
        [FilePurpose::IdFront, FilePurpose::IdBack, FilePurpose::Face].into_iter().find(|p| p.as_str() == value)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub file_id: i64,
    pub purpose: FilePurpose,
    pub size_bytes: i64,
}

/// "unverified" | "pending" | "verified" | "failed", with the latest decision's reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentityStatus {
    pub status: String,
    pub reason: Option<String>,
    pub id_type: String,
}

impl IdentityStatus {
    pub fn label(status: &str) -> (&'static str, &'static str) {
        match status {
            "pending" => ("审核中", "Under review"),
            "verified" => ("已通过", "Verified"),
            "failed" => ("未通过", "Not approved"),
            _ => ("未认证", "Not verified"),
        }
    }
}

/// One submission in the support queue, next to the account it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub submission_id: i64,
    pub username: String,
    pub real_name: String,
    pub id_type: String,
    pub id_number_masked: String,
    pub id_front_file: i64,
    pub id_back_file: i64,
    pub face_file: i64,
    /// What the automatic checks measured, for the reviewer.
    pub auto_report: String,
    pub created_ms: i64,
}
