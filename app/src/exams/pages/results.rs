//! 成绩公布 on the exam office's page: formal exams whose results are not shown at hand-in, each with
//! its state (not set, to be published at…, published at…) and the time to publish it.
use leptos::prelude::*;

use crate::error::AppError;
use crate::exams::api::{publish_results, results_to_publish};
use crate::exams::pages::china_time;
use crate::exams::pages::setup::china_local_or_now;
use crate::exams::types::ExamResultsState;
use crate::i18n::use_i18n;
use crate::ui::form::{FormAlert, FormState};
use crate::ui::loaded::{load, loaded};

#[component]
pub fn ResultsPublishing() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<ExamResultsState>, AppError>>);
    let reload = move || load(list, results_to_publish());
    Effect::new(move |_| reload());
    let rows = move |items: Vec<ExamResultsState>| {
        if items.is_empty() {
            return view! { <p>{i18n.t("没有需要公布成绩的考试。", "No exam has results to publish.")}</p> }.into_any();
        }
        view! {
            <ul class="plain" aria-label=i18n.pick("待公布成绩的考试", "Exams with results to publish")>
                {items.into_iter().map(|item| view! {
                    <li><ResultsItem item=item on_done=Callback::new(move |_| reload())/></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { {loaded(list, rows)} }
}

#[component]
fn ResultsItem(item: ExamResultsState, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let at = RwSignal::new(String::new());
    let exam_id = item.exam_id;
    let input_id = format!("publish-at-{exam_id}");
    let error_id = format!("publish-at-{exam_id}-error");
    let state = match (item.published_ms, item.publish_ms) {
        (Some(ms), _) => format!("{}{}", i18n.pick("成绩已公布：", "Published: "), china_time(ms)),
        (None, Some(ms)) => format!("{}{}", i18n.pick("将于此时公布：", "To be published: "), china_time(ms)),
        (None, None) => i18n.pick("尚未设定公布时间", "No publication time set").to_string(),
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(at_ms) = china_local_or_now(&at.get_untracked()) else {
            form.error.set(Some(AppError::invalid("at", "请选择公布时间", "Choose the publication time")));
            return;
        };
        form.run(publish_results(exam_id, at_ms), move |_| on_done.run(()));
    };
    view! {
        <article class="review" aria-label=item.title.clone()>
            <h3>{item.title.clone()}</h3>
            <p>
                {i18n.t("考试时间：", "Exam: ")}{china_time(item.start_ms)}" – "{china_time(item.end_ms)}
                {i18n.t("；已交卷 ", "; handed in: ")}{item.submitted}
            </p>
            <p role="status">{state}</p>
            {item.published_ms.is_none().then(|| view! {
                <form on:submit=send novalidate aria-label=i18n.t("公布成绩", "Publish the results")>
                    <FormAlert form=form/>
                    <div class="field">
                        <label for=input_id.clone()>{i18n.t("公布时间（北京时间，留空即立即公布）", "Publication time (China time; empty for now)")}</label>
                        <input id=input_id type="datetime-local" aria-describedby=error_id.clone() prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                        <p class="error" id=error_id aria-live="polite">{move || form.server_text("at").map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
                    </div>
                    <p class="hint">{i18n.t("公布后每位考生都会收到短信通知，公布后不能撤回。", "Every candidate gets an SMS when they are published; it can't be undone.")}</p>
                    <button type="submit" class="primary" disabled=move || form.pending.get()>{i18n.t("公布成绩", "Publish the results")}</button>
                </form>
            })}
        </article>
    }
}
