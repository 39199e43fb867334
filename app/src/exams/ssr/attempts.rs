//! An attempt from entry to the last save: the entry window, the draw (fixed once made), the paper
//! without answers, the idempotent save and the position to resume at (tab switches: `switches`).
use rand::seq::SliceRandom;

use crate::accounts::ssr::users::UserRow;
use crate::error::{AppError, Text};
use crate::exams::ssr::answer_writer::{PendingAnswer, Written};
use crate::exams::ssr::exams::{self, ExamRow, MINUTE_MS};
use crate::exams::ssr::{confirm, grade, paper_shapes};
use crate::exams::types::{AnswerValue, AttemptClock, Paper, QuestionKind, QuestionView, SaveOutcome, SavedAnswer};
use crate::platform::AppState;

/// Saves already on their way when the deadline passes are still taken for this long.
pub const SAVE_GRACE_MS: i64 = 5_000;
const MAX_FILL_CHARS: usize = 200;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub exam_id: i64,
    pub user_id: i64,
    pub status: String,
    pub started_ms: i64,
    pub deadline_ms: i64,
    pub switch_count: i64,
    pub last_switch_ms: Option<i64>,
    pub position: i64,
}

const ATTEMPT_COLUMNS: &str =
    "id, exam_id, user_id, status, started_ms, deadline_ms, switch_count, last_switch_ms, position";

/// The user's own attempt; anybody else's doesn't exist for them.
pub async fn own(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<AttemptRow, AppError> {
    let row: Option<AttemptRow> =
        sqlx::query_as(&format!("SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = $1 AND user_id = $2"))
            .bind(attempt_id)
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?;
    row.ok_or(AppError::NotFound)
}

fn refused(zh: String, en: String) -> AppError {
    AppError::Refused(Text::new(zh, en))
}

/// Whether a new attempt may start now (SPEC §7: the waiting room opens before the start, entry closes
/// [30] minutes after it). Mock exams open at their start and never close.
pub fn check_entry_window(exam: &ExamRow, now: i64) -> Result<(), AppError> {
    if now < exam.start_ms {
        let opens = exam.start_ms - exam.waiting_room_min * MINUTE_MS;
        return Err(if now < opens && exam.is_formal() {
            refused(
                format!("候考将于开考前{}分钟开启，请稍后再来", exam.waiting_room_min),
                format!("The waiting room opens {} minutes before the start: come back later", exam.waiting_room_min),
            )
        } else {
            refused("考试尚未开始，请在候考页面等待".into(), "The exam hasn't started: wait in the waiting room".into())
        });
    }
    if exam.is_formal() && now >= exam.start_ms + exam.late_entry_min * MINUTE_MS {
        return Err(refused(
            format!("开考{}分钟后无法进入考试", exam.late_entry_min),
            format!("Entry closes {} minutes after the start", exam.late_entry_min),
        ));
    }
    Ok(())
}

/// Starts an attempt, or returns the one in progress (a reload or another computer resumes it).
pub async fn begin(state: &AppState, user: &UserRow, exam_id: i64) -> Result<i64, AppError> {
    let exam = exams::eligible(state, user, exam_id).await?;
    let open: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM attempts WHERE exam_id = $1 AND user_id = $2 AND status = 'in_progress'")
            .bind(exam_id)
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?;
    if let Some((attempt_id,)) = open {
        return Ok(attempt_id);
    }
    let now = state.now_ms();
    let (used,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attempts WHERE exam_id = $1 AND user_id = $2")
        .bind(exam_id)
        .bind(user.id)
        .fetch_one(&state.db)
        .await?;
    if exam.max_attempts > 0 && used >= exam.max_attempts {
        return Err(refused(
            format!("本考试只能参加{}次，您已参加过", exam.max_attempts),
            format!("This exam can be taken {} time(s): you have already taken it", exam.max_attempts),
        ));
    }
    check_entry_window(&exam, now)?;
    confirm::ensure_confirmed(state, &exam, user).await?;
    let draw = draw(state, &exam).await?;
    let mut tx = state.db.begin().await?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO attempts (exam_id, user_id, attempt_no, status, started_ms, deadline_ms, max_score) \
         VALUES ($1, $2, $3, 'in_progress', $4, $5, $6) RETURNING id",
    )
    .bind(exam_id)
    .bind(user.id)
    .bind(used + 1)
    .bind(now)
    .bind(exam.deadline_for(now))
    .bind(exam.max_score())
    .fetch_one(&mut *tx)
    .await;
    let attempt_id = match inserted {
        Ok((id,)) => id,
        // The same candidate pressed "start" twice at once: the other request made the attempt.
        Err(err)
            if crate::platform::db::is_unique_violation(&err, "attempts", "attempt_no")
                || crate::platform::db::is_unique_violation(&err, "attempts", "exam_id_user_id_attempt_no") =>
        {
            drop(tx);
            return Box::pin(begin(state, user, exam_id)).await;
        }
        Err(err) => return Err(err.into()),
    };
    // The whole paper in one statement: a start is one round trip more, not one per question.
    if !draw.is_empty() {
        let values = crate::platform::db::value_rows(draw.len(), 5);
        let sql = format!(
            "INSERT INTO attempt_questions (attempt_id, position, question_id, option_order, points) VALUES {}",
            values
        );
        let mut insert = sqlx::query(&sql);
        for (position, (question_id, order, points)) in draw.into_iter().enumerate() {
            let order = serde_json::to_string(&order).map_err(AppError::internal)?;
            insert = insert.bind(attempt_id).bind(position as i64).bind(question_id).bind(order).bind(points);
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(attempt_id)
}

/// Draws the paper by the exam's rule: (question id, shown order of its options, points) per position.
async fn draw(state: &AppState, exam: &ExamRow) -> Result<Vec<(i64, Vec<u32>, i64)>, AppError> {
    let rule = [
        (QuestionKind::Single, exam.single_count, exam.single_points),
        (QuestionKind::Multiple, exam.multiple_count, exam.multiple_points),
        (QuestionKind::Fill, exam.fill_count, exam.fill_points),
    ];
    let mut paper = Vec::new();
    for (kind, count, points) in rule {
        if count == 0 {
            continue;
        }
        // A mock exam draws only from the practice pool, a formal one only from the formal pool.
        let pool_name = crate::exams::ssr::bank::Pool::of_exam_kind(&exam.kind).as_str();
        // The database draws: only the drawn questions travel, not the whole pool.
        let drawn: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, options FROM questions WHERE kind = $1 AND active = 1 AND pool = $2 ORDER BY RANDOM() LIMIT $3",
        )
        .bind(kind.as_str())
        .bind(pool_name)
        .bind(count)
        .fetch_all(&state.db)
        .await?;
        if (drawn.len() as i64) < count {
            let (zh, en) = kind.label();
            return Err(refused(
                format!("题库中的{zh}不足{count}道，无法组卷，请联系考务人员"),
                format!("The bank has fewer than {count} {en} questions: contact the exam office"),
            ));
        }
        let mut rng = rand::thread_rng();
        for (id, options) in &drawn {
            let option_count = serde_json::from_str::<Vec<String>>(options).map_err(AppError::internal)?.len();
            let mut order: Vec<u32> = (0..option_count as u32).collect();
            order.shuffle(&mut rng);
            paper.push((*id, order, points));
        }
    }
    Ok(paper)
}

#[derive(sqlx::FromRow)]
struct PaperRow {
    position: i64,
    kind: String,
    stem: String,
    options: String,
    option_order: String,
    points: i64,
}

/// The paper without answers, the saved answers, the server's clock and deadline.
pub async fn paper(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<Paper, AppError> {
    let mut attempt = own(state, user, attempt_id).await?;
    let now = state.now_ms();
    if attempt.status == "in_progress" && now > attempt.deadline_ms + SAVE_GRACE_MS {
        grade::submit(state, attempt.id, "deadline").await?;
        attempt = own(state, user, attempt_id).await?;
    }
    let exam = exams::by_id(state, attempt.exam_id).await?;
    let rows: Vec<PaperRow> = sqlx::query_as(
        "SELECT aq.position, q.kind, q.stem, q.options, aq.option_order, aq.points FROM attempt_questions aq \
         JOIN questions q ON q.id = aq.question_id WHERE aq.attempt_id = $1 ORDER BY aq.position",
    )
    .bind(attempt_id)
    .fetch_all(&state.db)
    .await?;
    let mut questions = Vec::with_capacity(rows.len());
    for row in rows {
        let options: Vec<String> = serde_json::from_str(&row.options).map_err(AppError::internal)?;
        let order: Vec<u32> = serde_json::from_str(&row.option_order).map_err(AppError::internal)?;
        questions.push(QuestionView {
            position: row.position,
            kind: QuestionKind::parse(&row.kind).ok_or_else(|| AppError::internal("question kind"))?,
            stem: row.stem,
            options: order.iter().filter_map(|&i| options.get(i as usize).cloned()).collect(),
            points: row.points,
        });
    }
    let saved: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT position, answer, revision FROM attempt_answers WHERE attempt_id = $1")
            .bind(attempt_id)
            .fetch_all(&state.db)
            .await?;
    let answers = saved
        .into_iter()
        .filter_map(|(position, answer, revision)| {
            serde_json::from_str(&answer).ok().map(|answer| SavedAnswer { position, answer, revision })
        })
        .collect();
    Ok(Paper {
        attempt_id,
        exam_title: exam.title.clone(),
        candidate_name: user.real_name.clone(),
        server_now_ms: now,
        deadline_ms: attempt.deadline_ms,
        questions,
        answers,
        position: attempt.position,
        switch_count: attempt.switch_count,
        switch_limit: exam.switch_limit,
        proctoring: exam.proctoring == 1,
        snapshot_min_secs: state.settings.exams.snapshot_min_secs,
        snapshot_max_secs: state.settings.exams.snapshot_max_secs,
        submitted: attempt.status != "in_progress",
    })
}

/// An attempt that still takes answers: in progress and not past the deadline (plus the grace).
pub(crate) async fn open_for_writing(
    state: &AppState,
    user: &UserRow,
    attempt_id: i64,
) -> Result<AttemptRow, AppError> {
    let attempt = own(state, user, attempt_id).await?;
    let now = state.now_ms();
    if attempt.status != "in_progress" || now > attempt.deadline_ms + SAVE_GRACE_MS {
        return Err(exam_over());
    }
    Ok(attempt)
}

pub(crate) fn exam_over() -> AppError {
    AppError::refused("考试已结束（已交卷），答案未保存", "The exam is over (submitted): answer not saved")
}

/// Saves one answer. Idempotent per (attempt, position, revision): a repeated or older revision never
/// overwrites a newer answer.
pub async fn save_answer(
    state: &AppState,
    user: &UserRow,
    attempt_id: i64,
    position: i64,
    answer: &AnswerValue,
    revision: i64,
) -> Result<SaveOutcome, AppError> {
    // No query here (a save is the hottest request of an exam): whose attempt it is and what each
    // question takes never change, and the status and deadline are checked by the write itself, so a
    // save racing the hand-in is either in the graded answers or refused, never acknowledged and lost.
    let shape = paper_shapes::of_attempt(state, attempt_id).await?;
    if shape.user_id != user.id {
        return Err(AppError::NotFound);
    }
    let &(kind, option_count) = shape.questions.get(&position).ok_or(AppError::NotFound)?;
    let now = state.now_ms();
    let valid = match (kind, answer) {
        (QuestionKind::Single, AnswerValue::Choices(c)) => c.len() <= 1 && c.iter().all(|&i| i < option_count),
        (QuestionKind::Multiple, AnswerValue::Choices(c)) => {
            c.len() <= option_count as usize && c.iter().all(|&i| i < option_count)
        }
        (QuestionKind::Fill, AnswerValue::Text(t)) => t.chars().count() <= MAX_FILL_CHARS,
        _ => false,
    };
    if !valid || revision < 1 {
        return Err(AppError::invalid("answer", "答案格式不正确", "The answer doesn't fit the question"));
    }
    let answer_json = serde_json::to_string(answer).map_err(AppError::internal)?;
    // Written together with the saves that arrive at the same moment (group commit), answered once durable.
    let pending = PendingAnswer { attempt_id, position, answer_json, revision, now_ms: now };
    Ok(match state.answer_writer().write(pending).await? {
        Written::Stored => SaveOutcome { stored: true, revision, server_now_ms: now },
        Written::Kept(stored) => SaveOutcome { stored: false, revision: stored, server_now_ms: now },
    })
}

/// Remembers the question on screen, so a reload resumes there.
pub async fn move_to(state: &AppState, user: &UserRow, attempt_id: i64, position: i64) -> Result<(), AppError> {
    let attempt = open_for_writing(state, user, attempt_id).await?;
    sqlx::query("UPDATE attempts SET position = $1 WHERE id = $2")
        .bind(position.max(0))
        .bind(attempt.id)
        .execute(&state.db)
        .await?;
    Ok(())
}

pub async fn clock(state: &AppState, user: &UserRow, attempt_id: i64) -> Result<AttemptClock, AppError> {
    let attempt = own(state, user, attempt_id).await?;
    Ok(AttemptClock {
        server_now_ms: state.now_ms(),
        deadline_ms: attempt.deadline_ms,
        submitted: attempt.status != "in_progress",
    })
}
