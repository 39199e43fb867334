//! Exam registration server functions: `/api/registration/*` for signed-in candidates (each reads only
//! the caller's own registrations), `/api/admin/registration/*` for the exam office. Proof uploads, the
//! provider's notifications and the sandbox's pay page are raw routes (`server/src/payment_routes.rs`).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::applications::types::{EducationInput, EducationRecord};
use crate::error::AppError;
use crate::registration::types::{
    DetailsInput, PassedInput, PaymentStart, ReconcileReport, RegWindowInput, RegistrationHome, RegistrationView,
    RouteInput, SiteInput, SubjectInput,
};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::{signed_in, staff_in};
#[cfg(feature = "ssr")]
use crate::registration::ssr::{admin, editing, payments::orders, registrations, route};
#[cfg(feature = "ssr")]
use crate::registration::types::REG_ADMIN_ROLES;

/// Open windows and my registrations.
#[server(prefix = "/api", endpoint = "registration/home", input = GetUrl)]
pub async fn load_registration_home() -> Result<RegistrationHome, AppError> {
    let (state, user) = signed_in().await?;
    registrations::home(&state, &user).await
}

/// 我要报名: verified candidates, in an open window; returns the registration (the same one again).
#[server(prefix = "/api", endpoint = "registration/start", input = Json)]
pub async fn start_registration(window_id: i64) -> Result<i64, AppError> {
    let (state, user) = signed_in().await?;
    registrations::start(&state, &user, window_id).await
}

#[server(prefix = "/api", endpoint = "registration/get", input = GetUrl)]
pub async fn load_registration(id: i64) -> Result<RegistrationView, AppError> {
    let (state, user) = signed_in().await?;
    registrations::view(&state, &user, id).await
}

/// 学历学位: my records (shared with the application wizard), while the registration is a draft.
#[server(prefix = "/api", endpoint = "registration/education", input = Json)]
pub async fn save_reg_education(id: i64, records: Vec<EducationInput>) -> Result<Vec<EducationRecord>, AppError> {
    let (state, user) = signed_in().await?;
    editing::save_education(&state, &user, id, &records).await
}

/// 报名信息, under the editing rules of the registration's status.
#[server(prefix = "/api", endpoint = "registration/details", input = Json)]
pub async fn save_reg_details(id: i64, input: DetailsInput) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    editing::save_details(&state, &user, id, &input).await
}

/// 核查方式: the commitment route (signed) or an on-site check. Drafts only.
#[server(prefix = "/api", endpoint = "registration/route", input = Json)]
pub async fn choose_check_route(id: i64, input: RouteInput) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    route::choose_route(&state, &user, id, &input).await
}

/// 撤回承诺: before paying and the deadline; on-site checking for the rest of the window.
#[server(prefix = "/api", endpoint = "registration/withdraw", input = Json)]
pub async fn withdraw_commitment(id: i64) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    route::withdraw_commitment(&state, &user, id).await
}

#[server(prefix = "/api", endpoint = "registration/confirm", input = Json)]
pub async fn confirm_registration(id: i64) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    route::confirm(&state, &user, id).await
}

/// 网上缴费: the order and the provider's pay page.
#[server(prefix = "/api", endpoint = "registration/pay", input = Json)]
pub async fn start_payment(id: i64) -> Result<PaymentStart, AppError> {
    let (state, user) = signed_in().await?;
    orders::start_payment(&state, &user, id).await
}

/// 重新查询缴费状态: asks the provider about my unpaid order.
#[server(prefix = "/api", endpoint = "registration/recheck", input = Json)]
pub async fn recheck_payment(id: i64) -> Result<RegistrationView, AppError> {
    let (state, user) = signed_in().await?;
    orders::recheck(&state, &user, id).await?;
    registrations::view(&state, &user, id).await
}

#[server(prefix = "/api", endpoint = "admin/registration/window", input = Json)]
pub async fn create_reg_window(input: RegWindowInput) -> Result<i64, AppError> {
    let (state, staff) = staff_in(REG_ADMIN_ROLES).await?;
    admin::create_window(&state, &staff, &input).await
}

#[server(prefix = "/api", endpoint = "admin/registration/site", input = Json)]
pub async fn add_exam_site(input: SiteInput) -> Result<i64, AppError> {
    let (state, staff) = staff_in(REG_ADMIN_ROLES).await?;
    admin::add_site(&state, &staff, &input).await
}

#[server(prefix = "/api", endpoint = "admin/registration/subject", input = Json)]
pub async fn add_reg_subject(input: SubjectInput) -> Result<(), AppError> {
    let (state, staff) = staff_in(REG_ADMIN_ROLES).await?;
    admin::add_subject(&state, &staff, &input).await
}

/// 成绩登记: a subject passed in an earlier year.
#[server(prefix = "/api", endpoint = "admin/registration/passed", input = Json)]
pub async fn record_passed_subject(input: PassedInput) -> Result<(), AppError> {
    let (state, staff) = staff_in(REG_ADMIN_ROLES).await?;
    admin::record_passed(&state, &staff, &input).await
}

#[server(prefix = "/api", endpoint = "admin/registration/check", input = Json)]
pub async fn decide_onsite_check(registration_id: i64, passed: bool, note: String) -> Result<(), AppError> {
    let (state, staff) = staff_in(REG_ADMIN_ROLES).await?;
    admin::decide_check(&state, &staff, registration_id, passed, &note).await
}

/// 立即对账: every unpaid order asked about now, whatever its age.
#[server(prefix = "/api", endpoint = "admin/registration/reconcile", input = Json)]
pub async fn run_reconciliation() -> Result<ReconcileReport, AppError> {
    let (state, staff) = staff_in(REG_ADMIN_ROLES).await?;
    let report = orders::reconcile(&state, 0).await?;
    let detail = format!(
        "checked {} recovered {} closed {} refunded {}",
        report.checked, report.recovered, report.closed, report.refunded
    );
    crate::accounts::ssr::users::audit(
        &state.db,
        Some(staff.id),
        "payment.reconcile",
        "orders",
        &detail,
        state.now_ms(),
    )
    .await?;
    Ok(report)
}
