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
    /// The separate consent to face processing (PIPL: biometric data is sensitive personal information),
    /// given before the first face photo.
    #[serde(default)]
    pub face_consent: bool,
}

impl IdentityStatus {
    /// What the person can do next, in a sentence, for each status.
    pub fn next_step(status: &str) -> (&'static str, &'static str) {
        match status {
            "pending" => (
                "客服将在1个工作日左右完成审核，结果以短信通知您。审核通过后即可报名考试、申请入库。",
                "Support reviews it in about one working day and tells you by SMS. Once approved you can register for exams and apply to the expert pool.",
            ),
            "verified" => ("您已完成实名认证，可以报名考试、申请入库。", "Your identity is verified: you can register for exams and apply to the expert pool."),
            "failed" => ("请按原因重新上传照片并提交认证。", "Upload the photos again as the reason says and submit once more."),
            _ => (
                "报名考试、申请入库前需完成实名认证：上传身份证正反面并用摄像头拍摄人脸照片。",
                "Before registering for exams or applying to the expert pool, verify your identity: upload both sides of your ID card and take a face photo.",
            ),
        }
    }
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

/// The automatic checks' record of a face photo (`faces=1 brightness=120 sharpness=300
/// face_box=Some((x, y, w, h))`, as stored) in words a reviewer reads.
pub fn describe_auto_report(raw: &str) -> crate::error::Text {
    let value =
        |key: &str| raw.split_whitespace().find_map(|part| part.strip_prefix(key).and_then(|v| v.strip_prefix('=')));
    let number = |key: &str| value(key).and_then(|v| v.parse::<f64>().ok());
    // The face box is the last field and contains spaces: take everything after "face_box=".
    let face_size = raw.split_once("face_box=Some((").and_then(|(_, rest)| {
        let numbers: Vec<u32> = rest.trim_end_matches("))").split(',').filter_map(|n| n.trim().parse().ok()).collect();
        (numbers.len() == 4).then(|| (numbers[2], numbers[3]))
    });
    let (Some(faces), Some(brightness), Some(sharpness)) = (number("faces"), number("brightness"), number("sharpness"))
    else {
        return crate::error::Text::new(raw, raw);
    };
    let (size_zh, size_en) = match face_size {
        Some((w, h)) => (format!("（人脸 {w}×{h} 像素）"), format!(" (face {w}×{h} px)")),
        None => (String::new(), String::new()),
    };
    crate::error::Text::new(
        format!("检测到 {faces} 张人脸{size_zh}，亮度 {brightness:.0}，清晰度 {sharpness:.0}"),
        format!("{faces} face(s) found{size_en}, brightness {brightness:.0}, sharpness {sharpness:.0}"),
    )
}

#[cfg(test)]
mod tests {
    use super::describe_auto_report;

    #[test]
    fn the_stored_report_reads_as_words() {
        let text = describe_auto_report("faces=1 brightness=121 sharpness=345 face_box=Some((234, 26, 211, 211))");
        assert_eq!(text.zh, "检测到 1 张人脸（人脸 211×211 像素），亮度 121，清晰度 345");
        assert_eq!(text.en, "1 face(s) found (face 211×211 px), brightness 121, sharpness 345");
        let no_box = describe_auto_report("faces=0 brightness=90 sharpness=12 face_box=None");
        assert_eq!(no_box.zh, "检测到 0 张人脸，亮度 90，清晰度 12");
        assert_eq!(describe_auto_report("something else").zh, "something else");
    }
}
