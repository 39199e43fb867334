//! Step 2 执业及专业信息: practice certificates (at most 3), professional titles each with an uploaded
//! proof, and education records (at most 5; a saved record can't be deleted), each marked as checked
//! online or on site by the same rule the server applies.
use leptos::prelude::*;

use super::{live, saved_notice, saved_text, LockedPart, RowField, StepAlert};
use crate::applications::api::save_qualifications;
use crate::applications::rules::{check_month, checked_online, MAX_CERTIFICATES, MAX_EDUCATION_RECORDS};
use crate::applications::types::{Application, CertificateItem, EducationInput, Part, QualificationsInput, TitleItem};
use crate::i18n::use_i18n;
use crate::ui::form::{FormState, Notice};
use crate::ui::upload::{FilePicker, StoredFile};

const TITLE_LEVELS: [&str; 4] = ["初级", "中级", "副高级", "正高级"];
const EDUCATION_LEVELS: [&str; 4] = ["专科", "本科", "硕士研究生", "博士研究生"];
const DEGREES: [&str; 4] = ["", "学士", "硕士", "博士"];

fn today() -> (i32, u32, u32) {
    crate::accounts::forms::browser_today()
}

#[derive(Clone, Copy)]
struct CertRow {
    key: usize,
    name: RwSignal<String>,
    number: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct TitleRow {
    key: usize,
    title: RwSignal<String>,
    level: RwSignal<String>,
    proof: RwSignal<Option<StoredFile>>,
}

#[derive(Clone, Copy)]
struct EduRow {
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
    fn new(key: usize, e: &EducationInput) -> Self {
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

    fn input(&self) -> EducationInput {
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
fn Choice(
    id: String,
    label: (&'static str, &'static str),
    options: &'static [&'static str],
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.t(label.0, label.1)}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.iter().map(|o| view! {
                    <option value=*o selected=value.get_untracked() == *o>{if o.is_empty() { i18n.pick("无", "None") } else { o }}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn QualificationsStep(app: Application, reload: Callback<()>, step: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    if !app.editable.contains(&Part::Qualifications) {
        return view! { <LockedPart app=app part=Part::Qualifications/> }.into_any();
    }
    let id = app.id;
    let form = FormState::new();
    let notice = saved_notice();
    let keys = StoredValue::new(1000usize);
    let next = move || {
        let k = keys.get_value();
        keys.set_value(k + 1);
        k
    };
    let certs = RwSignal::new(
        app.certificates
            .iter()
            .enumerate()
            .map(|(key, c)| CertRow {
                key,
                name: RwSignal::new(c.name.clone()),
                number: RwSignal::new(c.number.clone()),
            })
            .collect::<Vec<_>>(),
    );
    let titles = RwSignal::new(
        app.titles
            .iter()
            .enumerate()
            .map(|(key, t)| TitleRow {
                key,
                title: RwSignal::new(t.title.clone()),
                level: RwSignal::new(t.level.clone()),
                proof: RwSignal::new(Some(StoredFile { file_id: t.proof_file_id, size_bytes: 0 })),
            })
            .collect::<Vec<_>>(),
    );
    let education =
        RwSignal::new(app.education.iter().enumerate().map(|(key, e)| EduRow::new(key, &e.input)).collect::<Vec<_>>());
    let input = move || QualificationsInput {
        certificates: certs
            .get_untracked()
            .iter()
            .map(|c| CertificateItem { name: c.name.get_untracked(), number: c.number.get_untracked() })
            .collect(),
        titles: titles
            .get_untracked()
            .iter()
            .map(|t| TitleItem {
                title: t.title.get_untracked(),
                level: t.level.get_untracked(),
                proof_file_id: t.proof.get_untracked().map(|p| p.file_id).unwrap_or(0),
            })
            .collect(),
        education: education.get_untracked().iter().map(EduRow::input).collect(),
    };
    let save = move |then: Option<usize>| {
        form.run(save_qualifications(id, input()), move |()| {
            notice.set(Some(saved_text()));
            reload.run(());
            if let Some(s) = then {
                step.set(s);
            }
        });
    };
    let proof_path = format!("/api/applications/{id}/title-proof");
    view! {
        <h2>{i18n.t("第二步：执业及专业信息", "Step 2: qualifications")}</h2>
        <fieldset>
            <legend>{i18n.t("执业（注册）资格证书（最多3项）", "Practice certificates (at most 3)")}</legend>
            <For each=move || certs.get() key=|c| c.key let:c>
                <div class="row" role="group">
                    <RowField id=format!("cert-name-{}", c.key) label=("证书名称", "Certificate") value=c.name/>
                    <RowField id=format!("cert-number-{}", c.key) label=("证书编号", "Number") value=c.number/>
                    <button type="button" class="link" on:click=move |_| certs.update(|l| l.retain(|r| r.key != c.key))>{i18n.t("删除", "Remove")}</button>
                </div>
            </For>
            <button type="button" disabled=move || certs.with(|c| c.len() >= MAX_CERTIFICATES)
                on:click=move |_| { let key = next(); certs.update(|l| l.push(CertRow { key, name: RwSignal::new(String::new()), number: RwSignal::new(String::new()) })) }>
                {i18n.t("添加证书", "Add a certificate")}</button>
            <Show when=move || certs.with(|c| c.len() >= MAX_CERTIFICATES)>
                <p class="hint">{i18n.t("从业资格证书不得超过三种。", "At most three certificates.")}</p>
            </Show>
        </fieldset>
        <fieldset>
            <legend>{i18n.t("职称（每项需上传证明材料）", "Professional titles (each with a proof)")}</legend>
            <For each=move || titles.get() key=|t| t.key let:t>
                <div class="row" role="group">
                    <RowField id=format!("title-name-{}", t.key) label=("职称名称", "Title") value=t.title/>
                    <Choice id=format!("title-level-{}", t.key) label=("级别", "Level") options=&TITLE_LEVELS value=t.level/>
                    <FilePicker id="title-proof" path=proof_path.clone() label=("职称证明材料（PDF/JPG/PNG，≤10MB）", "Proof (PDF/JPG/PNG, ≤10 MB)") uploaded=t.proof/>
                    <button type="button" class="link" on:click=move |_| titles.update(|l| l.retain(|r| r.key != t.key))>{i18n.t("删除", "Remove")}</button>
                </div>
            </For>
            <button type="button" on:click=move |_| {
                let key = next();
                titles.update(|l| l.push(TitleRow { key, title: RwSignal::new(String::new()), level: RwSignal::new(TITLE_LEVELS[1].into()), proof: RwSignal::new(None) }))
            }>{i18n.t("添加职称", "Add a title")}</button>
        </fieldset>
        <fieldset>
            <legend>{i18n.t("学历学位（最多5条，添加保存后不可删除）", "Education (at most 5; saved records can't be deleted)")}</legend>
            <For each=move || education.get() key=|e| e.key let:e>
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
                        <button type="button" class="link" on:click=move |_| education.update(|l| l.retain(|r| r.key != e.key))>{i18n.t("删除（未保存）", "Remove (unsaved)")}</button>
                    })}
                </div>
            </For>
            <button type="button" disabled=move || education.with(|l| l.len() >= MAX_EDUCATION_RECORDS)
                on:click=move |_| { let key = next(); education.update(|l| l.push(EduRow::new(key, &EducationInput { level: "本科".into(), ..Default::default() }))) }>
                {i18n.t("添加学历学位", "Add education")}</button>
        </fieldset>
        <StepAlert form=form/>
        <Notice text=notice/>
        <div class="actions">
            <button type="button" on:click=move |_| step.set(1)>{i18n.t("上一步", "Back")}</button>
            <button type="button" on:click=move |_| save(None) disabled=move || form.pending.get()>{i18n.t("保存", "Save")}</button>
            <button type="button" class="primary" on:click=move |_| save(Some(3)) disabled=move || form.pending.get()>{i18n.t("保存并下一步", "Save and continue")}</button>
        </div>
    }
    .into_any()
}
