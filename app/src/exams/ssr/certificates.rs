//! Certificates (SPEC §7): issued once per passed formal attempt, listed under 我的证书, downloaded as a
//! PDF (photo, name, masked ID, exam, date, serial, QR code to the public verification page).
use rand::Rng;

use crate::accounts::forms::china_datetime;
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::exams::types::{Certificate, Verification};
use crate::platform::pdf::{render_certificate, CertificateData};
use crate::platform::AppState;
use crate::rules::mask_id_number;

/// Issues the certificate of a passed formal attempt (nothing for mock exams, fails, or twice). A pass
/// the office reinstates (a rejected identity check overturned on review) makes its revoked one valid again.
/// Takes the caller's transaction: the outcome and its certificate are written together, so a crash
/// can't leave a pass without one.
pub async fn issue(conn: &mut sqlx::AnyConnection, now: i64, attempt_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(i64, i64, String, i64, i64, String, String)> = sqlx::query_as(
        "SELECT a.user_id, a.exam_id, e.title, a.score, a.max_score, u.real_name, u.id_number FROM attempts a \
         JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id \
         WHERE a.id = $1 AND a.outcome = 'passed' AND e.kind = 'formal'",
    )
    .bind(attempt_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((user_id, exam_id, title, score, max_score, name, id_number)) = row else { return Ok(None) };
    // Year, attempt and 32 random bits: unique, and not guessable from a neighbour's serial.
    let serial = format!("ZJ{}-{attempt_id:06}-{:08X}", &china_datetime(now)[..4], rand::thread_rng().gen::<u32>());
    sqlx::query(
        "INSERT INTO certificates (serial, attempt_id, user_id, exam_id, holder_name, id_number_masked, exam_title, \
         score, max_score, issued_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (attempt_id) DO UPDATE SET revoked_ms = NULL, revoked_reason = NULL",
    )
    .bind(&serial)
    .bind(attempt_id)
    .bind(user_id)
    .bind(exam_id)
    .bind(name)
    .bind(mask_id_number(&id_number))
    .bind(title)
    .bind(score)
    .bind(max_score)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Some(serial))
}

#[derive(sqlx::FromRow)]
struct CertificateRow {
    serial: String,
    user_id: i64,
    exam_title: String,
    holder_name: String,
    id_number_masked: String,
    score: i64,
    max_score: i64,
    issued_ms: i64,
    revoked_ms: Option<i64>,
    revoked_reason: Option<String>,
}

const COLUMNS: &str =
    "serial, user_id, exam_title, holder_name, id_number_masked, score, max_score, issued_ms, revoked_ms, revoked_reason";

fn to_certificate(row: CertificateRow) -> Certificate {
    Certificate {
        serial: row.serial,
        exam_title: row.exam_title,
        holder_name: row.holder_name,
        id_number_masked: row.id_number_masked,
        score: row.score,
        max_score: row.max_score,
        issued_ms: row.issued_ms,
        revoked_reason: row.revoked_reason,
    }
}

/// Revokes the certificate of an attempt whose pass the exam office overturned (in its transaction);
/// the certificate stays on record so that /verify can say why it no longer holds.
pub async fn revoke(conn: &mut sqlx::AnyConnection, now: i64, attempt_id: i64, reason: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE certificates SET revoked_ms = $1, revoked_reason = $2 WHERE attempt_id = $3 AND revoked_ms IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(attempt_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mine(state: &AppState, user: &UserRow) -> Result<Vec<Certificate>, AppError> {
    let rows: Vec<CertificateRow> =
        // A certificate tells the result: shown once the exam's results are (at hand-in or published).
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM certificates c WHERE c.user_id = $1 AND EXISTS (SELECT 1 FROM exams e \
             WHERE e.id = c.exam_id AND (e.show_result = 1 OR e.results_published_ms IS NOT NULL)) \
             ORDER BY c.issued_ms DESC"
        ))
            .bind(user.id)
            .fetch_all(&state.db)
            .await?;
    Ok(rows.into_iter().map(to_certificate).collect())
}

/// The certificates of everyone an organization authorized (its staff, seed 003 方式三), newest first,
/// shown as their holders see them: once the exam's results are. The caller checks who may ask.
pub async fn of_org_staff(state: &AppState, org_id: i64) -> Result<Vec<Certificate>, AppError> {
    let rows: Vec<CertificateRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM certificates c WHERE c.user_id IN \
         (SELECT g.user_id FROM organization_grants g WHERE g.org_id = $1) AND EXISTS (SELECT 1 FROM exams e \
         WHERE e.id = c.exam_id AND (e.show_result = 1 OR e.results_published_ms IS NOT NULL)) \
         ORDER BY c.issued_ms DESC, c.serial"
    ))
    .bind(org_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(to_certificate).collect())
}

async fn by_serial(state: &AppState, serial: &str) -> Result<Option<CertificateRow>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM certificates WHERE serial = $1"))
        .bind(serial.trim())
        .fetch_optional(&state.db)
        .await?)
}

/// "张*明": enough to recognise, not enough to harvest names from serials.
pub(crate) fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 | 1 => name.to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// The public verification (anyone, no sign-in).
pub async fn verify(state: &AppState, serial: &str) -> Result<Verification, AppError> {
    let found = by_serial(state, serial).await?;
    Ok(Verification {
        serial: serial.trim().to_string(),
        genuine: found.is_some(),
        holder_name_masked: found.as_ref().map(|c| mask_name(&c.holder_name)),
        exam_title: found.as_ref().map(|c| c.exam_title.clone()),
        issued_ms: found.as_ref().map(|c| c.issued_ms),
        revoked_ms: found.as_ref().and_then(|c| c.revoked_ms),
        revoked_reason: found.and_then(|c| c.revoked_reason),
    })
}

/// The PDF for its holder and for staff; anyone else gets "not found".
/// The CJK font of the PDFs, read once.
pub(crate) async fn pdf_font(state: &AppState) -> Result<std::sync::Arc<Vec<u8>>, AppError> {
    let path = &state.settings.exams.certificate_font;
    let read_font = || async {
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|e| AppError::internal(format!("certificate font {path}: {e} (run scripts/setup)")))?;
        Ok::<_, AppError>(std::sync::Arc::new(bytes))
    };
    Ok(state.certificate_font.get_or_try_init(read_font).await?.clone())
}

pub async fn pdf(state: &AppState, viewer: &UserRow, serial: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let cert = by_serial(state, serial).await?.ok_or(AppError::NotFound)?;
    if cert.user_id != viewer.id
        && !users::holds_any_role(&state.db, viewer.id, &["exam_admin", "support", "system_admin"]).await?
    {
        return Err(AppError::NotFound);
    }
    if cert.revoked_ms.is_some() {
        return Err(AppError::refused(
            "该证书已被撤销，不能下载",
            "This certificate was revoked and can't be downloaded",
        ));
    }
    let photo = match crate::identity::ssr::verified_face_key(state, cert.user_id).await? {
        Some(key) => Some(state.files.get(&key).await?),
        None => None,
    };
    let settings = &state.settings.exams;
    let font = pdf_font(state).await?;
    let date = china_datetime(cert.issued_ms);
    let data = CertificateData {
        verify_url: format!("{}/verify/{}", settings.public_url.trim_end_matches('/'), cert.serial),
        serial: cert.serial.clone(),
        holder_name: cert.holder_name,
        id_number_masked: cert.id_number_masked,
        exam_title: cert.exam_title,
        passed_on: format!(
            "{}年{}月{}日",
            &date[..4],
            date[5..7].trim_start_matches('0'),
            date[8..10].trim_start_matches('0')
        ),
        score: format!("{} / {}", cert.score, cert.max_score),
        issuer: settings.certificate_issuer.clone(),
    };
    let bytes = tokio::task::spawn_blocking(move || render_certificate(&data, photo.as_deref(), &font))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(("application/pdf".into(), format!("certificate-{}.pdf", cert.serial), bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_masked_in_the_middle() {
        assert_eq!(super::mask_name("张三"), "张*");
        assert_eq!(super::mask_name("张晓明"), "张*明");
        assert_eq!(super::mask_name("欧阳晓明"), "欧**明");
    }
}
