//! 培训: the course list with 立即报名, 我的课程 with the invitation code that opens the live course on its
//! date, and 资料下载.
use leptos::prelude::*;

use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::me::CentreNav;
use crate::shell::RequireSignIn;
use crate::training::api::{load_training_overview, register_for_training, training_materials, watch_course};
use crate::training::types::{LiveCourse, Material, MyCourse, SessionView, TrainingOverview};
use crate::ui::form::{FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};

#[component]
pub fn TrainingPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = RwSignal::new(None::<Result<TrainingOverview, AppError>>);
    let reload = move || load(overview, load_training_overview());
    reload();
    let registered = Signal::derive(move || overview.with(|o| matches!(o, Some(Ok(o)) if o.mine.is_some())));
    let show = move |o: TrainingOverview| {
        let registered = o.mine.is_some();
        view! {
            <p>
                {i18n.t("我的所属地：", "My region: ")}
                <strong>{o.my_region.clone().unwrap_or_else(|| i18n.pick("未设置（请先填写专家申请基本信息，或联系客服）", "not set (fill in step 1 of an expert application, or contact support)").to_string())}</strong>
            </p>
            {o.mine.clone().map(|course| view! { <MyCourseCard course=course/> })}
            <h2>{i18n.t("培训课程", "Courses")}</h2>
            {if o.sessions.is_empty() {
                view! { <p>{i18n.t("暂无可报名的培训课程。", "No courses open for registration.")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th>{i18n.t("课程", "Course")}</th><th>{i18n.t("地区", "Region")}</th>
                            <th>{i18n.t("日期", "Date")}</th><th>{i18n.t("已报名", "Registered")}</th><th></th>
                        </tr></thead>
                        <tbody>{o.sessions.into_iter().map(|s| view! { <SessionRow session=s registered=registered on_done=reload/> }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        }
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("培训报名", "Training")}</h1>
                <p class="aside">{i18n.t(
                    "请按本人所属地选择适合的日期报名（只能报名一次）。报名成功后，邀请码将通过短信发送，请在报名日期观看直播。",
                    "Register for one date in your own region (once only). The invitation code comes by SMS; watch on the date you chose.",
                )}</p>
                {loaded(overview, show)}
            </section>
            <MaterialsCard registered=registered/>
        </RequireSignIn>
    }
}

#[component]
fn SessionRow(
    session: SessionView,
    registered: bool,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let id = session.id;
    let on_register = move |_| form.run(register_for_training(id), move |_| on_done());
    view! {
        <tr>
            <td>{session.title.clone()}</td>
            <td>{session.region_name.clone()}</td>
            <td>{session.date.clone()}</td>
            <td>{session.registered}</td>
            <td>
                {(!registered).then(|| view! {
                    <button type="button" class="primary" on:click=on_register disabled=move || form.pending.get()
                        aria-label=format!("{} {} {}", i18n.pick("立即报名", "Register"), session.region_name, session.date)>
                        {i18n.t("立即报名", "Register")}
                    </button>
                })}
                <FormAlert form=form/>
            </td>
        </tr>
    }
}

/// 我的课程: the registration, and on its date the code form that opens the live course.
#[component]
pub fn MyCourseCard(course: MyCourse) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let code = RwSignal::new(String::new());
    let live = RwSignal::new(None::<LiveCourse>);
    let id = course.session.id;
    let on_watch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        form.run(watch_course(id, code.get_untracked()), move |course| live.set(Some(course)));
    };
    let when = match course.when.as_str() {
        "today" => ("今天直播", "Live today"),
        "upcoming" => ("未开始", "Not yet"),
        _ => ("已结束", "Over"),
    };
    let success = Signal::derive(move || Some(Text::new("报名成功", "Registered")));
    view! {
        <article class="exam" aria-label=i18n.t("我的课程", "My course")>
            <h2>{i18n.t("我的课程", "My course")}</h2>
            <Notice text=success/>
            <dl class="facts">
                <dt>{i18n.t("课程", "Course")}</dt><dd>{course.session.title.clone()}</dd>
                <dt>{i18n.t("地区", "Region")}</dt><dd>{course.session.region_name.clone()}</dd>
                <dt>{i18n.t("报名日期", "Date")}</dt><dd>{course.session.date.clone()}</dd>
                <dt>{i18n.t("状态", "Status")}</dt><dd>{i18n.t(when.0, when.1)}{course.locked.then(|| i18n.pick("（已锁定，请联系客服）", " (locked: contact support)").to_string())}</dd>
            </dl>
            {move || match live.get() {
                Some(course) => view! {
                    <h3>{course.title.clone()}</h3>
                    <iframe class="player" src=course.stream_url title=i18n.t("培训直播", "Live course") allow="autoplay; fullscreen"></iframe>
                }.into_any(),
                None => view! {
                    <form on:submit=on_watch novalidate aria-label=i18n.t("进入直播", "Watch the course")>
                        <FormAlert form=form/>
                        <TextField name="code" label=("短信邀请码", "Invitation code (SMS)") value=code form=form maxlength=6 autocomplete="one-time-code"/>
                        <SubmitButton form=form label=("进入直播", "Watch")/>
                    </form>
                }.into_any(),
            }}
        </article>
    }
}

/// 资料下载, for candidates registered for a course.
#[component]
fn MaterialsCard(registered: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Material>, AppError>>);
    // Registering opens the materials: load again when that changes.
    Effect::new(move |_| {
        registered.track();
        load(list, training_materials());
    });
    let show = move |items: Vec<Material>| {
        if items.is_empty() {
            return view! { <p>{i18n.t("暂无培训资料。", "No materials yet.")}</p> }.into_any();
        }
        view! {
            <ul class="files">
                {items.into_iter().map(|m| view! {
                    <li>
                        <a href=format!("/api/training/materials/{}", m.id) rel="external" download>{m.title.clone()}</a>
                        {format!(" ({} KB)", (m.size_bytes + 1023) / 1024)}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{i18n.t("资料下载", "Materials")}</h2>
            {loaded(list, show)}
        </section>
    }
}
