//! The three-level evaluation specialty catalog (SPEC §4 step 3): lookups for the wizard, the admin's CSV
//! import (all or nothing, errors by line; demo data built in), and the old level-2 specialties' mapping
//! to the level-3 ones they may become (seed 000 q.3–4: a renewing expert maps each old one, and only to
//! what the catalog allows).
use crate::applications::types::{LegacySpecialty, Specialty, SpecialtyChoice};
use crate::error::{AppError, Problems, Text};
use crate::platform::csv_rows::{parse_rows, problems_error};
use crate::platform::AppState;

/// The catalog's top level (`parent` None) or the children of a category or subcategory.
pub async fn specialties(state: &AppState, parent: Option<&str>) -> Result<Vec<Specialty>, AppError> {
    let rows: Vec<(String, String, i64, i64)> = match parent {
        None => {
            sqlx::query_as("SELECT code, name, level, legacy FROM specialties WHERE level = 1 ORDER BY code")
                .fetch_all(&state.db)
                .await?
        }
        Some(parent) => {
            sqlx::query_as("SELECT code, name, level, legacy FROM specialties WHERE parent_code = $1 ORDER BY code")
                .bind(parent)
                .fetch_all(&state.db)
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(code, name, level, legacy)| Specialty { code, name, level, legacy: legacy != 0 })
        .collect())
}

/// "类别 / 子类 / 专业" of a level-3 specialty, or the name of a legacy one.
pub async fn specialty_path(state: &AppState, code: &str) -> Result<Option<(String, i64, bool)>, AppError> {
    type Row = (String, i64, i64, Option<String>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.name, s.level, s.legacy, p.name, g.name FROM specialties s \
         LEFT JOIN specialties p ON p.code = s.parent_code LEFT JOIN specialties g ON g.code = p.parent_code \
         WHERE s.code = $1",
    )
    .bind(code)
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|(name, level, legacy, parent, grand)| {
        let path = [grand, parent, Some(name)].into_iter().flatten().collect::<Vec<_>>().join(" / ");
        (path, level, legacy != 0)
    }))
}

/// A catalog row: code, name, parent code ('' at the top), legacy flag ('旧' or '1' for old level-2), and
/// for a legacy row the level-3 codes it may become (对应新专业, separated by ; 、 or spaces).
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogRow {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub legacy: bool,
    pub maps_to: Vec<String>,
}

fn is_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 20 && code.chars().all(|c| c.is_ascii_alphanumeric())
}

fn check_catalog_row(fields: &[&str]) -> Result<CatalogRow, Text> {
    let (code, name, parent, legacy, maps_to) = match fields {
        [c, n, p] => (*c, *n, *p, "", ""),
        [c, n, p, l] => (*c, *n, *p, *l, ""),
        [c, n, p, l, m] => (*c, *n, *p, *l, *m),
        _ => {
            return Err(Text::new(
                format!("应有3–5列（代码,名称,上级代码,旧专业,对应新专业），实际{}列", fields.len()),
                format!("expected 3–5 columns (code, name, parent, legacy, maps to), found {}", fields.len()),
            ))
        }
    };
    let code = code.trim();
    if !is_code(code) {
        return Err(Text::new("代码应为1–20位字母或数字", "the code must be 1–20 letters or digits"));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(Text::new("名称不能为空且不超过50字", "the name must have 1–50 characters"));
    }
    let parent = Some(parent.trim().to_string()).filter(|p| !p.is_empty());
    let legacy = matches!(legacy.trim(), "旧" | "1" | "legacy");
    let maps_to: Vec<String> = maps_to
        .split(|c: char| c == ';' || c == '；' || c == '、' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect();
    if !maps_to.is_empty() && !legacy {
        return Err(Text::new("只有旧专业可以填写对应新专业", "only an old specialty maps to new ones"));
    }
    if let Some(bad) = maps_to.iter().find(|c| !is_code(c)) {
        return Err(Text::new(format!("对应新专业“{bad}”不是有效代码"), format!("“{bad}” is not a valid code")));
    }
    Ok(CatalogRow { code: code.into(), name: name.into(), parent, legacy, maps_to })
}

/// Parses and checks a catalog CSV (with its line numbers), all or nothing; nothing is written.
pub fn parse_catalog(bytes: &[u8]) -> Result<Vec<(u64, CatalogRow)>, Vec<crate::platform::csv_rows::RowProblem>> {
    parse_rows(bytes, 5_000, check_catalog_row)
}

/// Imports (adds or renames) catalog rows from CSV, all or nothing. Parents must come before their
/// children or exist already; levels follow from the parents (at most 3). A legacy row's 对应新专业
/// replaces its mapping; each code there must be a level-3 specialty of the catalog or the file.
pub async fn import_catalog(state: &AppState, bytes: &[u8]) -> Result<usize, AppError> {
    let rows = parse_catalog(bytes).map_err(problems_error)?;
    let mut tx = state.db.begin().await?;
    for (line, row) in &rows {
        let level = match &row.parent {
            None => 1,
            Some(parent) => match level_of(&mut tx, parent).await? {
                Some((level, _)) if level < 3 => level + 1,
                _ => {
                    return Err(AppError::invalid(
                        "file",
                        &format!("第{line}行：上级代码“{parent}”不存在或已是第三级"),
                        &format!("line {line}: parent “{parent}” is unknown or already level 3"),
                    ));
                }
            },
        };
        sqlx::query(
            "INSERT INTO specialties (code, name, parent_code, level, legacy) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        )
        .bind(&row.code)
        .bind(&row.name)
        .bind(&row.parent)
        .bind(if row.legacy { 2 } else { level })
        .bind(i64::from(row.legacy))
        .execute(&mut *tx)
        .await?;
    }
    // Mappings after every row, so a legacy row may name new specialties further down the file.
    for (line, row) in rows.iter().filter(|(_, r)| !r.maps_to.is_empty()) {
        sqlx::query("DELETE FROM specialty_mappings WHERE legacy_code = $1").bind(&row.code).execute(&mut *tx).await?;
        for target in &row.maps_to {
            if level_of(&mut tx, target).await? != Some((3, 0)) {
                return Err(AppError::invalid(
                    "file",
                    &format!("第{line}行：对应新专业“{target}”不是目录中的第三级专业"),
                    &format!("line {line}: “{target}” is not a level-3 specialty of the catalog"),
                ));
            }
            sqlx::query(
                "INSERT INTO specialty_mappings (legacy_code, specialty_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(&row.code)
            .bind(target)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// (level, legacy) of a catalog code.
async fn level_of(conn: &mut sqlx::AnyConnection, code: &str) -> Result<Option<(i64, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT level, legacy FROM specialties WHERE code = $1").bind(code).fetch_optional(conn).await?)
}

/// The old specialties `user_id` holds in the pool, each with the new ones it may become.
pub async fn legacy_held(state: &AppState, user_id: i64) -> Result<Vec<LegacySpecialty>, AppError> {
    let held: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.code, s.name FROM expert_specialties e JOIN specialties s ON s.code = e.specialty_code \
         WHERE e.user_id = $1 AND s.legacy = 1 ORDER BY s.code",
    )
    .bind(user_id)
    .fetch_all(&state.db)
    .await?;
    let mut legacy = Vec::with_capacity(held.len());
    for (code, name) in held {
        let targets: Vec<(String,)> = sqlx::query_as(
            "SELECT specialty_code FROM specialty_mappings WHERE legacy_code = $1 ORDER BY specialty_code",
        )
        .bind(&code)
        .fetch_all(&state.db)
        .await?;
        let mut options = Vec::with_capacity(targets.len());
        for (target,) in targets {
            let path = specialty_path(state, &target).await?.map(|p| p.0).unwrap_or_else(|| target.clone());
            options.push((target, path));
        }
        legacy.push(LegacySpecialty { code, name, options });
    }
    Ok(legacy)
}

/// Step 3's mappings: each old specialty named must be one the applicant holds, mapped once, and only
/// to a new specialty the catalog allows for it.
pub async fn check_legacy_choices(
    state: &AppState,
    user_id: i64,
    choices: &[SpecialtyChoice],
    problems: &mut Problems,
) -> Result<(), AppError> {
    let held = legacy_held(state, user_id).await?;
    let mut mapped = Vec::new();
    for (i, choice) in choices.iter().enumerate() {
        let Some(legacy) = &choice.legacy_code else { continue };
        let field = format!("specialties.{i}");
        match held.iter().find(|h| &h.code == legacy) {
            None => problems.add(&field, Text::new("您在库中没有该旧专业", "You hold no such old specialty")),
            Some(_) if mapped.contains(&legacy) => {
                problems.add(&field, Text::new("每个旧专业只能对应一个新专业", "Map each old specialty once"))
            }
            Some(old) if !old.options.iter().any(|(code, _)| code == &choice.code) => problems.add(
                &field,
                Text::new(
                    format!("旧专业“{}”只能对应专业目录规定的新专业", old.name),
                    format!("The old specialty “{}” maps only to the new ones the catalog lists", old.name),
                ),
            ),
            Some(_) => mapped.push(legacy),
        }
    }
    Ok(())
}
