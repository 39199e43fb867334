//! Getting an organization back into its account. The login name: full name and credit code must both
//! match (seed 002: "缺一个就匹配不到信息"), then an SMS code to the 主代办人 shows it. The legal-entity
//! appeal (法人申诉), when that can't work (renamed, the 主代办人's phone gone): the current full name and
//! the credit code, a phone proven by SMS code, the licence copy and the change statement; support
//! decides in about a working day. Approved, the organization takes the stated name and a temporary
//! password goes to the proven phone.
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::accounts::ssr::codes;
use crate::accounts::ssr::users::{self, UserRow};
use crate::accounts::types::{CodePurpose, CodeSent};
use crate::error::{AppError, Problems, Text};
use crate::identity::photo::FileKind;
use crate::org_accounts::types::{no_such_org, OrgAppealFile, OrgAppealInput, OrgAppealItem};
use crate::platform::{db::is_unique_violation, sessions::session_error, storage::FileStore, AppState};
use crate::rules::{check_required, check_sms_code, check_uscc, mask_phone, normalize_phone};
use crate::ui::upload::StoredFile;

const APPEAL_KEY: &str = "org_appeal_draft";
const APPEAL_KINDS: &[FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf];

/// The organization with exactly this name and credit code, with its 主代办人's phone.
async fn matching(state: &AppState, full_name: &str, uscc: &str) -> Result<(i64, String), AppError> {
    let uscc = check_uscc(uscc).map_err(|e| AppError::field("uscc", &e))?;
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT o.id, u.phone FROM organizations o JOIN users u ON u.id = o.admin_user_id \
         WHERE o.full_name = $1 AND o.uscc = $2",
    )
    .bind(full_name.trim())
    .bind(uscc)
    .fetch_optional(&state.db)
    .await?;
    row.ok_or_else(no_such_org)
}

/// Login-name recovery, step one: both match, a code goes to the 主代办人.
pub async fn send_login_code(state: &AppState, full_name: &str, uscc: &str) -> Result<CodeSent, AppError> {
    let (_, phone) = matching(state, full_name, uscc).await?;
    codes::send_code(state, &phone, CodePurpose::RecoverUsername).await
}

/// Login-name recovery, step two: the code from the 主代办人's phone shows the login name.
pub async fn show_login(state: &AppState, full_name: &str, uscc: &str, code: &str) -> Result<String, AppError> {
    let code = check_sms_code(code).map_err(|e| AppError::field("code", &e))?;
    let (org_id, phone) = matching(state, full_name, uscc).await?;
    codes::consume_code(state, &phone, CodePurpose::RecoverUsername, &code).await?;
    let login: Option<(String,)> = sqlx::query_as("SELECT login_name FROM org_accounts WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(&state.db)
        .await?;
    login.map(|(name,)| name).ok_or_else(|| {
        AppError::refused(
            "本单位尚未开通单位账号，请由主代办人登录后开通",
            "The organization has no account yet: its agent opens one after signing in",
        )
    })
}

/// The appeal being filled in by this browser session, after its phone was proven.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct AppealDraft {
    org_id: i64,
    full_name: String,
    phone: String,
    /// (file, storage key, content type)
    files: Vec<(String, String, String)>,
}

async fn draft(session: &Session) -> Result<AppealDraft, AppError> {
    session
        .get::<AppealDraft>(APPEAL_KEY)
        .await
        .map_err(session_error)?
        .ok_or_else(|| AppError::refused("申诉填写已过期，请重新填写申诉信息", "The appeal form expired: start again"))
}

/// Starts a legal-entity appeal: the form checked, the phone's code consumed, the organization found by
/// its credit code (the name may be its new one), no other appeal of it waiting.
pub async fn start_appeal(state: &AppState, session: &Session, input: &OrgAppealInput) -> Result<String, AppError> {
    let mut problems = Problems::default();
    let full_name = problems.check(
        "full_name",
        check_required("单位全称", "full name", &input.full_name, crate::orgs::types::ORG_NAME_MAX_CHARS),
    );
    let uscc = problems.check("uscc", check_uscc(&input.uscc));
    let phone = problems.check("phone", normalize_phone(&input.phone));
    let code = problems.check("code", check_sms_code(&input.code));
    problems.into_result()?;
    let (Some(full_name), Some(uscc), Some(phone), Some(code)) = (full_name, uscc, phone, code) else {
        return Err(AppError::invalid("form", "表单不完整", "The form is incomplete"));
    };
    // The code first: until the phone is proven, every credit code gets the same answer.
    codes::consume_code(state, &phone, CodePurpose::Appeal, &code).await?;
    let org: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM organizations WHERE uscc = $1").bind(&uscc).fetch_optional(&state.db).await?;
    let (org_id,) = org.ok_or_else(|| {
        AppError::invalid(
            "uscc",
            "未找到该统一社会信用代码的单位，请核对；未注册的单位请直接注册",
            "No organization has this credit code: check it, or register the organization",
        )
    })?;
    let (waiting,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM org_appeals WHERE org_id = $1 AND status = 'pending'")
            .bind(org_id)
            .fetch_one(&state.db)
            .await?;
    if waiting > 0 {
        return Err(AppError::refused(
            "该单位已有申诉正在处理，请等待短信通知",
            "An appeal for this organization is already being handled: wait for the SMS",
        ));
    }
    let draft = AppealDraft { org_id, full_name, phone: phone.clone(), files: Vec::new() };
    session.insert(APPEAL_KEY, draft).await.map_err(session_error)?;
    Ok(mask_phone(&phone))
}

/// Stores one of the appeal's files, checked by content and size; a new one replaces the old.
pub async fn store_appeal_file(
    state: &AppState,
    session: &Session,
    file: OrgAppealFile,
    bytes: Vec<u8>,
) -> Result<StoredFile, AppError> {
    let mut draft = draft(session).await?;
    let owner = format!("org_appeal:{}", draft.org_id);
    let (bytes, kind) = crate::platform::uploads::check(state, &owner, bytes, APPEAL_KINDS).await?;
    let key = FileStore::new_key(&format!("org_appeal_{}", file.as_str()), kind.extension());
    let size_bytes = bytes.len() as i64;
    state.files.put(&key, bytes).await?;
    if let Some(old) = draft.files.iter().position(|(f, _, _)| f == file.as_str()) {
        let (_, old_key, _) = draft.files.remove(old);
        state.files.delete(&old_key).await?;
    }
    draft.files.push((file.as_str().to_string(), key, kind.mime().to_string()));
    session.insert(APPEAL_KEY, draft).await.map_err(session_error)?;
    Ok(StoredFile { file_id: 0, size_bytes })
}

/// Sends the appeal to support once both files are there; the proven phone is told by SMS.
pub async fn submit_appeal(state: &AppState, session: &Session) -> Result<(), AppError> {
    let draft = draft(session).await?;
    let file = |which: OrgAppealFile| draft.files.iter().find(|(f, _, _)| f == which.as_str()).cloned();
    let mut problems = Problems::default();
    for which in OrgAppealFile::ALL {
        if file(which).is_none() {
            let (zh, en) = which.label();
            problems.add(which.as_str(), Text::new(format!("请上传{zh}"), format!("Upload the {en}")));
        }
    }
    problems.into_result()?;
    let (Some((_, licence_key, licence_type)), Some((_, statement_key, statement_type))) =
        (file(OrgAppealFile::Licence), file(OrgAppealFile::Statement))
    else {
        return Err(AppError::NotFound);
    };
    let now = state.now_ms();
    sqlx::query(
        "INSERT INTO org_appeals (org_id, full_name, phone, licence_key, licence_type, statement_key, statement_type, \
         status, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
    )
    .bind(draft.org_id)
    .bind(&draft.full_name)
    .bind(&draft.phone)
    .bind(licence_key)
    .bind(licence_type)
    .bind(statement_key)
    .bind(statement_type)
    .bind(now)
    .execute(&state.db)
    .await?;
    session.remove::<AppealDraft>(APPEAL_KEY).await.map_err(session_error)?;
    let body = "【专家服务平台】您的单位法人申诉已提交，客服将在约1个工作日内处理，结果将以短信通知。";
    state.sms.send(&draft.phone, body, now).await
}

/// Waiting appeals, oldest first, beside the organization as registered.
pub async fn appeal_queue(state: &AppState) -> Result<Vec<OrgAppealItem>, AppError> {
    type Row = (i64, String, String, String, Option<String>, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.full_name, o.full_name, o.uscc, a.login_name, p.phone, p.created_ms FROM org_appeals p \
         JOIN organizations o ON o.id = p.org_id LEFT JOIN org_accounts a ON a.org_id = o.id \
         WHERE p.status = 'pending' ORDER BY p.created_ms, p.id LIMIT 100",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(appeal_id, stated_name, registered_name, uscc, login_name, phone, created_ms)| OrgAppealItem {
            appeal_id,
            stated_name,
            registered_name,
            uscc,
            login_name,
            phone_masked: mask_phone(&phone),
            created_ms,
        })
        .collect())
}

/// Support's decision. Approved: the stated name replaces the registered one (unless another
/// organization holds it), the account gets a temporary password (opened with the credit code as its
/// login if there was none), and the proven phone receives both. Refused: the reason, by SMS.
pub async fn decide_appeal(
    state: &AppState,
    staff: &UserRow,
    appeal_id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if !approve {
        check_required("不通过原因", "reason", reason, 200).map_err(|e| AppError::field("reason", &e))?;
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "UPDATE org_appeals SET status = $1, reviewer_id = $2, review_reason = $3, reviewed_ms = $4 \
         WHERE id = $5 AND status = 'pending' RETURNING org_id, full_name, phone",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(staff.id)
    .bind((!approve).then_some(reason))
    .bind(now)
    .bind(appeal_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (org_id, full_name, phone) = row.ok_or(AppError::NotFound)?;
    let (uscc,): (String,) =
        sqlx::query_as("SELECT uscc FROM organizations WHERE id = $1").bind(org_id).fetch_one(&mut *tx).await?;
    if !approve {
        let body = format!("【专家服务平台】您的单位法人申诉未通过：{reason}。");
        crate::platform::sms::queue(&mut tx, &phone, &body, now).await?;
        users::audit(&mut *tx, Some(staff.id), "org_appeal_refused", &full_name, reason, now).await?;
        tx.commit().await?;
        state.sms.wake();
        return Ok(());
    }
    let renamed = sqlx::query("UPDATE organizations SET full_name = $1 WHERE id = $2")
        .bind(&full_name)
        .bind(org_id)
        .execute(&mut *tx)
        .await;
    if let Err(err) = renamed {
        return Err(if is_unique_violation(&err, "organizations", "full_name") {
            AppError::refused(
                "申诉的单位名称已被其他单位使用，请核实后驳回",
                "Another organization holds the stated name: check, then refuse the appeal",
            )
        } else {
            err.into()
        });
    }
    let temporary = crate::support::ssr::temporary_password();
    let hash = state.hasher.hash(&temporary).await?;
    let login = format!("org_{}", uscc.to_ascii_lowercase());
    sqlx::query(
        "INSERT INTO org_accounts (org_id, login_name, login_key, password_hash, password_changed_ms, \
         must_change_password, created_ms) VALUES ($1, $2, $2, $3, $4, 1, $4) \
         ON CONFLICT (org_id) DO UPDATE SET password_hash = $3, password_changed_ms = $4, must_change_password = 1, \
         failed_logins = 0, failure_window_start_ms = NULL, locked_until_ms = NULL, \
         credentials_epoch = org_accounts.credentials_epoch + 1",
    )
    .bind(org_id)
    .bind(&login)
    .bind(hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (login_name,): (String,) = sqlx::query_as("SELECT login_name FROM org_accounts WHERE org_id = $1")
        .bind(org_id)
        .fetch_one(&mut *tx)
        .await?;
    let body = format!(
        "【专家服务平台】您的单位法人申诉已通过，单位名称已更新为{full_name}。登录名 {login_name}（也可用统一社会信用代码登录），\
         临时密码 {temporary}，请登录后立即修改密码。"
    );
    crate::platform::sms::queue(&mut tx, &phone, &body, now).await?;
    users::audit(&mut *tx, Some(staff.id), "org_appeal_approved", &full_name, &uscc, now).await?;
    tx.commit().await?;
    state.sms.wake();
    Ok(())
}

/// One of an appeal's files, for support.
pub async fn read_appeal_file(
    state: &AppState,
    appeal_id: i64,
    file: OrgAppealFile,
) -> Result<(String, String, Vec<u8>), AppError> {
    let column = match file {
        OrgAppealFile::Licence => "licence_key, licence_type",
        OrgAppealFile::Statement => "statement_key, statement_type",
    };
    let row: Option<(String, String)> = sqlx::query_as(&format!("SELECT {column} FROM org_appeals WHERE id = $1"))
        .bind(appeal_id)
        .fetch_optional(&state.db)
        .await?;
    let (key, content_type) = row.ok_or(AppError::NotFound)?;
    let extension = key.rsplit('.').next().unwrap_or("bin").to_string();
    let name = format!("org-appeal-{appeal_id}-{}.{extension}", file.as_str());
    Ok((content_type, name, state.files.get(&key).await?))
}
