//! One query engine for every console list: search (case-insensitive, wildcards literal), one filter,
//! pagination on the server, and the same rows as CSV. The SQL comes only from [`super::specs`]; user input
//! is always bound.
use sqlx::Row;

use crate::accounts::forms::china_datetime;
use crate::accounts::ssr::users::{holds_any_role, UserRow};
use crate::admin::ssr::specs::{spec, Format, ListSpec};
use crate::admin::types::{ListPage, ListQuery, ListRow};
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::{mask_id_number, mask_phone};

pub const PAGE_SIZE: i64 = 20;
/// A CSV export holds at most this many rows (narrow the search for more).
pub const EXPORT_LIMIT: i64 = 10_000;

/// The list's spec, if the user holds one of its roles (deny by default; unknown kinds are "not found").
pub async fn allowed_spec(state: &AppState, user: &UserRow, kind: &str) -> Result<ListSpec, AppError> {
    let spec = spec(kind).ok_or(AppError::NotFound)?;
    if holds_any_role(&state.db, user.id, spec.roles).await? {
        Ok(spec)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The WHERE clause and its bound values for the search text and the filter.
fn conditions(spec: &ListSpec, query: &ListQuery) -> Result<(String, Vec<String>), AppError> {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut binds = Vec::new();
    let search = query.search.trim();
    if search.chars().count() > 64 {
        return Err(AppError::invalid(
            "search",
            "搜索内容过长（64字以内）",
            "The search is too long (64 characters at most)",
        ));
    }
    if !search.is_empty() && !spec.search.is_empty() {
        let escaped = search.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        binds.push(format!("%{escaped}%"));
        let n = binds.len();
        let any: Vec<String> = spec.search.iter().map(|e| format!("LOWER({e}) LIKE ${n} ESCAPE '\\'")).collect();
        clauses.push(format!("({})", any.join(" OR ")));
    }
    if !query.filter.is_empty() {
        let filter = spec.filter.as_ref().ok_or_else(bad_filter)?;
        if !filter.options.iter().any(|(v, ..)| *v == query.filter) {
            return Err(bad_filter());
        }
        binds.push(query.filter.clone());
        clauses.push(filter.clause.replace("?F", &format!("${}", binds.len())));
    }
    Ok((clauses.join(" AND "), binds))
}

fn bad_filter() -> AppError {
    AppError::invalid("filter", "筛选条件无效", "Unknown filter")
}

async fn rows(
    state: &AppState,
    spec: &ListSpec,
    where_sql: &str,
    binds: &[String],
    limit: i64,
    offset: i64,
) -> Result<Vec<ListRow>, AppError> {
    let select: Vec<String> = spec
        .columns
        .iter()
        .map(|c| match c.format {
            Format::Time => c.expr.clone(),
            _ => format!("CAST({} AS TEXT)", c.expr),
        })
        .collect();
    let sql = format!(
        "SELECT CAST({} AS TEXT), {} FROM {} WHERE {where_sql} ORDER BY {} LIMIT ${} OFFSET ${}",
        spec.id,
        select.join(", "),
        spec.from,
        spec.order,
        binds.len() + 1,
        binds.len() + 2
    );
    let mut q = sqlx::query(&sql);
    for b in binds {
        q = q.bind(b.as_str());
    }
    let found = q.bind(limit).bind(offset).fetch_all(&state.db).await?;
    let mut out = Vec::with_capacity(found.len());
    for row in found {
        let id: Option<String> = row.try_get(0)?;
        let mut cells = Vec::with_capacity(spec.columns.len());
        for (i, column) in spec.columns.iter().enumerate() {
            let cell = match column.format {
                Format::Time => row.try_get::<Option<i64>, _>(i + 1)?.map(china_datetime).unwrap_or_default(),
                Format::Text => row.try_get::<Option<String>, _>(i + 1)?.unwrap_or_default(),
                Format::Phone => row.try_get::<Option<String>, _>(i + 1)?.map(|p| mask_phone(&p)).unwrap_or_default(),
                Format::IdNumber => {
                    row.try_get::<Option<String>, _>(i + 1)?.map(|n| mask_id_number(&n)).unwrap_or_default()
                }
            };
            cells.push(cell);
        }
        out.push(ListRow { id: id.unwrap_or_default(), cells });
    }
    Ok(out)
}

/// One page of a list.
pub async fn page(state: &AppState, spec: &ListSpec, query: &ListQuery) -> Result<ListPage, AppError> {
    let (where_sql, binds) = conditions(spec, query)?;
    let count_sql = format!("SELECT COUNT(*) FROM {} WHERE {where_sql}", spec.from);
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    for b in &binds {
        count = count.bind(b.as_str());
    }
    let (total,) = count.fetch_one(&state.db).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = query.page.clamp(1, pages);
    let rows = rows(state, spec, &where_sql, &binds, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    Ok(ListPage {
        columns: spec.columns.iter().map(|c| (c.header.0.to_string(), c.header.1.to_string())).collect(),
        rows,
        total,
        page,
        page_size: PAGE_SIZE,
        filters: spec
            .filter
            .as_ref()
            .map(|f| f.options.iter().map(|(v, zh, en)| (v.to_string(), zh.to_string(), en.to_string())).collect())
            .unwrap_or_default(),
        row_link: spec.row_link.map(str::to_string),
    })
}

/// The whole list (same search and filter) as CSV with a UTF-8 BOM, so spreadsheet programs read the
/// Chinese text correctly. Personal data stays masked.
pub async fn csv(state: &AppState, spec: &ListSpec, query: &ListQuery) -> Result<Vec<u8>, AppError> {
    let (where_sql, binds) = conditions(spec, query)?;
    let rows = rows(state, spec, &where_sql, &binds, EXPORT_LIMIT, 0).await?;
    let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header = vec!["#".to_string()];
    header.extend(spec.columns.iter().map(|c| c.header.0.to_string()));
    writer.write_record(&header).map_err(AppError::internal)?;
    for row in rows {
        let mut record = vec![row.id];
        record.extend(row.cells.into_iter().map(as_spreadsheet_text));
        writer.write_record(&record).map_err(AppError::internal)?;
    }
    writer.into_inner().map_err(AppError::internal)
}

/// A cell that a spreadsheet would run as a formula (also after a leading tab or carriage return, which
/// spreadsheets skip) is written as text.
fn as_spreadsheet_text(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_written_as_text_even_behind_a_tab_or_return() {
        for cell in ["=1+1", "+86", "-2", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1"] {
            assert!(super::as_spreadsheet_text(cell.into()).starts_with('\''), "{cell:?}");
        }
        assert_eq!(super::as_spreadsheet_text("张三".into()), "张三");
    }
}
