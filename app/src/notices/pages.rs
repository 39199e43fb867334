//! The home page's 通知公告 board, and the system admin's page that writes the notices (`/admin/notices`).
use leptos::prelude::*;

use crate::accounts::forms::china_datetime;
use crate::error::AppError;
use crate::exams::pages::china_local_or_now;
use crate::i18n::use_i18n;
use crate::notices::api::{all_notices, create_notice, delete_notice, home_notices};
use crate::notices::types::{Notice, NoticeInput};
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState, Notice as Done, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};

/// One notice: its title opens its text.
fn notice_item(i18n: crate::i18n::I18n, notice: Notice) -> impl IntoView {
    view! {
        <li>
            <details>
                <summary>
                    {notice.pinned.then(|| view! { <span class="tag">{i18n.t("置顶", "Pinned")}</span>" " })}
                    {(notice.kind == "guide").then(|| view! { <span class="tag">{i18n.t("办理指南", "Guide")}</span>" " })}
                    <span class="notice-title">{notice.title.clone()}</span>
                    " "<time class="aside">{china_datetime(notice.publish_ms)[..10].to_string()}</time>
                </summary>
                <p class="notice-body">{notice.body.clone()}</p>
            </details>
        </li>
    }
}

/// 通知公告 on the home page (anyone).
#[component]
pub fn NoticeBoard() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Notice>, AppError>>);
    load(list, home_notices());
    view! {
        <section class="card notices" aria-labelledby="notices-title">
            <h2 id="notices-title">{i18n.t("通知公告", "Notices")}</h2>
            {loaded(list, move |items: Vec<Notice>| if items.is_empty() {
                view! { <p class="aside">{i18n.t("暂无通知。", "No notices.")}</p> }.into_any()
            } else {
                view! { <ul class="plain">{items.into_iter().map(|n| notice_item(i18n, n)).collect_view()}</ul> }.into_any()
            })}
        </section>
    }
}

/// `/admin/notices`: write a notice (now or at a time, pinned or not) and remove old ones.
#[component]
pub fn AdminNoticesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Notice>, AppError>>);
    let reload = move || load(list, all_notices());
    Effect::new(move |_| reload());
    let form = FormState::new();
    let (title, body, at) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let pinned = RwSignal::new(false);
    let kind = RwSignal::new("notice".to_string());
    let done = RwSignal::new(None::<crate::error::Text>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let Some(publish_ms) = china_local_or_now(&at.get_untracked()) else {
            form.error.set(Some(AppError::invalid("at", "请选择发布时间", "Choose the publish time")));
            return;
        };
        let input = NoticeInput {
            title: title.get_untracked(),
            body: body.get_untracked(),
            pinned: pinned.get_untracked(),
            publish_ms,
            kind: kind.get_untracked(),
        };
        form.run(create_notice(input), move |_| {
            done.set(Some(crate::error::Text::new("通知已保存", "The notice is saved")));
            title.set(String::new());
            body.set(String::new());
            reload();
        });
    };
    let rows = move |items: Vec<Notice>| {
        view! {
            <ul class="plain" aria-label=i18n.pick("全部通知", "All notices")>
                {items.into_iter().map(|n| {
                    let id = n.id;
                    view! {
                        <li>
                            {notice_item(i18n, n)}
                            <button type="button" class="link" on:click=move |_| {
                                leptos::task::spawn_local(async move {
                                    let _ = delete_notice(id).await;
                                    reload();
                                })
                            }>{i18n.t("删除", "Delete")}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <RequireSignIn>
            <crate::admin::pages::AdminNav/>
            <section class="card">
                <h1>{i18n.t("通知公告", "Notices")}</h1>
                <form on:submit=submit novalidate aria-label=i18n.t("发布通知", "Publish a notice")>
                    <FormAlert form=form/>
                    <Done text=done/>
                    <div class="field">
                        <label for="notice-kind">{i18n.t("类型", "Kind")}</label>
                        <select id="notice-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="notice">{i18n.t("通知公告（首页）", "Notice (home page)")}</option>
                            <option value="guide">{i18n.t("办理指南", "Guide")}</option>
                        </select>
                    </div>
                    <TextField name="title" label=("标题", "Title") value=title form=form maxlength=100/>
                    <div class="field">
                        <label for="notice-body">{i18n.t("内容", "Text")}</label>
                        <textarea id="notice-body" maxlength="5000" rows="6" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                        <p class="error" aria-live="polite">{move || form.server_text("body").map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
                    </div>
                    <div class="field">
                        <label for="notice-at">{i18n.t("发布时间（北京时间，留空即立即发布）", "Publish at (China time; empty for now)")}</label>
                        <input id="notice-at" type="datetime-local" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                    </div>
                    <label class="check"><input type="checkbox" prop:checked=move || pinned.get() on:change=move |ev| pinned.set(event_target_checked(&ev))/>{i18n.t("置顶", "Pin to the top")}</label>
                    <SubmitButton form=form label=("发布", "Publish")/>
                </form>
                <h2>{i18n.t("全部通知", "All notices")}</h2>
                {loaded(list, rows)}
            </section>
        </RequireSignIn>
    }
}
