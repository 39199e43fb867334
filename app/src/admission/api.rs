//! Ticket server functions. The PDF is a plain route (`GET /api/admission/{ticket_no}/pdf`, the exam
//! registration routes of the server).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::admission::types::{PrintWindowInput, TicketCheck, TicketLine};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::accounts::ssr::{auth, users::UserRow};
#[cfg(feature = "ssr")]
use crate::platform::{state, AppState};

#[cfg(feature = "ssr")]
async fn ticket_staff() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let staff =
        auth::require_role(&state, &auth::request_session().await?, crate::admission::types::TICKET_STAFF_ROLES)
            .await?;
    Ok((state, staff))
}

/// My admission tickets. Signed-in users.
#[server(prefix = "/api", endpoint = "admission/mine", input = GetUrl)]
pub async fn my_admission_tickets() -> Result<Vec<TicketLine>, AppError> {
    let state = state()?;
    let user = auth::require_user(&state, &auth::request_session().await?).await?;
    crate::admission::ssr::mine(&state, &user).await
}

/// The public check of a ticket (its QR code). Anyone.
#[server(prefix = "/api", endpoint = "admission/check", input = GetUrl)]
pub async fn check_admission_ticket(ticket_no: String) -> Result<TicketCheck, AppError> {
    crate::admission::ssr::check(&state()?, &ticket_no).await
}

/// Links a subject of a registration window to its exam, enrolling the paid candidates; returns how
/// many were enrolled now. Exam office.
#[server(prefix = "/api", endpoint = "admin/admission/link-exam", input = Json)]
pub async fn link_subject_exam(window_id: i64, subject_code: String, exam_id: i64) -> Result<u64, AppError> {
    let (state, staff) = ticket_staff().await?;
    crate::admission::ssr::link_exam(&state, &staff, window_id, &subject_code, exam_id).await
}

/// Opens the tickets' print window of a registration window. Exam office.
#[server(prefix = "/api", endpoint = "admin/admission/print-window", input = Json)]
pub async fn set_ticket_print_window(input: PrintWindowInput) -> Result<(), AppError> {
    let (state, staff) = ticket_staff().await?;
    crate::admission::ssr::set_print_window(&state, &staff, &input).await
}
