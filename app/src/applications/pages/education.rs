//! The education records editor (学历学位), shared by the application wizard's step 2 and the exam
//! registration: at most [5] records, a saved record can't be deleted, each marked as checked online or
//! on site by the same rule the server applies (seed 001, questions 6–10).
use leptos::prelude::*;

use crate::applications::pages::steps::{live, RowField};
use crate::applications::rules::{check_month, checked_online, MAX_EDUCATION_RECORDS};
use crate::applications::types::EducationInput;
use crate::i18n::use_i18n;

use crate::applications::vocabulary::{DEGREES, EDUCATION_LEVELS};

fn today() -> (i32, u32, u32) {
    crate::accounts::forms::browser_today()
}

#[derive(Clone, Copy)]
pub struct EduRow {
    key: usize,
    id: Option<i64>,
    level: RwSignal<String>,
    school: RwSignal<String>,
    major: RwSignal<String>,
    graduated: RwSignal<String>,
    number: RwSignal<String>,
    degree: RwSignal<String>,
    degree_month: RwSignal<String>,
}

impl EduRow {
    pub fn new(key: usize, e: &EducationInput) -> Self {
        Self {
            key,
            id: e.id,
            level: RwSignal::new(e.level.clone()),
            school: RwSignal::new(e.school.clone()),
            major: RwSignal::new(e.major.clone()),
            graduated: RwSignal::new(e.graduated_month.clone()),
            number: RwSignal::new(e.certificate_no.clone()),
            degree: RwSignal::new(e.degree.clone()),
            degree_month: RwSignal::new(e.degree_month.clone()),
        }
    }

    pub fn input(&self) -> EducationInput {
        EducationInput {
            id: self.id,
            level: self.level.get_untracked(),
            school: self.school.get_untracked(),
            major: self.major.get_untracked(),
            graduated_month: self.graduated.get_untracked(),
            certificate_no: self.number.get_untracked(),
            degree: self.degree.get_untracked(),
            degree_month: self.degree_month.get_untracked(),
        }
    }
}

#[component]
pub fn Choice(
    id: String,
    label: (&'static str, &'static str),
    options: &'static [(&'static str, &'static str)],
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.t(label.0, label.1)}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.iter().map(|&(zh, en)| view! {
                    <option value=zh selected=value.get_untracked() == zh>{if zh.is_empty() { i18n.t("无", "None") } else { i18n.t(zh, en) }}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Rows from saved records.
pub fn rows_of(records: &[crate::applications::types::EducationRecord]) -> Vec<EduRow> {
    records.iter().enumerate().map(|(key, e)| EduRow::new(key, &e.input)).collect()
}

/// The records' fieldset; `keys` hands out row keys (shared with the page's other repeated rows).
#[component]
pub fn EducationFieldset(rows: RwSignal<Vec<EduRow>>, keys: StoredValue<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let next = move || {
        let k = keys.get_value();
        keys.set_value(k + 1);
        k
    };
    view! {
        <fieldset>
            <legend>{i18n.t("学历学位（最多5条，添加保存后不可删除）", "Education (at most 5; saved records can't be deleted)")}</legend>
            <For each=move || rows.get() key=|e| e.key let:e>
                <div class="row" role="group" aria-label=i18n.pick("学历学位", "Education")>
                    <Choice id=format!("edu-level-{}", e.key) label=("学历", "Level") options=&EDUCATION_LEVELS value=e.level/>
                    <RowField id=format!("edu-school-{}", e.key) label=("毕业院校", "School") value=e.school/>
                    <RowField id=format!("edu-major-{}", e.key) label=("专业", "Major") value=e.major/>
                    <RowField id=format!("edu-graduated-{}", e.key) label=("毕业年月", "Graduated (YYYY-MM)") value=e.graduated maxlength=7
                        live=live(e.graduated, |v| check_month(v, today()))/>
                    <RowField id=format!("edu-number-{}", e.key) label=("学历证书编号", "Diploma number") value=e.number/>
                    <Choice id=format!("edu-degree-{}", e.key) label=("学位", "Degree") options=&DEGREES value=e.degree/>
                    <RowField id=format!("edu-degree-month-{}", e.key) label=("学位授予年月", "Degree date (YYYY-MM)") value=e.degree_month maxlength=7
                        live=live(e.degree_month, |v| check_month(v, today()))/>
                    <p class="check-mode">{move || if checked_online(&e.graduated.get(), &e.degree_month.get()) {
                        i18n.pick("学信网在线核验", "Checked online")
                    } else {
                        i18n.pick("需现场核验", "On-site check needed")
                    }}</p>
                    {e.id.is_none().then(|| view! {
                        <button type="button" class="link" on:click=move |_| rows.update(|l| l.retain(|r| r.key != e.key))>{i18n.t("删除（未保存）", "Remove (unsaved)")}</button>
                    })}
                </div>
            </For>
            <button type="button" disabled=move || rows.with(|l| l.len() >= MAX_EDUCATION_RECORDS)
                on:click=move |_| { let key = next(); rows.update(|l| l.push(EduRow::new(key, &EducationInput { level: "本科".into(), ..Default::default() }))) }>
                {i18n.t("添加学历学位", "Add education")}</button>
        </fieldset>
    }
}
