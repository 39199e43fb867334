//! Tickets against the database: issued with the payment, the subject → exam links that enrol the
//! candidates, the print window, the PDF and the public check.
use crate::accounts::forms::china_datetime;
use crate::accounts::ssr::users::{self, UserRow};
use crate::admission::types::{PrintWindowInput, TicketCheck, TicketLine, INSTRUCTIONS};
use crate::error::AppError;
use crate::exams::ssr::certificates::{mask_name, pdf_font};
use crate::platform::pdf::{render_ticket, TicketData};
use crate::platform::AppState;
use crate::rules::mask_id_number;

/// Issues a ticket per subject of a registration that was just paid (in the payment's transaction, so a
/// paid registration always has its tickets), and enrols the candidate in each subject's linked exam.
pub async fn issue(
    conn: &mut sqlx::AnyConnection,
    registration_id: i64,
    seat_no: i64,
    now: i64,
) -> Result<(), AppError> {
    let subjects: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT rs.subject_code, w.exam_year, r.window_id, r.user_id FROM registration_subjects rs \
         JOIN registrations r ON r.id = rs.registration_id JOIN reg_windows w ON w.id = r.window_id \
         WHERE rs.registration_id = $1 ORDER BY rs.subject_code",
    )
    .bind(registration_id)
    .fetch_all(&mut *conn)
    .await?;
    for (n, (subject, year, window_id, _)) in subjects.iter().enumerate() {
        // Year, window, registration and subject: unique, and readable over the phone.
        let ticket_no = format!("{year}{window_id:03}{registration_id:06}{:02}", n + 1);
        sqlx::query(
            "INSERT INTO admission_tickets (ticket_no, registration_id, subject_code, seat_no, created_ms) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (registration_id, subject_code) DO NOTHING",
        )
        .bind(&ticket_no)
        .bind(registration_id)
        .bind(subject)
        .bind(seat_no)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    if let Some((_, _, window_id, user_id)) = subjects.first() {
        sqlx::query(
            "INSERT INTO exam_candidates (exam_id, user_id) SELECT x.exam_id, $1 FROM reg_subject_exams x \
             JOIN registration_subjects rs ON rs.subject_code = x.subject_code \
             WHERE rs.registration_id = $2 AND x.window_id = $3 ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(registration_id)
        .bind(window_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Links a subject of a registration window to the formal exam that examines it, and enrols everyone
/// already paid for it. Returns how many were enrolled now.
pub async fn link_exam(
    state: &AppState,
    staff: &UserRow,
    window_id: i64,
    subject_code: &str,
    exam_id: i64,
) -> Result<u64, AppError> {
    let subject: Option<(String,)> =
        sqlx::query_as("SELECT s.code FROM reg_subjects s JOIN reg_windows w ON w.id = $1 WHERE s.code = $2")
            .bind(window_id)
            .bind(subject_code.trim())
            .fetch_optional(&state.db)
            .await?;
    if subject.is_none() {
        return Err(AppError::invalid("subject_code", "报名批次或科目代码不存在", "No such window or subject"));
    }
    let exam: Option<(String, String)> = sqlx::query_as("SELECT kind, eligibility FROM exams WHERE id = $1")
        .bind(exam_id)
        .fetch_optional(&state.db)
        .await?;
    if !matches!(exam.as_ref().map(|(k, e)| (k.as_str(), e.as_str())), Some(("formal", "list"))) {
        return Err(AppError::invalid(
            "exam_id",
            "请填写按名单参加的正式考试编号",
            "Give the id of a formal exam with a candidate list",
        ));
    }
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO reg_subject_exams (window_id, subject_code, exam_id) VALUES ($1, $2, $3) \
         ON CONFLICT (window_id, subject_code) DO UPDATE SET exam_id = excluded.exam_id",
    )
    .bind(window_id)
    .bind(subject_code.trim())
    .bind(exam_id)
    .execute(&mut *tx)
    .await?;
    let enrolled = sqlx::query(
        "INSERT INTO exam_candidates (exam_id, user_id) SELECT $1, r.user_id FROM registrations r \
         JOIN registration_subjects rs ON rs.registration_id = r.id \
         WHERE r.window_id = $2 AND rs.subject_code = $3 AND r.status = 'paid' ON CONFLICT DO NOTHING",
    )
    .bind(exam_id)
    .bind(window_id)
    .bind(subject_code.trim())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let detail = format!("window {window_id} subject {} -> exam {exam_id}; {enrolled} enrolled", subject_code.trim());
    users::audit(&mut *tx, Some(staff.id), "subject_exam_link", "registration", &detail, now).await?;
    tx.commit().await?;
    Ok(enrolled)
}

/// Opens the print window of a registration window's tickets.
pub async fn set_print_window(state: &AppState, staff: &UserRow, input: &PrintWindowInput) -> Result<(), AppError> {
    if input.until_ms <= input.from_ms {
        return Err(AppError::invalid("until_ms", "打印结束时间须晚于开始时间", "The end must come after the start"));
    }
    let updated = sqlx::query("UPDATE reg_windows SET tickets_from_ms = $1, tickets_until_ms = $2 WHERE id = $3")
        .bind(input.from_ms)
        .bind(input.until_ms)
        .bind(input.window_id)
        .execute(&state.db)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let detail = format!("window {} tickets {} – {}", input.window_id, input.from_ms, input.until_ms);
    users::audit(&state.db, Some(staff.id), "ticket_print_window", "registration", &detail, state.now_ms()).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TicketRow {
    ticket_no: String,
    user_id: i64,
    window_title: String,
    subject_name: String,
    exam_title: Option<String>,
    exam_start_ms: Option<i64>,
    site_name: Option<String>,
    site_address: Option<String>,
    seat_no: i64,
    tickets_from_ms: Option<i64>,
    tickets_until_ms: Option<i64>,
    real_name: String,
    id_number: String,
}

const TICKETS: &str = "SELECT t.ticket_no, r.user_id, w.title AS window_title, s.name AS subject_name, \
     e.title AS exam_title, e.start_ms AS exam_start_ms, st.name AS site_name, st.address AS site_address, t.seat_no, \
     w.tickets_from_ms, w.tickets_until_ms, u.real_name, u.id_number \
     FROM admission_tickets t JOIN registrations r ON r.id = t.registration_id \
     JOIN reg_windows w ON w.id = r.window_id JOIN reg_subjects s ON s.code = t.subject_code \
     JOIN users u ON u.id = r.user_id LEFT JOIN reg_sites st ON st.id = r.site_id \
     LEFT JOIN reg_subject_exams x ON x.window_id = r.window_id AND x.subject_code = t.subject_code \
     LEFT JOIN exams e ON e.id = x.exam_id WHERE r.status = 'paid'";

impl TicketRow {
    fn site(&self) -> String {
        match (&self.site_name, &self.site_address) {
            (Some(name), Some(address)) if !address.is_empty() => format!("{name}（{address}）"),
            (Some(name), _) => name.clone(),
            _ => "线上".into(),
        }
    }

    fn printable(&self, now: i64) -> bool {
        matches!((self.tickets_from_ms, self.tickets_until_ms), (Some(from), Some(until)) if from <= now && now <= until)
    }
}

/// My tickets, of every paid registration.
pub async fn mine(state: &AppState, user: &UserRow) -> Result<Vec<TicketLine>, AppError> {
    let rows: Vec<TicketRow> = sqlx::query_as(&format!("{TICKETS} AND r.user_id = $1 ORDER BY t.ticket_no"))
        .bind(user.id)
        .fetch_all(&state.db)
        .await?;
    let now = state.now_ms();
    Ok(rows
        .into_iter()
        .map(|row| TicketLine {
            printable: row.printable(now),
            site: row.site(),
            ticket_no: row.ticket_no,
            window_title: row.window_title,
            subject_name: row.subject_name,
            exam_title: row.exam_title,
            exam_start_ms: row.exam_start_ms,
            seat_no: row.seat_no,
            print_from_ms: row.tickets_from_ms,
            print_until_ms: row.tickets_until_ms,
        })
        .collect())
}

async fn by_number(state: &AppState, ticket_no: &str) -> Result<Option<TicketRow>, AppError> {
    Ok(sqlx::query_as(&format!("{TICKETS} AND t.ticket_no = $1"))
        .bind(ticket_no.trim())
        .fetch_optional(&state.db)
        .await?)
}

/// The ticket as a PDF: its holder only, and only inside the print window.
pub async fn pdf(state: &AppState, user: &UserRow, ticket_no: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let row = by_number(state, ticket_no).await?.filter(|r| r.user_id == user.id).ok_or(AppError::NotFound)?;
    let now = state.now_ms();
    match (row.tickets_from_ms, row.tickets_until_ms) {
        (Some(_), _) if row.printable(now) => {}
        (Some(from), Some(until)) if now < from => {
            let (from, until) = (china_datetime(from), china_datetime(until));
            return Err(AppError::refused(
                &format!("准考证打印时间为{from}至{until}，请届时再打印"),
                &format!("Tickets can be printed from {from} to {until}"),
            ));
        }
        (Some(_), _) => return Err(AppError::refused("准考证打印时间已结束", "The ticket printing time is over")),
        (None, _) => return Err(AppError::refused("准考证打印尚未开放，请留意通知", "Ticket printing isn't open yet")),
    }
    let photo = match crate::identity::ssr::verified_face_key(state, row.user_id).await? {
        Some(key) => Some(state.files.get(&key).await?),
        None => None,
    };
    let font = pdf_font(state).await?;
    let data = TicketData {
        title: row.window_title.clone(),
        verify_url: format!("{}/admission/{}", state.settings.exams.public_url.trim_end_matches('/'), row.ticket_no),
        site: row.site(),
        ticket_no: row.ticket_no.clone(),
        holder_name: row.real_name,
        id_number_masked: mask_id_number(&row.id_number),
        exam: row.exam_title.unwrap_or_else(|| row.window_title.clone()),
        subject: row.subject_name,
        time: row.exam_start_ms.map(china_datetime).unwrap_or_else(|| "另行通知".into()),
        seat: format!("{:03}", row.seat_no),
        instructions: INSTRUCTIONS.iter().map(|s| s.to_string()).collect(),
    };
    let bytes = tokio::task::spawn_blocking(move || render_ticket(&data, photo.as_deref(), &font))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(("application/pdf".into(), format!("admission-ticket-{}.pdf", row.ticket_no), bytes))
}

/// The public check behind the QR code (anyone): a genuine ticket's facts, the name masked.
pub async fn check(state: &AppState, ticket_no: &str) -> Result<TicketCheck, AppError> {
    let row = by_number(state, ticket_no).await?.ok_or(AppError::NotFound)?;
    Ok(TicketCheck {
        site: row.site(),
        ticket_no: row.ticket_no,
        holder_name_masked: mask_name(&row.real_name),
        window_title: row.window_title,
        subject_name: row.subject_name,
        exam_start_ms: row.exam_start_ms,
        seat_no: row.seat_no,
    })
}
