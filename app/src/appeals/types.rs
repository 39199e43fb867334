//! What crosses the network for appeals.
use serde::{Deserialize, Serialize};

/// The photos an appeal needs, all three required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppealPhoto {
    IdFront,
    IdBack,
    /// The person holding the ID card next to their face (手持身份证照片).
    Handheld,
}

impl AppealPhoto {
    pub const ALL: [AppealPhoto; 3] = [AppealPhoto::IdFront, AppealPhoto::IdBack, AppealPhoto::Handheld];

    pub fn as_str(self) -> &'static str {
        match self {
            AppealPhoto::IdFront => "id_front",
            AppealPhoto::IdBack => "id_back",
            AppealPhoto::Handheld => "handheld",
        }
    }

    pub fn parse(value: &str) -> Option<AppealPhoto> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            AppealPhoto::IdFront => ("身份证人像面", "ID card, photo side"),
            AppealPhoto::IdBack => ("身份证国徽面", "ID card, emblem side"),
            AppealPhoto::Handheld => ("手持身份证照片", "Photo of you holding the ID card"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AppealInput {
    pub real_name: String,
    pub id_number: String,
    /// A phone the person can receive SMS on now; bound to the account if the appeal is approved.
    pub phone: String,
    pub code: String,
    pub description: String,
}

/// A started appeal: the browser's session may now upload its photos and submit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppealStarted {
    pub appeal_id: i64,
    pub phone_masked: String,
}

/// One submitted appeal in the support queue, beside the account it claims.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppealItem {
    pub appeal_id: i64,
    pub username: String,
    pub real_name: String,
    pub id_type: String,
    pub id_number_masked: String,
    pub identity_status: String,
    pub phone_masked: String,
    pub new_phone_masked: String,
    pub description: String,
    pub submitted_ms: i64,
    /// (photo purpose, appeal file id)
    pub photos: Vec<(AppealPhoto, i64)>,
    /// The face photo of the account's approved identity verification, if any, to compare with.
    pub verified_face_file: Option<i64>,
}
