//! The candidate's registrations: starting one in an open window, reading one's own, and the page view.
use crate::accounts::ssr::users::UserRow;
use crate::applications::ssr::education;
use crate::applications::types::EducationRecord;
use crate::error::AppError;
use crate::platform::AppState;
use crate::registration::rules;
use crate::registration::ssr::catalog::{self, WindowRow};
use crate::registration::types::{
    DetailsInput, MyRegistration, OrderView, ProofView, RegistrationHome, RegistrationView,
};

#[derive(Clone, sqlx::FromRow)]
pub struct RegRow {
    pub id: i64,
    pub user_id: i64,
    pub window_id: i64,
    pub level_code: Option<String>,
    pub specialty_id: Option<i64>,
    pub site_id: Option<i64>,
    pub work_unit: String,
    pub contact_address: String,
    pub route: String,
    pub commitment_signed_ms: Option<i64>,
    pub commitment_barred: i64,
    pub status: String,
    pub check_status: String,
    pub check_note: String,
    pub notice: String,
}

const REG_SELECT: &str =
    "SELECT id, user_id, window_id, level_code, specialty_id, site_id, work_unit, contact_address, route, \
     commitment_signed_ms, commitment_barred, status, check_status, check_note, notice FROM registrations";

/// The check lets the candidate pay: every record checked online, the commitment, or the on-site check passed.
pub fn check_allows_payment(check_status: &str) -> bool {
    matches!(check_status, "online" | "commitment" | "onsite_passed")
}

pub async fn by_id(state: &AppState, id: i64) -> Result<RegRow, AppError> {
    sqlx::query_as(&format!("{REG_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The person's own registration; anyone else's doesn't exist for them.
pub async fn owned(state: &AppState, user: &UserRow, id: i64) -> Result<RegRow, AppError> {
    let row = by_id(state, id).await?;
    if row.user_id != user.id {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

pub async fn details(state: &AppState, row: &RegRow) -> Result<DetailsInput, AppError> {
    let subjects: Vec<(String,)> = sqlx::query_as(
        "SELECT subject_code FROM registration_subjects WHERE registration_id = $1 ORDER BY subject_code",
    )
    .bind(row.id)
    .fetch_all(&state.db)
    .await?;
    Ok(DetailsInput {
        level_code: row.level_code.clone().unwrap_or_default(),
        specialty_id: row.specialty_id,
        subject_codes: subjects.into_iter().map(|(s,)| s).collect(),
        site_id: row.site_id,
        work_unit: row.work_unit.clone(),
        contact_address: row.contact_address.clone(),
    })
}

/// 我要报名: verified candidates, in an open window; a second start returns the same registration.
pub async fn start(state: &AppState, user: &UserRow, window_id: i64) -> Result<i64, AppError> {
    if crate::identity::ssr::verified_face_key(state, user.id).await?.is_none() {
        return Err(AppError::identity_first("报名考试", "registering"));
    }
    let window = catalog::window(state, window_id).await?;
    if !window.is_open(&catalog::today(state)) {
        return Err(AppError::refused("不在报名时间内", "Registration for this exam is not open"));
    }
    let now = state.now_ms();
    sqlx::query(
        "INSERT INTO registrations (user_id, window_id, created_ms, updated_ms) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (user_id, window_id) DO NOTHING",
    )
    .bind(user.id)
    .bind(window_id)
    .bind(now)
    .execute(&state.db)
    .await?;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM registrations WHERE user_id = $1 AND window_id = $2")
        .bind(user.id)
        .bind(window_id)
        .fetch_one(&state.db)
        .await?;
    Ok(id)
}

pub async fn home(state: &AppState, user: &UserRow) -> Result<RegistrationHome, AppError> {
    let mine: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT r.id, w.title, r.status, r.check_status FROM registrations r JOIN reg_windows w ON w.id = r.window_id \
         WHERE r.user_id = $1 ORDER BY r.id DESC",
    )
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    Ok(RegistrationHome {
        windows: catalog::open_windows(state).await?,
        mine: mine
            .into_iter()
            .map(|(id, window_title, status, check_status)| MyRegistration { id, window_title, status, check_status })
            .collect(),
    })
}

/// The newest order of a registration.
pub async fn latest_order(state: &AppState, registration_id: i64) -> Result<Option<OrderView>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        out_trade_no: String,
        amount_fen: i64,
        status: String,
        paid_via: Option<String>,
        paid_ms: Option<i64>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT out_trade_no, amount_fen, status, paid_via, paid_ms FROM payment_orders WHERE registration_id = $1 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(registration_id)
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|r| OrderView {
        out_trade_no: r.out_trade_no,
        amount_fen: r.amount_fen,
        status: r.status,
        paid_via: r.paid_via,
        paid_ms: r.paid_ms,
    }))
}

pub async fn proofs(state: &AppState, registration_id: i64) -> Result<Vec<ProofView>, AppError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, file_name, size_bytes FROM registration_proofs WHERE registration_id = $1 ORDER BY id",
    )
    .bind(registration_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(id, file_name, size_bytes)| ProofView { id, file_name, size_bytes }).collect())
}

/// Every education record can be checked online, so no commitment or on-site check is needed (no
/// record: no).
pub fn all_checked_online(records: &[EducationRecord]) -> bool {
    !records.is_empty() && records.iter().all(|r| r.checked_online)
}

pub async fn view(state: &AppState, user: &UserRow, id: i64) -> Result<RegistrationView, AppError> {
    let row = owned(state, user, id).await?;
    let window: WindowRow = catalog::window(state, row.window_id).await?;
    let levels = catalog::levels(state).await?;
    let details = details(state, &row).await?;
    let education = education::list(state, user.id).await?;
    let passed = catalog::passed_subjects(state, user.id, &window).await?;
    let window_open = window.is_open(&catalog::today(state));
    let stage = match row.status.as_str() {
        "paid" => 4,
        "confirmed" if check_allows_payment(&row.check_status) => 3,
        "confirmed" => 2,
        // Until confirmed the candidate is filling in (the education, details and check-route tabs):
        // 确认报名信息 becomes current when it is done, not while the route is still being chosen.
        _ => 0,
    };
    Ok(RegistrationView {
        id: row.id,
        window: window.view(),
        sites: catalog::sites(state, row.window_id).await?,
        all_checked_online: all_checked_online(&education),
        education,
        fee_fen: rules::fee_fen(details.subject_codes.len(), window.fee_per_subject_fen),
        details,
        levels,
        passed,
        route: row.route.clone(),
        commitment_signed: row.commitment_signed_ms.is_some(),
        commitment_barred: row.commitment_barred == 1,
        proofs: proofs(state, row.id).await?,
        can_pay: row.status == "confirmed" && check_allows_payment(&row.check_status) && window_open,
        status: row.status,
        check_status: row.check_status,
        check_note: row.check_note,
        notice: row.notice,
        order: latest_order(state, id).await?,
        stage,
        window_open,
    })
}
