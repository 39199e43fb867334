//! My admission tickets (under 考试报名) and the public check page the ticket's QR code opens.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::admission::api::{check_admission_ticket, my_admission_tickets};
use crate::admission::types::{TicketCheck, TicketLine};
use crate::error::AppError;
use crate::exams::pages::china_time;
use crate::i18n::use_i18n;
use crate::ui::loaded::{load, loaded};

/// 准考证: one line per ticket, with the PDF inside the print window and the window's times otherwise.
#[component]
pub fn MyAdmissionTickets() -> impl IntoView {
    let i18n = use_i18n();
    let tickets = RwSignal::new(None::<Result<Vec<TicketLine>, AppError>>);
    load(tickets, my_admission_tickets());
    let show = move |list: Vec<TicketLine>| {
        if list.is_empty() {
            return ().into_any();
        }
        view! {
            <h2>{i18n.t("准考证", "Admission tickets")}</h2>
            <ul class="files" aria-label=i18n.t("准考证", "Admission tickets")>
                {list.into_iter().map(|t| {
                    let when = match (t.printable, t.print_from_ms, t.print_until_ms) {
                        (true, _, _) => None,
                        (false, Some(from), Some(until)) => Some((
                            format!("准考证打印时间：{} 至 {}", china_time(from), china_time(until)),
                            format!("Printable from {} to {}", china_time(from), china_time(until)),
                        )),
                        _ => Some(("准考证打印尚未开放".to_string(), "Printing isn't open yet".to_string())),
                    };
                    view! {
                        <li aria-label=t.subject_name.clone()>
                            <strong>{t.subject_name.clone()}</strong>" · "{i18n.t("准考证号", "Ticket")}" "{t.ticket_no.clone()}
                            " · "{t.site.clone()}" · "{i18n.t("座位号", "Seat")}" "{format!("{:03}", t.seat_no)}
                            {t.exam_start_ms.map(|ms| view! { " · "{i18n.t("考试时间", "Exam")}" "{china_time(ms)} })}
                            " "
                            {match when {
                                None => view! {
                                    <a class="button" href=format!("/api/admission/{}/pdf", t.ticket_no) target="_blank" rel="noopener">
                                        {i18n.t("打印准考证（PDF）", "Print the ticket (PDF)")}</a>
                                }.into_any(),
                                Some((zh, en)) => view! { <span class="aside" role="status">{move || i18n.pick(&zh, &en).to_string()}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    loaded(tickets, show)
}

/// `/admission/:ticket_no`: anyone who scans the ticket sees whether it is genuine.
#[component]
pub fn AdmissionCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let result = RwSignal::new(None::<Result<TicketCheck, AppError>>);
    Effect::new(move |_| load(result, check_admission_ticket(params.read().get("ticket_no").unwrap_or_default())));
    let show = move |t: TicketCheck| {
        view! {
            <p class="notice" role="status"><strong>{i18n.t("准考证真实有效", "This admission ticket is genuine")}</strong></p>
            <dl class="facts">
                <dt>{i18n.t("准考证号", "Ticket")}</dt><dd>{t.ticket_no}</dd>
                <dt>{i18n.t("考生", "Candidate")}</dt><dd>{t.holder_name_masked}</dd>
                <dt>{i18n.t("考试", "Exam")}</dt><dd>{t.window_title}</dd>
                <dt>{i18n.t("科目", "Subject")}</dt><dd>{t.subject_name}</dd>
                <dt>{i18n.t("考试时间", "Exam time")}</dt><dd>{t.exam_start_ms.map(china_time).unwrap_or_else(|| "另行通知".into())}</dd>
                <dt>{i18n.t("考点", "Site")}</dt><dd>{t.site}</dd>
                <dt>{i18n.t("座位号", "Seat")}</dt><dd>{format!("{:03}", t.seat_no)}</dd>
            </dl>
        }
    };
    view! {
        <section class="card narrow">
            <h1>{i18n.t("准考证核验", "Admission ticket check")}</h1>
            {move || match result.get() {
                None => view! { <p role="status">{i18n.t("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(AppError::NotFound)) => view! {
                    <p class="alert alert-error" role="alert">{i18n.t("未找到该准考证号，准考证可能是伪造的。", "No ticket has this number: it may be forged.")}</p>
                }.into_any(),
                Some(Err(err)) => view! { <p class="alert alert-error" role="alert">{crate::ui::form::error_text(i18n, &err)}</p> }.into_any(),
                Some(Ok(t)) => show(t).into_any(),
            }}
        </section>
    }
}

/// The console's ticket forms under 报名批次 (the chosen window): the print window, and which exam
/// examines a subject (the paid candidates are enrolled at once, later ones as they pay).
#[component]
pub fn TicketAdminForms(selected: Signal<Option<i64>>, done: crate::admin::pages::actions::Done) -> impl IntoView {
    use crate::admin::pages::actions::{on_chosen, Chosen};
    use crate::admission::api::{link_subject_exam, set_ticket_print_window};
    use crate::admission::types::PrintWindowInput;
    use crate::error::Text;
    use crate::exams::pages::china_local_to_ms;
    use crate::ui::form::{FormAlert, FormState, Notice, SubmitButton, TextField};
    let i18n = use_i18n();
    let (print_form, print_saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let (from, until) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let on_print = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(from_ms), Some(until_ms)) =
            (china_local_to_ms(&from.get_untracked()), china_local_to_ms(&until.get_untracked()))
        else {
            print_form.error.set(Some(AppError::invalid("from_ms", "请填写打印开始和结束时间", "Enter both times")));
            return;
        };
        on_chosen(print_form, selected, print_saved, done, move |window_id| {
            set_ticket_print_window(PrintWindowInput { window_id, from_ms, until_ms })
        });
    };
    let (link_form, link_saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let (subject, exam) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let on_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(window_id) = selected.get_untracked() else {
            link_form.error.set(Some(AppError::refused("请先在列表中选择一行", "Choose a row in the list first")));
            return;
        };
        let exam_id = exam.get_untracked().trim().parse().unwrap_or(-1);
        link_form.run(link_subject_exam(window_id, subject.get_untracked(), exam_id), move |n| {
            done.run(());
            link_saved.set(Some(Text::new(
                format!("已关联，{n}名已缴费考生已加入考试"),
                format!("Linked: {n} paid candidates enrolled"),
            )));
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.t("准考证", "Admission tickets")}</h2>
            <Chosen selected=selected/>
            <form on:submit=on_print novalidate aria-label=i18n.t("准考证打印时间", "Ticket printing time")>
                <FormAlert form=print_form/>
                <Notice text=print_saved/>
                <div class="field">
                    <label for="tickets-from">{i18n.t("打印开始时间", "Printable from")}</label>
                    <input id="tickets-from" type="datetime-local" on:input=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="tickets-until">{i18n.t("打印结束时间", "Printable until")}</label>
                    <input id="tickets-until" type="datetime-local" on:input=move |ev| until.set(event_target_value(&ev))/>
                </div>
                <SubmitButton form=print_form label=("开放准考证打印", "Open ticket printing")/>
            </form>
            <form on:submit=on_link novalidate aria-label=i18n.t("科目对应考试", "Subject's exam")>
                <FormAlert form=link_form/>
                <Notice text=link_saved/>
                <TextField name="subject_code" label=("科目代码", "Subject code") value=subject form=link_form maxlength=20/>
                <TextField name="exam_id" label=("考试编号", "Exam id") value=exam form=link_form maxlength=12/>
                <SubmitButton form=link_form label=("关联考试", "Link the exam")/>
            </form>
        </section>
    }
}
