//! Ticket rules against the database: who may see and answer a thread, attachments that belong to their
//! uploader until sent, and the SMS that tells the user support has answered.
use sqlx::{Any, Transaction};

use crate::accounts::ssr::users::{holds_any_role, UserRow};
use crate::error::{AppError, Problems};
use crate::identity::photo::FileKind;
use crate::platform::uploads::store_checked;
use crate::platform::AppState;
use crate::tickets::rules::{check_body, check_category, check_file_count, check_subject};
use crate::tickets::types::{
    TicketFileView, TicketInput, TicketMessage, TicketSummary, TicketThread, TICKET_STAFF_ROLES,
};

const TICKET_FORMATS: &[FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf];

/// An attachment, stored now and linked to the message that sends it.
pub async fn upload(state: &AppState, user: &UserRow, bytes: Vec<u8>) -> Result<TicketFileView, AppError> {
    let file = store_checked(state, user.id, "ticket", bytes, TICKET_FORMATS).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO ticket_files (owner_user_id, storage_key, content_type, size_bytes, created_ms) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user.id)
    .bind(&file.key)
    .bind(file.kind.mime())
    .bind(file.size_bytes)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    Ok(TicketFileView { id, content_type: file.kind.mime().into(), size_bytes: file.size_bytes })
}

async fn is_staff(state: &AppState, user: &UserRow) -> Result<bool, AppError> {
    Ok(holds_any_role(&state.db, user.id, TICKET_STAFF_ROLES).await?)
}

/// Adds a message and links its files, which must be the author's own unsent uploads.
async fn add_message(
    tx: &mut Transaction<'static, Any>,
    ticket_id: i64,
    author: &UserRow,
    from_support: bool,
    body: &str,
    file_ids: &[i64],
    now: i64,
) -> Result<(), AppError> {
    let (message_id,): (i64,) = sqlx::query_as(
        "INSERT INTO ticket_messages (ticket_id, author_user_id, from_support, body, created_ms) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(ticket_id)
    .bind(author.id)
    .bind(from_support as i64)
    .bind(body)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for file_id in file_ids {
        let linked = sqlx::query(
            "UPDATE ticket_files SET message_id = $1 WHERE id = $2 AND owner_user_id = $3 AND message_id IS NULL",
        )
        .bind(message_id)
        .bind(file_id)
        .bind(author.id)
        .execute(&mut **tx)
        .await?;
        if linked.rows_affected() != 1 {
            return Err(AppError::invalid(
                "file",
                "附件无效，请重新上传",
                "An attachment is not valid: upload it again",
            ));
        }
    }
    Ok(())
}

/// Checks the links of a new ticket: only the user's own application or exam attempt.
async fn check_links(state: &AppState, user: &UserRow, input: &TicketInput) -> Result<Option<i64>, AppError> {
    if let Some(application_id) = input.application_id {
        let own: Option<(i64,)> = sqlx::query_as("SELECT id FROM applications WHERE id = $1 AND user_id = $2")
            .bind(application_id)
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?;
        own.ok_or_else(|| {
            AppError::invalid("application_id", "只能关联本人的申请", "Link one of your own applications")
        })?;
    }
    match input.attempt_id {
        None => Ok(None),
        Some(attempt_id) => {
            let own: Option<(i64,)> = sqlx::query_as("SELECT exam_id FROM attempts WHERE id = $1 AND user_id = $2")
                .bind(attempt_id)
                .bind(user.id)
                .fetch_optional(&state.db)
                .await?;
            let (exam_id,) = own.ok_or_else(|| {
                AppError::invalid("attempt_id", "只能关联本人的考试记录", "Link one of your own exam attempts")
            })?;
            Ok(Some(exam_id))
        }
    }
}

/// What a ticket is about (all optional).
struct Links {
    application_id: Option<i64>,
    attempt_id: Option<i64>,
    exam_id: Option<i64>,
}

async fn insert_ticket(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    category: &str,
    subject: &str,
    links: &Links,
    now: i64,
) -> Result<i64, AppError> {
    let (ticket_id,): (i64,) = sqlx::query_as(
        "INSERT INTO tickets (user_id, category, subject, status, application_id, attempt_id, exam_id, created_ms, updated_ms) \
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(user_id)
    .bind(category)
    .bind(subject)
    .bind(links.application_id)
    .bind(links.attempt_id)
    .bind(links.exam_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ticket_id)
}

/// 提交工单: every field checked, the ticket and its first message in one transaction.
pub async fn open(state: &AppState, user: &UserRow, input: &TicketInput) -> Result<i64, AppError> {
    let mut problems = Problems::default();
    let category = problems.check("category", check_category(&input.category));
    let subject = problems.check("subject", check_subject(&input.subject));
    let body = problems.check("body", check_body(&input.body));
    problems.check("file", check_file_count(input.file_ids.len()));
    problems.into_result()?;
    let (Some(category), Some(subject), Some(body)) = (category, subject, body) else {
        return Err(AppError::internal("checked fields missing"));
    };
    let exam_id = check_links(state, user, input).await?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let links = Links { application_id: input.application_id, attempt_id: input.attempt_id, exam_id };
    let ticket_id = insert_ticket(&mut tx, user.id, &category, &subject, &links, now).await?;
    add_message(&mut tx, ticket_id, user, false, &body, &input.file_ids, now).await?;
    tx.commit().await?;
    Ok(ticket_id)
}

/// A ticket the system files for the user (去反馈), with already-stored photos attached.
pub async fn open_for_user(
    state: &AppState,
    user: &UserRow,
    category: &str,
    subject: &str,
    body: &str,
    exam_id: Option<i64>,
    photos: &[(String, &str)],
) -> Result<i64, AppError> {
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let links = Links { application_id: None, attempt_id: None, exam_id };
    let ticket_id = insert_ticket(&mut tx, user.id, category, subject, &links, now).await?;
    let mut file_ids = Vec::new();
    for (key, content_type) in photos {
        let (file_id,): (i64,) = sqlx::query_as(
            "INSERT INTO ticket_files (owner_user_id, storage_key, content_type, size_bytes, created_ms) \
             VALUES ($1, $2, $3, 0, $4) RETURNING id",
        )
        .bind(user.id)
        .bind(key)
        .bind(*content_type)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        file_ids.push(file_id);
    }
    add_message(&mut tx, ticket_id, user, false, body, &file_ids, now).await?;
    tx.commit().await?;
    Ok(ticket_id)
}

#[derive(sqlx::FromRow)]
struct TicketRow {
    id: i64,
    user_id: i64,
    category: String,
    subject: String,
    status: String,
    application_id: Option<i64>,
    attempt_id: Option<i64>,
    exam_id: Option<i64>,
    updated_ms: i64,
}

const TICKET_COLUMNS: &str = "id, user_id, category, subject, status, application_id, attempt_id, exam_id, updated_ms";

impl TicketRow {
    fn summary(&self) -> TicketSummary {
        TicketSummary {
            id: self.id,
            category: self.category.clone(),
            subject: self.subject.clone(),
            status: self.status.clone(),
            updated_ms: self.updated_ms,
        }
    }
}

/// The ticket if the user may see it: its owner, or ticket staff (who answer as support).
async fn visible(state: &AppState, user: &UserRow, id: i64) -> Result<(TicketRow, bool), AppError> {
    let row: TicketRow = sqlx::query_as(&format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if is_staff(state, user).await? {
        return Ok((row, true));
    }
    // Someone else's ticket does not exist, as far as this user can tell.
    if row.user_id != user.id {
        return Err(AppError::NotFound);
    }
    Ok((row, false))
}

pub async fn mine(state: &AppState, user: &UserRow) -> Result<Vec<TicketSummary>, AppError> {
    let rows: Vec<TicketRow> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE user_id = $1 ORDER BY updated_ms DESC, id DESC"
    ))
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.iter().map(TicketRow::summary).collect())
}

pub async fn thread(state: &AppState, user: &UserRow, id: i64) -> Result<TicketThread, AppError> {
    let (row, staff_view) = visible(state, user, id).await?;
    let messages: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT m.id, m.from_support, u.real_name, m.body, m.created_ms FROM ticket_messages m \
         JOIN users u ON u.id = m.author_user_id WHERE m.ticket_id = $1 ORDER BY m.id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    let files: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT f.id, f.message_id, f.content_type, f.size_bytes FROM ticket_files f \
         JOIN ticket_messages m ON m.id = f.message_id WHERE m.ticket_id = $1 ORDER BY f.id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    let messages = messages
        .into_iter()
        .map(|(message_id, from_support, name, body, created_ms)| TicketMessage {
            from_support: from_support == 1,
            author: if from_support == 1 { "客服".into() } else { name },
            body,
            created_ms,
            files: files
                .iter()
                .filter(|f| f.1 == message_id)
                .map(|f| TicketFileView { id: f.0, content_type: f.2.clone(), size_bytes: f.3 })
                .collect(),
        })
        .collect();
    let about = match (row.application_id, row.exam_id, row.attempt_id) {
        (Some(a), ..) => Some(format!("申请 #{a}")),
        (None, Some(e), Some(t)) => Some(format!("考试 #{e} / 作答 #{t}")),
        (None, Some(e), None) => Some(format!("考试 #{e}")),
        _ => None,
    };
    Ok(TicketThread { ticket: row.summary(), about, messages, staff_view })
}

/// A reply. From support it marks the ticket answered and tells the user by SMS; from the user it
/// reopens it. A closed ticket takes no replies.
pub async fn reply(state: &AppState, user: &UserRow, id: i64, body: &str, file_ids: &[i64]) -> Result<(), AppError> {
    let (row, staff_view) = visible(state, user, id).await?;
    let from_support = staff_view && row.user_id != user.id;
    let mut problems = Problems::default();
    let body = problems.check("body", check_body(body));
    problems.check("file", check_file_count(file_ids.len()));
    problems.into_result()?;
    let body = body.unwrap_or_default();
    if row.status == "closed" {
        return Err(AppError::refused("工单已关闭，如有新问题请提交新工单", "The ticket is closed: open a new one"));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    add_message(&mut tx, id, user, from_support, &body, file_ids, now).await?;
    let status = if from_support { "answered" } else { "open" };
    sqlx::query("UPDATE tickets SET status = $1, updated_ms = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if from_support {
        let phone: (String,) =
            sqlx::query_as("SELECT phone FROM users WHERE id = $1").bind(row.user_id).fetch_one(&state.db).await?;
        let text =
            format!("【专家服务平台】您的工单#{id}“{}”已有客服回复，请登录个人中心“我的工单”查看。", row.subject);
        state.sms.send(&phone.0, &text, now).await?;
    }
    Ok(())
}

/// 关闭工单: the owner or staff.
pub async fn close(state: &AppState, user: &UserRow, id: i64) -> Result<(), AppError> {
    visible(state, user, id).await?;
    sqlx::query("UPDATE tickets SET status = 'closed', updated_ms = $1 WHERE id = $2")
        .bind(state.now_ms())
        .bind(id)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// An attachment's bytes, for whoever may see its ticket (unsent: only its uploader).
pub async fn file(state: &AppState, user: &UserRow, file_id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(i64, Option<i64>, String, String)> = sqlx::query_as(
        "SELECT f.owner_user_id, m.ticket_id, f.storage_key, f.content_type FROM ticket_files f \
         LEFT JOIN ticket_messages m ON m.id = f.message_id WHERE f.id = $1",
    )
    .bind(file_id)
    .fetch_optional(&state.db)
    .await?;
    let (owner, ticket_id, key, content_type) = row.ok_or(AppError::NotFound)?;
    match ticket_id {
        Some(ticket_id) => {
            visible(state, user, ticket_id).await?;
        }
        None if owner == user.id => {}
        None => return Err(AppError::NotFound),
    }
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    Ok((content_type, format!("ticket-file-{file_id}.{extension}"), state.files.get(&key).await?))
}
