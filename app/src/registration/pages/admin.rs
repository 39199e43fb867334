//! The console's registration actions, under each registration list: a new window, catalog lines and
//! earlier years' passed subjects, sites, the on-site check verdict on the chosen row, and 立即对账.
use leptos::prelude::*;

use crate::admin::pages::actions::{ok, on_chosen, Chosen, Done};
use crate::error::Text;
use crate::i18n::use_i18n;
use crate::registration::api::{
    add_exam_site, add_reg_subject, create_reg_window, decide_onsite_check, record_passed_subject, run_reconciliation,
};
use crate::registration::rules::check_fee_yuan;
use crate::registration::types::{PassedInput, RegWindowInput, SiteInput, SubjectInput, EDITABLE_FIELDS};
use crate::rules::check_required;
use crate::training::rules::check_date;
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};

#[component]
pub fn RegistrationActions(kind: String, selected: Signal<Option<i64>>, done: Done) -> impl IntoView {
    match kind.as_str() {
        "reg_windows" => {
            view! { <WindowForm done=done/><crate::admission::pages::TicketAdminForms selected=selected done=done/> }
                .into_any()
        }
        "reg_catalog" => view! { <SubjectForm done=done/><PassedForm done=done/> }.into_any(),
        "reg_sites" => view! { <SiteForm done=done/> }.into_any(),
        "reg_checks" => view! { <CheckVerdict selected=selected done=done/> }.into_any(),
        "reg_orders" => view! { <Reconcile done=done/> }.into_any(),
        _ => ().into_any(),
    }
}

fn number(text: &RwSignal<String>) -> i64 {
    text.get_untracked().trim().parse().unwrap_or(-1)
}

#[component]
fn WindowForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let (form, saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let title = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let opens = RwSignal::new(String::new());
    let closes = RwSignal::new(String::new());
    let fee = RwSignal::new(String::new());
    let valid = RwSignal::new("2".to_string());
    let commitment = RwSignal::new(true);
    let editable = RwSignal::new(vec!["work_unit".to_string(), "contact_address".to_string()]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = RegWindowInput {
            title: title.get_untracked(),
            exam_year: number(&year),
            opens_on: opens.get_untracked(),
            closes_on: closes.get_untracked(),
            fee_per_subject: fee.get_untracked(),
            commitment_allowed: commitment.get_untracked(),
            editable_after_confirm: editable.get_untracked(),
            pass_valid_years: number(&valid),
        };
        form.run(create_reg_window(input), move |_| ok(saved, done)(()));
    };
    view! {
        <section class="card">
            <h2>{i18n.t("新建报名批次", "New registration window")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("新建报名批次", "New registration window")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="title" label=("批次名称", "Title") value=title form=form maxlength=100 live=Signal::derive(move || verdict(check_required("批次名称", "window title", &title.get(), 100)))/>
                <TextField name="exam_year" label=("考试年度", "Exam year") value=year form=form maxlength=4/>
                <TextField name="opens_on" label=("报名开始（年-月-日）", "Opens (YYYY-MM-DD)") value=opens form=form maxlength=10 live=Signal::derive(move || opens.with(|d| verdict(check_date(d))))/>
                <TextField name="closes_on" label=("报名截止（年-月-日）", "Closes (YYYY-MM-DD)") value=closes form=form maxlength=10 live=Signal::derive(move || closes.with(|d| verdict(check_date(d))))/>
                <TextField name="fee_per_subject" label=("每科报名费（元）", "Fee per subject (yuan)") value=fee form=form maxlength=9 live=Signal::derive(move || fee.with(|f| verdict(check_fee_yuan(f))))/>
                <TextField name="pass_valid_years" label=("成绩有效期（年，滚动）", "Results valid (years, rolling)") value=valid form=form maxlength=2/>
                <label class="check"><input type="checkbox" prop:checked=move || commitment.get() on:change=move |ev| commitment.set(event_target_checked(&ev))/>
                    {i18n.t("适用告知承诺制", "Commitment route allowed")}</label>
                <fieldset>
                    <legend>{i18n.t("确认（或审核）后允许修改的信息", "Editable after confirming (or review)")}</legend>
                    {EDITABLE_FIELDS.iter().map(|(field, zh, en)| {
                        let field = field.to_string();
                        let has = field.clone();
                        view! {
                            <label class="check"><input type="checkbox" prop:checked=move || editable.with(|l| l.contains(&has))
                                on:change=move |ev| { let on = event_target_checked(&ev); let f = field.clone(); editable.update(|l| { l.retain(|x| *x != f); if on { l.push(f); } }); }/>
                                {i18n.t(zh, en)}</label>
                        }
                    }).collect_view()}
                </fieldset>
                <SubmitButton form=form label=("创建", "Create")/>
            </form>
        </section>
    }
}

#[component]
fn SubjectForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let (form, saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let [level_code, level_name, specialty, code, name] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = SubjectInput {
            level_code: level_code.get_untracked(),
            level_name: level_name.get_untracked(),
            specialty_name: specialty.get_untracked(),
            subject_code: code.get_untracked(),
            subject_name: name.get_untracked(),
        };
        form.run(add_reg_subject(input), ok(saved, done));
    };
    view! {
        <section class="card">
            <h2>{i18n.t("添加科目", "Add a subject")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("添加科目", "Add a subject")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="level_code" label=("级别代码", "Level code") value=level_code form=form maxlength=10/>
                <TextField name="level_name" label=("级别名称", "Level name") value=level_name form=form maxlength=30/>
                <TextField name="specialty_name" label=("专业（公共科目留空）", "Specialty (empty: a public subject)") value=specialty form=form maxlength=50/>
                <TextField name="subject_code" label=("科目代码", "Subject code") value=code form=form maxlength=10/>
                <TextField name="subject_name" label=("科目名称", "Subject name") value=name form=form maxlength=50/>
                <SubmitButton form=form label=("添加", "Add")/>
            </form>
        </section>
    }
}

#[component]
fn PassedForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let (form, saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let [user, code, year] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input =
            PassedInput { user_id: number(&user), subject_code: code.get_untracked(), passed_year: number(&year) };
        form.run(record_passed_subject(input), ok(saved, done));
    };
    view! {
        <section class="card">
            <h2>{i18n.t("成绩登记（往年已通过科目）", "Record a subject passed in an earlier year")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("成绩登记", "Record a pass")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="passed_user_id" label=("用户编号（用户与角色列表中的 #）", "User number (# in the users list)") value=user form=form maxlength=12/>
                <TextField name="passed_subject_code" label=("科目代码", "Subject code") value=code form=form maxlength=10/>
                <TextField name="passed_year" label=("通过年度", "Year passed") value=year form=form maxlength=4/>
                <SubmitButton form=form label=("登记", "Record")/>
            </form>
        </section>
    }
}

#[component]
fn SiteForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let (form, saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let [window, name, address, capacity] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = SiteInput {
            window_id: number(&window),
            name: name.get_untracked(),
            address: address.get_untracked(),
            capacity: number(&capacity),
        };
        form.run(add_exam_site(input), move |_| ok(saved, done)(()));
    };
    view! {
        <section class="card">
            <h2>{i18n.t("添加考点", "Add an exam site")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("添加考点", "Add an exam site")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="site_window" label=("报名批次编号（报名批次列表中的 #）", "Window number (# in the windows list)") value=window form=form maxlength=12/>
                <TextField name="site_name" label=("考点名称", "Site name") value=name form=form maxlength=50/>
                <TextField name="site_address" label=("考点地址", "Address") value=address form=form maxlength=100/>
                <TextField name="site_capacity" label=("容量（人）", "Capacity (seats)") value=capacity form=form maxlength=6/>
                <SubmitButton form=form label=("添加", "Add")/>
            </form>
        </section>
    }
}

#[component]
fn CheckVerdict(selected: Signal<Option<i64>>, done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let (form, saved) = (FormState::new(), RwSignal::new(None::<Text>));
    let note = RwSignal::new(String::new());
    let decide = move |passed: bool| {
        on_chosen(form, selected, saved, done, move |id| decide_onsite_check(id, passed, note.get_untracked()))
    };
    view! {
        <section class="card">
            <h2>{i18n.t("现场核查结果", "On-site check verdict")}</h2>
            <Chosen selected=selected/>
            <FormAlert form=form/>
            <Notice text=saved/>
            <TextField name="check_note" label=("说明（未通过时必填）", "Note (required to fail)") value=note form=form maxlength=200/>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| decide(true) disabled=move || form.pending.get()>{i18n.t("核查通过", "Passed")}</button>
                <button type="button" on:click=move |_| decide(false) disabled=move || form.pending.get()>{i18n.t("核查未通过", "Failed")}</button>
            </div>
        </section>
    }
}

#[component]
fn Reconcile(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let report = RwSignal::new(None::<Text>);
    let run = move |_| {
        form.run(run_reconciliation(), move |r| {
            report.set(Some(Text::new(
                format!(
                    "对账完成：查询 {} 笔，补登已支付 {} 笔，关闭 {} 笔，退款 {} 笔",
                    r.checked, r.recovered, r.closed, r.refunded
                ),
                format!(
                    "Reconciled: {} asked, {} payments recovered, {} closed, {} refunded",
                    r.checked, r.recovered, r.closed, r.refunded
                ),
            )));
            done.run(());
        })
    };
    view! {
        <section class="card">
            <h2>{i18n.t("对账", "Reconciliation")}</h2>
            <p class="aside">{i18n.t("向支付平台查询所有待支付订单：已支付的补登为报名成功，超时未付的关闭。系统也会定时自动对账。导出本列表即为对账报表。", "Asks the provider about every unpaid order: paid ones are recorded, expired ones closed. This also runs on a timer; the list's CSV is the report.")}</p>
            <FormAlert form=form/>
            <Notice text=report/>
            <button type="button" class="primary" on:click=run disabled=move || form.pending.get()>{i18n.t("立即对账", "Reconcile now")}</button>
        </section>
    }
}
