//! The exam office's side: windows, the catalog, sites, earlier years' passed subjects and the on-site
//! check queue. Each change is audit-logged with the acting staff member.
use crate::accounts::ssr::users::{audit, UserRow};
use crate::error::{AppError, Problems, Text};
use crate::platform::AppState;
use crate::registration::rules;
use crate::registration::types::{PassedInput, RegWindowInput, SiteInput, SubjectInput, EDITABLE_FIELDS};
use crate::rules::{check_len, check_required};
use crate::training::rules::check_date;

pub async fn create_window(state: &AppState, staff: &UserRow, input: &RegWindowInput) -> Result<i64, AppError> {
    let mut problems = Problems::default();
    let title = problems.check("title", check_required("批次名称", "window title", &input.title, 100));
    let year = problems.check("exam_year", rules::check_year(input.exam_year));
    let opens = problems.check("opens_on", check_date(&input.opens_on));
    let closes = problems.check("closes_on", check_date(&input.closes_on));
    if let (Some(o), Some(c)) = (&opens, &closes) {
        if c < o {
            problems.add("closes_on", Text::new("截止日期不能早于开始日期", "The window closes before it opens"));
        }
    }
    let fee = problems.check("fee_per_subject", rules::check_fee_yuan(&input.fee_per_subject));
    if let Some(bad) = input.editable_after_confirm.iter().find(|f| !EDITABLE_FIELDS.iter().any(|(e, ..)| e == *f)) {
        problems.add("editable_after_confirm", Text::new(format!("未知字段：{bad}"), format!("Unknown field: {bad}")));
    }
    if !(1..=10).contains(&input.pass_valid_years) {
        problems.add("pass_valid_years", Text::new("成绩有效期为1至10年", "Results stay valid 1 to 10 years"));
    }
    problems.into_result()?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reg_windows (title, exam_year, opens_on, closes_on, fee_per_subject_fen, commitment_allowed, \
         editable_after_confirm, pass_valid_years, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(title.unwrap_or_default())
    .bind(year)
    .bind(opens)
    .bind(closes)
    .bind(fee)
    .bind(i64::from(input.commitment_allowed))
    .bind(input.editable_after_confirm.join(","))
    .bind(input.pass_valid_years)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    audit(&state.db, Some(staff.id), "registration.window", &format!("reg_window:{id}"), &input.title, state.now_ms())
        .await?;
    Ok(id)
}

pub async fn add_site(state: &AppState, staff: &UserRow, input: &SiteInput) -> Result<i64, AppError> {
    let mut problems = Problems::default();
    let name = problems.check("name", check_required("考点名称", "site name", &input.name, 50));
    let address = problems.check("address", check_required("考点地址", "site address", &input.address, 100));
    if !(0..=100_000).contains(&input.capacity) {
        problems.add("capacity", Text::new("容量为0至100000人", "Capacity is 0 to 100000"));
    }
    crate::registration::ssr::catalog::window(state, input.window_id).await?;
    problems.into_result()?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reg_sites (window_id, name, address, capacity) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (window_id, name) DO UPDATE SET address = excluded.address RETURNING id",
    )
    .bind(input.window_id)
    .bind(name)
    .bind(address)
    .bind(input.capacity)
    .fetch_one(&state.db)
    .await?;
    audit(&state.db, Some(staff.id), "registration.site", &format!("reg_site:{id}"), &input.name, state.now_ms())
        .await?;
    Ok(id)
}

/// One catalog line; the level and the specialty are added when new.
pub async fn add_subject(state: &AppState, staff: &UserRow, input: &SubjectInput) -> Result<(), AppError> {
    let mut problems = Problems::default();
    let code_ok = |c: &str| (1..=10).contains(&c.len()) && c.chars().all(|x| x.is_ascii_alphanumeric());
    if !code_ok(input.level_code.trim()) {
        problems.add("level_code", Text::new("级别代码为1至10位字母或数字", "Level codes are 1–10 letters or digits"));
    }
    if !code_ok(input.subject_code.trim()) {
        problems
            .add("subject_code", Text::new("科目代码为1至10位字母或数字", "Subject codes are 1–10 letters or digits"));
    }
    let level_name = problems.check("level_name", check_required("级别名称", "level name", &input.level_name, 30));
    let subject_name =
        problems.check("subject_name", check_required("科目名称", "subject name", &input.subject_name, 50));
    let specialty = input.specialty_name.trim();
    problems.check("specialty_name", check_len("专业名称", "specialty name", specialty, 50));
    problems.into_result()?;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO reg_levels (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
    )
    .bind(input.level_code.trim())
    .bind(&level_name)
    .execute(&mut *tx)
    .await?;
    let specialty_id: Option<i64> = if specialty.is_empty() {
        None
    } else {
        sqlx::query("INSERT INTO reg_specialties (level_code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(input.level_code.trim())
            .bind(specialty)
            .execute(&mut *tx)
            .await?;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM reg_specialties WHERE level_code = $1 AND name = $2")
            .bind(input.level_code.trim())
            .bind(specialty)
            .fetch_one(&mut *tx)
            .await?;
        Some(id)
    };
    let added = sqlx::query(
        "INSERT INTO reg_subjects (code, level_code, specialty_id, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(input.subject_code.trim())
    .bind(input.level_code.trim())
    .bind(specialty_id)
    .bind(&subject_name)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if added == 0 {
        return Err(AppError::invalid("subject_code", "该科目代码已存在", "This subject code exists"));
    }
    tx.commit().await?;
    audit(
        &state.db,
        Some(staff.id),
        "registration.subject",
        input.subject_code.trim(),
        &input.subject_name,
        state.now_ms(),
    )
    .await?;
    Ok(())
}

/// 成绩登记: a subject a person passed in an earlier year (returning candidates load it).
pub async fn record_passed(state: &AppState, staff: &UserRow, input: &PassedInput) -> Result<(), AppError> {
    let user: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE id = $1").bind(input.user_id).fetch_optional(&state.db).await?;
    let subject: Option<(String,)> = sqlx::query_as("SELECT code FROM reg_subjects WHERE code = $1")
        .bind(input.subject_code.trim())
        .fetch_optional(&state.db)
        .await?;
    let mut problems = Problems::default();
    if user.is_none() {
        problems.add("user_id", Text::new("用户不存在", "No such user"));
    }
    if subject.is_none() {
        problems.add("subject_code", Text::new("科目不存在", "No such subject"));
    }
    problems.check("passed_year", rules::check_year(input.passed_year));
    problems.into_result()?;
    sqlx::query("INSERT INTO reg_passed_subjects (user_id, subject_code, passed_year) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(input.user_id)
        .bind(input.subject_code.trim())
        .bind(input.passed_year)
        .execute(&state.db)
        .await?;
    let detail = format!("{} {}", input.subject_code.trim(), input.passed_year);
    audit(
        &state.db,
        Some(staff.id),
        "registration.passed",
        &format!("user:{}", input.user_id),
        &detail,
        state.now_ms(),
    )
    .await?;
    Ok(())
}

/// 现场核查: passed or failed (with the reason), once, for a registration waiting for it.
pub async fn decide_check(
    state: &AppState,
    staff: &UserRow,
    id: i64,
    passed: bool,
    note: &str,
) -> Result<(), AppError> {
    let note = note.trim();
    if !passed && note.is_empty() {
        return Err(AppError::invalid("note", "请填写未通过的原因", "Give the reason for failing the check"));
    }
    let decided = sqlx::query(
        "UPDATE registrations SET check_status = $1, check_note = $2, updated_ms = $3 WHERE id = $4 AND check_status = 'onsite_pending'",
    )
    .bind(if passed { "onsite_passed" } else { "onsite_failed" })
    .bind(note.chars().take(200).collect::<String>())
    .bind(state.now_ms())
    .bind(id)
    .execute(&state.db)
    .await?
    .rows_affected();
    if decided == 0 {
        return Err(AppError::refused(
            "该报名不在待现场核查状态",
            "This registration isn't waiting for an on-site check",
        ));
    }
    let verdict = if passed { "passed" } else { "failed" };
    audit(&state.db, Some(staff.id), "registration.check", &format!("registration:{id}"), verdict, state.now_ms())
        .await?;
    Ok(())
}
