//! Notices against the database.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, Problems};
use crate::notices::types::{Notice, NoticeInput, HOME_NOTICES};
use crate::platform::AppState;
use crate::rules::check_required;

type NoticeRow = (i64, String, String, i64, i64);

fn to_notice((id, title, body, pinned, publish_ms): NoticeRow) -> Notice {
    Notice { id, title, body, pinned: pinned == 1, publish_ms }
}

/// What the home page shows: published notices, pinned first, then newest.
pub async fn published(state: &AppState) -> Result<Vec<Notice>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT id, title, body, pinned, publish_ms FROM notices WHERE publish_ms <= $1 \
         ORDER BY pinned DESC, publish_ms DESC, id DESC LIMIT $2",
    )
    .bind(state.now_ms())
    .bind(HOME_NOTICES)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_notice).collect())
}

/// Every notice, scheduled ones too, newest first (the admin's list).
pub async fn all(state: &AppState) -> Result<Vec<Notice>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT id, title, body, pinned, publish_ms FROM notices ORDER BY publish_ms DESC, id DESC LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_notice).collect())
}

pub async fn create(state: &AppState, admin: &UserRow, input: &NoticeInput) -> Result<i64, AppError> {
    let mut problems = Problems::default();
    let title = problems.check("title", check_required("标题", "title", &input.title, 100));
    let body = problems.check("body", check_required("内容", "text", &input.body, 5000));
    problems.into_result()?;
    let now = state.now_ms();
    let publish_ms = if input.publish_ms <= 0 { now } else { input.publish_ms };
    let title = title.unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO notices (title, body, pinned, publish_ms, created_by, created_ms) VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id",
    )
    .bind(&title)
    .bind(body.unwrap_or_default())
    .bind(i64::from(input.pinned))
    .bind(publish_ms)
    .bind(admin.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    users::audit(&mut *tx, Some(admin.id), "notice_create", &title, &format!("notice {id}"), now).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete(state: &AppState, admin: &UserRow, id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let title: Option<(String,)> =
        sqlx::query_as("DELETE FROM notices WHERE id = $1 RETURNING title").bind(id).fetch_optional(&mut *tx).await?;
    let (title,) = title.ok_or(AppError::NotFound)?;
    users::audit(&mut *tx, Some(admin.id), "notice_delete", &title, &format!("notice {id}"), state.now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// The demo installation's board: one pinned notice, as the exam office would post it.
pub async fn seed_demo(state: &AppState) -> Result<(), AppError> {
    let admin = users::by_username(&state.db, "demo_admin").await?.ok_or(AppError::NotFound)?;
    let notice = NoticeInput {
        title: "本次专家征集及考试安排（演示）".into(),
        body: "一、申请：登录后在“待办事项”中提交专家申请，经四级审核通过后参加征集考试。\n\
               二、考试：考试时间以短信及“消息通知”为准，开考前请完成考前确认（设备检测、人脸核验）。\n\
               三、结果：考试成绩公布后，入库结果将以短信通知。"
            .into(),
        pinned: true,
        publish_ms: 0,
    };
    create(state, &admin, &notice).await.map(|_| ())
}
