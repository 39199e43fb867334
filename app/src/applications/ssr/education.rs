//! Education records (学历学位): the person's, shared by the application wizard and the exam
//! registration; at most [5], never deleted once added (seed 001), each marked "checked online" when the
//! national registry covers it (diplomas from 2002, degrees from September 2008).
use crate::accounts::ssr::users::UserRow;
use crate::applications::rules;
use crate::applications::types::{EducationInput, EducationRecord};
use crate::applications::vocabulary::{values, DEGREES, EDUCATION_LEVELS};
use crate::error::{AppError, Problems, Text};
use crate::platform::AppState;
use crate::rules::check_required;

pub fn check_choice(field: &str, value: &str, allowed: &[&str], problems: &mut Problems) -> String {
    let value = value.trim();
    if !allowed.contains(&value) {
        let listed: Vec<&str> = allowed.iter().copied().filter(|a| !a.is_empty()).collect();
        problems.add(field, Text::new(format!("请选择：{}", listed.join("、")), "Choose one of the listed values"));
    }
    value.to_string()
}

/// One record's fields, normalized; `None` (with the problems recorded) when any is wrong.
pub fn check_record(
    field: &str,
    r: &EducationInput,
    today: (i32, u32, u32),
    problems: &mut Problems,
) -> Option<EducationInput> {
    let level = check_choice(&format!("{field}.level"), &r.level, &values(&EDUCATION_LEVELS), problems);
    let school = problems.check(&format!("{field}.school"), check_required("毕业院校", "school", &r.school, 50));
    let major = problems.check(&format!("{field}.major"), check_required("专业", "major", &r.major, 50));
    let graduated = problems.check(&format!("{field}.graduated_month"), rules::check_month(&r.graduated_month, today));
    let number = problems.check(
        &format!("{field}.certificate_no"),
        check_required("证书编号", "certificate number", &r.certificate_no, 50),
    );
    let degree = check_choice(&format!("{field}.degree"), &r.degree, &values(&DEGREES), problems);
    let degree_month = if degree.is_empty() {
        Some(String::new())
    } else {
        problems.check(&format!("{field}.degree_month"), rules::check_month(&r.degree_month, today))
    };
    Some(EducationInput {
        id: r.id,
        level,
        school: school?,
        major: major?,
        graduated_month: graduated?,
        certificate_no: number?,
        degree,
        degree_month: degree_month?,
    })
}

/// Checks a whole list against what is stored: nothing missing (no deletion), at most [5], each valid.
pub async fn check_list(
    state: &AppState,
    user: &UserRow,
    list: &[EducationInput],
    today: (i32, u32, u32),
    problems: &mut Problems,
) -> Result<Vec<EducationInput>, AppError> {
    let existing: Vec<(i64,)> = sqlx::query_as("SELECT id FROM education_records WHERE user_id = $1")
        .bind(user.id)
        .fetch_all(&state.db)
        .await?;
    if existing.iter().any(|(e,)| !list.iter().any(|r| r.id == Some(*e))) {
        problems
            .add("education", Text::new("学历学位信息添加后不可删除", "Education records can't be deleted once added"));
    }
    problems.check(
        "education",
        rules::check_count(list.len(), rules::MAX_EDUCATION_RECORDS, "学历学位信息", "education records"),
    );
    let mut checked = Vec::new();
    for (i, record) in list.iter().enumerate() {
        if record.id.is_some_and(|id| !existing.iter().any(|(e,)| *e == id)) {
            problems.add(&format!("education.{i}"), Text::new("学历记录不存在", "Unknown education record"));
        }
        if let Some(valid) = check_record(&format!("education.{i}"), record, today, problems) {
            checked.push(valid);
        }
    }
    Ok(checked)
}

/// Adds a record (`id` None) or updates one of the person's own.
pub async fn upsert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
    r: &EducationInput,
    now: i64,
) -> Result<(), AppError> {
    match r.id {
        None => {
            sqlx::query(
                "INSERT INTO education_records (user_id, level, school, major, graduated_month, certificate_no, degree, degree_month, created_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(user_id)
            .bind(&r.level)
            .bind(&r.school)
            .bind(&r.major)
            .bind(&r.graduated_month)
            .bind(&r.certificate_no)
            .bind(&r.degree)
            .bind(&r.degree_month)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        Some(id) => {
            sqlx::query(
                "UPDATE education_records SET level = $1, school = $2, major = $3, graduated_month = $4, certificate_no = $5, \
                 degree = $6, degree_month = $7 WHERE id = $8 AND user_id = $9",
            )
            .bind(&r.level)
            .bind(&r.school)
            .bind(&r.major)
            .bind(&r.graduated_month)
            .bind(&r.certificate_no)
            .bind(&r.degree)
            .bind(&r.degree_month)
            .bind(id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

pub async fn list(state: &AppState, user_id: i64) -> Result<Vec<EducationRecord>, AppError> {
    type Row = (i64, String, String, String, String, String, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, level, school, major, graduated_month, certificate_no, degree, degree_month \
         FROM education_records WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, level, school, major, graduated_month, certificate_no, degree, degree_month)| EducationRecord {
            id,
            checked_online: rules::checked_online(&graduated_month, &degree_month),
            input: EducationInput {
                id: Some(id),
                level,
                school,
                major,
                graduated_month,
                certificate_no,
                degree,
                degree_month,
            },
        })
        .collect())
}
