//! The pool import (CSV, all or nothing, errors by line), the renewal's match, and the hand link.
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, Text};
use crate::platform::csv_rows::{parse_rows, problems_error, RowProblem};
use crate::platform::AppState;
use crate::rules::{check_id_for_type, check_name, normalize_name, normalize_phone, IdType};

/// Said when a renewal finds no record: the person may hold another ID, or never have been in the pool.
pub const NOT_IN_POOL: (&str, &str) =
    ("您可能不在综合专家库中，详情请咨询客服人员", "You may not be in the expert pool: please ask support");

/// A pool row as checked: name, ID, phone, region, specialties (old level-2 codes allowed), expiry.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolRow {
    pub real_name: String,
    pub id_type: IdType,
    pub id_number: String,
    pub phone: String,
    pub region_code: String,
    pub specialties: Vec<String>,
    pub expires_on: String,
}

/// How names are compared: normalized ("张 三" and "张三" are one name) and case-blind for Latin ones.
pub fn name_key(name: &str) -> String {
    normalize_name(name).to_lowercase()
}

fn id_type_of(value: &str) -> Option<IdType> {
    let value = value.trim();
    match value {
        "居民身份证" | "身份证" => Some(IdType::ResidentCard),
        "军官证" => Some(IdType::MilitaryOfficer),
        "护照" => Some(IdType::Passport),
        "其他" | "其他证件" => Some(IdType::Other),
        _ => IdType::parse(value),
    }
}

fn check_pool_row(fields: &[&str], today: (i32, u32, u32)) -> Result<PoolRow, Text> {
    let [name, id_type, id_number, phone, region, specialties, expires] = fields else {
        return Err(Text::new(
            format!("应有7列（姓名,证件类型,证件号码,手机号,地区代码,专业代码,有效期至），实际{}列", fields.len()),
            format!(
                "expected 7 columns (name, ID type, ID number, phone, region, specialties, expiry), found {}",
                fields.len()
            ),
        ));
    };
    let real_name =
        check_name(name).map_err(|e| Text::new(format!("姓名：{}", e.zh()), format!("name: {}", e.en())))?;
    let id_type = id_type_of(id_type)
        .ok_or_else(|| Text::new("证件类型应为居民身份证、军官证、护照或其他证件", "unknown ID type"))?;
    let id_number = check_id_for_type(id_type, id_number, today)
        .map_err(|e| Text::new(format!("证件号码：{}", e.zh()), format!("ID number: {}", e.en())))?;
    let phone =
        normalize_phone(phone).map_err(|e| Text::new(format!("手机号：{}", e.zh()), format!("phone: {}", e.en())))?;
    let region_code = region.trim().to_string();
    if region_code.len() != 6 || !region_code.chars().all(|c| c.is_ascii_digit()) {
        return Err(Text::new("地区代码应为6位数字（区县）", "the region code has 6 digits (district)"));
    }
    let specialties: Vec<String> = specialties
        .split(|c: char| c == ';' || c == '；' || c == '、' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect();
    if specialties.is_empty() || specialties.len() > crate::applications::rules::MAX_SPECIALTIES {
        return Err(Text::new("专业代码应有1–6个，用;分隔", "1–6 specialty codes, separated by ;"));
    }
    let expires_on = crate::training::rules::check_date(expires)
        .map_err(|_| Text::new("有效期至应为日期，如2027-06-30", "the expiry is a date such as 2027-06-30"))?;
    Ok(PoolRow { real_name, id_type, id_number, phone, region_code, specialties, expires_on })
}

/// Parses and checks a pool CSV with its line numbers, all or nothing; an ID number twice in the file is
/// refused at its second line. Nothing is written.
pub fn parse_pool(bytes: &[u8], today: (i32, u32, u32)) -> Result<Vec<(u64, PoolRow)>, Vec<RowProblem>> {
    let rows = parse_rows(bytes, 50_000, |fields| check_pool_row(fields, today))?;
    let mut seen = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for (line, row) in &rows {
        if let Some(first) = seen.insert(row.id_number.clone(), *line) {
            problems.push(RowProblem {
                line: *line,
                text: Text::new(format!("证件号码与第{first}行重复"), format!("the ID number repeats line {first}")),
            });
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Imports the pool: every row checked against the regions and the catalog too, then added or updated
/// (by ID number) in one transaction. A record already linked to an account keeps its link.
pub async fn import_pool(state: &AppState, admin: &UserRow, bytes: &[u8]) -> Result<usize, AppError> {
    let now = state.now_ms();
    let rows = parse_pool(bytes, today_in_china(now)).map_err(problems_error)?;
    let mut problems = Vec::new();
    for (line, row) in &rows {
        let region: Option<(String,)> = sqlx::query_as("SELECT code FROM regions WHERE code = $1")
            .bind(&row.region_code)
            .fetch_optional(&state.db)
            .await?;
        if region.is_none() {
            let (zh, en) =
                (format!("地区代码“{}”不存在", row.region_code), format!("unknown region {}", row.region_code));
            problems.push(RowProblem { line: *line, text: Text::new(zh, en) });
        }
        for code in &row.specialties {
            if crate::applications::ssr::catalog::specialty_path(state, code).await?.is_none() {
                let (zh, en) = (format!("专业代码“{code}”不在专业目录中"), format!("“{code}” is not in the catalog"));
                problems.push(RowProblem { line: *line, text: Text::new(zh, en) });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems_error(problems));
    }
    let mut tx = state.db.begin().await?;
    for (_, row) in &rows {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO pool_records (real_name, name_key, id_type, id_number, phone, region_code, expires_on, imported_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id_number) DO UPDATE SET real_name = excluded.real_name, \
             name_key = excluded.name_key, id_type = excluded.id_type, phone = excluded.phone, \
             region_code = excluded.region_code, expires_on = excluded.expires_on, imported_ms = excluded.imported_ms \
             RETURNING id",
        )
        .bind(&row.real_name)
        .bind(name_key(&row.real_name))
        .bind(row.id_type.as_str())
        .bind(&row.id_number)
        .bind(&row.phone)
        .bind(&row.region_code)
        .bind(&row.expires_on)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM pool_record_specialties WHERE record_id = $1").bind(id).execute(&mut *tx).await?;
        for code in &row.specialties {
            sqlx::query(
                "INSERT INTO pool_record_specialties (record_id, specialty_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
    }
    let detail = format!("{} records", rows.len());
    users::audit(&mut *tx, Some(admin.id), "pool_import", "expert pool", &detail, now).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// Links a record to an account and puts the person in the pool with its region and specialties. Only
/// an unlinked record, and only once (the conditional UPDATE decides when two requests race).
async fn link(
    conn: &mut sqlx::AnyConnection,
    record_id: i64,
    user_id: i64,
    staff_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let linked = sqlx::query(
        "UPDATE pool_records SET user_id = $1, linked_ms = $2, linked_by = $3 WHERE id = $4 AND user_id IS NULL",
    )
    .bind(user_id)
    .bind(now)
    .bind(staff_id)
    .bind(record_id)
    .execute(&mut *conn)
    .await?;
    if linked.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO experts (user_id, region_code, unit_id, since_ms) \
         SELECT $1, region_code, NULL, $2 FROM pool_records WHERE id = $3",
    )
    .bind(user_id)
    .bind(now)
    .bind(record_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO expert_specialties (user_id, specialty_code) \
         SELECT $1, specialty_code FROM pool_record_specialties WHERE record_id = $2",
    )
    .bind(user_id)
    .bind(record_id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// A renewal by someone not yet known as an expert: their record, found by ID type and number and the
/// normalized name, is linked now. `false` when nothing matches (the caller says [`NOT_IN_POOL`]).
pub async fn claim_for_renewal(state: &AppState, user: &UserRow) -> Result<bool, AppError> {
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, name_key FROM pool_records WHERE id_type = $1 AND id_number = $2 AND user_id IS NULL",
    )
    .bind(&user.id_type)
    .bind(&user.id_number)
    .fetch_optional(&state.db)
    .await?;
    let Some((record_id, _)) = found.filter(|(_, key)| *key == name_key(&user.real_name)) else {
        return Ok(false);
    };
    let mut tx = state.db.begin().await?;
    let linked = link(&mut tx, record_id, user.id, None, state.now_ms()).await?;
    tx.commit().await?;
    Ok(linked)
}

/// Support links the record with `record_id_number` to an account by hand: for holders of a passport,
/// officer card or other ID, whose record the old system may hold under another number. Reason required.
pub async fn link_by_hand(
    state: &AppState,
    staff: &UserRow,
    user_id: i64,
    record_id_number: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = crate::support::ssr::require_reason(reason)?;
    let person = users::by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    if person.id_type == IdType::ResidentCard.as_str() {
        return Err(AppError::refused(
            "居民身份证持有人在续聘时自动匹配专家库，无需手工关联",
            "Resident ID holders are matched when they renew: no hand link is needed",
        ));
    }
    let number = record_id_number.trim().to_ascii_uppercase();
    let record: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, user_id FROM pool_records WHERE id_number = $1")
            .bind(&number)
            .fetch_optional(&state.db)
            .await?;
    let Some((record_id, None)) = record else {
        return Err(AppError::invalid(
            "record_id_number",
            "专家库中没有该证件号码的未关联记录",
            "No unlinked pool record has this ID number",
        ));
    };
    let already: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM experts WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&state.db)
        .await?;
    if already.is_some() {
        return Err(AppError::refused("该用户已是在库专家", "This person is in the pool already"));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    if !link(&mut tx, record_id, user_id, Some(staff.id), now).await? {
        return Err(AppError::refused("该记录已被关联", "The record was linked meanwhile"));
    }
    let detail = format!("pool record {number}; {reason}");
    users::audit(&mut *tx, Some(staff.id), "pool_link", &person.username, &detail, now).await?;
    tx.commit().await?;
    Ok(())
}
