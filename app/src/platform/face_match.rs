//! Comparing a live face with the verified ID face photo. No comparison model is configured yet, so
//! `compare` answers `None` and the caller sends the photo pair to the exam admin's review instead:
//! a match is never faked.
use crate::error::AppError;
use crate::platform::AppState;

/// `Some(same_person)` when a comparison model is available, `None` otherwise.
pub async fn compare(_state: &AppState, _reference: &[u8], _live: &[u8]) -> Result<Option<bool>, AppError> {
    Ok(None)
}
