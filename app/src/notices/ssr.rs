//! Notices against the database.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::{AppError, Problems, Text};
use crate::notices::types::{Notice, NoticeInput, HOME_NOTICES};
use crate::platform::AppState;
use crate::rules::check_required;

type NoticeRow = (i64, String, String, i64, i64, String);

fn to_notice((id, title, body, pinned, publish_ms, kind): NoticeRow) -> Notice {
    Notice { id, title, body, pinned: pinned == 1, publish_ms, kind }
}

/// What the home page shows: published notices, pinned first, then newest.
pub async fn published(state: &AppState) -> Result<Vec<Notice>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT id, title, body, pinned, publish_ms, kind FROM notices WHERE publish_ms <= $1 AND kind = 'notice' \
         ORDER BY pinned DESC, publish_ms DESC, id DESC LIMIT $2",
    )
    .bind(state.now_ms())
    .bind(HOME_NOTICES)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_notice).collect())
}

/// 办理指南: the published help pages, pinned first, then in the order they were written.
pub async fn guides(state: &AppState) -> Result<Vec<Notice>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT id, title, body, pinned, publish_ms, kind FROM notices WHERE publish_ms <= $1 AND kind = 'guide' \
         ORDER BY pinned DESC, publish_ms, id LIMIT 100",
    )
    .bind(state.now_ms())
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_notice).collect())
}

/// Every notice and guide, scheduled ones too, newest first (the admin's list).
pub async fn all(state: &AppState) -> Result<Vec<Notice>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT id, title, body, pinned, publish_ms, kind FROM notices ORDER BY publish_ms DESC, id DESC LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_notice).collect())
}

pub async fn create(state: &AppState, admin: &UserRow, input: &NoticeInput) -> Result<i64, AppError> {
    let mut problems = Problems::default();
    let title = problems.check("title", check_required("标题", "title", &input.title, 100));
    let body = problems.check("body", check_required("内容", "text", &input.body, 5000));
    let kind = match input.kind.as_str() {
        "" | "notice" => "notice",
        "guide" => "guide",
        _ => {
            problems.add("kind", Text::new("类型应为通知公告或办理指南", "the kind is a notice or a guide"));
            "notice"
        }
    };
    problems.into_result()?;
    let now = state.now_ms();
    let publish_ms = if input.publish_ms <= 0 { now } else { input.publish_ms };
    let title = title.unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO notices (title, body, pinned, publish_ms, created_by, created_ms, kind) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&title)
    .bind(body.unwrap_or_default())
    .bind(i64::from(input.pinned))
    .bind(publish_ms)
    .bind(admin.id)
    .bind(now)
    .bind(kind)
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
        kind: "notice".into(),
    };
    create(state, &admin, &notice).await?;
    let guide = NoticeInput {
        title: "专家申请办理指南".into(),
        body: "第一步 注册与实名认证：注册账号，在“实名认证”中上传身份证照片并拍摄人脸照片，审核结果以短信通知。\n\
               第二步 提交申请：在“待办事项”中点击“去申请”（在库专家点击“前去续聘”），按四个步骤填写并上传附件，打印资格审查表签字盖章后上传，提交审核。\n\
               第三步 审核：行业部门预审、市州审核、省级行业审核、省级终审依次办理，退回时按意见修改被退回的部分后重新提交。\n\
               第四步 培训考核与考试：审核通过后参加培训，按短信及“消息通知”中的时间参加征集（续聘）考试。\n\
               第五步 结果：考试成绩公布后，系统以短信通知最终的征集结果，通过者入选综合评标专家库。"
            .into(),
        pinned: true,
        publish_ms: 0,
        kind: "guide".into(),
    };
    create(state, &admin, &guide).await.map(|_| ())
}
