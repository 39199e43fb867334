//! The reviewers' pages: the queue of applications at their stage and scope, and one application with
//! a verdict per specialty, the parts to reopen on a return, and the comment.
use leptos::prelude::*;

use crate::applications::api::{application_for_review, decide_application, review_queue};
use crate::applications::pages::summary::{ReviewLog, StageTrack, Summary};
use crate::applications::types::{stage_name, Application, Part, QueueItem, ReviewInput, SpecialtyDecision};
use crate::error::AppError;
use crate::exams::pages::{china_time, route_id};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState, Notice};
use crate::ui::loaded::{load, loaded};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let queue = RwSignal::new(None::<Result<Vec<QueueItem>, AppError>>);
    Effect::new(move |_| load(queue, review_queue()));
    let rows = move |list: Vec<QueueItem>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("暂无待审核的申请。", "Nothing to review.")}</p> }.into_any();
        }
        view! {
            <table class="list" id="review-queue">
                <thead><tr>
                    <th>{i18n.t("申请人", "Applicant")}</th><th>{i18n.t("征集", "Window")}</th><th>{i18n.t("地区", "Region")}</th>
                    <th>{i18n.t("待审专业", "Specialties")}</th><th>{i18n.t("环节", "Stage")}</th><th>{i18n.t("提交时间", "Submitted")}</th><th></th>
                </tr></thead>
                <tbody>{list.into_iter().map(|item| {
                    let stage = stage_name(item.stage);
                    view! { <tr>
                        <td>{item.applicant.clone()}</td><td>{item.window_title}</td><td>{item.region_path}</td>
                        <td>{item.specialties.join("；")}</td><td>{i18n.pick(&stage.zh, &stage.en).to_string()}</td>
                        <td>{china_time(item.submitted_ms)}</td>
                        <td><a href=format!("/review/{}", item.application_id) aria-label=format!("{} {}", i18n.pick("审核", "Review"), item.applicant)>{i18n.t("审核", "Review")}</a></td>
                    </tr> }
                }).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("专家申请审核", "Application review")}</h1>
                {loaded(queue, rows)}
            </section>
        </RequireSignIn>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let data = RwSignal::new(None::<Result<(Application, Vec<String>), AppError>>);
    Effect::new(move |_| load(data, application_for_review(id.get())));
    let show = move |(app, mine): (Application, Vec<String>)| view! { <Decision app=app mine=mine/> };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("审核专家申请", "Review an application")}</h1>
                {loaded(data, show)}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn Decision(app: Application, mine: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let done = RwSignal::new(None);
    let stage = app.stage;
    let application_id = app.id;
    // One approve/return choice per specialty in the reviewer's scope, none chosen until the reviewer
    // chooses: a decision is never made by default.
    let verdicts: Vec<(String, String, RwSignal<Option<bool>>)> = app
        .specialties
        .iter()
        .filter(|s| mine.contains(&s.code))
        .map(|s| (s.code.clone(), s.path.clone(), RwSignal::new(None)))
        .collect();
    let reopen: Vec<(Part, RwSignal<bool>)> = Part::ALL.iter().map(|p| (*p, RwSignal::new(false))).collect();
    let comment = RwSignal::new(String::new());
    let any_return = {
        let verdicts = verdicts.clone();
        Signal::derive(move || verdicts.iter().any(|(_, _, approve)| approve.get() == Some(false)))
    };
    let all_chosen = {
        let verdicts = verdicts.clone();
        Signal::derive(move || verdicts.iter().all(|(_, _, approve)| approve.get().is_some()))
    };
    // "Choose for every specialty" is shown after sending without a choice, and only while one is missing.
    let tried = RwSignal::new(false);
    let send = {
        let verdicts = verdicts.clone();
        let reopen = reopen.clone();
        move |_| {
            if verdicts.iter().any(|(_, _, approve)| approve.get_untracked().is_none()) {
                tried.set(true);
                return;
            }
            let input = ReviewInput {
                application_id,
                stage,
                decisions: verdicts
                    .iter()
                    .map(|(code, _, approve)| SpecialtyDecision {
                        code: code.clone(),
                        approve: approve.get_untracked() == Some(true),
                    })
                    .collect(),
                reopen: reopen.iter().filter(|(_, on)| on.get_untracked()).map(|(p, _)| *p).collect(),
                comment: comment.get_untracked(),
            };
            form.run(decide_application(input), move |()| {
                done.set(Some(crate::error::Text::new("已提交审核意见。", "Decision saved.")))
            });
        }
    };
    view! {
        <StageTrack status=app.status.clone() stage=app.stage/>
        <Summary app=app.clone()/>
        <ReviewLog log=app.log.clone()/>
        <fieldset>
            <legend>{i18n.t("审核意见（按专业）", "Decision per specialty")}</legend>
            {verdicts.iter().map(|(code, path, approve)| {
                let approve = *approve;
                view! {
                    <div class="row" role="radiogroup" aria-label=path.clone()>
                        <span>{path.clone()}</span>
                        <label><input type="radio" name=format!("verdict-{code}") on:change=move |_| approve.set(Some(true))/>{i18n.t("通过", "Approve")}</label>
                        <label><input type="radio" name=format!("verdict-{code}") on:change=move |_| approve.set(Some(false))/>{i18n.t("退回修改", "Return")}</label>
                    </div>
                }
            }).collect_view()}
            <Show when=move || any_return.get()>
                <p>{i18n.t("需申请人修改的部分：", "Parts the applicant must change:")}</p>
                {reopen.iter().map(|(part, on)| {
                    let on = *on;
                    let label = part.label();
                    view! { <label><input type="checkbox" on:change=move |ev| on.set(event_target_checked(&ev))/>{i18n.pick(&label.zh, &label.en).to_string()}</label> }
                }).collect_view()}
            </Show>
            <div class="field">
                <label for="review-comment">{i18n.t("意见（退回时必填）", "Comment (required to return)")}</label>
                <textarea id="review-comment" maxlength="500" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </div>
        </fieldset>
        <FormAlert form=form/>
        <Show when=move || tried.get() && !all_chosen.get()>
            <div class="alert alert-error" role="alert">{i18n.t("请为每个专业选择“通过”或“退回修改”。", "Choose Approve or Return for every specialty.")}</div>
        </Show>
        <Notice text=done/>
        <button type="button" class="primary" on:click=send disabled=move || form.pending.get() || done.get().is_some()>{i18n.t("提交审核意见", "Submit the decision")}</button>
    }
}
