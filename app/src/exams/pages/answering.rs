//! The answering page (SPEC §7): answer card left, question right, navigation, the candidate's name,
//! the server's remaining time and "交卷" at the bottom. Nothing else of the site is shown (leaving
//! the page is a switch anyway). Every answer is saved as it is given (see `attempt`).
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::AppError;
use crate::exams::api::{attempt_paper, hand_in};
use crate::exams::pages::attempt::{flush, Exam, SaveState};
use crate::exams::pages::confirm::{clock_text, js_now, timer_mark};
use crate::exams::pages::proctor::Proctor;
use crate::exams::pages::question::{AnswerCard, QuestionPanel};
use crate::exams::pages::route_id;
use crate::exams::types::Paper;
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState};

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
    let deadline = paper.deadline_ms;
    let exam = Exam::open(&paper);
    let offset = exam.clock_offset;
    let remaining = RwSignal::new(deadline - (js_now() + offset.get_untracked()));
    let mark = Memo::new(move |_| timer_mark(remaining.get()));
    // Screen readers hear a mark when it is crossed during the attempt, not the one the exam opens in
    // (a 20-minute exam opens with less than 30 minutes left).
    let opening_mark = timer_mark(remaining.get_untracked());
    let announcement = move || {
        mark.get()
            .filter(|m| Some(*m) != opening_mark)
            .map(|m| format!("{}{m}{}", i18n.pick("剩余时间不足", "Less than "), i18n.pick("分钟", " minutes left")))
    };
    let switch_warning = exam.switch_warning;
    let camera_starting = RwSignal::new(false);
    let prompt_notice = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let form = FormState::new();
    let to_result = {
        let navigate = navigate.clone();
        move || navigate(&format!("/attempts/{attempt_id}/result"), Default::default())
    };
    #[cfg(feature = "csr")]
    {
        super::attempt::start_sync_loop(exam, to_result.clone());
        let tick = gloo_timers::callback::Interval::new(500, move || {
            remaining.set(deadline - (js_now() + offset.get_untracked()));
        });
        // While the proctor camera is being opened the browser may ask for permission, which leaves
        // fullscreen and takes focus: not the candidate's doing, so not a switch (they are told why).
        let on_switch = move |what: &'static str| {
            if camera_starting.get_untracked() && what != "hidden" {
                prompt_notice.set(true);
            } else {
                exam.switched(what);
            }
        };
        let switches = super::sync::watch_switches(on_switch);
        let keys = super::question::keyboard(exam);
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
            {move || (exam.save_state.get() == SaveState::Offline).then(|| view! {
                <div class="alert alert-warn offline-banner" role="alert">
                    <strong>{i18n.t("网络已断开。", "You are offline. ")}</strong>
                    {i18n.t("您的答案已保存在本浏览器中，网络恢复后将自动提交，请勿关闭或刷新页面。待提交：",
                        "Your answers are kept in this browser and will be sent when the network is back; do not close this page. Waiting to be sent: ")}
                    <span id="waiting-count">{move || exam.waiting()}</span>
                </div>
            })}
            {move || prompt_notice.get().then(|| view! {
                <div class="alert alert-warn" role="status">
                    {i18n.t("浏览器请求摄像头权限时退出了全屏，这不计为切屏。请允许摄像头后重新进入全屏。",
                        "The browser left fullscreen to ask for the camera: that is not counted as a switch. Allow the camera, then go fullscreen again.")}" "
                    <button type="button" on:click=move |_| { prompt_notice.set(false); enter_fullscreen(); }>{i18n.t("进入全屏", "Go fullscreen")}</button>
                </div>
            })}
            <h1 class="exam-title">{paper.exam_title.clone()}</h1>
            {paper.proctoring.then(|| view! { <Proctor attempt_id=attempt_id min_secs=paper.snapshot_min_secs max_secs=paper.snapshot_max_secs camera_starting=camera_starting/> })}
            <div class="exam-body">
                <AnswerCard exam=exam/>
                <QuestionPanel exam=exam/>
            </div>
            <footer class="exam-bar">
                <button type="button" on:click=move |_| exam.go(exam.current.get_untracked() - 1) disabled=move || exam.current.get() == 0>{i18n.t("上一题", "Previous")}</button>
                <button type="button" on:click=move |_| exam.go(exam.current.get_untracked() + 1) disabled=move || { exam.current.get() + 1 >= exam.count() }>{i18n.t("下一题", "Next")}</button>
                <span class="candidate">{i18n.t("考生：", "Candidate: ")}{name}</span>
                <span id="remaining" role="timer" aria-live="off">{i18n.t("剩余时间 ", "Time left ")}{move || clock_text(remaining.get())}</span>
                // Changes only when a mark is reached (the Memo drops equal values): announced then, not every second.
                <span class="sr-only" id="timer-announcement" aria-live="assertive">{announcement}</span>
                <span id="save-state" role="status" data-state=move || format!("{:?}", exam.save_state.get())>{move || match exam.save_state.get() {
                    SaveState::Saved => i18n.pick("已保存", "Saved"),
                    SaveState::Pending => i18n.pick("待保存", "Not saved yet"),
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
                            view! { <p id="unanswered">{i18n.t("以下题目尚未作答：", "Not answered yet: ")}{missing.join(i18n.sep())}{i18n.t("。确定交卷吗？", ". Hand in anyway?")}</p> }.into_any()
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
