//! The registration page's steps: 学历学位 and 报名信息 here, the check route, confirmation and payment
//! in [`super::checkout`]. A step the status no longer allows to change shows what was saved, and the
//! server's refusal says why when a change is tried anyway.
use leptos::prelude::*;

use super::checkout::{ConfirmStep, PayStep, RouteStep};
use crate::applications::pages::education::{rows_of, EduRow, EducationFieldset};
use crate::applications::pages::StepAlert;
use crate::i18n::use_i18n;
use crate::registration::api::{save_reg_details, save_reg_education};
use crate::registration::rules::{fee_fen, locked_specialty_of, yuan_text};
use crate::registration::types::{DetailsInput, LevelView, RegistrationView, EDITABLE_FIELDS};
use crate::rules::check_required;
use crate::ui::form::{verdict, FormState, TextField};

/// The tabs, named as the flow diagram names its stages: the first three are 填写报名信息.
const STEPS: &[(&str, &str)] = &[
    ("学历学位", "Education"),
    ("报名信息", "Details"),
    ("核查方式", "Check route"),
    ("确认报名信息", "Confirm"),
    ("网上缴费", "Pay"),
];

#[component]
pub fn Steps(v: RegistrationView, reload: Callback<Option<usize>>, step: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let initial = match v.status.as_str() {
        "draft" if v.education.is_empty() => 0,
        "draft" => 1,
        _ => 4,
    };
    let current = move || step.get().unwrap_or(initial);
    let v = StoredValue::new(v);
    view! {
        <nav class="steps" aria-label=i18n.t("报名步骤", "Registration steps")>
            {STEPS.iter().enumerate().map(|(i, (zh, en))| view! {
                <button type="button" aria-current=move || (current() == i).then_some("step") on:click=move |_| step.set(Some(i))>
                    {format!("{} ", i + 1)}{i18n.t(zh, en)}
                </button>
            }).collect_view()}
        </nav>
        {move || match current() {
            0 => view! { <EducationStep v=v.get_value() reload=reload/> }.into_any(),
            1 => view! { <DetailsStep v=v.get_value() reload=reload/> }.into_any(),
            2 => view! { <RouteStep v=v.get_value() reload=reload step=step/> }.into_any(),
            3 => view! { <ConfirmStep v=v.get_value() reload=reload/> }.into_any(),
            _ => view! { <PayStep v=v.get_value() reload=reload/> }.into_any(),
        }}
    }
}

#[component]
fn EducationStep(v: RegistrationView, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let rows = RwSignal::new(rows_of(&v.education));
    let keys = StoredValue::new(1000usize);
    let id = v.id;
    let save = move |_| {
        let records = rows.get_untracked().iter().map(EduRow::input).collect();
        form.run(save_reg_education(id, records), move |_| {
            reload.run(Some(1));
        });
    };
    view! {
        <h3>{i18n.t("学历学位信息", "Education records")}</h3>
        <p class="aside">{i18n.t(
            "学历信息在2002年至今的大专以上、学位信息在2008年9月至今的，可在线自动核查；其他须选择告知承诺制或现场核查。学历学位与专家申请共用，最多5条，添加后不能删除。",
            "Diplomas from 2002 and degrees from September 2008 are checked online; others need the commitment route or an on-site check. Records are shared with expert applications: at most 5, never deleted.",
        )}</p>
        {if v.status == "draft" {
            view! {
                <EducationFieldset rows=rows keys=keys/>
                <StepAlert form=form/>
                <div class="actions">
                    <button type="button" class="primary" on:click=save disabled=move || form.pending.get()>{i18n.t("保存并下一步", "Save and continue")}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <ul class="files">{v.education.iter().map(|e| view! {
                    <li>{format!("{} · {} · {} · ", e.input.level, e.input.school, e.input.graduated_month)}
                        {if e.checked_online { i18n.t("在线核查", "checked online") } else { i18n.t("需现场核查", "on-site check") }}</li>
                }).collect_view()}</ul>
            }.into_any()
        }}
    }
}

fn level_of(levels: &[LevelView], code: &str) -> Option<LevelView> {
    levels.iter().find(|l| l.code == code).cloned()
}

#[component]
fn DetailsStep(v: RegistrationView, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let d = v.details.clone();
    let level = RwSignal::new(d.level_code.clone());
    let specialty = RwSignal::new(d.specialty_id);
    let subjects = RwSignal::new(d.subject_codes.clone());
    let site = RwSignal::new(d.site_id);
    let work_unit = RwSignal::new(d.work_unit.clone());
    let address = RwSignal::new(d.contact_address.clone());
    let levels = StoredValue::new(v.levels.clone());
    let passed = StoredValue::new(v.passed.clone());
    let id = v.id;
    let fee = v.window.fee_per_subject_fen;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = DetailsInput {
            level_code: level.get_untracked(),
            specialty_id: specialty.get_untracked(),
            subject_codes: subjects.get_untracked(),
            site_id: site.get_untracked(),
            work_unit: work_unit.get_untracked(),
            contact_address: address.get_untracked(),
        };
        form.run(save_reg_details(id, input), move |()| {
            reload.run(Some(2));
        });
    };
    // A message about a field goes once that field changes (the level also changes specialty and subjects).
    form.forget_on_change("level_code", move || level.track());
    form.forget_on_change("specialty_id", move || {
        level.track();
        specialty.track();
    });
    form.forget_on_change("subject_codes", move || {
        level.track();
        specialty.track();
        subjects.track();
    });
    form.forget_on_change("site_id", move || site.track());
    form.forget_on_change("work_unit", move || work_unit.track());
    form.forget_on_change("contact_address", move || address.track());
    // Passes count for their own level only: choosing another level makes a new candidate (seed 001, q. 15).
    let passed_at = move |level: &str| {
        passed.with_value(|p| p.iter().filter(|x| x.level_code == level).cloned().collect::<Vec<_>>())
    };
    let passed_now = move || passed_at(&level.get());
    let locked =
        move || levels.with_value(|ls| locked_specialty_of(ls.iter().find(|l| l.code == level.get()), &passed_now()));
    let passed_here = move |code: &str| passed_now().into_iter().find(|x| x.code == code);
    let offered = move || {
        let Some(l) = levels.with_value(|ls| level_of(ls, &level.get())) else { return Vec::new() };
        let chosen = specialty.get();
        l.public_subjects
            .iter()
            .cloned()
            .chain(l.specialties.iter().filter(|s| Some(s.id) == chosen).flat_map(|s| s.subjects.clone()))
            .collect::<Vec<_>>()
    };
    let editable: Vec<String> = v
        .window
        .editable_after_confirm
        .iter()
        .filter_map(|f| EDITABLE_FIELDS.iter().find(|(e, ..)| e == f).map(|(_, zh, en)| i18n.pick(zh, en).to_string()))
        .collect();
    let rule_hint = match v.status.as_str() {
        "paid" => Some(
            i18n.pick(
                "缴费成功后，不允许修改报考级别、专业、科目和考点等报考信息。",
                "After paying, the level, specialty, subjects and site can't change.",
            )
            .to_string(),
        ),
        "confirmed" => Some(format!(
            "{}{}",
            i18n.pick("报名信息已确认，仅可修改：", "Confirmed: only these can change: "),
            if editable.is_empty() { "—".into() } else { editable.join(i18n.sep()) }
        )),
        _ => None,
    };
    view! {
        <h3>{i18n.t("报名信息", "Registration details")}</h3>
        {rule_hint.map(|h| view! { <p class="notice" role="note">{h}</p> })}
        {move || {
            let here = passed_now();
            if here.is_empty() {
                return (!v.passed.is_empty() && !level.get().is_empty()).then(|| view! {
                    <p class="hint" role="note">{i18n.t("该级别无已通过科目，按新考生处理。", "No passed subjects at this level: you register as a new candidate.")}</p>
                }.into_any());
            }
            Some(view! {
                <div class="notice" role="note" aria-label=i18n.t("老考生已通过科目", "Passed subjects")>
                    <p>{i18n.t("老考生：以下已通过的科目已自动加载，有效期内无需再考：", "Returning candidate: these passed subjects are loaded and needn't be taken again:")}</p>
                    <ul>{here.into_iter().map(|p| view! { <li>{move || if i18n.lang.get() == crate::i18n::Lang::En { format!("{} (passed {}, valid until {})", p.name, p.passed_year, p.valid_until_year) } else { format!("{}（{}年通过，有效至{}年）", p.name, p.passed_year, p.valid_until_year) }}</li> }).collect_view()}</ul>
                </div>
            }.into_any())
        }}
        <form on:submit=save novalidate aria-label=i18n.t("报名信息表", "Details form")>
            <div class="field">
                <label for="reg-level">{i18n.t("报考级别", "Level")}</label>
                <select id="reg-level" on:change=move |ev| { level.set(event_target_value(&ev)); specialty.set(locked()); subjects.set(Vec::new()); }>
                    <option value="" selected=d.level_code.is_empty()>{i18n.t("请选择", "Choose")}</option>
                    {v.levels.iter().map(|l| view! { <option value=l.code.clone() selected=l.code == d.level_code>{l.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="reg-specialty">{i18n.t("报考专业", "Specialty")}</label>
                <select id="reg-specialty" disabled=move || locked().is_some()
                    on:change=move |ev| { specialty.set(event_target_value(&ev).parse().ok()); subjects.set(Vec::new()); }>
                    <option value="">{i18n.t("请选择", "Choose")}</option>
                    {move || levels.with_value(|ls| level_of(ls, &level.get())).map(|l| l.specialties.into_iter().map(|s| view! {
                        <option value=s.id.to_string() selected=specialty.get_untracked() == Some(s.id)>{s.name}</option>
                    }).collect_view())}
                </select>
                {move || locked().map(|_| view! { <p class="hint">{i18n.t("您已通过该专业的全部专业科目，不允许变更专业。", "You passed every subject of this specialty: it can't change.")}</p> })}
            </div>
            <fieldset>
                <legend>{i18n.t("报考科目", "Subjects")}</legend>
                {move || offered().into_iter().map(|s| {
                    let code = s.code.clone();
                    match passed_here(&s.code) {
                        Some(p) => view! {
                            <label class="check"><input type="checkbox" checked=true disabled=true/>
                                {format!("{} — ", s.name)}{i18n.t("已通过", "passed")}{move || if i18n.lang.get() == crate::i18n::Lang::En { format!(" (until {})", p.valid_until_year) } else { format!("（{}）", p.valid_until_year) }}</label>
                        }.into_any(),
                        None => view! {
                            <label class="check"><input type="checkbox" prop:checked={let code = code.clone(); move || subjects.with(|l| l.contains(&code))}
                                on:change=move |ev| { let on = event_target_checked(&ev); let code = code.clone(); subjects.update(|l| { l.retain(|c| *c != code); if on { l.push(code); } }); }/>
                                {s.name.clone()}</label>
                        }.into_any(),
                    }
                }).collect_view()}
                <p class="hint">{move || format!("{}{}", i18n.pick("报名费：", "Fee: "), yuan_text(fee_fen(subjects.with(Vec::len), fee), i18n.lang.get()))}</p>
            </fieldset>
            <div class="field">
                <label for="reg-site">{i18n.t("考点", "Exam site")}</label>
                <select id="reg-site" on:change=move |ev| site.set(event_target_value(&ev).parse().ok())>
                    <option value="">{i18n.t("请选择", "Choose")}</option>
                    {v.sites.iter().map(|s| view! {
                        <option value=s.id.to_string() selected=d.site_id == Some(s.id)>
                            {format!("{}（{}，{}{}）", s.name, s.address, i18n.pick("剩余名额 ", "seats left "), s.capacity - s.taken)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField name="work_unit" label=("工作单位", "Work unit") value=work_unit form=form maxlength=50
                live=Signal::derive(move || verdict(check_required("工作单位", "work unit", &work_unit.get(), 50)))/>
            <TextField name="contact_address" label=("通讯地址", "Address") value=address form=form maxlength=100
                live=Signal::derive(move || verdict(check_required("通讯地址", "address", &address.get(), 100)))/>
            <StepAlert form=form/>
            <div class="actions"><button type="submit" class="primary" disabled=move || form.pending.get()>{i18n.t("保存报名信息", "Save details")}</button></div>
        </form>
    }
}
