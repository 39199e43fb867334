//! 核查方式 and confirmation: records that can't be checked online need the commitment route
//! (告知承诺制: sign, upload proofs, checked online) or an on-site check before paying. A withdrawn
//! commitment (before paying and the deadline only) means on-site checking for the rest of the window
//! (seed 001, questions 12 and 13).
use crate::accounts::ssr::users::{holds_any_role, UserRow};
use crate::error::AppError;
use crate::identity::photo::FileKind;
use crate::platform::uploads::store_checked;
use crate::platform::AppState;
use crate::registration::ssr::catalog;
use crate::registration::ssr::payments::orders;
use crate::registration::ssr::registrations::{self, RegRow};
use crate::registration::types::{ProofView, RouteInput, REG_ADMIN_ROLES};

const PROOF_FORMATS: &[FileKind] = &[FileKind::Pdf, FileKind::Jpeg, FileKind::Png];
const MAX_PROOFS: i64 = 5;

async fn draft(state: &AppState, user: &UserRow, id: i64) -> Result<RegRow, AppError> {
    let row = registrations::owned(state, user, id).await?;
    if row.status != "draft" {
        return Err(AppError::refused(
            "报名信息已确认，核查方式不能再更改（告知承诺可在缴费前撤回）",
            "The registration is confirmed: the route can't change (a commitment can be withdrawn before paying)",
        ));
    }
    Ok(row)
}

pub async fn choose_route(state: &AppState, user: &UserRow, id: i64, input: &RouteInput) -> Result<(), AppError> {
    let row = draft(state, user, id).await?;
    let window = catalog::window(state, row.window_id).await?;
    match input.route.as_str() {
        "onsite" => {}
        "commitment" if window.commitment_allowed == 0 => {
            return Err(AppError::refused(
                "本次考试不适用告知承诺制，请选择现场核查",
                "This exam has no commitment route",
            ))
        }
        "commitment" if row.commitment_barred == 1 => {
            return Err(AppError::refused(
                "您已撤回告知承诺，本年度此项考试不再适用告知承诺制",
                "You withdrew your commitment: the commitment route is closed to you for this exam this year",
            ))
        }
        "commitment" if !input.signed => {
            return Err(AppError::invalid("signed", "请阅读并签署告知承诺书", "Read and sign the commitment"))
        }
        "commitment" => {}
        _ => return Err(AppError::invalid("route", "请选择核查方式", "Choose how your records are checked")),
    }
    let signed_ms = (input.route == "commitment").then(|| state.now_ms());
    sqlx::query("UPDATE registrations SET route = $1, commitment_signed_ms = $2, updated_ms = $3 WHERE id = $4 AND status = 'draft'")
        .bind(&input.route)
        .bind(signed_ms)
        .bind(state.now_ms())
        .bind(row.id)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// 撤回承诺: before paying and before the deadline; the on-site route from then on.
pub async fn withdraw_commitment(state: &AppState, user: &UserRow, id: i64) -> Result<(), AppError> {
    let row = registrations::owned(state, user, id).await?;
    if row.route != "commitment" {
        return Err(AppError::refused("您未采用告知承诺制，无需撤回", "You have no commitment to withdraw"));
    }
    let paid = || AppError::refused("已缴费，不能撤回告知承诺", "Paid registrations can't withdraw the commitment");
    if row.status == "paid" {
        return Err(paid());
    }
    let window = catalog::window(state, row.window_id).await?;
    if !window.is_open(&catalog::today(state)) {
        return Err(AppError::refused("报名已截止，不能撤回告知承诺", "Registration has closed: the commitment stays"));
    }
    // An unpaid order was for the commitment route: it closes (and if it was paid after all, that counts).
    if orders::close_open_order(state, row.id).await? {
        return Err(paid());
    }
    let withdrawn = sqlx::query(
        "UPDATE registrations SET route = 'onsite', commitment_barred = 1, commitment_signed_ms = NULL, \
         check_status = CASE WHEN check_status = 'commitment' THEN 'onsite_pending' ELSE check_status END, updated_ms = $1 \
         WHERE id = $2 AND status <> 'paid'",
    )
    .bind(state.now_ms())
    .bind(row.id)
    .execute(&state.db)
    .await?
    .rows_affected();
    if withdrawn == 0 {
        return Err(paid());
    }
    Ok(())
}

/// 确认报名信息: the records, the details and, when a record can't be checked online, the route.
pub async fn confirm(state: &AppState, user: &UserRow, id: i64) -> Result<(), AppError> {
    let row = draft(state, user, id).await?;
    let window = catalog::window(state, row.window_id).await?;
    if !window.is_open(&catalog::today(state)) {
        return Err(AppError::refused("报名已截止", "Registration has closed"));
    }
    let details = registrations::details(state, &row).await?;
    if !details.complete() {
        return Err(AppError::refused("请先填写并保存报名信息", "Fill in and save the registration details first"));
    }
    let records = crate::applications::ssr::education::list(state, user.id).await?;
    if records.is_empty() {
        return Err(AppError::refused("请先添加学历学位信息", "Add your education records first"));
    }
    let check_status = if registrations::all_checked_online(&records) {
        "online"
    } else {
        match row.route.as_str() {
            "commitment" if registrations::proofs(state, row.id).await?.is_empty() => {
                return Err(AppError::refused(
                    "采用告知承诺制须上传学历学位证明材料",
                    "The commitment route needs the proofs of your records",
                ))
            }
            "commitment" => "commitment",
            "onsite" => "onsite_pending",
            _ => {
                return Err(AppError::refused(
                    "学历学位未通过在线核查：请选择告知承诺制或现场核查",
                    "A record can't be checked online: choose the commitment route or an on-site check",
                ))
            }
        }
    };
    sqlx::query("UPDATE registrations SET status = 'confirmed', check_status = $1, updated_ms = $2 WHERE id = $3 AND status = 'draft'")
        .bind(check_status)
        .bind(state.now_ms())
        .bind(row.id)
        .execute(&state.db)
        .await?;
    Ok(())
}

pub async fn add_proof(
    state: &AppState,
    user: &UserRow,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<ProofView, AppError> {
    let row = draft(state, user, id).await?;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registration_proofs WHERE registration_id = $1")
        .bind(row.id)
        .fetch_one(&state.db)
        .await?;
    if count >= MAX_PROOFS {
        return Err(AppError::refused("证明材料最多上传5份", "At most 5 proofs"));
    }
    let name: String = file_name.trim().chars().take(100).collect();
    let file = store_checked(state, user.id, "registration", bytes, PROOF_FORMATS).await?;
    let file_name = if name.is_empty() { format!("证明材料.{}", file.kind.extension()) } else { name };
    let (proof_id,): (i64,) = sqlx::query_as(
        "INSERT INTO registration_proofs (registration_id, storage_key, content_type, file_name, size_bytes, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(row.id)
    .bind(&file.key)
    .bind(file.kind.mime())
    .bind(&file_name)
    .bind(file.size_bytes)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    Ok(ProofView { id: proof_id, file_name, size_bytes: file.size_bytes })
}

/// A proof for its owner and the exam office: (content type, download name, bytes).
pub async fn proof_file(
    state: &AppState,
    user: &UserRow,
    proof_id: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT r.user_id, p.storage_key, p.content_type, p.file_name FROM registration_proofs p \
         JOIN registrations r ON r.id = p.registration_id WHERE p.id = $1",
    )
    .bind(proof_id)
    .fetch_optional(&state.db)
    .await?;
    let (owner, key, content_type, file_name) = row.ok_or(AppError::NotFound)?;
    if owner != user.id && !holds_any_role(&state.db, user.id, REG_ADMIN_ROLES).await? {
        return Err(AppError::NotFound);
    }
    Ok((content_type, file_name, state.files.get(&key).await?))
}
