//! 我的工单 with the new-ticket form, and a ticket's thread (the same page for the user and for support).
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::accounts::forms::china_datetime;
use crate::error::{AppError, Text};
use crate::exams::pages::route_id;
use crate::i18n::use_i18n;
use crate::me::CentreNav;
use crate::rules::RuleError;
use crate::shell::RequireSignIn;
use crate::tickets::api::{close_ticket, load_ticket_thread, my_tickets, open_ticket, reply_to_ticket};
use crate::tickets::rules::{check_body, check_subject};
use crate::tickets::types::{category_label, status_label, TicketInput, TicketSummary, TicketThread, CATEGORIES};
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};
use crate::ui::upload::{FilePicker, StoredFile};

#[component]
pub fn MyTicketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<TicketSummary>, AppError>>);
    load(list, my_tickets());
    let show = move |items: Vec<TicketSummary>| {
        if items.is_empty() {
            return view! { <p>{i18n.t("暂无工单。", "No tickets yet.")}</p> }.into_any();
        }
        view! { <TicketTable items=items/> }.into_any()
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("我的工单", "My tickets")}</h1>
                {loaded(list, show)}
            </section>
            <NewTicket/>
        </RequireSignIn>
    }
}

#[component]
pub fn TicketTable(items: Vec<TicketSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table">
            <thead><tr>
                <th>"#"</th><th>{i18n.t("类别", "Category")}</th><th>{i18n.t("标题", "Subject")}</th>
                <th>{i18n.t("状态", "Status")}</th><th>{i18n.t("更新时间", "Updated")}</th>
            </tr></thead>
            <tbody>{items.into_iter().map(|t| {
                let category = category_label(&t.category);
                let status = status_label(&t.status);
                view! { <tr>
                    <td>{t.id}</td><td>{i18n.t(category.0, category.1)}</td>
                    <td><a href=format!("/tickets/{}", t.id)>{t.subject}</a></td>
                    <td class=format!("status-{}", t.status)>{i18n.t(status.0, status.1)}</td>
                    <td>{china_datetime(t.updated_ms)}</td>
                </tr> }
            }).collect_view()}</tbody>
        </table>
    }
}

/// Attachments: one picker per file (each with its progress bar), collected as file ids.
#[component]
fn Attachments(file_ids: RwSignal<Vec<i64>>, prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let uploaded = RwSignal::new(None::<StoredFile>);
    Effect::new(move |_| {
        if let Some(file) = uploaded.get() {
            file_ids.update(|ids| {
                if !ids.contains(&file.file_id) {
                    ids.push(file.file_id)
                }
            });
        }
    });
    view! {
        <FilePicker id=format!("{prefix}-file") path="/api/tickets/files" label=("附件（JPG、PNG 或 PDF，每次最多5个）", "Attachment (JPG, PNG or PDF; up to 5)") uploaded=uploaded/>
        <p class="hint" role="status">{move || {
            let count = file_ids.with(Vec::len);
            (count > 0).then(|| format!("{}{count}", i18n.pick("已添加附件：", "Attachments added: ")))
        }}</p>
    }
}

#[component]
fn NewTicket() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = FormState::new();
    let category = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let file_ids = RwSignal::new(Vec::<i64>::new());
    let navigate = use_navigate();
    let opened = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(id) = opened.get() {
            navigate(&format!("/tickets/{id}"), Default::default());
        }
    });
    let link = move |key: &str| query.with_untracked(|q| q.get(key).and_then(|v| v.parse::<i64>().ok()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = TicketInput {
            category: category.get_untracked(),
            subject: subject.get_untracked(),
            body: body.get_untracked(),
            file_ids: file_ids.get_untracked(),
            application_id: link("application"),
            attempt_id: link("attempt"),
        };
        form.run(open_ticket(input), move |id| opened.set(Some(id)));
    };
    let body_error = Memo::new(move |_| {
        let server = form.server_text("body");
        let live = (form.submitted.get())
            .then(|| body.with(|b| check_body(b).err().map(|e| Text::new(e.zh(), e.en()))))
            .flatten();
        live.or(server)
    });
    view! {
        <section class="card">
            <h2>{i18n.t("提交工单", "Open a ticket")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("提交工单", "Open a ticket")>
                <FormAlert form=form/>
                <div class="field">
                    <label for="category">{i18n.t("问题类别", "Category")}</label>
                    <select id="category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">{i18n.t("请选择", "Choose")}</option>
                        {CATEGORIES.iter().map(|(code, zh, en)| view! { <option value=*code>{i18n.t(zh, en)}</option> }).collect_view()}
                    </select>
                    <p class="error" aria-live="polite">{move || form.server_text("category").map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
                </div>
                <TextField name="subject" label=("标题", "Subject") value=subject form=form maxlength=100
                    live=Signal::derive(move || subject.with(|s| verdict(check_subject(s))))/>
                <div class="field">
                    <label for="body">{i18n.t("问题描述", "Description")}</label>
                    <textarea id="body" rows="5" maxlength="2000" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <p class="error" aria-live="polite">{move || body_error.get().map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
                </div>
                <Attachments file_ids=file_ids prefix="new"/>
                <SubmitButton form=form label=("提交", "Submit")/>
            </form>
        </section>
    }
}

#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let thread = RwSignal::new(None::<Result<TicketThread, AppError>>);
    let reload = move || load(thread, load_ticket_thread(id.get_untracked()));
    Effect::new(move |_| {
        id.track();
        reload();
    });
    let show = move |t: TicketThread| {
        let category = category_label(&t.ticket.category);
        let status = status_label(&t.ticket.status);
        let closed = t.ticket.status == "closed";
        view! {
            <h1>{format!("#{} ", t.ticket.id)}{t.ticket.subject.clone()}</h1>
            <dl class="facts">
                <dt>{i18n.t("类别", "Category")}</dt><dd>{i18n.t(category.0, category.1)}</dd>
                <dt>{i18n.t("状态", "Status")}</dt><dd id="ticket-status">{i18n.t(status.0, status.1)}</dd>
                {t.about.clone().map(|about| view! { <dt>{i18n.t("关联", "About")}</dt><dd>{about}</dd> })}
            </dl>
            <ol class="thread">
                {t.messages.into_iter().map(|m| view! {
                    <li class:support=m.from_support>
                        <p class="meta">{m.author}" · "{china_datetime(m.created_ms)}</p>
                        <p class="body">{m.body}</p>
                        {(!m.files.is_empty()).then(|| view! {
                            <ul class="files">{m.files.into_iter().map(|f| view! {
                                <li><a href=format!("/api/tickets/files/{}", f.id) rel="external" target="_blank">{format!("{} #{}", i18n.pick("附件", "Attachment"), f.id)}</a></li>
                            }).collect_view()}</ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            {(!closed).then(|| view! { <ReplyForm id=t.ticket.id staff=t.staff_view on_done=reload/> })}
        }
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">{loaded(thread, show)}</section>
        </RequireSignIn>
    }
}

#[component]
fn ReplyForm(id: i64, staff: bool, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let file_ids = RwSignal::new(Vec::<i64>::new());
    let sent = RwSignal::new(None::<Text>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.run(reply_to_ticket(id, body.get_untracked(), file_ids.get_untracked()), move |_| {
            sent.set(Some(Text::new("已发送", "Sent")));
            on_done();
        });
    };
    let on_close = move |_| form.run(close_ticket(id), move |_| on_done());
    let label = if staff { ("回复用户", "Answer") } else { ("补充说明", "Add a message") };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("工单回复", "Reply to the ticket")>
            <FormAlert form=form/>
            <Notice text=sent/>
            <div class="field">
                <label for="reply">{i18n.t(label.0, label.1)}</label>
                <textarea id="reply" rows="4" maxlength="2000" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <p class="error" aria-live="polite">{move || form.server_text("body").map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
            </div>
            <Attachments file_ids=file_ids prefix="reply"/>
            <SubmitButton form=form label=("发送", "Send")/>
            " "
            <button type="button" on:click=on_close disabled=move || form.pending.get()>{i18n.t("关闭工单", "Close the ticket")}</button>
        </form>
    }
}
