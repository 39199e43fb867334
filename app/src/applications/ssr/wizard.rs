//! The four-step wizard's drafts (SPEC §4): starting an application inside an open window, and saving
//! steps 1–3. A draft may be incomplete (completeness is checked when printing), but what is given must
//! follow the rules; the server decides what may change: a printed form locks steps 1–3, a submitted
//! application locks everything, and a return reopens only the parts the reviewer named.
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::UserRow;
use crate::applications::rules::{self as rules, MAX_CERTIFICATES};
use crate::applications::ssr::education::{self, check_choice};
use crate::applications::ssr::{catalog, reference};
use crate::applications::types::{BasicInput, Part, QualificationsInput, SpecialtiesInput, WindowKind, WindowView};
use crate::applications::vocabulary::{values, POLITICAL_STATUSES, TITLE_LEVELS};
use crate::error::{AppError, Problems, Text};
use crate::platform::AppState;
use crate::rules::{check_len, check_required};

const MAX_WORK_ITEMS: usize = 10;
const MAX_TITLES: usize = 5;

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ApplicationRow {
    pub id: i64,
    pub user_id: i64,
    pub window_id: i64,
    pub status: String,
    pub stage: i64,
    pub political_status: String,
    pub region_code: Option<String>,
    pub unit_id: Option<i64>,
    pub description: String,
    pub printed_ms: Option<i64>,
    pub unlocked: String,
    pub submitted_ms: Option<i64>,
}

pub const APPLICATION_COLUMNS: &str = "id, user_id, window_id, status, stage, political_status, region_code, unit_id, \
     description, printed_ms, unlocked, submitted_ms";

pub async fn by_id(state: &AppState, id: i64) -> Result<ApplicationRow, AppError> {
    let row: Option<ApplicationRow> =
        sqlx::query_as(&format!("SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = $1"))
            .bind(id)
            .fetch_optional(&state.db)
            .await?;
    row.ok_or(AppError::NotFound)
}

/// The applicant's own application (another person's is "not found", never "forbidden").
pub async fn own(state: &AppState, user: &UserRow, id: i64) -> Result<ApplicationRow, AppError> {
    let row = by_id(state, id).await?;
    if row.user_id != user.id {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// The parts the applicant may change now.
pub fn editable(row: &ApplicationRow) -> Vec<Part> {
    match row.status.as_str() {
        "draft" if row.printed_ms.is_some() => vec![Part::Attachments],
        "draft" => Part::ALL.to_vec(),
        "returned" => row.unlocked.split(',').filter_map(Part::parse).collect(),
        _ => Vec::new(),
    }
}

pub fn ensure_editable(row: &ApplicationRow, part: Part) -> Result<(), AppError> {
    if editable(row).contains(&part) {
        return Ok(());
    }
    Err(match row.status.as_str() {
        "draft" => AppError::refused(
            "已打印表格，基础信息、执业信息和评标专业已锁定，不能修改",
            "The form is printed: steps 1–3 are locked",
        ),
        "returned" => AppError::refused(
            "该部分未被退回修改，不能更改，请按审核意见修改退回的部分",
            "This part wasn't returned: change only the returned parts",
        ),
        _ => AppError::refused("申请已提交审核，不能修改", "The application is submitted: it can't be changed"),
    })
}

#[derive(sqlx::FromRow)]
struct WindowRow {
    id: i64,
    kind: String,
    title: String,
    opens_ms: i64,
    closes_ms: i64,
}

fn window_view(w: WindowRow, now: i64, mine: Option<(i64, String)>) -> WindowView {
    WindowView {
        id: w.id,
        kind: WindowKind::parse(&w.kind).unwrap_or(WindowKind::New),
        title: w.title,
        opens_ms: w.opens_ms,
        closes_ms: w.closes_ms,
        open: w.opens_ms <= now && now < w.closes_ms,
        my_application: mine.as_ref().map(|m| m.0),
        my_status: mine.map(|m| m.1),
    }
}

pub async fn window(state: &AppState, user_id: i64, window_id: i64) -> Result<WindowView, AppError> {
    let row: Option<WindowRow> =
        sqlx::query_as("SELECT id, kind, title, opens_ms, closes_ms FROM application_windows WHERE id = $1")
            .bind(window_id)
            .fetch_optional(&state.db)
            .await?;
    let row = row.ok_or(AppError::NotFound)?;
    let mine: Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM applications WHERE window_id = $1 AND user_id = $2")
            .bind(window_id)
            .bind(user_id)
            .fetch_optional(&state.db)
            .await?;
    Ok(window_view(row, state.now_ms(), mine))
}

/// Windows that are open now or hold one of the user's applications, newest first.
pub async fn windows(state: &AppState, user: &UserRow) -> Result<Vec<WindowView>, AppError> {
    let now = state.now_ms();
    // One query: each window with the user's application in it, if any.
    type Row = (i64, String, String, i64, i64, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT w.id, w.kind, w.title, w.opens_ms, w.closes_ms, a.id, a.status FROM application_windows w \
         LEFT JOIN applications a ON a.window_id = w.id AND a.user_id = $2 \
         WHERE (w.opens_ms <= $1 AND $1 < w.closes_ms) OR a.id IS NOT NULL \
         ORDER BY w.opens_ms DESC LIMIT 50",
    )
    .bind(now)
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, title, opens_ms, closes_ms, mine, status)| {
            let window = WindowRow { id, kind, title, opens_ms, closes_ms };
            window_view(window, now, mine.zip(status))
        })
        .collect())
}

pub fn ensure_open(window: &WindowView) -> Result<(), AppError> {
    if window.open {
        return Ok(());
    }
    Err(AppError::refused(
        "当前不在专家征集（续聘）时间段内，无法进行申请操作",
        "Applications are only possible while a recruitment (renewal) window is open",
    ))
}

async fn is_expert(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM experts WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&state.db)
        .await?;
    Ok(row.is_some())
}

/// 去申请 / 前去续聘: the user's application in this window, started now if there is none. A renewal
/// starts from the expert's current record (old level-2 specialties wait in step 3 for their mapping).
pub async fn start(state: &AppState, user: &UserRow, window_id: i64) -> Result<i64, AppError> {
    let window = window(state, user.id, window_id).await?;
    if let Some(id) = window.my_application {
        return Ok(id);
    }
    ensure_open(&window)?;
    if crate::identity::ssr::verified_face_key(state, user.id).await?.is_none() {
        return Err(AppError::identity_first("申请", "applying"));
    }
    let expert = is_expert(state, user.id).await?;
    match window.kind {
        WindowKind::New if expert => {
            return Err(AppError::refused(
                "您已是在库专家，请参加续聘",
                "You are in the pool already: apply for renewal",
            ))
        }
        // Not known here yet: the imported pool may hold the person (matched by ID and name).
        WindowKind::Renewal if !expert && !crate::pool::ssr::claim_for_renewal(state, user).await? => {
            let (zh, en) = crate::pool::ssr::NOT_IN_POOL;
            return Err(AppError::refused(zh, en));
        }
        _ => {}
    }
    let now = state.now_ms();
    let prefill: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT region_code, unit_id FROM experts WHERE user_id = $1")
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?;
    let (region, unit) = prefill.map(|(r, u)| (Some(r), u)).unwrap_or((None, None));
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (user_id, window_id, status, stage, region_code, unit_id, created_ms, updated_ms) \
         VALUES ($1, $2, 'draft', 0, $3, $4, $5, $5) RETURNING id",
    )
    .bind(user.id)
    .bind(window_id)
    .bind(region)
    .bind(unit)
    .bind(now)
    .fetch_one(&state.db)
    .await?;
    sqlx::query(
        "INSERT INTO application_specialties (application_id, specialty_code, legacy_code, status) \
         SELECT $1, e.specialty_code, NULL, 'pending' FROM expert_specialties e \
         JOIN specialties s ON s.code = e.specialty_code WHERE e.user_id = $2 AND s.legacy = 0",
    )
    .bind(id)
    .bind(user.id)
    .execute(&state.db)
    .await?;
    Ok(id)
}

/// Step 1: political status, residence district, unit, work experience.
pub async fn save_basic(state: &AppState, user: &UserRow, id: i64, input: &BasicInput) -> Result<(), AppError> {
    let row = own(state, user, id).await?;
    ensure_editable(&row, Part::Basic)?;
    let today = today_in_china(state.now_ms());
    let mut problems = Problems::default();
    let political = if input.political_status.is_empty() {
        String::new()
    } else {
        check_choice("political_status", &input.political_status, &values(&POLITICAL_STATUSES), &mut problems)
    };
    if !input.region_code.is_empty() && reference::region_path(state, &input.region_code).await?.is_none() {
        problems.add("region", Text::new("请选择到区（县）一级", "Choose a district"));
    }
    if let Some(unit) = input.unit_id {
        if reference::unit_name(state, unit).await?.is_none() {
            problems.add("unit", Text::new("请从单位列表中搜索选择", "Choose the unit from the list"));
        }
    }
    if input.work.len() > MAX_WORK_ITEMS {
        problems.add("work", Text::new(format!("工作经历最多{MAX_WORK_ITEMS}条"), "At most 10 work entries"));
    }
    let mut work = Vec::new();
    for (i, item) in input.work.iter().enumerate() {
        let employer =
            problems.check(&format!("work.{i}.employer"), check_required("工作单位", "employer", &item.employer, 100));
        let position =
            problems.check(&format!("work.{i}.position"), check_required("职务", "position", &item.position, 50));
        let period =
            problems.check(&format!("work.{i}.period"), rules::check_period(&item.start_month, &item.end_month, today));
        if let (Some(e), Some(p), Some((s, end))) = (employer, position, period) {
            work.push((e, p, s, end));
        }
    }
    problems.into_result()?;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE applications SET political_status = $1, region_code = $2, unit_id = $3, updated_ms = $4 WHERE id = $5",
    )
    .bind(political)
    .bind(Some(input.region_code.clone()).filter(|r| !r.is_empty()))
    .bind(input.unit_id)
    .bind(state.now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM application_work WHERE application_id = $1").bind(id).execute(&mut *tx).await?;
    for (employer, position, start, end) in work {
        sqlx::query(
            "INSERT INTO application_work (application_id, employer, position, start_month, end_month) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(employer)
        .bind(position)
        .bind(start)
        .bind(end)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Step 2: certificates (≤3), titles with proofs, education records (≤5, never deleted).
pub async fn save_qualifications(
    state: &AppState,
    user: &UserRow,
    id: i64,
    input: &QualificationsInput,
) -> Result<(), AppError> {
    let row = own(state, user, id).await?;
    ensure_editable(&row, Part::Qualifications)?;
    let today = today_in_china(state.now_ms());
    let mut problems = Problems::default();
    problems.check(
        "certificates",
        rules::check_count(input.certificates.len(), MAX_CERTIFICATES, "执业资格证书", "certificates"),
    );
    problems.check("titles", rules::check_count(input.titles.len(), MAX_TITLES, "职称", "titles"));
    for (i, c) in input.certificates.iter().enumerate() {
        problems.check(&format!("certificates.{i}.name"), check_required("证书名称", "certificate name", &c.name, 50));
        problems.check(
            &format!("certificates.{i}.number"),
            check_required("证书编号", "certificate number", &c.number, 50),
        );
    }
    for (i, t) in input.titles.iter().enumerate() {
        problems.check(&format!("titles.{i}.title"), check_required("职称名称", "title", &t.title, 50));
        check_choice(&format!("titles.{i}.level"), &t.level, &values(&TITLE_LEVELS), &mut problems);
        let proof: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM application_files WHERE id = $1 AND owner_user_id = $2 AND purpose = 'title_proof'",
        )
        .bind(t.proof_file_id)
        .bind(user.id)
        .fetch_optional(&state.db)
        .await?;
        if proof.is_none() {
            problems.add(&format!("titles.{i}.proof"), Text::new("请上传职称证明材料", "Upload the title's proof"));
        }
    }
    let education = education::check_list(state, user, &input.education, today, &mut problems).await?;
    problems.into_result()?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM application_certificates WHERE application_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM application_titles WHERE application_id = $1").bind(id).execute(&mut *tx).await?;
    for c in &input.certificates {
        sqlx::query("INSERT INTO application_certificates (application_id, name, number) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(c.name.trim())
            .bind(c.number.trim())
            .execute(&mut *tx)
            .await?;
    }
    for t in &input.titles {
        sqlx::query(
            "INSERT INTO application_titles (application_id, title, level, proof_file_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(t.title.trim())
        .bind(t.level.trim())
        .bind(t.proof_file_id)
        .execute(&mut *tx)
        .await?;
    }
    for r in education {
        education::upsert(&mut tx, user.id, &r, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Step 3: 1–6 level-3 specialties (legacy ones only as what a new one replaces), and a description.
pub async fn save_specialties(
    state: &AppState,
    user: &UserRow,
    id: i64,
    input: &SpecialtiesInput,
) -> Result<(), AppError> {
    let row = own(state, user, id).await?;
    ensure_editable(&row, Part::Specialties)?;
    let mut problems = Problems::default();
    problems.check(
        "specialties",
        rules::check_count(input.specialties.len(), rules::MAX_SPECIALTIES, "评标专业", "specialties"),
    );
    problems.check("description", check_len("专业描述", "description", &input.description, 1000));
    let mut seen = Vec::new();
    for (i, choice) in input.specialties.iter().enumerate() {
        match catalog::specialty_path(state, &choice.code).await? {
            Some((_, 3, false)) if !seen.contains(&&choice.code) => seen.push(&choice.code),
            Some((_, 3, false)) => problems.add(&format!("specialties.{i}"), Text::new("评标专业重复", "Chosen twice")),
            _ => problems
                .add(&format!("specialties.{i}"), Text::new("请选择第三级评标专业", "Choose a level-3 specialty")),
        }
    }
    catalog::check_legacy_choices(state, user.id, &input.specialties, &mut problems).await?;
    problems.into_result()?;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE applications SET description = $1, updated_ms = $2 WHERE id = $3")
        .bind(input.description.trim())
        .bind(state.now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM application_specialties WHERE application_id = $1").bind(id).execute(&mut *tx).await?;
    for choice in &input.specialties {
        sqlx::query(
            "INSERT INTO application_specialties (application_id, specialty_code, legacy_code, status) VALUES ($1, $2, $3, 'pending')",
        )
        .bind(id)
        .bind(&choice.code)
        .bind(&choice.legacy_code)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
