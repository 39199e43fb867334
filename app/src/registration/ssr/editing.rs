//! Saving the candidate's education records and registration details, under the editing rules: before
//! confirming anything, after confirming (or review) only what the window allows, after paying never the
//! level, specialty, subjects or site (seed 001, question 17).
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::UserRow;
use crate::applications::ssr::education;
use crate::applications::types::{EducationInput, EducationRecord};
use crate::error::{AppError, Problems, Text};
use crate::platform::AppState;
use crate::registration::rules::{self, RegRuleError, FIXED_AFTER_PAYMENT};
use crate::registration::ssr::catalog;
use crate::registration::ssr::payments::orders;
use crate::registration::ssr::registrations::{self, RegRow};
use crate::registration::types::{DetailsInput, LevelView, PassedSubject};
use crate::rules::{check_required, RuleError};

/// 学历学位: the person's records (shared with the application wizard), while the registration is a draft.
pub async fn save_education(
    state: &AppState,
    user: &UserRow,
    id: i64,
    records: &[EducationInput],
) -> Result<Vec<EducationRecord>, AppError> {
    let row = registrations::owned(state, user, id).await?;
    if row.status != "draft" {
        return Err(AppError::refused(
            "报名信息已确认，学历学位信息不能再修改",
            "The registration is confirmed: education records can't change now",
        ));
    }
    if records.is_empty() {
        return Err(AppError::invalid("education", "请至少填写一条学历学位信息", "Add at least one education record"));
    }
    let mut problems = Problems::default();
    let checked = education::check_list(state, user, records, today_in_china(state.now_ms()), &mut problems).await?;
    problems.into_result()?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    for record in &checked {
        education::upsert(&mut tx, user.id, record, now).await?;
    }
    tx.commit().await?;
    education::list(state, user.id).await
}

/// Checks each field against the catalog, the window's sites and the passed subjects.
fn check_details(
    input: &DetailsInput,
    levels: &[LevelView],
    site_ids: &[i64],
    passed: &[PassedSubject],
    locked_specialty: Option<i64>,
) -> Result<DetailsInput, AppError> {
    let mut problems = Problems::default();
    let level = levels.iter().find(|l| l.code == input.level_code);
    if level.is_none() {
        problems.add("level_code", Text::new("请选择报考级别", "Choose the level"));
    }
    let specialty = level.and_then(|l| l.specialties.iter().find(|s| Some(s.id) == input.specialty_id));
    if level.is_some_and(|l| !l.specialties.is_empty()) && specialty.is_none() {
        problems.add("specialty_id", Text::new("请选择报考专业", "Choose the specialty"));
    }
    if let (Some(locked), Some(chosen)) = (locked_specialty, input.specialty_id) {
        if locked != chosen {
            problems.add(
                "specialty_id",
                Text::new(
                    "您已通过原专业的全部专业科目，报名时不允许变更专业",
                    "You passed every subject of your specialty: it can't be changed",
                ),
            );
        }
    }
    let offered: Vec<(&str, &str)> = level
        .map(|l| l.public_subjects.iter().chain(specialty.into_iter().flat_map(|s| s.subjects.iter())))
        .into_iter()
        .flatten()
        .map(|s| (s.code.as_str(), s.name.as_str()))
        .collect();
    let mut subjects: Vec<String> = Vec::new();
    for code in &input.subject_codes {
        if let Some(p) = passed.iter().find(|p| &p.code == code) {
            problems.add(
                "subject_codes",
                Text::new(
                    format!("「{}」已通过（有效至{}年），无需再次报考", p.name, p.valid_until_year),
                    format!("{} is already passed (valid until {})", p.name, p.valid_until_year),
                ),
            );
        } else if !offered.iter().any(|(c, _)| c == code) {
            problems.add(
                "subject_codes",
                Text::new("所选科目不属于该级别和专业", "A subject isn't of this level and specialty"),
            );
        } else if !subjects.contains(code) {
            subjects.push(code.clone());
        }
    }
    if subjects.is_empty() && level.is_some() {
        problems.add("subject_codes", Text::new("请至少选择一个报考科目", "Choose at least one subject"));
    }
    if !input.site_id.is_some_and(|id| site_ids.contains(&id)) {
        problems.add("site_id", Text::new("请选择考点", "Choose the exam site"));
    }
    let work_unit = problems.check("work_unit", check_required("工作单位", "work unit", &input.work_unit, 50));
    let address = problems.check("contact_address", check_required("通讯地址", "address", &input.contact_address, 100));
    problems.into_result()?;
    Ok(DetailsInput {
        level_code: input.level_code.clone(),
        specialty_id: specialty.map(|s| s.id),
        subject_codes: subjects,
        site_id: input.site_id,
        work_unit: work_unit.unwrap_or_default(),
        contact_address: address.unwrap_or_default(),
    })
}

fn refusal(error: RegRuleError) -> AppError {
    AppError::refused(&error.zh(), &error.en())
}

/// 报名信息: level, specialty, subjects, site and contact fields.
pub async fn save_details(state: &AppState, user: &UserRow, id: i64, input: &DetailsInput) -> Result<(), AppError> {
    let row: RegRow = registrations::owned(state, user, id).await?;
    let window = catalog::window(state, row.window_id).await?;
    if !window.is_open(&catalog::today(state)) {
        return Err(AppError::refused(
            "报名已截止，不能修改报名信息",
            "Registration has closed: nothing can change now",
        ));
    }
    let levels = catalog::levels(state).await?;
    let sites: Vec<i64> = catalog::sites(state, row.window_id).await?.iter().map(|s| s.id).collect();
    let passed: Vec<PassedSubject> = catalog::passed_subjects(state, user.id, &window)
        .await?
        .into_iter()
        .filter(|p| p.level_code == input.level_code)
        .collect();
    let locked = rules::locked_specialty_of(levels.iter().find(|l| l.code == input.level_code), &passed);
    let new = check_details(input, &levels, &sites, &passed, locked)?;
    let old = registrations::details(state, &row).await?;
    let changed = rules::changed_fields(&old, &new);
    rules::check_edit(&row.status, &changed, &window.editable()).map_err(refusal)?;
    if changed.is_empty() {
        return Ok(());
    }
    // The fee or the seat changes: an unpaid order for the old ones is closed at the provider first.
    if changed.iter().any(|f| FIXED_AFTER_PAYMENT.contains(f)) && orders::close_open_order(state, row.id).await? {
        return Err(refusal(RegRuleError::FixedAfterPayment));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    // Conditional on the status read above: a payment landing meanwhile makes this a refusal, not an edit.
    let updated = sqlx::query(
        "UPDATE registrations SET level_code = $1, specialty_id = $2, site_id = $3, work_unit = $4, contact_address = $5, \
         updated_ms = $6 WHERE id = $7 AND status = $8",
    )
    .bind(&new.level_code)
    .bind(new.specialty_id)
    .bind(new.site_id)
    .bind(&new.work_unit)
    .bind(&new.contact_address)
    .bind(now)
    .bind(row.id)
    .bind(&row.status)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::refused(
            "报名状态已变化，请刷新页面后重试",
            "The registration changed meanwhile: reload the page",
        ));
    }
    sqlx::query("DELETE FROM registration_subjects WHERE registration_id = $1").bind(row.id).execute(&mut *tx).await?;
    for code in &new.subject_codes {
        sqlx::query("INSERT INTO registration_subjects (registration_id, subject_code) VALUES ($1, $2)")
            .bind(row.id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
