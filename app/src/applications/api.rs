//! Application server functions: `/api/applications/*` for applicants (signed in; their own
//! applications only), `/api/reference/*` for the wizard's lists, `/api/review/*` for reviewers (their
//! stage and scope only) and `/api/admin/windows*` for system admins. Uploads and downloads are raw
//! routes in the server crate (`application_routes.rs`).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::applications::types::{
    Application, BasicInput, LegacySpecialty, QualificationsInput, QueueItem, Region, ReviewInput, SpecialtiesInput,
    Specialty, Unit, WindowInput, WindowView,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::accounts::ssr::{auth, users::UserRow};
#[cfg(feature = "ssr")]
use crate::applications::ssr::{catalog, reference, review, submit, view, wizard};
#[cfg(feature = "ssr")]
use crate::platform::{state, AppState};

pub const ADMIN_ROLES: &[&str] = &["system_admin"];

#[cfg(feature = "ssr")]
async fn signed_in() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    Ok((state, user))
}

#[cfg(feature = "ssr")]
async fn reviewer() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let user = auth::require_role(&state, &auth::request_session().await?, review::REVIEWER_ROLES).await?;
    Ok((state, user))
}

/// Open windows and those holding one of my applications. Signed-in users.
#[server(prefix = "/api", endpoint = "applications/windows", input = GetUrl)]
pub async fn application_windows() -> Result<Vec<WindowView>, AppError> {
    let (state, user) = signed_in().await?;
    wizard::windows(&state, &user).await
}

/// 去申请 / 前去续聘: my application in the window (started now if needed). Verified users, open windows.
#[server(prefix = "/api", endpoint = "applications/start", input = Json)]
pub async fn start_application(window_id: i64) -> Result<i64, AppError> {
    let (state, user) = signed_in().await?;
    wizard::start(&state, &user, window_id).await
}

/// My application with everything in it. Its applicant.
#[server(prefix = "/api", endpoint = "applications/get", input = GetUrl)]
pub async fn my_application(id: i64) -> Result<Application, AppError> {
    let (state, user) = signed_in().await?;
    view::assemble(&state, &wizard::own(&state, &user, id).await?).await
}

/// Step 1 draft. Its applicant, while the part is editable.
#[server(prefix = "/api", endpoint = "applications/save-basic", input = Json)]
pub async fn save_basic(id: i64, input: BasicInput) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    wizard::save_basic(&state, &user, id, &input).await
}

/// Step 2 draft. Its applicant, while the part is editable.
#[server(prefix = "/api", endpoint = "applications/save-qualifications", input = Json)]
pub async fn save_qualifications(id: i64, input: QualificationsInput) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    wizard::save_qualifications(&state, &user, id, &input).await
}

/// Step 3 draft. Its applicant, while the part is editable.
#[server(prefix = "/api", endpoint = "applications/save-specialties", input = Json)]
pub async fn save_specialties(id: i64, input: SpecialtiesInput) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    wizard::save_specialties(&state, &user, id, &input).await
}

/// The old level-2 specialties I hold in the pool, each with the new ones it may become (step 3).
#[server(prefix = "/api", endpoint = "applications/legacy-specialties", input = GetUrl)]
pub async fn legacy_specialties() -> Result<Vec<LegacySpecialty>, AppError> {
    let (state, user) = signed_in().await?;
    catalog::legacy_held(&state, user.id).await
}

/// 打印表格: checks steps 1–3 and locks them. Its applicant.
#[server(prefix = "/api", endpoint = "applications/print", input = Json)]
pub async fn print_form(id: i64) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    submit::print(&state, &user, id).await
}

/// Removes an attachment. Its applicant, while attachments are editable.
#[server(prefix = "/api", endpoint = "applications/remove-attachment", input = Json)]
pub async fn remove_attachment(id: i64, attachment_id: i64) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    submit::remove_attachment(&state, &user, id, attachment_id).await
}

/// 提交审核. Its applicant, inside the window.
#[server(prefix = "/api", endpoint = "applications/submit", input = Json)]
pub async fn submit_application(id: i64) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    submit::submit(&state, &user, id).await
}

/// Provinces (no parent) or the children of a province or city. Signed-in users.
#[server(prefix = "/api", endpoint = "reference/regions", input = GetUrl)]
pub async fn regions(parent: Option<String>) -> Result<Vec<Region>, AppError> {
    let (state, _) = signed_in().await?;
    reference::regions(&state, parent.as_deref()).await
}

/// Units whose name contains the query (2+ characters). Signed-in users.
#[server(prefix = "/api", endpoint = "reference/units", input = GetUrl)]
pub async fn search_units(query: String) -> Result<Vec<Unit>, AppError> {
    let (state, _) = signed_in().await?;
    reference::search_units(&state, &query).await
}

/// Asks support to add a missing unit. Signed-in users.
#[server(prefix = "/api", endpoint = "reference/request-unit", input = Json)]
pub async fn request_unit(name: String, note: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    reference::request_unit(&state, user.id, &name, &note).await
}

/// The catalog's categories (no parent) or the children of one. Signed-in users.
#[server(prefix = "/api", endpoint = "reference/specialties", input = GetUrl)]
pub async fn specialties(parent: Option<String>) -> Result<Vec<Specialty>, AppError> {
    let (state, _) = signed_in().await?;
    catalog::specialties(&state, parent.as_deref()).await
}

/// Applications waiting at my stage, in my region and specialty scope. Reviewers.
#[server(prefix = "/api", endpoint = "review/queue", input = GetUrl)]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    let (state, user) = reviewer().await?;
    review::queue(&state, &user).await
}

/// One application to review, with the specialties in my scope. Reviewers whose scope it is in now.
#[server(prefix = "/api", endpoint = "review/application", input = GetUrl)]
pub async fn application_for_review(id: i64) -> Result<(Application, Vec<String>), AppError> {
    let (state, user) = reviewer().await?;
    let row = wizard::by_id(&state, id).await?;
    let mine = review::reviewable(&state, &user, &row).await?;
    if row.status != "submitted" || mine.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((view::assemble(&state, &row).await?, mine))
}

/// Approves or returns specialties at the stage I saw. Reviewers of that stage and scope.
#[server(prefix = "/api", endpoint = "review/decide", input = Json)]
pub async fn decide_application(input: ReviewInput) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    review::decide(&state, &user, &input).await
}

/// Opens an application window. System admins.
#[server(prefix = "/api", endpoint = "admin/windows/create", input = Json)]
pub async fn create_window(input: WindowInput) -> Result<i64, AppError> {
    let state = state()?;
    auth::require_role(&state, &auth::request_session().await?, ADMIN_ROLES).await?;
    crate::applications::ssr::windows::create(&state, &input).await
}

/// Closes a window now. System admins.
#[server(prefix = "/api", endpoint = "admin/windows/close", input = Json)]
pub async fn close_window(window_id: i64) -> Result<(), AppError> {
    let state = state()?;
    auth::require_role(&state, &auth::request_session().await?, ADMIN_ROLES).await?;
    crate::applications::ssr::windows::close(&state, window_id).await
}

/// User names of the applicants approved by all four stages, waiting for the exam: the exam office
/// fills an exam's candidate list with them. Exam admins.
#[server(prefix = "/api", endpoint = "exam-admin/approved-applicants", input = GetUrl)]
pub async fn approved_applicants() -> Result<Vec<String>, AppError> {
    let state = state()?;
    auth::require_role(&state, &auth::request_session().await?, crate::exams::api::EXAM_ADMIN_ROLES).await?;
    review::approved_usernames(&state).await
}
