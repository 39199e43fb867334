//! What a save needs to know about its attempt that never changes once the paper is drawn: whose it is,
//! and each position's kind of question and number of options (issue 20: the save without a second round
//! trip). Kept in memory per server instance and filled on first use; every instance fills its own, which
//! is safe because nothing here can change (attempts keep their candidate, a drawn paper is fixed and
//! questions are never edited, only retired). What does change, the status and the deadline, is checked
//! by the save's own statement (`answer_writer`).
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::error::AppError;
use crate::exams::types::QuestionKind;
use crate::platform::AppState;

/// The most attempts kept; past it the cache starts afresh (a few MB at most: a paper is ~40 positions).
const MAX_ATTEMPTS: usize = 100_000;

#[derive(Debug, PartialEq)]
pub struct PaperShape {
    pub user_id: i64,
    /// By position: the kind and the option count of the question shown there.
    pub questions: HashMap<i64, (QuestionKind, u32)>,
}

#[derive(Clone, Default)]
pub struct PaperShapes {
    shapes: Arc<RwLock<HashMap<i64, Arc<PaperShape>>>>,
}

impl PaperShapes {
    fn get(&self, attempt_id: i64) -> Option<Arc<PaperShape>> {
        self.shapes.read().ok()?.get(&attempt_id).cloned()
    }

    fn put(&self, attempt_id: i64, shape: Arc<PaperShape>) {
        if let Ok(mut shapes) = self.shapes.write() {
            if shapes.len() >= MAX_ATTEMPTS {
                shapes.clear();
            }
            shapes.insert(attempt_id, shape);
        }
    }
}

/// The attempt's shape, read from the database on the first call on this instance. `NotFound` for an
/// attempt that doesn't exist (or has no paper yet).
pub async fn of_attempt(state: &AppState, attempt_id: i64) -> Result<Arc<PaperShape>, AppError> {
    if let Some(shape) = state.paper_shapes.get(attempt_id) {
        return Ok(shape);
    }
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT a.user_id, aq.position, q.kind, q.options FROM attempts a \
         JOIN attempt_questions aq ON aq.attempt_id = a.id JOIN questions q ON q.id = aq.question_id \
         WHERE a.id = $1",
    )
    .bind(attempt_id)
    .fetch_all(&state.db)
    .await?;
    let user_id = rows.first().map(|row| row.0).ok_or(AppError::NotFound)?;
    let mut questions = HashMap::with_capacity(rows.len());
    for (_, position, kind, options) in rows {
        let kind = QuestionKind::parse(&kind).ok_or_else(|| AppError::internal("question kind"))?;
        let option_count = serde_json::from_str::<Vec<String>>(&options).map_err(AppError::internal)?.len() as u32;
        questions.insert(position, (kind, option_count));
    }
    let shape = Arc::new(PaperShape { user_id, questions });
    state.paper_shapes.put(attempt_id, shape.clone());
    Ok(shape)
}
