//! Exams as the exam admin sets them up, and who may sit them.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, FieldError, Problems, Text};
use crate::exams::types::{ExamSettings, MyExam};
use crate::platform::AppState;
use crate::rules::check_required;

pub const MINUTE_MS: i64 = 60_000;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExamRow {
    pub id: i64,
    pub title: String,
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
    pub max_attempts: i64,
    pub waiting_room_min: i64,
    pub late_entry_min: i64,
    pub switch_limit: i64,
    pub verify_limit: i64,
    pub proctoring: i64,
    pub show_result: i64,
    pub eligibility: String,
    /// Hidden results: when the office set them to be published, and when they were.
    pub results_publish_ms: Option<i64>,
    pub results_published_ms: Option<i64>,
}

const EXAM_COLUMNS: &str = "id, title, kind, start_ms, duration_min, single_count, multiple_count, fill_count, \
    single_points, multiple_points, fill_points, pass_mark, max_attempts, waiting_room_min, late_entry_min, \
    switch_limit, verify_limit, proctoring, show_result, eligibility, results_publish_ms, results_published_ms";

impl ExamRow {
    pub fn is_formal(&self) -> bool {
        self.kind == "formal"
    }
    /// Formal exams end for everyone at start + duration; a mock attempt gets the full duration.
    pub fn deadline_for(&self, started_ms: i64) -> i64 {
        if self.is_formal() {
            self.start_ms + self.duration_min * MINUTE_MS
        } else {
            started_ms + self.duration_min * MINUTE_MS
        }
    }
    pub fn max_score(&self) -> i64 {
        self.single_count * self.single_points
            + self.multiple_count * self.multiple_points
            + self.fill_count * self.fill_points
    }
    /// The four confirmation steps are needed for proctored exams; otherwise only the agreement.
    pub fn needs_full_confirmation(&self) -> bool {
        self.proctoring == 1 && self.is_formal()
    }
}

pub async fn by_id(state: &AppState, exam_id: i64) -> Result<ExamRow, AppError> {
    sqlx::query_as(&format!("SELECT {EXAM_COLUMNS} FROM exams WHERE id = $1"))
        .bind(exam_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The exam if this user may sit it; others get "not found" (exams they aren't on don't exist for them).
pub async fn eligible(state: &AppState, user: &UserRow, exam_id: i64) -> Result<ExamRow, AppError> {
    let exam = by_id(state, exam_id).await?;
    if exam.eligibility == "list" {
        let (listed,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM exam_candidates WHERE exam_id = $1 AND user_id = $2")
                .bind(exam_id)
                .bind(user.id)
                .fetch_one(&state.db)
                .await?;
        if listed == 0 {
            return Err(AppError::NotFound);
        }
    }
    Ok(exam)
}

fn check_settings(settings: &ExamSettings) -> Result<(String, Vec<String>), AppError> {
    let mut problems = Problems::default();
    let title = problems.check("title", check_required("考试名称", "title", &settings.title, 100));
    let mut range = |field: &str, value: i64, min: i64, max: i64| {
        if !(min..=max).contains(&value) {
            problems.add(field, Text::new(format!("应在{min}到{max}之间"), format!("must be between {min} and {max}")));
        }
    };
    range("duration_min", settings.duration_min, 1, 600);
    range("single_count", settings.single_count, 0, 200);
    range("multiple_count", settings.multiple_count, 0, 200);
    range("fill_count", settings.fill_count, 0, 200);
    range("single_points", settings.single_points, 0, 100);
    range("multiple_points", settings.multiple_points, 0, 100);
    range("fill_points", settings.fill_points, 0, 100);
    range("max_attempts", settings.max_attempts, 0, 100);
    range("waiting_room_min", settings.waiting_room_min, 0, 240);
    range("late_entry_min", settings.late_entry_min, 0, 600);
    range("switch_limit", settings.switch_limit, 1, 100);
    range("verify_limit", settings.verify_limit, 1, 100);
    // Before 2100: the deadline arithmetic (start + duration) stays far from overflowing.
    range("start_ms", settings.start_ms, 0, 4_102_444_800_000);
    // Saturating: out-of-range counts were reported above and must not overflow here.
    let questions = settings.single_count.saturating_add(settings.multiple_count).saturating_add(settings.fill_count);
    if questions == 0 {
        problems.add("single_count", Text::new("试卷至少要有一道题", "the paper needs at least one question"));
    }
    let max_score = settings
        .single_count
        .saturating_mul(settings.single_points)
        .saturating_add(settings.multiple_count.saturating_mul(settings.multiple_points))
        .saturating_add(settings.fill_count.saturating_mul(settings.fill_points));
    if settings.pass_mark < 0 || settings.pass_mark > max_score {
        problems.add(
            "pass_mark",
            Text::new(format!("及格分应在0到总分{max_score}之间"), format!("the pass mark must be 0–{max_score}")),
        );
    }
    if settings.kind != "formal" && settings.kind != "mock" {
        problems.add("kind", Text::new("考试类型应为正式或模拟", "the kind is formal or mock"));
    }
    problems.into_result()?;
    Ok((title.unwrap_or_default(), settings.candidates.iter().map(|c| c.trim().to_string()).collect()))
}

/// Creates an exam. Formal exams list their candidates by user name; mock exams are open to everyone.
pub async fn create(state: &AppState, admin: &UserRow, settings: &ExamSettings) -> Result<i64, AppError> {
    let (title, candidates) = check_settings(settings)?;
    let mock = settings.kind == "mock";
    let mut candidate_ids = Vec::new();
    let mut unknown = Vec::new();
    for name in candidates.iter().filter(|n| !n.is_empty()) {
        match users::by_username(&state.db, name).await? {
            Some(user) => candidate_ids.push(user.id),
            None => unknown.push(name.clone()),
        }
    }
    if !unknown.is_empty() {
        let list = unknown.join("、");
        return Err(AppError::Invalid(vec![FieldError::new(
            "candidates",
            Text::new(format!("以下用户名不存在：{list}"), format!("Unknown user names: {list}")),
        )]));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let (exam_id,): (i64,) = sqlx::query_as(
        "INSERT INTO exams (title, kind, start_ms, duration_min, single_count, multiple_count, fill_count, \
         single_points, multiple_points, fill_points, pass_mark, max_attempts, waiting_room_min, late_entry_min, \
         switch_limit, verify_limit, proctoring, show_result, eligibility, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id",
    )
    .bind(&title)
    .bind(&settings.kind)
    .bind(settings.start_ms)
    .bind(settings.duration_min)
    .bind(settings.single_count)
    .bind(settings.multiple_count)
    .bind(settings.fill_count)
    .bind(settings.single_points)
    .bind(settings.multiple_points)
    .bind(settings.fill_points)
    .bind(settings.pass_mark)
    .bind(if mock { 0 } else { settings.max_attempts })
    .bind(settings.waiting_room_min)
    .bind(settings.late_entry_min)
    .bind(settings.switch_limit)
    .bind(settings.verify_limit)
    .bind(i64::from(settings.proctoring && !mock))
    .bind(i64::from(settings.show_result))
    .bind(if mock { "everyone" } else { "list" })
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for user_id in candidate_ids {
        sqlx::query("INSERT INTO exam_candidates (exam_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(exam_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    if !mock {
        crate::exams::ssr::notices::queue_schedule_notice(&mut tx, state, exam_id, &title, settings.start_ms).await?;
    }
    users::audit(&mut *tx, Some(admin.id), "exam_create", &title, &format!("exam {exam_id}"), now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(exam_id)
}

/// The exams this user may sit (listed formal ones and every mock exam), soonest first.
pub async fn mine(state: &AppState, user: &UserRow) -> Result<Vec<MyExam>, AppError> {
    let exams: Vec<ExamRow> = sqlx::query_as(&format!(
        "SELECT {EXAM_COLUMNS} FROM exams WHERE eligibility = 'everyone' \
         OR id IN (SELECT exam_id FROM exam_candidates WHERE user_id = $1) ORDER BY start_ms, id"
    ))
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    // All of the user's attempts in one query, newest first, grouped by exam here.
    let all_attempts: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT exam_id, id, status FROM attempts WHERE user_id = $1 ORDER BY exam_id, attempt_no DESC")
            .bind(user.id)
            .fetch_all(&state.db)
            .await?;
    let mut by_exam: std::collections::HashMap<i64, Vec<(i64, String)>> = std::collections::HashMap::new();
    for (exam_id, id, status) in all_attempts {
        by_exam.entry(exam_id).or_default().push((id, status));
    }
    let mut list = Vec::with_capacity(exams.len());
    for exam in exams {
        let attempts = by_exam.remove(&exam.id).unwrap_or_default();
        list.push(MyExam {
            exam_id: exam.id,
            title: exam.title,
            kind: exam.kind,
            start_ms: exam.start_ms,
            duration_min: exam.duration_min,
            waiting_room_min: exam.waiting_room_min,
            late_entry_min: exam.late_entry_min,
            attempts_used: attempts.len() as i64,
            max_attempts: exam.max_attempts,
            open_attempt: attempts.iter().find(|(_, s)| s == "in_progress").map(|(id, _)| *id),
            last_attempt: attempts.iter().find(|(_, s)| s == "submitted").map(|(id, _)| *id),
        });
    }
    Ok(list)
}
