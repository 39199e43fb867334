//! Support console pages: look-up with actions, SMS outbox, audit log.
use leptos::prelude::*;

use crate::accounts::forms::china_datetime;
use crate::error::Text;
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::support::api::{audit_entries, fix_id_number, fix_name, look_up_people, reset_user_password, sms_outbox};
use crate::support::types::PersonSummary;
use crate::ui::form::{FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};

#[component]
fn SupportNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="subnav" aria-label=i18n.t("客服功能", "Support")>
            <a href="/support">{i18n.t("用户查询", "Look up")}</a>
            <a href="/support/identity">{i18n.t("认证审核", "Identity review")}</a>
            <a href="/support/outbox">{i18n.t("短信发件箱", "SMS outbox")}</a>
            <a href="/support/audit">{i18n.t("操作日志", "Audit log")}</a>
        </nav>
    }
}

#[component]
pub fn SupportLookUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let query = RwSignal::new(String::new());
    let people = RwSignal::new(None::<Vec<PersonSummary>>);
    let search = move || form.run(look_up_people(query.get_untracked()), move |found| people.set(Some(found)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search();
    };
    view! {
        <RequireSignIn>
            <SupportNav/>
            <section class="card">
                <h1>{i18n.t("用户查询", "Look up a person")}</h1>
                <form on:submit=on_submit novalidate aria-label=i18n.t("用户查询", "Look up a person")>
                    <FormAlert form=form/>
                    <TextField name="query" label=("姓名 / 手机号 / 用户名 / 证件号码", "Name / phone / user name / ID number") value=query form=form/>
                    <SubmitButton form=form label=("查询", "Search")/>
                </form>
                {move || people.get().map(|list| if list.is_empty() {
                    view! { <p role="status">{i18n.t("没有找到匹配的用户。", "Nobody matches.")}</p> }.into_any()
                } else {
                    list.into_iter().map(|person| view! { <PersonCard person=person/> }).collect_view().into_any()
                })}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn PersonCard(person: PersonSummary) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let done = RwSignal::new(None::<Text>);
    let name = RwSignal::new(person.real_name.clone());
    let reason = RwSignal::new(String::new());
    let user_id = person.user_id;
    let on_fix = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.run(fix_name(user_id, name.get_untracked(), reason.get_untracked()), move |_| {
            done.set(Some(Text::new("姓名已修改并记录日志", "Name fixed and logged")))
        });
    };
    let on_reset = move |_| {
        form.run(reset_user_password(user_id), move |_| {
            done.set(Some(Text::new(
                "临时密码已通过短信发送给用户，用户登录后须修改密码",
                "A temporary password was sent to the user by SMS; it must be changed at sign-in",
            )))
        })
    };
    view! {
        <article class="review" aria-label=person.username.clone()>
            <dl class="facts">
                <dt>{i18n.t("用户名", "User name")}</dt><dd>{person.username.clone()}</dd>
                <dt>{i18n.t("姓名", "Name")}</dt><dd>{person.real_name.clone()}</dd>
                <dt>{i18n.t("证件", "ID")}</dt><dd>{person.id_number_masked.clone()}</dd>
                <dt>{i18n.t("手机号码", "Phone")}</dt><dd>{person.phone_masked.clone()}</dd>
                <dt>{i18n.t("实名状态", "Identity")}</dt><dd>{person.identity_status.clone()}</dd>
                <dt>{i18n.t("角色", "Roles")}</dt><dd>{person.roles.join(", ")}</dd>
            </dl>
            <FormAlert form=form/>
            <Notice text=done/>
            <form on:submit=on_fix novalidate aria-label=i18n.t("修改姓名", "Fix the name")>
                <TextField name="real_name" label=("正确姓名", "Correct name") value=name form=form maxlength=50/>
                <TextField name="reason" label=("修改原因", "Reason") value=reason form=form maxlength=200/>
                <SubmitButton form=form label=("修改姓名", "Fix the name")/>
            </form>
            <button type="button" on:click=on_reset disabled=move || form.pending.get()>{i18n.t("重置密码", "Reset password")}</button>
            // 更正证件号码: a wrong number registered (seed 004), corrected with a reason; the log keeps both.
            <ReasonedFix user_id=user_id title=("更正证件号码", "Correct the ID number") field="id_number"
                label=("正确的证件号码", "Correct ID number") reason_label=("更正原因", "Reason for the correction")
                done_text=("证件号码已更正并记录日志", "ID number corrected and logged") action=fix_id_number/>
            {(person.id_type != "resident").then(|| view! { <crate::pool::pages::PoolLinkForm user_id=user_id/> })}
            {(person.identity_status == "verified").then(|| view! { <FaceRetake user_id=user_id/> })}
        </article>
    }
}

/// 重新录入人脸照片: the verified face photo no longer matches (seed 000); support takes a new one on site.
/// The old photo stays in the record and the audit log.
#[component]
fn FaceRetake(user_id: i64) -> impl IntoView {
    let uploaded = RwSignal::new(None::<crate::ui::upload::StoredFile>);
    view! {
        <crate::ui::upload::FilePicker id=format!("retake-{user_id}") path=format!("/api/support/users/{user_id}/face")
            label=("重新录入人脸照片（现场拍摄，JPG 或 PNG）", "Re-take the face photo (taken on site, JPG or PNG)")
            uploaded=uploaded accept="image/jpeg,image/png"/>
    }
}

/// A support fix of one value of a person, with the reason the audit log keeps: the ID number
/// correction here, the pool link (`pool/pages.rs`).
#[component]
pub(crate) fn ReasonedFix<F, Fut>(
    user_id: i64,
    /// The form's name and its button.
    title: (&'static str, &'static str),
    field: &'static str,
    label: (&'static str, &'static str),
    reason_label: (&'static str, &'static str),
    done_text: (&'static str, &'static str),
    action: F,
) -> impl IntoView
where
    F: Fn(i64, String, String) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), crate::error::AppError>> + 'static,
{
    let i18n = use_i18n();
    let form = FormState::new();
    let done = RwSignal::new(None::<Text>);
    let value = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.run(action(user_id, value.get_untracked(), reason.get_untracked()), move |_| {
            done.set(Some(Text::new(done_text.0, done_text.1)))
        });
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t(title.0, title.1)>
            <FormAlert form=form/>
            <Notice text=done/>
            <TextField name=field label=label value=value form=form maxlength=30/>
            <TextField name="reason" label=reason_label value=reason form=form maxlength=200/>
            <SubmitButton form=form label=title/>
        </form>
    }
}

#[component]
pub fn SupportOutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(None);
    load(rows, sms_outbox());
    let table = move |list: Vec<crate::support::types::OutboxEntry>| {
        view! {
            <table class="table">
                <thead><tr><th>{i18n.t("时间", "Time")}</th><th>{i18n.t("手机号", "Phone")}</th><th>{i18n.t("内容", "Message")}</th></tr></thead>
                <tbody>{list.into_iter().map(|m| view! { <tr><td>{china_datetime(m.created_ms)}</td><td>{m.phone_masked}</td><td>{m.body}</td></tr> }).collect_view()}</tbody>
            </table>
        }
    };
    view! {
        <RequireSignIn>
            <SupportNav/>
            <section class="card">
                <h1>{i18n.t("短信发件箱", "SMS outbox")}</h1>
                {loaded(rows, table)}
            </section>
        </RequireSignIn>
    }
}

#[component]
pub fn SupportAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(None);
    load(rows, audit_entries());
    let table = move |list: Vec<crate::support::types::AuditEntry>| {
        view! {
            <table class="table">
                <thead><tr><th>{i18n.t("时间", "Time")}</th><th>{i18n.t("操作人", "Who")}</th><th>{i18n.t("操作", "Action")}</th><th>{i18n.t("对象", "Subject")}</th><th>{i18n.t("详情", "Detail")}</th></tr></thead>
                <tbody>{list.into_iter().map(|a| view! { <tr><td>{china_datetime(a.created_ms)}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.subject}</td><td>{a.detail}</td></tr> }).collect_view()}</tbody>
            </table>
        }
    };
    view! {
        <RequireSignIn>
            <SupportNav/>
            <section class="card">
                <h1>{i18n.t("操作日志", "Audit log")}</h1>
                {loaded(rows, table)}
            </section>
        </RequireSignIn>
    }
}
