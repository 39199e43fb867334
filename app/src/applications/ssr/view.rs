//! One application put together for its applicant or a reviewer: the account's data (masked), the
//! steps' data, the specialties with their review state, the attachments and the review log.
use crate::accounts::ssr::users;
use crate::applications::ssr::wizard::{editable, window, ApplicationRow};
use crate::applications::ssr::{catalog, education, reference};
use crate::applications::types::{
    Application, AttachmentView, BasicInput, CertificateItem, LogEntry, PersonView, SpecialtyView, TitleItem, WorkItem,
};
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::{birth_date, mask_id_number, mask_phone};

pub async fn assemble(state: &AppState, row: &ApplicationRow) -> Result<Application, AppError> {
    let person = users::by_id(&state.db, row.user_id).await?.ok_or(AppError::NotFound)?;
    let id = row.id;
    let work: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT employer, position, start_month, end_month FROM application_work WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    let certificates: Vec<(String, String)> =
        sqlx::query_as("SELECT name, number FROM application_certificates WHERE application_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&state.db)
            .await?;
    let titles: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT title, level, proof_file_id FROM application_titles WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    let attachments: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, kind, file_name FROM application_attachments WHERE application_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&state.db)
            .await?;
    let region_code = row.region_code.clone().unwrap_or_default();
    let region_path = reference::region_path(state, &region_code).await?.unwrap_or_default();
    let unit_name = match row.unit_id {
        Some(unit) => reference::unit_name(state, unit).await?.unwrap_or_default(),
        None => String::new(),
    };
    let birth = birth_date(&person.id_number).map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")).unwrap_or_default();
    Ok(Application {
        id,
        window: window(state, row.user_id, row.window_id).await?,
        status: row.status.clone(),
        stage: row.stage,
        printed: row.printed_ms.is_some(),
        editable: editable(row),
        person: PersonView {
            real_name: person.real_name.clone(),
            id_masked: mask_id_number(&person.id_number),
            phone_masked: mask_phone(&person.phone),
            birth,
        },
        basic: BasicInput {
            political_status: row.political_status.clone(),
            region_code,
            unit_id: row.unit_id,
            work: work
                .into_iter()
                .map(|(employer, position, start_month, end_month)| WorkItem {
                    employer,
                    position,
                    start_month,
                    end_month,
                })
                .collect(),
        },
        region_path,
        unit_name,
        certificates: certificates.into_iter().map(|(name, number)| CertificateItem { name, number }).collect(),
        titles: titles
            .into_iter()
            .map(|(title, level, proof_file_id)| TitleItem { title, level, proof_file_id })
            .collect(),
        education: education::list(state, row.user_id).await?,
        specialties: specialties(state, id).await?,
        description: row.description.clone(),
        attachments: attachments
            .into_iter()
            .map(|(id, kind, file_name)| AttachmentView { id, kind, file_name })
            .collect(),
        log: log(state, id).await?,
    })
}

pub async fn specialties(state: &AppState, application_id: i64) -> Result<Vec<SpecialtyView>, AppError> {
    let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT specialty_code, legacy_code, status FROM application_specialties WHERE application_id = $1 ORDER BY specialty_code",
    )
    .bind(application_id)
    .fetch_all(&state.db)
    .await?;
    let mut views = Vec::new();
    for (code, legacy_code, status) in rows {
        let path = catalog::specialty_path(state, &code).await?.map(|(p, _, _)| p).unwrap_or_else(|| code.clone());
        views.push(SpecialtyView { code, path, legacy_code, status });
    }
    Ok(views)
}

async fn log(state: &AppState, application_id: i64) -> Result<Vec<LogEntry>, AppError> {
    type Row = (i64, Option<String>, Option<String>, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.stage, u.real_name, l.specialty_code, l.action, l.comment, l.created_ms FROM application_log l \
         LEFT JOIN users u ON u.id = l.actor_user_id WHERE l.application_id = $1 ORDER BY l.id",
    )
    .bind(application_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(stage, actor, specialty, action, comment, created_ms)| LogEntry {
            stage,
            actor: actor.unwrap_or_default(),
            specialty,
            action,
            comment,
            created_ms,
        })
        .collect())
}

/// One line of the review log (操作记录).
pub struct LogLine<'a> {
    pub application_id: i64,
    pub stage: i64,
    pub actor: i64,
    pub specialty: Option<&'a str>,
    pub action: &'a str,
    pub comment: &'a str,
}

pub async fn add_log(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    line: &LogLine<'_>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO application_log (application_id, stage, actor_user_id, specialty_code, action, comment, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(line.application_id)
    .bind(line.stage)
    .bind(line.actor)
    .bind(line.specialty)
    .bind(line.action)
    .bind(line.comment)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}
