//! Exam pages: 我的考试, 考前确认 and the waiting room, the answering page, the result.
mod admin;
mod answering;
mod attempt;
mod certificates;
mod confirm;
mod proctor;
mod question;
mod results;
mod setup;
#[cfg(feature = "csr")]
mod sync;

pub use admin::{AttemptReviewPage, ExamAdminPage};
pub use answering::AnsweringPage;
pub use certificates::{MyCertificatesPage, VerifyPage};
pub use confirm::{ConfirmPage, WaitingRoomPage};
pub use setup::{china_local_or_now, china_local_to_ms};

use leptos::prelude::*;

use crate::me::CentreNav;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::exams::api::{complain, my_exams, result_of_attempt};
use crate::exams::types::{AttemptResult, Complaint, MyExam};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState};
use crate::ui::loaded::{load, loaded};

/// "2026-11-24 09:00" in China time, for start times.
pub fn china_time(ms: i64) -> String {
    crate::accounts::forms::china_datetime(ms)
}

/// The `:id` of the current route.
pub fn route_id() -> Signal<i64> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("id").and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// 我的考试: every exam the candidate may sit, with the way in that fits its state.
#[component]
pub fn MyExamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let exams = RwSignal::new(None::<Result<Vec<MyExam>, AppError>>);
    Effect::new(move |_| load(exams, my_exams()));
    let rows = move |list: Vec<MyExam>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("暂无可参加的考试。", "No exams for you yet.")}</p> }.into_any();
        }
        list.into_iter().map(|exam| view! { <ExamCard exam=exam/> }).collect_view().into_any()
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("我的考试", "My exams")}</h1>
                <p class="aside">{i18n.t(
                    "考试仅支持电脑端浏览器（需摄像头），请勿使用手机参加考试。",
                    "Exams need a desktop browser with a camera: phones are not supported.",
                )}</p>
                {loaded(exams, rows)}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn ExamCard(exam: MyExam) -> impl IntoView {
    let i18n = use_i18n();
    let mock = exam.kind == "mock";
    let attempts = if exam.max_attempts == 0 {
        format!("{}", exam.attempts_used)
    } else {
        format!("{} / {}", exam.attempts_used, exam.max_attempts)
    };
    let can_start = exam.max_attempts == 0 || exam.attempts_used < exam.max_attempts;
    let action = match (exam.open_attempt, can_start) {
        (Some(attempt), _) => {
            view! { <a class="button primary" href=format!("/attempts/{attempt}")>{i18n.t("继续作答", "Resume")}</a> }
                .into_any()
        }
        (None, true) => view! {
            <a class="button primary" href=format!("/exams/{}/confirm", exam.exam_id)>
                {if mock { i18n.t("开始练习", "Start practice") } else { i18n.t("开始考试", "Start exam") }}
            </a>
        }
        .into_any(),
        (None, false) => ().into_any(),
    };
    view! {
        <article class="exam" aria-label=exam.title.clone()>
            <h2>{exam.title.clone()}" "<span class="tag">{if mock { i18n.t("模拟", "Mock") } else { i18n.t("正式", "Formal") }}</span></h2>
            <dl class="facts">
                <dt>{i18n.t("开考时间", "Starts")}</dt><dd>{china_time(exam.start_ms)}</dd>
                <dt>{i18n.t("时长", "Duration")}</dt><dd>{exam.duration_min}{i18n.t(" 分钟", " min")}</dd>
                <dt>{i18n.t("已参加", "Attempts")}</dt><dd>{attempts}</dd>
            </dl>
            {mock.then(|| view! {
                <p class="aside">{i18n.t(
                    "模拟题与正式考试的题目、题型和数量不完全一致，成绩仅供参考，不发证书。",
                    "The practice questions differ from the formal exam's in content, types and number: the score is for practice only, with no certificate.",
                )}</p>
            })}
            {(!mock).then(|| view! {
                <p class="aside">{move || format!(
                    "{}{}{}{}",
                    i18n.pick("候考于开考前", "The waiting room opens "),
                    exam.waiting_room_min,
                    i18n.pick("分钟开启；开考", " min before the start; entry closes "),
                    exam.late_entry_min,
                ) + i18n.pick("分钟后无法进入考试。", " min after the start.")}</p>
            })}
            {action}
            {exam.last_attempt.map(|attempt| view! {
                " "<a class="button" href=format!("/attempts/{attempt}/result")>{i18n.t("查看成绩", "See result")}</a>
            })}
        </article>
    }
}

/// The result page: score and pass, or "under review", as the exam allows.
#[component]
pub fn ResultPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let result = RwSignal::new(None::<Result<AttemptResult, AppError>>);
    Effect::new(move |_| load(result, result_of_attempt(id.get())));
    let show = move |r: AttemptResult| {
        let (zh, en) = match r.outcome.as_str() {
            "passed" => ("通过", "Passed"),
            "failed" => ("未通过", "Not passed"),
            "pending_review" => ("待复核", "Under review"),
            _ => ("成绩待公布", "Result not published yet"),
        };
        let reason = match r.submit_reason.as_str() {
            "deadline" => Some(("考试时间到，系统已自动交卷。", "Time was up: the paper was submitted automatically.")),
            "switches" => Some((
                "切屏次数达到上限，系统已自动收卷。",
                "The switch limit was reached: the paper was submitted automatically.",
            )),
            _ => None,
        };
        view! {
            <p id="result-outcome" class="result" data-outcome=r.outcome.clone()><strong>{i18n.t(zh, en)}</strong></p>
            {r.score.map(|score| view! {
                <p id="result-score">{i18n.t("得分：", "Score: ")}{score}" / "{r.max_score}" "{i18n.t("（及格分 ", "(pass mark ")}{r.pass_mark}{i18n.t("）", ")")}</p>
            })}
            {(r.outcome == "hidden").then(|| view! { <p class="notice" role="status">{match r.results_publish_ms {
                Some(ms) => format!("{}{}{}", i18n.pick("成绩将于 ", "Results are published at "), china_time(ms), i18n.pick(" 公布，届时短信通知您。", "; you will get an SMS.")),
                None => i18n.pick("成绩由考务统一公布，公布时间确定后请留意短信通知。", "The exam office publishes all results at once: an SMS tells you when.").to_string(),
            }}</p> })}
            {reason.map(|(zh, en)| view! { <p class="aside">{i18n.t(zh, en)}</p> })}
            <p>{i18n.t("交卷时间：", "Submitted: ")}{china_time(r.submitted_ms)}</p>
            {(r.outcome == "passed").then(|| view! {
                <p><a class="button primary" href="/certificates">{i18n.t("查看我的证书", "My certificates")}</a></p>
            })}
            <ComplaintBox attempt_id=r.attempt_id until_ms=r.complaint_until_ms complaint=r.complaint.clone()/>
            <a class="button" href="/exams">{i18n.t("返回我的考试", "Back to my exams")}</a>
        }
    };
    view! {
        <RequireSignIn>
            <section class="card narrow">
                <h1>{move || result.get().and_then(|r| r.ok()).map(|r| r.exam_title).unwrap_or_default()}" "{i18n.t("考试结果", "Result")}</h1>
                {loaded(result, show)}
            </section>
        </RequireSignIn>
    }
}

/// 我要投诉: open for [48] hours after the result; the answer comes by SMS and shows here.
#[component]
fn ComplaintBox(attempt_id: i64, until_ms: i64, complaint: Option<Complaint>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let current = RwSignal::new(complaint);
    let writing = RwSignal::new(false);
    let body = RwSignal::new(String::new());
    let open_now = crate::exams::pages::confirm::js_now() < until_ms;
    let send = move |_| {
        form.run(complain(attempt_id, body.get_untracked()), move |c| {
            current.set(Some(c));
            writing.set(false);
        })
    };
    move || {
        match current.get() {
        Some(c) => view! {
            <div class="notice" id="complaint" role="status">
                <p>{i18n.t("我的投诉：", "My complaint: ")}{c.body.clone()}</p>
                <p>{match c.answer {
                    Some(answer) => format!("{}{answer}", i18n.pick("答复：", "Answer: ")),
                    None => i18n.pick("处理中，结果将以短信通知。", "Being handled: the answer comes by SMS.").to_string(),
                }}</p>
            </div>
        }.into_any(),
        None if !open_now => view! { <p class="aside">{i18n.t("投诉期限已过。", "The complaint period is over.")}</p> }.into_any(),
        None if writing.get() => view! {
            <div class="field">
                <label for="complaint-body">{i18n.t("投诉内容", "Your complaint")}</label>
                <textarea id="complaint-body" maxlength="500" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <FormAlert form=form/>
            <button type="button" class="primary" on:click=send disabled=move || form.pending.get()>{i18n.t("提交投诉", "Submit the complaint")}</button>
        }.into_any(),
        None => view! {
            <p>
                <button type="button" on:click=move |_| writing.set(true)>{i18n.t("我要投诉", "Complain")}</button>
                " "<span class="aside">{format!("{}{}", i18n.pick("投诉截止：", "Open until "), china_time(until_ms))}</span>
            </p>
        }.into_any(),
    }
    }
}
