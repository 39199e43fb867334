//! What crosses the network for exams. A question as the candidate sees it carries no answer: correct
//! answers stay on the server until the attempt is graded.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Single,
    Multiple,
    Fill,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 3] = [QuestionKind::Single, QuestionKind::Multiple, QuestionKind::Fill];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Fill => "fill",
        }
    }

    pub fn parse(value: &str) -> Option<QuestionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            QuestionKind::Single => ("单选题", "Single choice"),
            QuestionKind::Multiple => ("多选题", "Multiple choice"),
            QuestionKind::Fill => ("填空题", "Fill in the blank"),
        }
    }
}

/// A candidate's answer: shown option indexes (choice questions) or the text typed (fill-in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerValue {
    Choices(Vec<u32>),
    Text(String),
}

impl AnswerValue {
    /// An empty answer counts as unanswered (the answer card stays white).
    pub fn is_blank(&self) -> bool {
        match self {
            AnswerValue::Choices(c) => c.is_empty(),
            AnswerValue::Text(t) => t.trim().is_empty(),
        }
    }
}

/// Everything the exam admin sets for an exam; the [defaults] of SPEC §7.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExamSettings {
    pub title: String,
    /// "formal" | "mock"
    pub kind: String,
    pub start_ms: i64,
    pub duration_min: i64,
    pub single_count: i64,
    pub multiple_count: i64,
    pub fill_count: i64,
    pub single_points: i64,
    pub multiple_points: i64,
    pub fill_points: i64,
    pub pass_mark: i64,
    /// 0 = unlimited
    pub max_attempts: i64,
    pub waiting_room_min: i64,
    pub late_entry_min: i64,
    pub switch_limit: i64,
    pub verify_limit: i64,
    pub proctoring: bool,
    pub show_result: bool,
    /// User names of the candidates (formal exams); mock exams are open to every signed-in user.
    pub candidates: Vec<String>,
}

impl ExamSettings {
    pub fn formal_defaults(title: &str, start_ms: i64) -> Self {
        ExamSettings {
            title: title.to_string(),
            kind: "formal".into(),
            start_ms,
            duration_min: 60,
            single_count: 20,
            multiple_count: 10,
            fill_count: 10,
            single_points: 2,
            multiple_points: 4,
            fill_points: 2,
            pass_mark: 60,
            max_attempts: 1,
            waiting_room_min: 45,
            late_entry_min: 30,
            switch_limit: 3,
            verify_limit: 10,
            proctoring: true,
            show_result: true,
            candidates: vec![],
        }
    }
}

/// An exam in the candidate's list, with where they stand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyExam {
    pub exam_id: i64,
    pub title: String,
    pub kind: String,
    pub start_ms: i64,
    pub duration_min: i64,
    pub waiting_room_min: i64,
    pub late_entry_min: i64,
    pub attempts_used: i64,
    pub max_attempts: i64,
    /// The attempt in progress, to resume.
    pub open_attempt: Option<i64>,
    /// The newest finished attempt, for its result page.
    pub last_attempt: Option<i64>,
}

/// Where the candidate is in 考前确认 for one exam.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Confirmation {
    pub exam_id: i64,
    pub title: String,
    pub start_ms: i64,
    pub server_now_ms: i64,
    pub waiting_room_min: i64,
    pub late_entry_min: i64,
    pub proctoring: bool,
    pub agreed: bool,
    pub camera_ok: bool,
    pub network_ok: bool,
    pub identity_ok: bool,
    pub verify_used: i64,
    pub verify_limit: i64,
    /// A mismatched photo pair sent with 去反馈 waits for the exam office.
    pub review_pending: bool,
}

/// A face check's verdict, with the checks left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaceCheckResult {
    /// "match" | "no_match" | "no_face" | "several_faces" | "poor_photo" | "review"
    pub outcome: String,
    /// Why the photo didn't pass, to show the candidate.
    pub reason: Option<crate::error::Text>,
    pub passed: bool,
    pub verify_used: i64,
    pub verify_limit: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub position: i64,
    pub kind: QuestionKind,
    pub stem: String,
    /// In the order drawn for this attempt.
    pub options: Vec<String>,
    pub points: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub position: i64,
    pub answer: AnswerValue,
    pub revision: i64,
}

/// The paper of an attempt in progress: what the answering page needs to (re)start at the same place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    pub attempt_id: i64,
    pub exam_title: String,
    pub candidate_name: String,
    pub server_now_ms: i64,
    pub deadline_ms: i64,
    pub questions: Vec<QuestionView>,
    pub answers: Vec<SavedAnswer>,
    pub position: i64,
    pub switch_count: i64,
    pub switch_limit: i64,
    pub proctoring: bool,
    /// Proctoring snapshots at random moments between these two.
    pub snapshot_min_secs: i64,
    pub snapshot_max_secs: i64,
    /// The attempt was already submitted (by the deadline, the switch limit or another computer).
    pub submitted: bool,
}

/// What a save did: `stored` is false when a newer revision was already there (nothing overwritten).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveOutcome {
    pub stored: bool,
    pub revision: i64,
    pub server_now_ms: i64,
}

/// One answer of a batch sent after an outage (`save_answers`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerSave {
    pub position: i64,
    pub answer: AnswerValue,
    pub revision: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SwitchOutcome {
    pub switch_count: i64,
    pub switch_limit: i64,
    pub submitted: bool,
}

/// The result page. Score and pass are hidden when the exam shows results only after review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptResult {
    pub attempt_id: i64,
    pub exam_title: String,
    pub submitted_ms: i64,
    /// "candidate" | "deadline" | "switches" | "admin"
    pub submit_reason: String,
    pub score: Option<i64>,
    pub max_score: i64,
    pub pass_mark: i64,
    /// "passed" | "failed" | "pending_review" | "hidden"
    pub outcome: String,
    pub switch_count: i64,
    /// 我要投诉 is open until then (SPEC §7: [48] hours after the result).
    pub complaint_until_ms: i64,
    pub complaint: Option<Complaint>,
    /// When a hidden result will be published, once the exam office has set it.
    pub results_publish_ms: Option<i64>,
}

/// Live face detection in the identity step: the frame turns green when `ok`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveFaces {
    pub faces: usize,
    pub ok: bool,
    pub reason: Option<crate::error::Text>,
}

/// A cheap poll of an attempt: the server's clock (the page's timer follows it) and whether the server
/// has submitted the attempt meanwhile (deadline, switch limit, another computer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptClock {
    pub server_now_ms: i64,
    pub deadline_ms: i64,
    pub submitted: bool,
}

/// A proctoring snapshot stored; who is in it is checked afterwards, off the request path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotReceived {
    pub event_id: i64,
}

/// A complaint (我要投诉) about a result, with its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    pub complaint_id: i64,
    pub attempt_id: i64,
    pub exam_title: String,
    pub candidate: String,
    pub body: String,
    /// "open" | "answered"
    pub status: String,
    pub answer: Option<String>,
    pub created_ms: i64,
}

/// One event of an attempt for the exam admin: switches, snapshots and anomalies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptEvent {
    pub event_id: i64,
    pub kind: String,
    pub detail: String,
    pub created_ms: i64,
    pub has_photo: bool,
}

/// An answer as the exam admin reviews it (after grading only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewedAnswer {
    pub position: i64,
    pub stem: String,
    pub given: Option<AnswerValue>,
    pub correct: bool,
}

/// Everything about one attempt for the exam admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptReview {
    pub attempt_id: i64,
    pub exam_title: String,
    pub candidate: String,
    pub status: String,
    pub submit_reason: Option<String>,
    pub score: Option<i64>,
    pub max_score: i64,
    pub outcome: Option<String>,
    pub switch_count: i64,
    pub multi_face_count: i64,
    pub other_person_count: i64,
    /// The exam office's note when it decided (a review, or a pass overturned).
    pub review_note: Option<String>,
    /// The candidate's verified ID face photo, shown beside the snapshots.
    pub has_verified_photo: bool,
    /// The attempt's certificate, and whether it was revoked.
    pub certificate_serial: Option<String>,
    pub certificate_revoked: bool,
    pub events: Vec<AttemptEvent>,
    pub answers: Vec<ReviewedAnswer>,
}

/// A formal exam whose results wait for the exam office to publish them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExamResultsState {
    pub exam_id: i64,
    pub title: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Attempts handed in so far.
    pub submitted: i64,
    /// When they are (to be) published, once set.
    pub publish_ms: Option<i64>,
    pub published_ms: Option<i64>,
}

/// One attempt in the exam office's search (any attempt, not only those pending review).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptListing {
    pub attempt_id: i64,
    pub exam_title: String,
    pub candidate: String,
    /// NULL while in progress; 'passed' | 'failed' | 'pending_review'
    pub outcome: Option<String>,
    pub started_ms: i64,
}

/// A certificate as its holder sees it (我的证书).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub serial: String,
    pub exam_title: String,
    pub holder_name: String,
    pub id_number_masked: String,
    pub score: i64,
    pub max_score: i64,
    pub issued_ms: i64,
    /// Set when the exam office overturned the pass: the certificate is no longer valid.
    pub revoked_reason: Option<String>,
}

/// The public verification page's answer: genuine or not, with the holder's name masked, and why a
/// revoked certificate no longer holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub serial: String,
    pub genuine: bool,
    pub holder_name_masked: Option<String>,
    pub exam_title: Option<String>,
    pub issued_ms: Option<i64>,
    pub revoked_ms: Option<i64>,
    pub revoked_reason: Option<String>,
}

/// An identity-check photo the exam office compares by eye with the verified photo (no comparison
/// model configured).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaceCheckReview {
    pub check_id: i64,
    pub exam_title: String,
    pub candidate: String,
    pub created_ms: i64,
}

/// `/attempts/<id>`: the answering page, where the site's header and footer are not shown.
pub fn is_answering_path(path: &str) -> bool {
    path.strip_prefix("/attempts/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::is_answering_path;

    #[test]
    fn only_an_attempt_itself_is_the_answering_page() {
        assert!(is_answering_path("/attempts/12"));
        assert!(!is_answering_path("/attempts/12/result"));
        assert!(!is_answering_path("/attempts/"));
        assert!(!is_answering_path("/exams/12/wait"));
    }
}
