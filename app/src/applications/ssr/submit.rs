//! Printing the qualification review form (打印表格: a PDF that locks steps 1–3), step 4's attachments
//! and title proofs (checked by content and size), and submitting for review.
use crate::accounts::forms::today_in_china;
use crate::accounts::ssr::users::UserRow;
use crate::applications::rules;
use crate::applications::ssr::view::{add_log, assemble, LogLine};
use crate::applications::ssr::wizard::{ensure_editable, ensure_open, own, window, ApplicationRow};
use crate::applications::types::{AttachmentView, Part, ATTACHMENT_KINDS};
use crate::error::{AppError, Problems, Text};
use crate::identity::photo::FileKind;
use crate::platform::uploads::store_checked;
use crate::platform::AppState;

const ATTACHMENT_FORMATS: &[FileKind] = &[FileKind::Pdf, FileKind::Jpeg, FileKind::Png];
/// Files per kind (the "other" kind may hold several supporting documents).
const MAX_FILES_PER_KIND: usize = 5;

/// Everything steps 1–3 need before the form can be printed (and the application submitted).
async fn check_complete(state: &AppState, user: &UserRow, row: &ApplicationRow) -> Result<(), AppError> {
    let app = assemble(state, row).await?;
    let mut problems = Problems::default();
    if app.basic.political_status.is_empty() {
        problems.add("political_status", Text::new("请选择政治面貌", "Choose the political status"));
    }
    if app.region_path.is_empty() {
        problems.add("region", Text::new("请选择居住地区", "Choose the residence region"));
    }
    if app.unit_name.is_empty() {
        problems.add("unit", Text::new("请选择工作单位", "Choose the work unit"));
    }
    if app.basic.work.is_empty() {
        problems.add("work", Text::new("至少需要填写最近的一份工作经历", "Add at least your most recent job"));
    }
    problems.check("specialties", rules::check_specialty_count(app.specialties.len()));
    let legacy: Vec<(String,)> = sqlx::query_as(
        "SELECT e.specialty_code FROM expert_specialties e JOIN specialties s ON s.code = e.specialty_code \
         WHERE e.user_id = $1 AND s.legacy = 1",
    )
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    for (code,) in legacy {
        if !app.specialties.iter().any(|s| s.legacy_code.as_deref() == Some(&code)) {
            problems.add(
                "specialties",
                Text::new(
                    format!("旧专业 {code} 不能删除，请为其选择对应的新三级专业"),
                    format!("Map your old specialty {code} to a new level-3 one"),
                ),
            );
        }
    }
    problems.check("age", rules::check_age(&user.id_number, today_in_china(state.now_ms())));
    problems.into_result()
}

/// 打印表格: checks steps 1–3 and locks them; the form is then downloadable as PDF.
pub async fn print(state: &AppState, user: &UserRow, id: i64) -> Result<(), AppError> {
    let row = own(state, user, id).await?;
    if row.status == "draft" && row.printed_ms.is_some() {
        return Ok(());
    }
    ensure_editable(&row, Part::Specialties)?;
    check_complete(state, user, &row).await?;
    sqlx::query("UPDATE applications SET printed_ms = $1 WHERE id = $2 AND status = 'draft'")
        .bind(state.now_ms())
        .bind(id)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// The qualification review form with the applicant's data, once printed. The applicant, or a reviewer
/// (`row` already authorized by the caller).
pub async fn form_pdf(state: &AppState, row: &ApplicationRow) -> Result<Vec<u8>, AppError> {
    if row.printed_ms.is_none() {
        return Err(AppError::refused("请先在第三步点击“打印表格”", "Print the form in step 3 first"));
    }
    let app = assemble(state, row).await?;
    let mut rows: Vec<(String, String)> = vec![
        ("申报类型".into(), format!("{}（{}）", app.window.kind.label().zh, app.window.title)),
        ("姓名".into(), app.person.real_name.clone()),
        ("身份证号".into(), app.person.id_masked.clone()),
        ("出生日期".into(), app.person.birth.clone()),
        ("政治面貌".into(), app.basic.political_status.clone()),
        ("移动电话".into(), app.person.phone_masked.clone()),
        ("居住地区".into(), app.region_path.clone()),
        ("工作单位".into(), app.unit_name.clone()),
    ];
    for w in &app.basic.work {
        let end = if w.end_month.is_empty() { "至今".to_string() } else { w.end_month.clone() };
        rows.push(("工作经历".into(), format!("{} 至 {}　{}　{}", w.start_month, end, w.employer, w.position)));
    }
    for c in &app.certificates {
        rows.push(("执业资格证书".into(), format!("{}（{}）", c.name, c.number)));
    }
    for t in &app.titles {
        rows.push(("职称".into(), format!("{}（{}）", t.title, t.level)));
    }
    for e in &app.education {
        let check = if e.checked_online { "学信网在线核验" } else { "需现场核验" };
        let r = &e.input;
        rows.push((
            "学历学位".into(),
            format!("{} {} {} {} {}（{check}）", r.graduated_month, r.school, r.major, r.level, r.degree),
        ));
    }
    for s in &app.specialties {
        rows.push(("评标专业".into(), s.path.clone()));
    }
    rows.push(("专业描述".into(), app.description.clone()));
    rows.push(("申请人签字".into(), "　".into()));
    rows.push(("单位意见（盖章）".into(), "　".into()));
    let font = crate::exams::ssr::certificates::pdf_font(state).await?;
    tokio::task::spawn_blocking(move || crate::platform::pdf::render_form("评标专家资格审查表", &rows, &font))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

async fn store(state: &AppState, user: &UserRow, purpose: &str, bytes: Vec<u8>) -> Result<(i64, FileKind), AppError> {
    let file = store_checked(state, user.id, purpose, bytes, ATTACHMENT_FORMATS).await?;
    let (file_id,): (i64,) = sqlx::query_as(
        "INSERT INTO application_files (owner_user_id, purpose, storage_key, content_type, size_bytes, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user.id)
    .bind(purpose)
    .bind(&file.key)
    .bind(file.kind.mime())
    .bind(file.size_bytes)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    Ok((file_id, file.kind))
}

/// A title's proof (step 2): stored now, linked when step 2 is saved.
pub async fn upload_title_proof(state: &AppState, user: &UserRow, id: i64, bytes: Vec<u8>) -> Result<i64, AppError> {
    let row = own(state, user, id).await?;
    ensure_editable(&row, Part::Qualifications)?;
    Ok(store(state, user, "title_proof", bytes).await?.0)
}

/// Step 4: one attachment of a kind, PDF/JPG/PNG checked by content, ≤ [10] MB.
pub async fn add_attachment(
    state: &AppState,
    user: &UserRow,
    id: i64,
    kind: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<AttachmentView, AppError> {
    let row = own(state, user, id).await?;
    ensure_editable(&row, Part::Attachments)?;
    if !ATTACHMENT_KINDS.iter().any(|(k, ..)| *k == kind) {
        return Err(AppError::NotFound);
    }
    if kind == "review_form" && row.printed_ms.is_none() {
        return Err(AppError::refused("请先打印表格，签字盖章后再上传资格审查表", "Print the form first"));
    }
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM application_attachments WHERE application_id = $1 AND kind = $2")
            .bind(id)
            .bind(kind)
            .fetch_one(&state.db)
            .await?;
    if count as usize >= MAX_FILES_PER_KIND {
        return Err(AppError::refused(
            "该类附件已达5个，请先删除再上传",
            "5 files of this kind already: remove one first",
        ));
    }
    let (file_id, file_kind) = store(state, user, &format!("application_{kind}"), bytes).await?;
    let name: String = file_name.chars().filter(|c| !c.is_control() && !"/\\".contains(*c)).take(100).collect();
    let name = if name.trim().is_empty() { format!("{kind}.{}", file_kind.extension()) } else { name };
    let (attachment_id,): (i64,) = sqlx::query_as(
        "INSERT INTO application_attachments (application_id, kind, file_id, file_name, created_ms) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(kind)
    .bind(file_id)
    .bind(&name)
    .bind(state.now_ms())
    .fetch_one(&state.db)
    .await?;
    Ok(AttachmentView { id: attachment_id, kind: kind.into(), file_name: name })
}

pub async fn remove_attachment(state: &AppState, user: &UserRow, id: i64, attachment_id: i64) -> Result<(), AppError> {
    let row = own(state, user, id).await?;
    ensure_editable(&row, Part::Attachments)?;
    let done = sqlx::query("DELETE FROM application_attachments WHERE id = $1 AND application_id = $2")
        .bind(attachment_id)
        .bind(id)
        .execute(&state.db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// 提交审核: inside the window, printed, every required attachment, the age limit on this date. A
/// resubmission after a return goes back to the stage that returned it.
pub async fn submit(state: &AppState, user: &UserRow, id: i64) -> Result<(), AppError> {
    let row = own(state, user, id).await?;
    if !matches!(row.status.as_str(), "draft" | "returned") {
        return Err(AppError::refused("申请已提交审核，不能重复提交", "Already submitted"));
    }
    ensure_open(&window(state, user.id, row.window_id).await?)?;
    if row.printed_ms.is_none() {
        return Err(AppError::refused("请先在第三步点击“打印表格”", "Print the form in step 3 first"));
    }
    check_complete(state, user, &row).await?;
    let kinds: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT kind FROM application_attachments WHERE application_id = $1")
            .bind(id)
            .fetch_all(&state.db)
            .await?;
    let mut problems = Problems::default();
    for (kind, required, zh, en) in ATTACHMENT_KINDS {
        if required && !kinds.iter().any(|(k,)| k == kind) {
            problems.add(&format!("attachments.{kind}"), Text::new(format!("请上传{zh}"), format!("Upload the {en}")));
        }
    }
    problems.into_result()?;
    let (stage, action) = if row.status == "draft" { (1, "submitted") } else { (row.stage, "resubmitted") };
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let moved = sqlx::query(
        "UPDATE applications SET status = 'submitted', stage = $1, unlocked = '', submitted_ms = $2, updated_ms = $2 \
         WHERE id = $3 AND status = $4",
    )
    .bind(stage)
    .bind(now)
    .bind(id)
    .bind(&row.status)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(AppError::refused("申请已提交审核，不能重复提交", "Already submitted"));
    }
    sqlx::query(
        "UPDATE application_specialties SET status = 'pending' WHERE application_id = $1 AND status = 'returned'",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let line = LogLine { application_id: id, stage, actor: user.id, specialty: None, action, comment: "" };
    add_log(&mut *tx, &line, now).await?;
    tx.commit().await?;
    Ok(())
}
