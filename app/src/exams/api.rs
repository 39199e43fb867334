//! Exam server functions under `/api/exams/` (candidates: their own exams and attempts only) and
//! `/api/exam-admin/` (exam admins and system admins).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::exams::types::{
    AnswerSave, AnswerValue, AttemptClock, AttemptListing, AttemptResult, AttemptReview, Certificate, Complaint,
    Confirmation, ExamResultsState, ExamSettings, FaceCheckReview, MyExam, Paper, SaveOutcome, SwitchOutcome,
    Verification,
};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::{auth, users::UserRow};
#[cfg(feature = "ssr")]
use crate::exams::ssr::{attempts, certificates, confirm, exams, grade, office, results, review};
#[cfg(feature = "ssr")]
use crate::platform::{state, AppState};

/// Roles that run exams.
pub const EXAM_ADMIN_ROLES: &[&str] = &["exam_admin", "system_admin"];

#[cfg(feature = "ssr")]
async fn candidate() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    Ok((state, user))
}

#[cfg(feature = "ssr")]
async fn exam_admin() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let user = auth::require_role(&state, &auth::request_session().await?, EXAM_ADMIN_ROLES).await?;
    Ok((state, user))
}

/// The exams the signed-in user may sit. Signed-in users.
#[server(prefix = "/api", endpoint = "exams/mine", input = GetUrl)]
pub async fn my_exams() -> Result<Vec<MyExam>, AppError> {
    let (state, user) = candidate().await?;
    exams::mine(&state, &user).await
}

/// Where the user is in 考前确认. Eligible candidates.
#[server(prefix = "/api", endpoint = "exams/confirmation", input = GetUrl)]
pub async fn confirmation_status(exam_id: i64) -> Result<Confirmation, AppError> {
    let (state, user) = candidate().await?;
    confirm::status(&state, &user, exam_id).await
}

/// Marks a confirmation step done: "agreement" | "camera" | "network". Eligible candidates.
#[server(prefix = "/api", endpoint = "exams/confirm-step", input = Json)]
pub async fn confirm_step(exam_id: i64, step: String) -> Result<Confirmation, AppError> {
    let (state, user) = candidate().await?;
    let step = match step.as_str() {
        "agreement" => confirm::Step::Agreement,
        "camera" => confirm::Step::Camera,
        "network" => confirm::Step::Network,
        _ => return Err(AppError::NotFound),
    };
    confirm::complete(&state, &user, exam_id, step).await
}

/// Leaving the waiting room clears the confirmation (it must be done again). Eligible candidates.
#[server(prefix = "/api", endpoint = "exams/leave-waiting-room", input = Json)]
pub async fn leave_waiting_room(exam_id: i64) -> Result<(), AppError> {
    let (state, user) = candidate().await?;
    exams::eligible(&state, &user, exam_id).await?;
    confirm::leave_waiting_room(&state, &user, exam_id).await
}

/// 去反馈: sends the latest mismatched identity-check photo pair to the exam office. Eligible candidates.
#[server(prefix = "/api", endpoint = "exams/request-face-review", input = Json)]
pub async fn request_face_review(exam_id: i64) -> Result<(), AppError> {
    let (state, user) = candidate().await?;
    confirm::request_face_review(&state, &user, exam_id).await
}

/// Starts (or resumes) an attempt; returns its id. Eligible, confirmed candidates inside the entry window.
#[server(prefix = "/api", endpoint = "exams/begin", input = Json)]
pub async fn begin_attempt(exam_id: i64) -> Result<i64, AppError> {
    let (state, user) = candidate().await?;
    attempts::begin(&state, &user, exam_id).await
}

/// The paper of one's own attempt, without answers. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/paper", input = GetUrl)]
pub async fn attempt_paper(attempt_id: i64) -> Result<Paper, AppError> {
    let (state, user) = candidate().await?;
    attempts::paper(&state, &user, attempt_id).await
}

/// The server's clock and whether the attempt was submitted meanwhile. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/clock", input = GetUrl)]
pub async fn clock_of_attempt(attempt_id: i64) -> Result<AttemptClock, AppError> {
    let (state, user) = candidate().await?;
    attempts::clock(&state, &user, attempt_id).await
}

/// Saves one answer (idempotent by revision). The attempt's candidate, before the deadline.
#[server(prefix = "/api", endpoint = "exams/save", input = Json)]
pub async fn save_answer(
    attempt_id: i64,
    position: i64,
    answer: AnswerValue,
    revision: i64,
) -> Result<SaveOutcome, AppError> {
    let (state, user) = candidate().await?;
    attempts::save_answer(&state, &user, attempt_id, position, &answer, revision).await
}

/// Saves the answers a page kept while offline in one request, each as `save_answer` would (refusals
/// per answer: the others still count). At most [`MAX_BATCH_SAVES`]. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/save-batch", input = Json)]
pub async fn save_answers(
    attempt_id: i64,
    answers: Vec<AnswerSave>,
) -> Result<Vec<Result<SaveOutcome, AppError>>, AppError> {
    let (state, user) = candidate().await?;
    if answers.len() > MAX_BATCH_SAVES {
        return Err(AppError::invalid("answers", "一次提交的答案过多", "Too many answers in one request"));
    }
    // Concurrently, so that they reach the group commit together and are written in one statement.
    let saves: Vec<_> = answers
        .into_iter()
        .map(|a| {
            let (state, user) = (state.clone(), user.clone());
            tokio::spawn(async move {
                attempts::save_answer(&state, &user, attempt_id, a.position, &a.answer, a.revision).await
            })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(saves.len());
    for save in saves {
        outcomes.push(save.await.map_err(AppError::internal)?);
    }
    Ok(outcomes)
}

/// The most answers one batch may carry: more than any paper has questions.
pub const MAX_BATCH_SAVES: usize = 200;

/// Remembers the question on screen. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/position", input = Json)]
pub async fn move_to_question(attempt_id: i64, position: i64) -> Result<(), AppError> {
    let (state, user) = candidate().await?;
    attempts::move_to(&state, &user, attempt_id, position).await
}

/// Counts a tab switch ("hidden" | "fullscreen" | "focus"), the page's `seq`-th, seen at `at_ms`
/// (server time as the page knows it). The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/switch", input = Json)]
pub async fn report_switch(attempt_id: i64, what: String, seq: i64, at_ms: i64) -> Result<SwitchOutcome, AppError> {
    let (state, user) = candidate().await?;
    crate::exams::ssr::switches::record_switch(&state, &user, attempt_id, &what, seq, at_ms).await
}

/// The page was offline for `seconds` during the attempt: noted for the office. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/offline", input = Json)]
pub async fn report_offline(attempt_id: i64, seconds: i64) -> Result<(), AppError> {
    let (state, user) = candidate().await?;
    crate::exams::ssr::switches::record_offline(&state, &user, attempt_id, seconds).await
}

/// The camera went off during the attempt: logged as an anomaly. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/camera-off", input = Json)]
pub async fn report_camera_off(attempt_id: i64) -> Result<(), AppError> {
    let (state, user) = candidate().await?;
    crate::exams::ssr::proctoring::record_camera_off(&state, &user, attempt_id).await
}

/// Hands the paper in and returns the result. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/hand-in", input = Json)]
pub async fn hand_in(attempt_id: i64) -> Result<AttemptResult, AppError> {
    let (state, user) = candidate().await?;
    grade::hand_in(&state, &user, attempt_id).await
}

/// The result of one's own submitted attempt. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/result", input = GetUrl)]
pub async fn result_of_attempt(attempt_id: i64) -> Result<AttemptResult, AppError> {
    let (state, user) = candidate().await?;
    grade::result(&state, &user, attempt_id).await
}

/// Formal exams whose results wait for publication. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/results", input = GetUrl)]
pub async fn results_to_publish() -> Result<Vec<ExamResultsState>, AppError> {
    let (state, _) = exam_admin().await?;
    results::to_publish(&state).await
}

/// Sets when an exam's results are published (at once if now or past); each candidate gets an SMS then.
/// Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/publish-results", input = Json)]
pub async fn publish_results(exam_id: i64, at_ms: i64) -> Result<(), AppError> {
    let (state, admin) = exam_admin().await?;
    results::schedule(&state, &admin, exam_id, at_ms).await
}

/// Creates an exam. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/create-exam", input = Json)]
pub async fn create_exam(settings: ExamSettings) -> Result<i64, AppError> {
    let (state, admin) = exam_admin().await?;
    exams::create(&state, &admin, &settings).await
}

/// 我要投诉 about one's own result, within [48] hours. The attempt's candidate.
#[server(prefix = "/api", endpoint = "exams/complain", input = Json)]
pub async fn complain(attempt_id: i64, body: String) -> Result<Complaint, AppError> {
    let (state, user) = candidate().await?;
    review::complain(&state, &user, attempt_id, &body).await
}

/// Open complaints, oldest first. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/complaints", input = GetUrl)]
pub async fn open_complaints() -> Result<Vec<Complaint>, AppError> {
    let (state, _) = exam_admin().await?;
    review::open_complaints(&state).await
}

/// Answers a complaint (sent by SMS). Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/answer-complaint", input = Json)]
pub async fn answer_complaint(complaint_id: i64, answer: String) -> Result<(), AppError> {
    let (state, admin) = exam_admin().await?;
    review::answer_complaint(&state, &admin, complaint_id, &answer).await
}

/// Attempts marked "pending review": (attempt id, exam, candidate). Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/pending-reviews", input = GetUrl)]
pub async fn pending_reviews() -> Result<Vec<(i64, String, String)>, AppError> {
    let (state, _) = exam_admin().await?;
    review::pending_reviews(&state).await
}

/// One attempt in full: answers, switches, snapshots, anomalies. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/attempt", input = GetUrl)]
pub async fn review_attempt(attempt_id: i64) -> Result<AttemptReview, AppError> {
    let (state, _) = exam_admin().await?;
    office::attempt_review(&state, attempt_id).await
}

/// Any attempt by candidate (name, user name, ID number) or exam title, newest first. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/find-attempts", input = GetUrl)]
pub async fn find_attempts(query: String) -> Result<Vec<AttemptListing>, AppError> {
    let (state, _) = exam_admin().await?;
    office::find_attempts(&state, &query).await
}

/// Overturns a pass with a reason: failed, certificate revoked, SMS to the candidate. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/overturn-pass", input = Json)]
pub async fn overturn_pass(attempt_id: i64, reason: String) -> Result<(), AppError> {
    let (state, admin) = exam_admin().await?;
    office::overturn_pass(&state, &admin, attempt_id, &reason).await
}

/// Confirms (failed) or overturns a "pending review" result, with a note. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/decide-review", input = Json)]
pub async fn decide_review(attempt_id: i64, overturn: bool, note: String) -> Result<(), AppError> {
    let (state, admin) = exam_admin().await?;
    review::decide_review(&state, &admin, attempt_id, overturn, &note).await
}

/// 我的证书. Signed-in users.
#[server(prefix = "/api", endpoint = "certificates/mine", input = GetUrl)]
pub async fn my_certificates() -> Result<Vec<Certificate>, AppError> {
    let (state, user) = candidate().await?;
    certificates::mine(&state, &user).await
}

/// Whether a certificate serial is genuine. Anyone (the QR code's page).
#[server(prefix = "/api", endpoint = "certificates/verify", input = GetUrl)]
pub async fn verify_certificate(serial: String) -> Result<Verification, AppError> {
    let state = state()?;
    certificates::verify(&state, &serial).await
}

/// Identity-check photos to compare by eye. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/face-checks", input = GetUrl)]
pub async fn face_checks_to_review() -> Result<Vec<FaceCheckReview>, AppError> {
    let (state, _) = exam_admin().await?;
    review::face_checks_to_review(&state).await
}

/// Same person or not; "not" marks the attempt pending review. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/decide-face-check", input = Json)]
pub async fn decide_face_check(check_id: i64, same_person: bool) -> Result<(), AppError> {
    let (state, admin) = exam_admin().await?;
    review::decide_face_check(&state, &admin, check_id, same_person).await
}
