//! 待办事项 and the wizard page: the step indicator, the step being edited (or the read-only summary when
//! nothing can change), the review stages and the review log.
use leptos::prelude::*;

use crate::me::CentreNav;

use crate::applications::api::{application_windows, my_application, start_application};
use crate::applications::pages::status_text;
use crate::applications::pages::steps::{AttachmentsStep, BasicStep, QualificationsStep, SpecialtiesStep};
use crate::applications::pages::summary::{ReviewLog, StageTrack, Summary};
use crate::applications::types::{Application, Part, WindowView};
use crate::error::AppError;
use crate::exams::pages::{china_time, route_id};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState};
use crate::ui::loaded::{load, load_then, loaded};

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let windows = RwSignal::new(None::<Result<Vec<WindowView>, AppError>>);
    Effect::new(move |_| load(windows, application_windows()));
    let form = FormState::new();
    // Started (or found): on to the wizard.
    let started = RwSignal::new(None::<i64>);
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(id) = started.get() {
            navigate(&format!("/applications/{id}"), Default::default());
        }
    });
    let open = move |window_id: i64| form.run(start_application(window_id), move |id| started.set(Some(id)));
    let rows = move |list: Vec<WindowView>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("当前不在专家征集（续聘）时间段内。", "No recruitment or renewal window is open now.")}</p> }.into_any();
        }
        list.into_iter()
            .map(|w| {
                let kind = w.kind.label();
                let action = match (&w.my_status, w.kind) {
                    (Some(_), _) => ("查看申请", "Open my application"),
                    (None, crate::applications::types::WindowKind::Renewal) => ("前去续聘", "Renew"),
                    (None, _) => ("去申请", "Apply"),
                };
                let status = w.my_status.clone().map(|s| status_text(&s, 0));
                view! {
                    <article class="card" aria-label=w.title.clone()>
                        <h2>{w.title.clone()}</h2>
                        <p>{i18n.pick(&kind.zh, &kind.en).to_string()}" · "{china_time(w.opens_ms)}" — "{china_time(w.closes_ms)}</p>
                        {status.map(|s| view! { <p class="aside">{i18n.pick(&s.zh, &s.en).to_string()}</p> })}
                        <button type="button" class="primary" disabled=move || form.pending.get() || (!w.open && w.my_application.is_none())
                            on:click=move |_| open(w.id)>{i18n.t(action.0, action.1)}</button>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("待办事项 · 专家申请", "To do · Expert application")}</h1>
                <FormAlert form=form/>
                {loaded(windows, rows)}
            </section>
        </RequireSignIn>
    }
}

const STEPS: [(&str, &str); 4] = [
    ("基础信息", "Basic"),
    ("执业及专业信息", "Qualifications"),
    ("评标专业", "Specialties"),
    ("附件上传", "Attachments"),
];

fn step_key(id: i64) -> String {
    format!("zj.application.{id}.step")
}

fn remembered_step(id: i64) -> Option<usize> {
    #[cfg(feature = "csr")]
    return <gloo_storage::SessionStorage as gloo_storage::Storage>::get::<usize>(step_key(id))
        .ok()
        .filter(|s| (1..=5).contains(s));
    #[cfg(not(feature = "csr"))]
    {
        let _ = step_key(id);
        None
    }
}

fn remember_step(id: i64, step: usize) {
    #[cfg(feature = "csr")]
    if step > 0 {
        let _ = <gloo_storage::SessionStorage as gloo_storage::Storage>::set(step_key(id), step);
    }
    #[cfg(not(feature = "csr"))]
    let _ = (id, step);
}

/// The wizard: one application, the step shown, and a reload after every save.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let data = RwSignal::new(None::<Result<Application, AppError>>);
    // The step on screen survives a reload of the tab (0 until the data says where to start).
    let step = RwSignal::new(remembered_step(id.get_untracked()).unwrap_or(0));
    Effect::new(move |_| remember_step(id.get_untracked(), step.get()));
    let saved = RwSignal::new(None);
    provide_context(crate::applications::pages::steps::SavedNotice(saved));
    Effect::new(move |_| {
        let _ = step.get();
        saved.set(None);
    });
    // A save reloads with the step to open next, opened once the new data is in (see `load_then`).
    let reload = Callback::new(move |next: Option<usize>| {
        load_then(data, my_application(id.get_untracked()), move || {
            if let Some(s) = next {
                step.set(s);
            }
        })
    });
    Effect::new(move |_| {
        let _ = id.get();
        reload.run(None);
    });
    // The first step the applicant may still change (or the summary).
    Effect::new(move |_| {
        if let Some(Ok(app)) = data.get() {
            if step.get_untracked() == 0 {
                let first = Part::ALL.iter().position(|p| app.editable.contains(p)).map(|i| i + 1);
                step.set(first.unwrap_or(5));
            }
        }
    });
    let show = move |app: Application| {
        let current = step.get();
        let status = status_text(&app.status, app.stage);
        view! {
            <p id="application-status" class="aside">{i18n.pick(&status.zh, &status.en).to_string()}</p>
            {(app.status == "approved").then(|| view! {
                <div class="notice" role="note" aria-label=i18n.pick("下一步：征集考试", "Next: the exam")>
                    <p>{i18n.t(
                        "审核已通过。请按短信及“消息通知”中的时间参加考试；考试成绩公布后，系统以短信通知最终的征集结果。",
                        "Approved. Sit the exam at the time the SMS and your notifications give; once the results are out, an SMS tells you the final result.",
                    )}</p>
                    <p><a class="button" href="/exams">{i18n.t("查看我的考试", "My exams")}</a>" "
                       <a class="button" href="/downloads">{i18n.t("资料下载", "Downloads")}</a></p>
                </div>
            })}
            <nav aria-label=i18n.pick("申报步骤", "Steps")>
                <ol class="steps own-numbers">
                    {STEPS.iter().enumerate().map(|(i, (zh, en))| view! {
                        <li aria-current=(i + 1 == current).then_some("step")>
                            <button type="button" class="link" on:click=move |_| step.set(i + 1)>{format!("{} {}", i + 1, i18n.pick(zh, en))}</button>
                        </li>
                    }).collect_view()}
                    <li aria-current=(current == 5).then_some("step")>
                        <button type="button" class="link" on:click=move |_| step.set(5)>{i18n.t("审核进度", "Review")}</button>
                    </li>
                </ol>
            </nav>
            {match current {
                1 => view! { <BasicStep app=app.clone() reload=reload/> }.into_any(),
                2 => view! { <QualificationsStep app=app.clone() reload=reload step=step/> }.into_any(),
                3 => view! { <SpecialtiesStep app=app.clone() reload=reload step=step/> }.into_any(),
                4 => view! { <AttachmentsStep app=app.clone() reload=reload/> }.into_any(),
                _ => view! {
                    <StageTrack status=app.status.clone() stage=app.stage/>
                    <Summary app=app.clone()/>
                }.into_any(),
            }}
            {(app.status == "returned").then(|| view! { <Resubmit id=app.id reload=reload/> })}
            <ReviewLog log=app.log.clone()/>
        }
    };
    view! {
        <RequireSignIn>
            <section class="card wizard">
                <h1>{move || match data.get() {
                    Some(Ok(app)) => format!("{} · {}", i18n.pick(&app.window.kind.label().zh, &app.window.kind.label().en), app.window.title),
                    _ => i18n.pick("专家申请", "Expert application").to_string(),
                }}</h1>
                {loaded(data, show)}
            </section>
        </RequireSignIn>
    }
}

/// After a return: the reopened parts are changed in their steps, then sent back to the same stage.
#[component]
fn Resubmit(id: i64, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    view! {
        <crate::applications::pages::steps::StepAlert form=form/>
        <button type="button" class="primary" disabled=move || form.pending.get()
            on:click=move |_| form.run(crate::applications::api::submit_application(id), move |()| reload.run(None))>
            {i18n.t("修改完成，重新提交", "Changes done: resubmit")}</button>
    }
}
