//! Ticket server functions under `/api/tickets/`. Signed-in users see their own tickets; ticket staff
//! (support, exam office, operator) see and answer every ticket. Attachments are raw routes
//! (`ticket_routes.rs`) so the browser can show upload progress.
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::tickets::types::{TicketInput, TicketSummary, TicketThread};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::signed_in;
#[cfg(feature = "ssr")]
use crate::tickets::ssr;

/// 提交工单: category, subject, text, up to 5 uploaded attachments, optionally my application or attempt.
#[server(prefix = "/api", endpoint = "tickets/open", input = Json)]
pub async fn open_ticket(input: TicketInput) -> Result<i64, AppError> {
    let (state, user) = signed_in().await?;
    ssr::open(&state, &user, &input).await
}

/// 我的工单, newest activity first. Signed-in users.
#[server(prefix = "/api", endpoint = "tickets/mine", input = GetUrl)]
pub async fn my_tickets() -> Result<Vec<TicketSummary>, AppError> {
    let (state, user) = signed_in().await?;
    ssr::mine(&state, &user).await
}

/// A ticket's thread. Its owner and ticket staff; anyone else gets "not found".
#[server(prefix = "/api", endpoint = "tickets/thread", input = GetUrl)]
pub async fn load_ticket_thread(id: i64) -> Result<TicketThread, AppError> {
    let (state, user) = signed_in().await?;
    ssr::thread(&state, &user, id).await
}

/// A reply: support's answers are sent to the user by SMS. Owner and ticket staff; not when closed.
#[server(prefix = "/api", endpoint = "tickets/reply", input = Json)]
pub async fn reply_to_ticket(id: i64, body: String, file_ids: Vec<i64>) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    ssr::reply(&state, &user, id, &body, &file_ids).await
}

/// 关闭工单. Owner and ticket staff.
#[server(prefix = "/api", endpoint = "tickets/close", input = Json)]
pub async fn close_ticket(id: i64) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    ssr::close(&state, &user, id).await
}
