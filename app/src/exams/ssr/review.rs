//! After the exam: the candidate's complaint (我要投诉, within [48] hours, answered by SMS) and the exam
//! admin's view of an attempt (answers, switches, snapshots, anomalies) with the decision on attempts
//! marked "pending review".
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, Text};
use crate::exams::ssr::attempts::own;
use crate::exams::types::{Complaint, FaceCheckReview};
use crate::platform::AppState;
use crate::rules::check_required;

const HOUR_MS: i64 = 3_600_000;

#[derive(sqlx::FromRow)]
struct ComplaintRow {
    id: i64,
    attempt_id: i64,
    title: String,
    username: String,
    real_name: String,
    body: String,
    status: String,
    answer: Option<String>,
    created_ms: i64,
}

const COMPLAINT_QUERY: &str = "SELECT c.id, c.attempt_id, e.title, u.username, u.real_name, c.body, c.status, \
    c.answer, c.created_ms FROM exam_complaints c JOIN attempts a ON a.id = c.attempt_id \
    JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = c.user_id";

fn to_complaint(row: ComplaintRow) -> Complaint {
    Complaint {
        complaint_id: row.id,
        attempt_id: row.attempt_id,
        exam_title: row.title,
        candidate: format!("{} ({})", row.real_name, row.username),
        body: row.body,
        status: row.status,
        answer: row.answer,
        created_ms: row.created_ms,
    }
}

/// The newest complaint about an attempt, if any.
pub async fn complaint_of(state: &AppState, attempt_id: i64) -> Result<Option<Complaint>, AppError> {
    let row: Option<ComplaintRow> =
        sqlx::query_as(&format!("{COMPLAINT_QUERY} WHERE c.attempt_id = $1 ORDER BY c.id DESC LIMIT 1"))
            .bind(attempt_id)
            .fetch_optional(&state.db)
            .await?;
    Ok(row.map(to_complaint))
}

/// Files a complaint about one's own submitted attempt, within the complaint period, one open at a time.
pub async fn complain(state: &AppState, user: &UserRow, attempt_id: i64, body: &str) -> Result<Complaint, AppError> {
    let body = check_required("投诉内容", "complaint", body, 500).map_err(|e| AppError::field("body", &e))?;
    let attempt = own(state, user, attempt_id).await?;
    let (submitted_ms,): (Option<i64>,) =
        sqlx::query_as("SELECT submitted_ms FROM attempts WHERE id = $1").bind(attempt.id).fetch_one(&state.db).await?;
    let Some(submitted_ms) = submitted_ms else {
        return Err(AppError::refused("交卷后才能投诉", "You can complain once the paper is submitted"));
    };
    let hours = state.settings.exams.appeal_hours;
    if state.now_ms() > submitted_ms + hours * HOUR_MS {
        return Err(AppError::Refused(Text::new(
            format!("已超过{hours}小时投诉期限，无法提交投诉"),
            format!("The {hours}-hour complaint period is over"),
        )));
    }
    if complaint_of(state, attempt.id).await?.is_some_and(|c| c.status == "open") {
        return Err(AppError::refused(
            "您的投诉正在处理中，请等待短信通知",
            "Your complaint is being handled: wait for the SMS",
        ));
    }
    let now = state.now_ms();
    sqlx::query(
        "INSERT INTO exam_complaints (attempt_id, user_id, body, status, created_ms) VALUES ($1, $2, $3, 'open', $4)",
    )
    .bind(attempt.id)
    .bind(user.id)
    .bind(&body)
    .bind(now)
    .execute(&state.db)
    .await?;
    let sms = "【专家服务平台】您的考试投诉已提交，工作人员复核后将以短信通知结果。";
    state.sms.send(&user.phone, sms, now).await?;
    complaint_of(state, attempt.id).await?.ok_or(AppError::NotFound)
}

pub async fn open_complaints(state: &AppState) -> Result<Vec<Complaint>, AppError> {
    let rows: Vec<ComplaintRow> =
        sqlx::query_as(&format!("{COMPLAINT_QUERY} WHERE c.status = 'open' ORDER BY c.created_ms, c.id LIMIT 200"))
            .fetch_all(&state.db)
            .await?;
    Ok(rows.into_iter().map(to_complaint).collect())
}

/// Answers an open complaint; the answer goes to the candidate by SMS. Audit-logged.
pub async fn answer_complaint(
    state: &AppState,
    admin: &UserRow,
    complaint_id: i64,
    answer: &str,
) -> Result<(), AppError> {
    let answer = check_required("答复", "answer", answer, 500).map_err(|e| AppError::field("answer", &e))?;
    let now = state.now_ms();
    let done = sqlx::query(
        "UPDATE exam_complaints SET status = 'answered', answer = $1, answered_by = $2, answered_ms = $3 \
         WHERE id = $4 AND status = 'open'",
    )
    .bind(&answer)
    .bind(admin.id)
    .bind(now)
    .bind(complaint_id)
    .execute(&state.db)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    let (user_id,): (i64,) = sqlx::query_as("SELECT user_id FROM exam_complaints WHERE id = $1")
        .bind(complaint_id)
        .fetch_one(&state.db)
        .await?;
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    state.sms.send(&person.phone, &format!("【专家服务平台】您的考试投诉已处理：{answer}"), now).await?;
    users::audit(&state.db, Some(admin.id), "exam_complaint_answer", &person.username, &answer, now).await?;
    Ok(())
}

/// Confirms ("failed") or overturns ("passed" by score) an attempt pending review, with a note.
pub async fn decide_review(
    state: &AppState,
    admin: &UserRow,
    attempt_id: i64,
    overturn: bool,
    note: &str,
) -> Result<(), AppError> {
    let note = check_required("复核意见", "review note", note, 200).map_err(|e| AppError::field("note", &e))?;
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT a.score, e.pass_mark, a.user_id FROM attempts a JOIN exams e ON e.id = a.exam_id \
         WHERE a.id = $1 AND a.outcome = 'pending_review'",
    )
    .bind(attempt_id)
    .fetch_optional(&state.db)
    .await?;
    let (score, pass_mark, user_id) = row.ok_or(AppError::NotFound)?;
    // Overturning clears the proctoring suspicion: the score decides as for any attempt.
    let outcome = if overturn && score >= pass_mark { "passed" } else { "failed" };
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let now = state.now_ms();
    // The decision, its certificate, the audit entry and the SMS commit together; of two admins
    // deciding at once, one does.
    let mut tx = state.db.begin().await?;
    let decided = sqlx::query(
        "UPDATE attempts SET outcome = $1, reviewed_by = $2, review_note = $3 WHERE id = $4 AND outcome = 'pending_review'",
    )
    .bind(outcome)
    .bind(admin.id)
    .bind(&note)
    .bind(attempt_id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    crate::exams::ssr::certificates::issue(&mut tx, now, attempt_id).await?;
    let action = if overturn { "exam_review_overturn" } else { "exam_review_confirm" };
    let detail = format!("attempt {attempt_id}: {note}");
    users::audit(&mut *tx, Some(admin.id), action, &person.username, &detail, now).await?;
    let verdict = if outcome == "passed" { "通过" } else { "不通过" };
    let message = format!("【专家服务平台】您的考试复核结果：{verdict}。{note}");
    crate::platform::sms::queue(&mut tx, &person.phone, &message, now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// Attempts waiting for the exam admin's decision, newest first: (attempt id, exam, candidate).
pub async fn pending_reviews(state: &AppState) -> Result<Vec<(i64, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.id, e.title, u.real_name || ' (' || u.username || ')' FROM attempts a \
         JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id \
         WHERE a.outcome = 'pending_review' ORDER BY a.submitted_ms DESC LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?)
}

/// Identity-check photos waiting for the exam office's comparison, oldest first.
pub async fn face_checks_to_review(state: &AppState) -> Result<Vec<FaceCheckReview>, AppError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, e.title, u.real_name || ' (' || u.username || ')', c.created_ms FROM exam_face_checks c \
         JOIN exams e ON e.id = c.exam_id JOIN users u ON u.id = c.user_id \
         WHERE c.outcome IN ('review', 'appealed') ORDER BY c.created_ms, c.id LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(check_id, exam_title, candidate, created_ms)| FaceCheckReview {
            check_id,
            exam_title,
            candidate,
            created_ms,
        })
        .collect())
}

/// The exam office's verdict on a photo pair: one the model couldn't compare ("review", already let
/// through), or one a candidate sent after a mismatch ("appealed", whose "same person" passes the
/// identity check and is told by SMS). A mismatch marks the candidate's attempt at that exam "pending
/// review" and revokes a certificate already issued on it, logged with the attempt. One transaction:
/// the verdict, its consequences, the audit entry and the SMS happen together or not at all.
pub async fn decide_face_check(
    state: &AppState,
    admin: &UserRow,
    check_id: i64,
    same_person: bool,
) -> Result<(), AppError> {
    let verdict = if same_person { "confirmed" } else { "rejected" };
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let waiting: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT exam_id, user_id, outcome FROM exam_face_checks WHERE id = $1 AND outcome IN ('review', 'appealed')",
    )
    .bind(check_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (exam_id, user_id, before) = waiting.ok_or(AppError::NotFound)?;
    // Conditional on the state just read: of two examiners deciding at once, one wins.
    let decided = sqlx::query("UPDATE exam_face_checks SET outcome = $1 WHERE id = $2 AND outcome = $3")
        .bind(verdict)
        .bind(check_id)
        .bind(&before)
        .execute(&mut *tx)
        .await?;
    if decided.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    if before == "appealed" {
        if same_person {
            sqlx::query("UPDATE exam_confirmations SET identity_ok_ms = $1 WHERE exam_id = $2 AND user_id = $3")
                .bind(now)
                .bind(exam_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let answer =
            if same_person { "确认为本人，请返回考前确认进入候考" } else { "未能确认为本人" };
        let sms = format!("【专家服务平台】您的考前身份核验人工复核结果：{answer}。");
        crate::platform::sms::queue(&mut tx, &person.phone, &sms, now).await?;
    }
    if !same_person {
        let attempts: Vec<(i64,)> = sqlx::query_as("SELECT id FROM attempts WHERE exam_id = $1 AND user_id = $2")
            .bind(exam_id)
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
        for (attempt_id,) in attempts {
            let event = "face check rejected";
            crate::exams::ssr::proctoring::insert_event(&mut tx, now, attempt_id, "anomaly_identity", event, None)
                .await?;
            sqlx::query("UPDATE attempts SET outcome = 'pending_review' WHERE id = $1 AND outcome IS NOT NULL")
                .bind(attempt_id)
                .execute(&mut *tx)
                .await?;
            let reason = "考前身份核验经人工复核未能确认为本人";
            crate::exams::ssr::certificates::revoke(&mut tx, now, attempt_id, reason).await?;
        }
    }
    let action = format!("exam_face_check_{verdict}");
    users::audit(&mut *tx, Some(admin.id), &action, &person.username, &format!("check {check_id}"), now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// One side of a photo pair for the exam office: the exam capture ("live") or the verified photo.
pub async fn face_check_photo(
    state: &AppState,
    check_id: i64,
    live: bool,
) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT storage_key, user_id FROM exam_face_checks WHERE id = $1")
        .bind(check_id)
        .fetch_optional(&state.db)
        .await?;
    let (key, user_id) = row.ok_or(AppError::NotFound)?;
    let key = if live {
        key
    } else {
        crate::identity::ssr::verified_face_key(state, user_id).await?.ok_or(AppError::NotFound)?
    };
    let side = if live { "live" } else { "verified" };
    Ok(("image/jpeg".into(), format!("face-check-{check_id}-{side}.jpg"), state.files.get(&key).await?))
}
