//! 考试报名: the open windows with 我要报名, my registrations, and the registration page with its status
//! flow diagram and steps (education → details → check route → confirm → pay).
mod admin;
mod checkout;
mod steps;

pub use admin::RegistrationActions;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::{AppError, Text};
use crate::exams::pages::route_id;
use crate::i18n::use_i18n;
use crate::me::CentreNav;
use crate::registration::api::{load_registration, load_registration_home, start_registration};
use crate::registration::rules::yuan_text;
use crate::registration::types::{RegistrationHome, RegistrationView, FLOW};
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState};
use crate::ui::loaded::{load, load_then, loaded};

/// A registration's status as the candidate reads it.
pub fn status_text(status: &str, check_status: &str) -> Text {
    match (status, check_status) {
        ("paid", _) => Text::new("报名成功", "Registered"),
        ("confirmed", "onsite_pending") => Text::new("已确认，待现场核查", "Confirmed: on-site check pending"),
        ("confirmed", "onsite_failed") => Text::new("现场核查未通过", "On-site check failed"),
        ("confirmed", _) => Text::new("已确认，待缴费", "Confirmed: waiting for payment"),
        _ => Text::new("填写中（未确认）", "Being filled in (not confirmed)"),
    }
}

#[component]
pub fn RegistrationHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = RwSignal::new(None::<Result<RegistrationHome, AppError>>);
    load(home, load_registration_home());
    let form = FormState::new();
    let navigate = use_navigate();
    let show = move |h: RegistrationHome| {
        let navigate = navigate.clone();
        view! {
            <h2>{i18n.t("正在报名的考试", "Open for registration")}</h2>
            {if h.windows.is_empty() {
                view! { <p>{i18n.t("暂无正在报名的考试。", "No exam is open for registration.")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th>{i18n.t("考试", "Exam")}</th><th>{i18n.t("报名时间", "Registration")}</th>
                            <th>{i18n.t("每科报名费", "Fee per subject")}</th><th></th>
                        </tr></thead>
                        <tbody>{h.windows.into_iter().map(|w| {
                            let navigate = navigate.clone();
                            let on_start = move |_| {
                                let navigate = navigate.clone();
                                form.run(start_registration(w.id), move |id| navigate(&format!("/registration/{id}"), Default::default()));
                            };
                            view! {
                                <tr>
                                    <td>{w.title.clone()}</td>
                                    <td>{format!("{} – {}", w.opens_on, w.closes_on)}</td>
                                    <td>{let fen = w.fee_per_subject_fen; move || yuan_text(fen, i18n.lang.get())}</td>
                                    <td><button type="button" class="primary" on:click=on_start disabled=move || form.pending.get()
                                        aria-label=format!("{} {}", i18n.pick("我要报名", "Register"), w.title)>{i18n.t("我要报名", "Register")}</button></td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
            <FormAlert form=form/>
            <h2>{i18n.t("我的报名", "My registrations")}</h2>
            {if h.mine.is_empty() {
                view! { <p>{i18n.t("您还没有报名。", "No registrations yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="files">{h.mine.into_iter().map(|r| {
                        let status = status_text(&r.status, &r.check_status);
                        view! { <li><a href=format!("/registration/{}", r.id)>{r.window_title.clone()}</a>" · "{i18n.pick(&status.zh, &status.en).to_string()}</li> }
                    }).collect_view()}</ul>
                }.into_any()
            }}
            <crate::admission::pages::MyAdmissionTickets/>
        }
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("考试报名", "Exam registration")}</h1>
                {loaded(home, show.clone())}
            </section>
        </RequireSignIn>
    }
}

/// The status flow as a diagram: each stage done, current or to come.
#[component]
fn FlowDiagram(stage: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="flow" aria-label=i18n.t("报考状态流程图", "Registration status flow")>
            {FLOW.iter().enumerate().map(|(i, (zh, en))| {
                let state = if i < stage || stage == FLOW.len() - 1 { "done" } else if i == stage { "current" } else { "todo" };
                view! {
                    <li class=format!("flow-{state}") aria-current=(i == stage).then_some("step")>
                        <span class="flow-mark" aria-hidden="true">{if state == "done" { "✓".to_string() } else { (i + 1).to_string() }}</span>
                        {i18n.t(zh, en)}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn RegistrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let data = RwSignal::new(None::<Result<RegistrationView, AppError>>);
    // The open step outlives a reload; a save reloads with the step to open next (see `load_then`).
    let step = RwSignal::new(None::<usize>);
    let reload = Callback::new(move |next: Option<usize>| {
        load_then(data, load_registration(id.get_untracked()), move || {
            if next.is_some() {
                step.set(next);
            }
        })
    });
    provide_context(checkout::PaymentPolls(RwSignal::new(0)));
    Effect::new(move |_| {
        id.track();
        reload.run(None);
    });
    let show = move |v: RegistrationView| {
        let status = status_text(&v.status, &v.check_status);
        view! {
            <h2>{v.window.title.clone()}</h2>
            <FlowDiagram stage=v.stage/>
            <p role="status" class="reg-status">{i18n.t("当前状态：", "Status: ")}<strong>{i18n.pick(&status.zh, &status.en).to_string()}</strong></p>
            {(!v.notice.is_empty()).then(|| view! { <p class="alert alert-error" role="alert">{v.notice.clone()}</p> })}
            <steps::Steps v=v reload=reload step=step/>
        }
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("考试报名", "Exam registration")}</h1>
                {loaded(data, show)}
            </section>
        </RequireSignIn>
    }
}
