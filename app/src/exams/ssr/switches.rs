//! Tab switches (SPEC §7, seed 003): each one the page noticed, reported with the page's sequence
//! number and when it happened, even if the report arrives late (the page keeps unsent reports while
//! offline and across a reload). A report is taken once per sequence number; one action that fires
//! several events (hiding the tab and leaving fullscreen) counts once; the attempt is submitted at the
//! exam's limit.
use crate::accounts::ssr::users::UserRow;
use crate::error::AppError;
use crate::exams::ssr::attempts::own;
use crate::exams::ssr::{exams, grade};
use crate::exams::types::SwitchOutcome;
use crate::platform::AppState;

/// Events less than this apart are one action (the page also sends one report per action).
pub const SWITCH_DEBOUNCE_MS: i64 = 2_000;
/// A report later than this is noted as late in the office's event list.
const LATE_REPORT_MS: i64 = 5_000;

/// What left the exam: the tab hidden, fullscreen left, or another window in front.
fn event_kind(what: &str) -> &'static str {
    match what {
        "fullscreen" => "switch_fullscreen",
        "focus" => "switch_focus",
        _ => "switch_hidden",
    }
}

/// Records switch `seq` of the attempt, which the page saw at `at_ms` (server time as the page knows
/// it; bounded here by the attempt's start and now, so a page can't date a switch out of the attempt).
pub async fn record_switch(
    state: &AppState,
    user: &UserRow,
    attempt_id: i64,
    what: &str,
    seq: i64,
    at_ms: i64,
) -> Result<SwitchOutcome, AppError> {
    let attempt = own(state, user, attempt_id).await?;
    let limit = exams::by_id(state, attempt.exam_id).await?.switch_limit;
    if attempt.status != "in_progress" {
        return Ok(SwitchOutcome { switch_count: attempt.switch_count, switch_limit: limit, submitted: true });
    }
    let now = state.now_ms();
    let at = at_ms.clamp(attempt.started_ms, now);
    let mut tx = state.db.begin().await?;
    // Reports of one attempt are decided one at a time: this write takes the attempt row's lock
    // (PostgreSQL) or the database's write lock (SQLite) until the transaction ends, so the check
    // below sees every report decided before it, in whatever order they arrive.
    sqlx::query("UPDATE attempts SET switch_count = switch_count WHERE id = $1")
        .bind(attempt.id)
        .execute(&mut *tx)
        .await?;
    // Once per sequence number: a report sent again (its answer was lost) changes nothing.
    let new_report = sqlx::query(
        "INSERT INTO attempt_switches (attempt_id, seq, kind, at_ms, received_ms) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (attempt_id, seq) DO NOTHING",
    )
    .bind(attempt.id)
    .bind(seq)
    .bind(event_kind(what))
    .bind(at)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    // One action fires several events: counted unless a counted switch lies within the debounce.
    let (near,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM attempt_switches WHERE attempt_id = $1 AND counted = 1 AND at_ms > $2 AND at_ms < $3",
    )
    .bind(attempt.id)
    .bind(at - SWITCH_DEBOUNCE_MS)
    .bind(at + SWITCH_DEBOUNCE_MS)
    .fetch_one(&mut *tx)
    .await?;
    let counted = new_report
        && near == 0
        && sqlx::query(
            "UPDATE attempts SET switch_count = switch_count + 1, \
               last_switch_ms = CASE WHEN last_switch_ms IS NULL OR last_switch_ms < $1 THEN $1 ELSE last_switch_ms END \
             WHERE id = $2 AND status = 'in_progress'",
        )
        .bind(at)
        .bind(attempt.id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
    if counted {
        let late = now - at;
        let detail = if late > LATE_REPORT_MS { format!("reported {} s late", late / 1000) } else { String::new() };
        sqlx::query("UPDATE attempt_switches SET counted = 1 WHERE attempt_id = $1 AND seq = $2")
            .bind(attempt.id)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        crate::exams::ssr::proctoring::insert_event(&mut tx, at, attempt.id, event_kind(what), &detail, None).await?;
    }
    let (count,): (i64,) =
        sqlx::query_as("SELECT switch_count FROM attempts WHERE id = $1").bind(attempt.id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    let submitted = count >= limit;
    if submitted {
        grade::submit(state, attempt.id, "switches").await?;
    }
    Ok(SwitchOutcome { switch_count: count, switch_limit: limit, submitted })
}

/// A period the page was offline, for the office ("offline 47 s"): noted, never counted.
pub async fn record_offline(state: &AppState, user: &UserRow, attempt_id: i64, seconds: i64) -> Result<(), AppError> {
    let attempt = own(state, user, attempt_id).await?;
    if attempt.status != "in_progress" {
        return Ok(());
    }
    // Never longer than the attempt has lasted.
    let seconds = seconds.clamp(0, (state.now_ms() - attempt.started_ms) / 1000);
    crate::exams::ssr::proctoring::add_event(state, attempt.id, "offline", &format!("offline {seconds} s"), None).await
}
