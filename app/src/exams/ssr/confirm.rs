//! 考前确认 (SPEC §7, seed 003): agreement → camera → network → identity check, kept per exam and user
//! until the candidate leaves the waiting room. Identity checks are counted on the server [10 per exam].
use crate::accounts::ssr::users::UserRow;
use crate::error::{AppError, Text};
use crate::exams::ssr::exams::{self, ExamRow, MINUTE_MS};
use crate::exams::types::{Confirmation, FaceCheckResult, LiveFaces};
use crate::identity::photo::{check_content, FileKind, PhotoProblem};
use crate::platform::{storage::FileStore, AppState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Agreement,
    Camera,
    Network,
}

#[derive(sqlx::FromRow)]
struct ConfirmationRow {
    agreed_ms: Option<i64>,
    camera_ok_ms: Option<i64>,
    network_ok_ms: Option<i64>,
    identity_ok_ms: Option<i64>,
}

async fn row(state: &AppState, exam_id: i64, user_id: i64) -> Result<Option<ConfirmationRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT agreed_ms, camera_ok_ms, network_ok_ms, identity_ok_ms FROM exam_confirmations \
         WHERE exam_id = $1 AND user_id = $2",
    )
    .bind(exam_id)
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?)
}

async fn checks_used(state: &AppState, exam_id: i64, user_id: i64) -> Result<i64, AppError> {
    let (used,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(face_checks_used), 0) FROM exam_confirmations WHERE exam_id = $1 AND user_id = $2",
    )
    .bind(exam_id)
    .bind(user_id)
    .fetch_one(&state.db)
    .await?;
    Ok(used)
}

pub async fn status(state: &AppState, user: &UserRow, exam_id: i64) -> Result<Confirmation, AppError> {
    let exam = exams::eligible(state, user, exam_id).await?;
    let row = row(state, exam_id, user.id).await?;
    let done = |f: fn(&ConfirmationRow) -> Option<i64>| row.as_ref().and_then(f).is_some();
    Ok(Confirmation {
        exam_id,
        title: exam.title.clone(),
        start_ms: exam.start_ms,
        server_now_ms: state.now_ms(),
        waiting_room_min: exam.waiting_room_min,
        late_entry_min: exam.late_entry_min,
        proctoring: exam.needs_full_confirmation(),
        agreed: done(|r| r.agreed_ms),
        camera_ok: done(|r| r.camera_ok_ms),
        network_ok: done(|r| r.network_ok_ms),
        identity_ok: done(|r| r.identity_ok_ms),
        verify_used: checks_used(state, exam_id, user.id).await?,
        verify_limit: exam.verify_limit,
        review_pending: review_pending(state, exam_id, user.id).await?,
    })
}

async fn review_pending(state: &AppState, exam_id: i64, user_id: i64) -> Result<bool, AppError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM exam_face_checks WHERE exam_id = $1 AND user_id = $2 AND outcome = 'appealed'",
    )
    .bind(exam_id)
    .bind(user_id)
    .fetch_one(&state.db)
    .await?;
    Ok(n > 0)
}

/// Records one step as done; steps go in order, so a step needs the ones before it.
pub async fn complete(state: &AppState, user: &UserRow, exam_id: i64, step: Step) -> Result<Confirmation, AppError> {
    exams::eligible(state, user, exam_id).await?;
    let now = state.now_ms();
    let existing = row(state, exam_id, user.id).await?;
    let in_order = match step {
        Step::Agreement => true,
        Step::Camera => existing.as_ref().is_some_and(|r| r.agreed_ms.is_some()),
        Step::Network => existing.as_ref().is_some_and(|r| r.camera_ok_ms.is_some()),
    };
    if !in_order {
        return Err(AppError::refused("请按顺序完成考前确认", "Complete the confirmation steps in order"));
    }
    if existing.is_none() {
        sqlx::query("INSERT INTO exam_confirmations (exam_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(exam_id)
            .bind(user.id)
            .execute(&state.db)
            .await?;
    }
    let column = match step {
        Step::Agreement => "agreed_ms",
        Step::Camera => "camera_ok_ms",
        Step::Network => "network_ok_ms",
    };
    sqlx::query(&format!("UPDATE exam_confirmations SET {column} = $1 WHERE exam_id = $2 AND user_id = $3"))
        .bind(now)
        .bind(exam_id)
        .bind(user.id)
        .execute(&state.db)
        .await?;
    status(state, user, exam_id).await
}

/// The face photo of the user's approved identity verification.
async fn verified_face(state: &AppState, user: &UserRow) -> Result<Vec<u8>, AppError> {
    let key = crate::identity::ssr::verified_face_key(state, user.id)
        .await?
        .ok_or_else(|| AppError::identity_first("进行考前身份核验", "the identity check"))?;
    state.files.get(&key).await
}

/// One identity check: counted, stored with the attempt's exam, and compared with the verified photo.
pub async fn face_check(
    state: &AppState,
    user: &UserRow,
    exam_id: i64,
    bytes: Vec<u8>,
) -> Result<FaceCheckResult, AppError> {
    let exam = exams::eligible(state, user, exam_id).await?;
    let existing = row(state, exam_id, user.id).await?;
    if existing.as_ref().is_none_or(|r| r.network_ok_ms.is_none()) {
        return Err(AppError::refused("请按顺序完成考前确认", "Complete the confirmation steps in order"));
    }
    // The identity step opens with the waiting room, not before.
    if state.now_ms() < exam.start_ms - exam.waiting_room_min * MINUTE_MS {
        return Err(AppError::Refused(Text::new(
            format!("候考室开考前{}分钟开放，届时再进行身份核验", exam.waiting_room_min),
            format!("The identity check opens with the waiting room, {} min before the start", exam.waiting_room_min),
        )));
    }
    let reference = verified_face(state, user).await?;
    let max_bytes = state.settings.identity.max_upload_mb * 1024 * 1024;
    let (bytes, kind) = check_content(bytes, max_bytes, &[FileKind::Jpeg, FileKind::Png])
        .await
        .map_err(|p| AppError::invalid("file", &p.zh(), &p.en()))?;
    // Counted before the comparison, in one conditional statement: parallel uploads get at most
    // [verify_limit] compared.
    let reserved: Option<(i64,)> = sqlx::query_as(
        "UPDATE exam_confirmations SET face_checks_used = face_checks_used + 1 \
         WHERE exam_id = $1 AND user_id = $2 AND face_checks_used < $3 RETURNING face_checks_used",
    )
    .bind(exam_id)
    .bind(user.id)
    .bind(exam.verify_limit)
    .fetch_optional(&state.db)
    .await?;
    let Some((used,)) = reserved else {
        return Err(AppError::Refused(Text::new(
            format!("身份核验次数已用完（{}次），请点击“去反馈”提交工单", exam.verify_limit),
            format!("All {} identity checks are used: use “去反馈” to open a ticket", exam.verify_limit),
        )));
    };
    let (outcome, reason) = match crate::identity::ssr::photo_verdict(state, bytes.clone()).await? {
        Err(problem) => {
            let outcome = match problem {
                PhotoProblem::SeveralFaces(_) => "several_faces",
                PhotoProblem::NoFace => "no_face",
                _ => "poor_photo",
            };
            (outcome, Some(Text::new(problem.zh(), problem.en())))
        }
        Ok(_) => match crate::platform::face_match::compare(state, &reference, &bytes).await? {
            Some(true) => ("match", None),
            Some(false) => {
                ("no_match", Some(Text::new("人脸与实名认证照片不一致", "The face doesn't match your verified photo")))
            }
            // No comparison model configured: the pair goes to the exam admin's review.
            None => ("review", None),
        },
    };
    let key = FileStore::new_key("exam_face", kind.extension());
    state.files.put(&key, bytes).await?;
    let now = state.now_ms();
    sqlx::query(
        "INSERT INTO exam_face_checks (exam_id, user_id, storage_key, outcome, created_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(exam_id)
    .bind(user.id)
    .bind(&key)
    .bind(outcome)
    .bind(now)
    .execute(&state.db)
    .await?;
    let passed = outcome == "match" || outcome == "review";
    if passed {
        sqlx::query("UPDATE exam_confirmations SET identity_ok_ms = $1 WHERE exam_id = $2 AND user_id = $3")
            .bind(now)
            .bind(exam_id)
            .bind(user.id)
            .execute(&state.db)
            .await?;
    }
    Ok(FaceCheckResult { outcome: outcome.into(), reason, passed, verify_used: used, verify_limit: exam.verify_limit })
}

/// 去反馈 after a failed comparison: the candidate's latest mismatched photo pair goes to the exam office,
/// whose "same person" counts as a passed identity check. One request waits at a time.
pub async fn request_face_review(state: &AppState, user: &UserRow, exam_id: i64) -> Result<(), AppError> {
    exams::eligible(state, user, exam_id).await?;
    let latest: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, outcome, storage_key FROM exam_face_checks WHERE exam_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(exam_id)
    .bind(user.id)
    .fetch_optional(&state.db)
    .await?;
    match latest {
        Some((check_id, outcome, live_key)) if outcome == "no_match" => {
            // Conditional: a double click or a second tab files the pair once.
            let filed =
                sqlx::query("UPDATE exam_face_checks SET outcome = 'appealed' WHERE id = $1 AND outcome = 'no_match'")
                    .bind(check_id)
                    .execute(&state.db)
                    .await?;
            if filed.rows_affected() == 1 {
                file_ticket(state, user, exam_id, live_key).await?;
                return Ok(());
            }
            Err(already_filed())
        }
        Some((_, outcome, _)) if outcome == "appealed" => Err(already_filed()),
        _ => Err(AppError::refused(
            "只有人脸比对不一致的核验照片可以提交人工复核",
            "Only a photo that didn't match can be sent for a manual check",
        )),
    }
}

/// The 去反馈 ticket: the live photo and the verified ID photo, so support and the candidate share one thread.
async fn file_ticket(state: &AppState, user: &UserRow, exam_id: i64, live_key: String) -> Result<(), AppError> {
    let mut photos = vec![(live_key, "image/jpeg")];
    if let Some(verified) = crate::identity::ssr::verified_face_key(state, user.id).await? {
        let content_type = if verified.ends_with(".png") { "image/png" } else { "image/jpeg" };
        photos.push((verified, content_type));
    }
    let body = "考前身份核验人脸比对不一致，申请人工复核。附件：核验时拍摄的照片、实名认证照片。";
    crate::tickets::ssr::open_for_user(state, user, "exam", "身份核验人工复核（去反馈）", body, Some(exam_id), &photos)
        .await?;
    Ok(())
}

fn already_filed() -> AppError {
    AppError::refused(
        "已提交人工复核，请等待考务人员处理",
        "Already sent for a manual check: the exam office will answer",
    )
}

/// Starting needs the agreement, and for proctored formal exams every step.
pub async fn ensure_confirmed(state: &AppState, exam: &ExamRow, user: &UserRow) -> Result<(), AppError> {
    let row = row(state, exam.id, user.id).await?;
    let confirmed = match &row {
        None => false,
        Some(r) if exam.needs_full_confirmation() => {
            r.agreed_ms.is_some() && r.camera_ok_ms.is_some() && r.network_ok_ms.is_some() && r.identity_ok_ms.is_some()
        }
        Some(r) => r.agreed_ms.is_some(),
    };
    if confirmed {
        Ok(())
    } else {
        Err(AppError::refused("请先完成考前确认", "Complete the pre-exam confirmation first"))
    }
}

/// Leaving the waiting room means confirming again (seed 003).
pub async fn leave_waiting_room(state: &AppState, user: &UserRow, exam_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM exam_confirmations WHERE exam_id = $1 AND user_id = $2")
        .bind(exam_id)
        .bind(user.id)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// Random bytes for the network check: compression can't shrink them, so the measured speed is real.
pub fn speed_test_payload(len: usize) -> Vec<u8> {
    use rand::RngCore;
    let mut payload = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut payload);
    payload
}

/// One frame of the identity step's live view: how many faces, and whether it would pass the checks.
pub async fn live_faces(state: &AppState, bytes: Vec<u8>) -> Result<LiveFaces, AppError> {
    Ok(match crate::identity::ssr::photo_verdict(state, bytes).await? {
        Ok(_) => LiveFaces { faces: 1, ok: true, reason: None },
        Err(problem) => LiveFaces {
            faces: match problem {
                PhotoProblem::SeveralFaces(n) => n,
                PhotoProblem::NoFace | PhotoProblem::NotAnImage => 0,
                _ => 1,
            },
            ok: false,
            reason: Some(Text::new(problem.zh(), problem.en())),
        },
    })
}
