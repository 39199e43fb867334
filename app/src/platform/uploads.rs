//! What every upload goes through before and after the file store: its content checked by decoding,
//! a per-owner budget of uploads an hour (so nobody fills the disk with files they never send), and
//! the removal of files uploaded but never used (an identity photo never submitted, a ticket
//! attachment never sent, an application proof never attached, an appeal never finished) after a day.
use crate::error::{AppError, Text};
use crate::identity::photo::{check_content, FileKind};
use crate::platform::storage::FileStore;
use crate::platform::AppState;

const HOUR_MS: i64 = 3_600_000;
/// An upload not used by then is removed.
pub const UNUSED_AFTER_MS: i64 = 24 * HOUR_MS;
/// Files removed per table and housekeeping round, so one round stays short.
const BATCH: i64 = 500;

/// Counts one upload of `owner` (e.g. "user:7", "appeal:3") and refuses it past the hourly budget.
/// One statement counts and reads, so a burst of parallel uploads can't pass the budget.
pub async fn check_quota(state: &AppState, owner: &str) -> Result<(), AppError> {
    let limit = state.settings.identity.uploads_per_hour.max(1);
    let used = crate::platform::limits::count_one(state, "uploads", owner, HOUR_MS).await?;
    if used > limit {
        return Err(AppError::RateLimited {
            text: Text::new(
                format!("每小时最多上传{limit}个文件，请稍后再试"),
                format!("At most {limit} uploads an hour: try again later"),
            ),
            retry_after_secs: crate::platform::limits::retry_after_secs(state.now_ms(), HOUR_MS),
        });
    }
    Ok(())
}

/// Checks an upload's size and content (by decoding) against `allowed`, after the owner's budget; the
/// message for a refused file is on the field "file".
pub async fn check(
    state: &AppState,
    owner: &str,
    bytes: Vec<u8>,
    allowed: &[FileKind],
) -> Result<(Vec<u8>, FileKind), AppError> {
    check_quota(state, owner).await?;
    let max_bytes = state.settings.identity.max_upload_mb * 1024 * 1024;
    check_content(bytes, max_bytes, allowed).await.map_err(|p| AppError::invalid("file", &p.zh(), &p.en()))
}

/// A file checked by content and size and written to the store under a fresh key.
pub struct CheckedFile {
    pub key: String,
    pub kind: FileKind,
    pub size_bytes: i64,
}

/// Checks an upload of a signed-in user ([`check`]) and stores it. The caller records it in its own table.
pub async fn store_checked(
    state: &AppState,
    owner_user_id: i64,
    purpose: &str,
    bytes: Vec<u8>,
    allowed: &[FileKind],
) -> Result<CheckedFile, AppError> {
    let (bytes, kind) = check(state, &format!("user:{owner_user_id}"), bytes, allowed).await?;
    let key = FileStore::new_key(purpose, kind.extension());
    let size_bytes = bytes.len() as i64;
    state.files.put(&key, bytes).await?;
    Ok(CheckedFile { key, kind, size_bytes })
}

/// The uploads nothing uses, by table: (table, condition on its row `f`). Rows are removed, then their
/// files unless a ticket links the same bytes.
const UNUSED: &[(&str, &str)] = &[
    (
        "stored_files",
        "NOT EXISTS (SELECT 1 FROM identity_submissions i \
         WHERE i.id_front_file = f.id OR i.id_back_file = f.id OR i.face_file = f.id)",
    ),
    ("ticket_files", "f.message_id IS NULL"),
    (
        "application_files",
        "NOT EXISTS (SELECT 1 FROM application_attachments a WHERE a.file_id = f.id) \
         AND NOT EXISTS (SELECT 1 FROM application_titles t WHERE t.proof_file_id = f.id)",
    ),
    ("appeal_files", "EXISTS (SELECT 1 FROM account_appeals a WHERE a.id = f.appeal_id AND a.status = 'draft')"),
];

/// Removes uploads unused for a day, and appeals left unfinished as long (the housekeeping task).
/// Returns how many files went.
pub async fn remove_unused(state: &AppState) -> Result<usize, AppError> {
    let cutoff = state.now_ms() - UNUSED_AFTER_MS;
    let mut removed = 0;
    for (table, unused) in UNUSED {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT f.id, f.storage_key FROM {table} f WHERE f.created_ms < $1 AND {unused} ORDER BY f.id LIMIT {BATCH}"
        ))
        .bind(cutoff)
        .fetch_all(&state.db)
        .await?;
        for (id, key) in rows {
            sqlx::query(&format!("DELETE FROM {table} WHERE id = $1")).bind(id).execute(&state.db).await?;
            if !key_in_use(state, &key).await? {
                state.files.delete(&key).await?;
            }
            removed += 1;
        }
    }
    sqlx::query(
        "DELETE FROM account_appeals WHERE status = 'draft' AND created_ms < $1 \
         AND NOT EXISTS (SELECT 1 FROM appeal_files f WHERE f.appeal_id = account_appeals.id)",
    )
    .bind(cutoff)
    .execute(&state.db)
    .await?;
    Ok(removed)
}

/// Whether a ticket links the same bytes (去反馈 tickets attach the stored photos they are about; no
/// other record copies another's key).
async fn key_in_use(state: &AppState, key: &str) -> Result<bool, AppError> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM ticket_files WHERE storage_key = $1 LIMIT 1")
        .bind(key)
        .fetch_optional(&state.db)
        .await?;
    Ok(found.is_some())
}
