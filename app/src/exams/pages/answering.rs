//! The answering page (SPEC §7): answer card left, question right, navigation, the candidate's name,
//! the server's remaining time and "交卷" at the bottom. Every answer is saved as it is given; answers
//! the server hasn't acknowledged stay in local storage and are sent again with backoff.
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::AppError;
use crate::exams::api::{attempt_paper, hand_in, move_to_question, save_answer};
use crate::exams::pages::confirm::{clock_text, js_now, timer_mark};
use crate::exams::pages::route_id;
use crate::exams::types::{AnswerValue, Paper, QuestionKind, QuestionView};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::camera::Camera;
use crate::ui::form::{FormAlert, FormState};

#[derive(Clone, Copy, Debug, PartialEq)]
enum SaveState {
    Saved,
    Saving,
    Offline,
}

/// Everything the page's parts share.
#[derive(Clone, Copy)]
struct Exam {
    attempt_id: i64,
    paper: StoredValue<Paper>,
    current: RwSignal<i64>,
    /// position → (answer, revision), as the candidate sees it.
    answers: RwSignal<BTreeMap<i64, (AnswerValue, i64)>>,
    unsent: RwSignal<BTreeMap<i64, (AnswerValue, i64)>>,
    save_state: RwSignal<SaveState>,
    switches: RwSignal<(i64, i64)>,
    finished: RwSignal<bool>,
}

impl Exam {
    fn question(&self, position: i64) -> Option<QuestionView> {
        self.paper.with_value(|p| p.questions.iter().find(|q| q.position == position).cloned())
    }
    fn count(&self) -> i64 {
        self.paper.with_value(|p| p.questions.len() as i64)
    }
    fn is_answered(&self, position: i64) -> bool {
        self.answers.with(|a| a.get(&position).is_some_and(|(v, _)| !v.is_blank()))
    }
    fn go(&self, position: i64) {
        let position = position.clamp(0, (self.count() - 1).max(0));
        if position != self.current.get_untracked() {
            self.current.set(position);
            let attempt_id = self.attempt_id;
            leptos::task::spawn_local(async move {
                let _ = move_to_question(attempt_id, position).await;
            });
        }
    }
    /// Records an answer with the next revision and queues it for the server.
    fn answer(&self, position: i64, value: AnswerValue) {
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
        #[cfg(feature = "csr")]
        self.unsent.with_untracked(|u| super::sync::store_unsent(self.attempt_id, u));
    }
}

#[component]
pub fn AnsweringPage() -> impl IntoView {
    let attempt_id = route_id();
    let paper = RwSignal::new(None::<Result<Paper, AppError>>);
    Effect::new(move |_| crate::ui::loaded::load(paper, attempt_paper(attempt_id.get())));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(p)) = paper.get() {
            if p.submitted {
                navigate(&format!("/attempts/{}/result", p.attempt_id), Default::default());
            }
        }
    });
    view! {
        <RequireSignIn>
            {crate::ui::loaded::loaded(paper, |p: Paper| (!p.submitted).then(|| view! { <ExamScreen paper=p/> }))}
        </RequireSignIn>
    }
}

#[component]
fn ExamScreen(paper: Paper) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let attempt_id = paper.attempt_id;
    let offset = RwSignal::new(paper.server_now_ms - js_now());
    let deadline = paper.deadline_ms;
    let mut answers: BTreeMap<i64, (AnswerValue, i64)> =
        paper.answers.iter().map(|a| (a.position, (a.answer.clone(), a.revision))).collect();
    #[cfg(feature = "csr")]
    let unsent: BTreeMap<i64, (AnswerValue, i64)> = super::sync::load_unsent(attempt_id)
        .into_iter()
        .filter(|(p, (_, r))| answers.get(p).is_none_or(|(_, saved)| r > saved))
        .collect();
    #[cfg(not(feature = "csr"))]
    let unsent: BTreeMap<i64, (AnswerValue, i64)> = BTreeMap::new();
    for (position, entry) in &unsent {
        answers.insert(*position, entry.clone());
    }
    let exam = Exam {
        attempt_id,
        current: RwSignal::new(paper.position),
        switches: RwSignal::new((paper.switch_count, paper.switch_limit)),
        paper: StoredValue::new(paper.clone()),
        answers: RwSignal::new(answers),
        unsent: RwSignal::new(unsent),
        save_state: RwSignal::new(SaveState::Saved),
        finished: RwSignal::new(false),
    };
    let remaining = RwSignal::new(deadline - (js_now() + offset.get_untracked()));
    let mark = Memo::new(move |_| timer_mark(remaining.get()));
    let switch_warning = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let form = FormState::new();
    let to_result = {
        let navigate = navigate.clone();
        move || navigate(&format!("/attempts/{attempt_id}/result"), Default::default())
    };
    #[cfg(feature = "csr")]
    {
        start_sync_loop(exam, offset, to_result.clone());
        let tick = gloo_timers::callback::Interval::new(500, move || {
            remaining.set(deadline - (js_now() + offset.get_untracked()));
        });
        let on_switch = {
            let to_result = to_result.clone();
            move |what: &'static str| {
                if exam.finished.get_untracked() {
                    return;
                }
                let to_result = to_result.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(outcome) = crate::exams::api::report_switch(attempt_id, what.to_string()).await {
                        exam.switches.set((outcome.switch_count, outcome.switch_limit));
                        if outcome.submitted {
                            exam.finished.set(true);
                            to_result();
                        } else {
                            switch_warning.set(true);
                        }
                    }
                });
            }
        };
        let switches = super::sync::watch_switches(on_switch);
        let keys = keyboard(exam);
        let guards = StoredValue::new_local(Some((tick, switches, keys)));
        on_cleanup(move || drop(guards.try_update_value(Option::take)));
    }
    // Time is up: the server submits; we send what is left, then show the result.
    Effect::new({
        let to_result = to_result.clone();
        move |_| {
            if remaining.get() <= 0 && !exam.finished.get_untracked() {
                exam.finished.set(true);
                let to_result = to_result.clone();
                leptos::task::spawn_local(async move {
                    flush(exam).await;
                    #[cfg(feature = "csr")]
                    gloo_timers::future::sleep(std::time::Duration::from_secs(6)).await;
                    let _ = hand_in(attempt_id).await;
                    to_result();
                });
            }
        }
    });
    let submit = move |_| {
        let to_result = to_result.clone();
        form.pending.set(true);
        leptos::task::spawn_local(async move {
            flush(exam).await;
            form.pending.set(false);
            form.run(hand_in(attempt_id), move |_| {
                exam.finished.set(true);
                to_result();
            });
        });
    };
    let unanswered =
        move || (0..exam.count()).filter(|p| !exam.is_answered(*p)).map(|p| (p + 1).to_string()).collect::<Vec<_>>();
    let name = paper.candidate_name.clone();
    view! {
        <div class="exam-page">
            {move || (!is_fullscreen_now()).then(|| view! {
                <div class="alert" role="status">
                    {i18n.t("请在全屏状态下作答，退出全屏将记为切屏。", "Answer in fullscreen: leaving it counts as a switch.")}" "
                    <button type="button" on:click=move |_| enter_fullscreen()>{i18n.t("进入全屏", "Go fullscreen")}</button>
                </div>
            })}
            <h1 class="exam-title">{paper.exam_title.clone()}</h1>
            {paper.proctoring.then(|| view! { <Proctor attempt_id=attempt_id min_secs=paper.snapshot_min_secs max_secs=paper.snapshot_max_secs/> })}
            <div class="exam-body">
                <AnswerCard exam=exam/>
                <QuestionPanel exam=exam/>
            </div>
            <footer class="exam-bar">
                <button type="button" on:click=move |_| exam.go(exam.current.get_untracked() - 1) disabled=move || exam.current.get() == 0>{i18n.t("上一题", "Previous")}</button>
                <button type="button" on:click=move |_| exam.go(exam.current.get_untracked() + 1) disabled=move || exam.current.get() + 1 >= exam.count()>{i18n.t("下一题", "Next")}</button>
                <span class="candidate">{i18n.t("考生：", "Candidate: ")}{name}</span>
                <span id="remaining" role="timer" aria-live="off">{i18n.t("剩余时间 ", "Time left ")}{move || clock_text(remaining.get())}</span>
                // Changes only when a mark is reached (the Memo drops equal values): announced then, not every second.
                <span class="sr-only" id="timer-announcement" aria-live="assertive">{move || mark.get().map(|m| format!("{}{m}{}", i18n.pick("剩余时间不足", "Less than "), i18n.pick("分钟", " minutes left")))}</span>
                <span id="save-state" role="status" data-state=move || format!("{:?}", exam.save_state.get())>{move || match exam.save_state.get() {
                    SaveState::Saved => i18n.pick("已保存", "Saved"),
                    SaveState::Saving => i18n.pick("保存中", "Saving"),
                    SaveState::Offline => i18n.pick("离线未保存", "Offline, not saved"),
                }}</span>
                <span id="switch-count">{move || { let (n, limit) = exam.switches.get(); format!("{}{n}/{limit}", i18n.pick("切屏 ", "Switches ")) }}</span>
                <button type="button" class="primary" on:click=move |_| confirming.set(true)>{i18n.t("交卷", "Hand in")}</button>
            </footer>
            {move || switch_warning.get().then(|| view! {
                <div class="dialog" role="alertdialog" aria-label=i18n.t("切屏警告", "Switch warning")>
                    <p>{move || { let (n, limit) = exam.switches.get(); format!("{}{n}{}{}{}", i18n.pick("您已切屏 ", "You have left the exam "), i18n.pick(" 次，还可切屏 ", " time(s); "), limit - n, i18n.pick(" 次，达到上限将自动收卷。", " more and the paper is submitted.")) }}</p>
                    <button type="button" class="primary" on:click=move |_| { switch_warning.set(false); enter_fullscreen(); }>{i18n.t("我知道了", "I understand")}</button>
                </div>
            })}
            {move || confirming.get().then(|| {
                let missing = unanswered();
                view! {
                    <div class="dialog" role="dialog" aria-label=i18n.t("确认交卷", "Confirm hand-in")>
                        {if missing.is_empty() {
                            view! { <p>{i18n.t("所有题目均已作答，确定交卷吗？", "Every question is answered. Hand in now?")}</p> }.into_any()
                        } else {
                            view! { <p id="unanswered">{i18n.t("以下题目尚未作答：", "Not answered yet: ")}{missing.join("、")}{i18n.t("。确定交卷吗？", ". Hand in anyway?")}</p> }.into_any()
                        }}
                        <FormAlert form=form/>
                        <button type="button" class="primary" on:click=submit.clone() disabled=move || form.pending.get()>{i18n.t("确定交卷", "Hand in")}</button>
                        " "
                        <button type="button" on:click=move |_| confirming.set(false)>{i18n.t("继续作答", "Keep answering")}</button>
                    </div>
                }
            })}
        </div>
    }
}

/// The camera stays on while answering; snapshots go to the server at random moments between
/// `min_secs` and `max_secs`; the camera going off is reported as an anomaly.
#[component]
fn Proctor(attempt_id: i64, min_secs: i64, max_secs: i64) -> impl IntoView {
    let i18n = use_i18n();
    let live = RwSignal::new(false);
    let was_live = StoredValue::new(false);
    Effect::new(move |_| {
        let now_live = live.get();
        if was_live.get_value() && !now_live {
            leptos::task::spawn_local(async move {
                let _ = crate::exams::api::report_camera_off(attempt_id).await;
            });
        }
        was_live.set_value(now_live);
    });
    let next_due = StoredValue::new(js_now() + random_between(min_secs, max_secs));
    let on_frame = Callback::new(move |jpeg: Vec<u8>| {
        if js_now() < next_due.get_value() {
            return;
        }
        next_due.set_value(js_now() + random_between(min_secs, max_secs));
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            let path = format!("/api/exams/attempts/{attempt_id}/snapshot");
            let _ = crate::ui::upload::upload::<crate::exams::types::SnapshotOutcome>(&path, jpeg, |_| {}).await;
        });
        #[cfg(not(feature = "csr"))]
        let _ = jpeg;
    });
    view! {
        <aside class="proctor" aria-label=i18n.t("监考摄像头", "Proctoring camera")>
            <Camera on_capture=Callback::new(|_| {}) live=live on_frame=on_frame frame_every_ms=1000 show_capture=false/>
        </aside>
    }
}

/// A random delay in ms between the two bounds (seconds).
fn random_between(min_secs: i64, max_secs: i64) -> i64 {
    #[cfg(feature = "csr")]
    let r = js_sys::Math::random();
    #[cfg(not(feature = "csr"))]
    let r = 0.5;
    let span = (max_secs - min_secs).max(0) as f64;
    ((min_secs as f64 + r * span) * 1000.0) as i64
}

fn is_fullscreen_now() -> bool {
    #[cfg(feature = "csr")]
    return super::sync::is_fullscreen();
    #[cfg(not(feature = "csr"))]
    true
}

fn enter_fullscreen() {
    #[cfg(feature = "csr")]
    super::sync::request_fullscreen();
}

#[component]
fn AnswerCard(exam: Exam) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="answer-card" aria-label=i18n.t("答题卡", "Answer card")>
            {(0..exam.count()).map(|position| view! {
                <button type="button" class:answered=move || exam.is_answered(position) class:current=move || exam.current.get() == position
                    aria-current=move || (exam.current.get() == position).then_some("step")
                    on:click=move |_| exam.go(position)>{position + 1}</button>
            }).collect_view()}
        </nav>
    }
}

#[component]
fn QuestionPanel(exam: Exam) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let position = exam.current.get();
        exam.question(position).map(|q| {
            let (zh, en) = q.kind.label();
            let body = if q.kind == QuestionKind::Fill {
                let value = move || match exam.answers.with(|a| a.get(&position).map(|(v, _)| v.clone())) {
                    Some(AnswerValue::Text(t)) => t,
                    _ => String::new(),
                };
                view! {
                    <label class="field">{i18n.t("答案", "Answer")}
                        <input type="text" maxlength="200" prop:value=value
                            on:change=move |ev| exam.answer(position, AnswerValue::Text(event_target_value(&ev)))/>
                    </label>
                }
                .into_any()
            } else {
                let multiple = q.kind == QuestionKind::Multiple;
                q.options.iter().enumerate().map(|(index, text)| {
                    let index = index as u32;
                    let letter = char::from(b'A' + index as u8);
                    let checked = move || exam.answers.with(|a| matches!(a.get(&position), Some((AnswerValue::Choices(c), _)) if c.contains(&index)));
                    view! {
                        <label class="option">
                            <input type=if multiple { "checkbox" } else { "radio" } name=format!("q{position}") prop:checked=checked
                                on:change=move |_| toggle(exam, position, index, multiple)/>
                            {format!("{letter}. {text}")}
                        </label>
                    }
                }).collect_view().into_any()
            };
            view! {
                <section class="question" aria-label=format!("第{}题", position + 1)>
                    <p class="question-head">{format!("{}. ", position + 1)}<span class="tag">{i18n.t(zh, en)}</span>{format!(" （{}分）", q.points)}</p>
                    <p class="stem">{q.stem.clone()}</p>
                    <div class="options">{body}</div>
                </section>
            }
        })
    }
}

/// Picks an option (single choice) or turns it on/off (multiple choice).
fn toggle(exam: Exam, position: i64, index: u32, multiple: bool) {
    let mut chosen = match exam.answers.with_untracked(|a| a.get(&position).map(|(v, _)| v.clone())) {
        Some(AnswerValue::Choices(c)) => c,
        _ => vec![],
    };
    if multiple {
        if let Some(at) = chosen.iter().position(|c| *c == index) {
            chosen.remove(at);
        } else {
            chosen.push(index);
            chosen.sort_unstable();
        }
    } else {
        chosen = vec![index];
    }
    exam.answer(position, AnswerValue::Choices(chosen));
}

/// Sends every unsent answer once; true when nothing is left unsent.
async fn flush(exam: Exam) -> bool {
    let pending: Vec<(i64, (AnswerValue, i64))> = exam.unsent.with_untracked(|u| u.clone().into_iter().collect());
    if pending.is_empty() {
        exam.save_state.set(SaveState::Saved);
        return true;
    }
    exam.save_state.set(SaveState::Saving);
    for (position, (answer, revision)) in pending {
        match save_answer(exam.attempt_id, position, answer, revision).await {
            // Stored, or the server already has this or a newer revision: either way it's safe.
            Ok(_) => exam.unsent.update(|u| {
                if u.get(&position).is_some_and(|(_, r)| *r <= revision) {
                    u.remove(&position);
                }
            }),
            Err(AppError::Transport(_) | AppError::Internal { .. } | AppError::Unavailable) => {
                exam.save_state.set(SaveState::Offline);
                return false;
            }
            // Refused (the exam is over) or invalid: sending it again can't help.
            Err(_) => exam.unsent.update(|u| {
                u.remove(&position);
            }),
        }
    }
    #[cfg(feature = "csr")]
    exam.unsent.with_untracked(|u| super::sync::store_unsent(exam.attempt_id, u));
    let done = exam.unsent.with_untracked(|u| u.is_empty());
    exam.save_state.set(if done { SaveState::Saved } else { SaveState::Saving });
    done
}

/// Sends answers as they are given; while offline, tries again after 1, 2, 4 … 30 seconds. Every
/// [`CLOCK_POLL_MS`] it also reads the server's clock (the timer follows the server, not this computer)
/// and notices an attempt the server has submitted meanwhile.
#[cfg(feature = "csr")]
fn start_sync_loop(exam: Exam, offset: RwSignal<i64>, to_result: impl Fn() + Clone + 'static) {
    const CLOCK_POLL_MS: f64 = 10_000.0;
    leptos::task::spawn_local(async move {
        let mut backoff_ms = 1_000u64;
        let mut last_poll = js_sys::Date::now();
        loop {
            if exam.finished.try_get_untracked().is_none() {
                return; // the page is gone
            }
            if js_sys::Date::now() - last_poll > CLOCK_POLL_MS {
                last_poll = js_sys::Date::now();
                if let Ok(clock) = crate::exams::api::clock_of_attempt(exam.attempt_id).await {
                    offset.set(clock.server_now_ms - js_now());
                    if clock.submitted && !exam.finished.get_untracked() {
                        flush(exam).await;
                        exam.finished.set(true);
                        to_result();
                        return;
                    }
                }
            }
            let idle = exam.unsent.try_with_untracked(|u| u.is_empty()).unwrap_or(true);
            let wait = if idle {
                200
            } else if flush(exam).await {
                backoff_ms = 1_000;
                200
            } else {
                let wait = backoff_ms;
                backoff_ms = (backoff_ms * 2).min(30_000);
                wait
            };
            super::sync::pause_unless_back_online(wait).await;
        }
    });
}

/// Arrow keys move between questions; digits 1–8 and letters A–H pick options (not while typing).
#[cfg(feature = "csr")]
fn keyboard(exam: Exam) -> KeyListener {
    use wasm_bindgen::JsCast;
    let handler =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|input| input.type_() == "text");
            if typing || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
                return;
            }
            let position = exam.current.get_untracked();
            match ev.key().as_str() {
                "ArrowLeft" | "ArrowUp" => {
                    ev.prevent_default();
                    exam.go(position - 1);
                }
                "ArrowRight" | "ArrowDown" => {
                    ev.prevent_default();
                    exam.go(position + 1);
                }
                key => {
                    let Some(question) = exam.question(position) else { return };
                    let c = key.chars().next().unwrap_or(' ').to_ascii_uppercase();
                    let index = match c {
                        '1'..='8' if key.len() == 1 => c as u32 - '1' as u32,
                        'A'..='H' if key.len() == 1 => c as u32 - 'A' as u32,
                        _ => return,
                    };
                    if question.kind != QuestionKind::Fill && (index as usize) < question.options.len() {
                        ev.prevent_default();
                        toggle(exam, position, index, question.kind == QuestionKind::Multiple);
                    }
                }
            }
        });
    let window = web_sys::window().expect("window");
    let _ = window.add_event_listener_with_callback_and_bool("keydown", handler.as_ref().unchecked_ref(), true);
    KeyListener(handler)
}

#[cfg(feature = "csr")]
struct KeyListener(wasm_bindgen::closure::Closure<dyn Fn(web_sys::KeyboardEvent)>);

#[cfg(feature = "csr")]
impl Drop for KeyListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(window) = web_sys::window() {
            let _ =
                window.remove_event_listener_with_callback_and_bool("keydown", self.0.as_ref().unchecked_ref(), true);
        }
    }
}
