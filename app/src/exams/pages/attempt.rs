//! The answering page's state in the browser: the paper, the answers as the candidate sees them, what
//! the server hasn't acknowledged yet (answers and the question on screen), and the loop that sends it.
//! Nothing the candidate did is dropped when a request fails: it stays queued (and in local storage)
//! and goes out again with backoff, at once when the network returns.
use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::exams::api::{move_to_question, save_answer, save_answers};
use crate::exams::pages::confirm::js_now;
use crate::exams::types::{AnswerSave, AnswerValue, Paper, QuestionView, SaveOutcome};

/// How long typing pauses before a fill-in answer is sent (blur, moving on, hand-in and time-up send at once).
pub const TYPING_PAUSE_MS: i64 = 1_000;

/// Events of one action (hiding the tab, leaving fullscreen, losing focus) closer than this are one switch.
#[cfg(feature = "csr")]
const ONE_ACTION_MS: i64 = 3_000;

/// A switch the server hasn't acknowledged: (sequence number, what, when in server time).
pub type QueuedSwitch = (i64, String, i64);

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    /// Given but not sent yet (the candidate is still typing).
    Pending,
    Saving,
    Offline,
}

/// Everything the page's parts share (the switch bookkeeping is used by the browser build only).
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "csr"), allow(dead_code))]
pub struct Exam {
    pub attempt_id: i64,
    pub paper: StoredValue<Paper>,
    pub current: RwSignal<i64>,
    /// position → (answer, revision), as the candidate sees it.
    pub answers: RwSignal<BTreeMap<i64, (AnswerValue, i64)>>,
    pub unsent: RwSignal<BTreeMap<i64, (AnswerValue, i64)>>,
    /// The question on screen, when the server doesn't know it yet.
    pub unsent_position: RwSignal<Option<i64>>,
    /// Answers are not sent before this time (ms) while the candidate is typing.
    pub hold_until: StoredValue<i64>,
    pub save_state: RwSignal<SaveState>,
    /// (counted by the server, limit).
    pub switches: RwSignal<(i64, i64)>,
    /// Switches noticed here and not yet acknowledged, kept across a reload; and the next sequence number.
    pub switch_queue: RwSignal<Vec<QueuedSwitch>>,
    pub next_seq: StoredValue<i64>,
    /// When the last switch was noticed (ms, this computer's clock).
    pub last_switch_at: StoredValue<i64>,
    /// The server counted a switch: the warning is shown.
    pub switch_warning: RwSignal<bool>,
    /// The server submitted the attempt (the switch limit): the page shows the result.
    pub submitted_by_server: RwSignal<bool>,
    /// Server time minus this computer's time.
    pub clock_offset: RwSignal<i64>,
    pub finished: RwSignal<bool>,
}

impl Exam {
    /// The state of a freshly opened page: the server's answers, overlaid with what this browser kept
    /// unsent (only where it is newer than the server's).
    pub fn open(paper: &Paper) -> Exam {
        let attempt_id = paper.attempt_id;
        let mut answers: BTreeMap<i64, (AnswerValue, i64)> =
            paper.answers.iter().map(|a| (a.position, (a.answer.clone(), a.revision))).collect();
        #[cfg(feature = "csr")]
        let (unsent, kept_position) = (super::sync::load_unsent(attempt_id), super::sync::load_position(attempt_id));
        #[cfg(not(feature = "csr"))]
        let (unsent, kept_position) = (BTreeMap::new(), None::<i64>);
        #[cfg(feature = "csr")]
        let (switch_queue, next_seq) = super::sync::load_switches(attempt_id);
        #[cfg(not(feature = "csr"))]
        let (switch_queue, next_seq) = (Vec::new(), 1);
        let unsent: BTreeMap<i64, (AnswerValue, i64)> =
            unsent.into_iter().filter(|(p, (_, r))| answers.get(p).is_none_or(|(_, saved)| r > saved)).collect();
        for (position, entry) in &unsent {
            answers.insert(*position, entry.clone());
        }
        let position = kept_position.unwrap_or(paper.position);
        Exam {
            attempt_id,
            current: RwSignal::new(position),
            unsent_position: RwSignal::new(kept_position.filter(|p| *p != paper.position)),
            switches: RwSignal::new((paper.switch_count, paper.switch_limit)),
            paper: StoredValue::new(paper.clone()),
            answers: RwSignal::new(answers),
            unsent: RwSignal::new(unsent),
            hold_until: StoredValue::new(0),
            save_state: RwSignal::new(SaveState::Saved),
            switch_queue: RwSignal::new(switch_queue),
            next_seq: StoredValue::new(next_seq),
            last_switch_at: StoredValue::new(i64::MIN / 2),
            switch_warning: RwSignal::new(false),
            submitted_by_server: RwSignal::new(false),
            clock_offset: RwSignal::new(paper.server_now_ms - js_now()),
            finished: RwSignal::new(false),
        }
    }
    /// A switch the page noticed: queued (and kept in local storage) until the server has it, so one
    /// made offline, or just before a reload, is still counted. Events of one action queue once.
    #[cfg(feature = "csr")]
    pub fn switched(&self, what: &str) {
        if self.finished.get_untracked() {
            return;
        }
        let now = js_now();
        if now - self.last_switch_at.get_value() < ONE_ACTION_MS {
            return;
        }
        self.last_switch_at.set_value(now);
        let seq = self.next_seq.get_value();
        self.next_seq.set_value(seq + 1);
        let at_ms = now + self.clock_offset.get_untracked();
        self.switch_queue.update(|q| q.push((seq, what.to_string(), at_ms)));
        self.send_now();
        self.store_switches();
    }
    fn store_switches(&self) {
        #[cfg(feature = "csr")]
        self.switch_queue
            .with_untracked(|q| super::sync::store_switches(self.attempt_id, q, self.next_seq.get_value()));
    }
    pub fn question(&self, position: i64) -> Option<QuestionView> {
        self.paper.with_value(|p| p.questions.iter().find(|q| q.position == position).cloned())
    }
    pub fn count(&self) -> i64 {
        self.paper.with_value(|p| p.questions.len() as i64)
    }
    pub fn is_answered(&self, position: i64) -> bool {
        self.answers.with(|a| a.get(&position).is_some_and(|(v, _)| !v.is_blank()))
    }
    /// How many answers and moves wait for the server.
    pub fn waiting(&self) -> usize {
        self.unsent.with(BTreeMap::len)
            + usize::from(self.unsent_position.with(Option::is_some))
            + self.switch_queue.with(Vec::len)
    }
    /// Shows another question; the server learns it (now, or when the network is back) so a reload
    /// in any browser resumes there.
    pub fn go(&self, position: i64) {
        let position = position.clamp(0, (self.count() - 1).max(0));
        if position != self.current.get_untracked() {
            self.send_now();
            self.current.set(position);
            self.unsent_position.set(Some(position));
            #[cfg(feature = "csr")]
            super::sync::store_position(self.attempt_id, Some(position));
        }
    }
    /// Records an answer with the next revision and queues it for the server.
    pub fn answer(&self, position: i64, value: AnswerValue) {
        if self.finished.get_untracked() {
            return;
        }
        let revision = self.answers.with_untracked(|a| a.get(&position).map(|(_, r)| *r).unwrap_or(0)) + 1;
        self.answers.update(|a| {
            a.insert(position, (value.clone(), revision));
        });
        self.unsent.update(|u| {
            u.insert(position, (value, revision));
        });
        if self.save_state.get_untracked() != SaveState::Offline {
            self.save_state.set(SaveState::Pending);
        }
        #[cfg(feature = "csr")]
        self.unsent.with_untracked(|u| super::sync::store_unsent(self.attempt_id, u));
    }
    /// A fill-in answer being typed: kept at once, sent when typing pauses.
    pub fn typed(&self, position: i64, text: String) {
        self.hold_until.set_value(js_now() + TYPING_PAUSE_MS);
        self.answer(position, AnswerValue::Text(text));
    }
    /// Ends the typing pause: the sync loop sends what is queued on its next turn.
    pub fn send_now(&self) {
        self.hold_until.set_value(0);
    }
    #[cfg(feature = "csr")]
    fn held(&self) -> bool {
        js_now() < self.hold_until.get_value()
    }
}

fn retryable(error: &AppError) -> bool {
    matches!(error, AppError::Transport(_) | AppError::Internal { .. } | AppError::Unavailable)
}

/// Sends the question on screen and every unsent answer once; true when nothing is left unsent.
pub async fn flush(exam: Exam) -> bool {
    if let Some(position) = exam.unsent_position.get_untracked() {
        match move_to_question(exam.attempt_id, position).await {
            Err(error) if retryable(&error) => {
                exam.save_state.set(SaveState::Offline);
                return false;
            }
            // Remembered, or refused (the exam is over): either way there is nothing to send again.
            _ => {
                if exam.unsent_position.get_untracked() == Some(position) {
                    exam.unsent_position.set(None);
                    #[cfg(feature = "csr")]
                    super::sync::store_position(exam.attempt_id, None);
                }
            }
        }
    }
    let pending: Vec<(i64, (AnswerValue, i64))> = exam.unsent.with_untracked(|u| u.clone().into_iter().collect());
    if pending.is_empty() {
        let sent = send_switches(exam).await;
        exam.save_state.set(if sent { SaveState::Saved } else { SaveState::Offline });
        return sent;
    }
    exam.save_state.set(SaveState::Saving);
    // Several kept answers (after an outage) go in one request; one alone, or a batch the server
    // refused as a whole, one by one.
    let mut sent_as_batch = false;
    if pending.len() > 1 {
        let batch = pending
            .iter()
            .map(|(position, (answer, revision))| AnswerSave {
                position: *position,
                answer: answer.clone(),
                revision: *revision,
            })
            .collect();
        match save_answers(exam.attempt_id, batch).await {
            Ok(outcomes) => {
                for ((position, (_, revision)), outcome) in pending.iter().zip(outcomes) {
                    if !settle(exam, *position, *revision, outcome) {
                        return false;
                    }
                }
                sent_as_batch = true;
            }
            Err(error) if retryable(&error) => {
                exam.save_state.set(SaveState::Offline);
                return false;
            }
            Err(_) => {}
        }
    }
    if !sent_as_batch {
        for (position, (answer, revision)) in pending {
            if !settle(exam, position, revision, save_answer(exam.attempt_id, position, answer, revision).await) {
                return false;
            }
        }
    }
    #[cfg(feature = "csr")]
    exam.unsent.with_untracked(|u| super::sync::store_unsent(exam.attempt_id, u));
    // Answers first: a switch may end the attempt, and the answers given before it count.
    if !send_switches(exam).await {
        exam.save_state.set(SaveState::Offline);
        return false;
    }
    let done = exam.unsent.with_untracked(|u| u.is_empty());
    // Typed again while this round was under way: the new text waits for its own round.
    exam.save_state.set(if done { SaveState::Saved } else { SaveState::Pending });
    done
}

/// Takes in the server's answer to one save; false when the network failed (the answer stays kept).
fn settle(exam: Exam, position: i64, revision: i64, outcome: Result<SaveOutcome, AppError>) -> bool {
    match outcome {
        // Stored, or the server already has this or a newer revision: either way it's safe.
        Ok(_) => exam.unsent.update(|u| {
            if u.get(&position).is_some_and(|(_, r)| *r <= revision) {
                u.remove(&position);
            }
        }),
        Err(error) if retryable(&error) => {
            exam.save_state.set(SaveState::Offline);
            return false;
        }
        // Refused (the exam is over) or invalid: sending it again can't help.
        Err(_) => exam.unsent.update(|u| {
            u.remove(&position);
        }),
    }
    true
}

/// Sends the queued switches in order; false when the network failed (they stay queued).
async fn send_switches(exam: Exam) -> bool {
    let queued: Vec<QueuedSwitch> = exam.switch_queue.get_untracked();
    for (seq, what, at_ms) in queued {
        match crate::exams::api::report_switch(exam.attempt_id, what, seq, at_ms).await {
            Err(error) if retryable(&error) => return false,
            outcome => {
                exam.switch_queue.update(|q| q.retain(|(s, ..)| *s != seq));
                exam.store_switches();
                if let Ok(outcome) = outcome {
                    exam.switches.set((outcome.switch_count, outcome.switch_limit));
                    if outcome.submitted {
                        exam.finished.set(true);
                        exam.submitted_by_server.set(true);
                        return true;
                    }
                    exam.switch_warning.set(true);
                }
            }
        }
    }
    true
}

/// Sends answers as they are given (fill-in text once typing pauses) and the switches noticed; while
/// offline, tries again after 1, 2, 4 … 30 seconds, or at once when the browser is back online, and
/// notes the time offline for the office. Every [`CLOCK_POLL_MS`] it also reads the server's clock (the
/// timer follows the server, not this computer) and notices an attempt the server has submitted.
#[cfg(feature = "csr")]
pub fn start_sync_loop(exam: Exam, to_result: impl Fn() + Clone + 'static) {
    const CLOCK_POLL_MS: f64 = 10_000.0;
    leptos::task::spawn_local(async move {
        let mut backoff_ms = 1_000u64;
        let mut last_poll = js_sys::Date::now();
        let mut offline_since: Option<f64> = None;
        loop {
            if exam.finished.try_get_untracked().is_none() {
                return; // the page is gone
            }
            if exam.submitted_by_server.get_untracked() {
                to_result();
                return;
            }
            let mut reached = None;
            if js_sys::Date::now() - last_poll > CLOCK_POLL_MS {
                last_poll = js_sys::Date::now();
                match crate::exams::api::clock_of_attempt(exam.attempt_id).await {
                    Ok(clock) => {
                        reached = Some(true);
                        exam.clock_offset.set(clock.server_now_ms - js_now());
                        if clock.submitted && !exam.finished.get_untracked() {
                            flush(exam).await;
                            exam.finished.set(true);
                            to_result();
                            return;
                        }
                    }
                    Err(error) if retryable(&error) => reached = Some(false),
                    Err(_) => {}
                }
            }
            let idle = exam.unsent.try_with_untracked(|u| u.is_empty()).unwrap_or(true)
                && exam.unsent_position.try_with_untracked(Option::is_none).unwrap_or(true)
                && exam.switch_queue.try_with_untracked(Vec::is_empty).unwrap_or(true);
            let wait = if idle || exam.held() {
                200
            } else if flush(exam).await {
                reached = Some(true);
                backoff_ms = 1_000;
                200
            } else {
                reached = Some(false);
                let wait = backoff_ms;
                backoff_ms = (backoff_ms * 2).min(30_000);
                wait
            };
            match (reached, offline_since) {
                (Some(false), None) => offline_since = Some(js_sys::Date::now()),
                (Some(true), Some(since)) => {
                    offline_since = None;
                    let seconds = ((js_sys::Date::now() - since) / 1000.0).round() as i64;
                    let _ = crate::exams::api::report_offline(exam.attempt_id, seconds).await;
                }
                _ => {}
            }
            super::sync::pause_unless_back_online(wait).await;
        }
    });
}
