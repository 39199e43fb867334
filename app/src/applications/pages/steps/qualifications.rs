//! Step 2 执业及专业信息: practice certificates (at most 3), professional titles each with an uploaded
//! proof, and education records (at most 5; a saved record can't be deleted), each marked as checked
//! online or on site by the same rule the server applies.
use leptos::prelude::*;

use super::{saved_notice, saved_text, LockedPart, RowField, StepAlert};
use crate::applications::api::save_qualifications;
use crate::applications::pages::education::{rows_of, Choice, EduRow, EducationFieldset};
use crate::applications::rules::MAX_CERTIFICATES;
use crate::applications::types::{Application, CertificateItem, Part, QualificationsInput, TitleItem};
use crate::i18n::use_i18n;
use crate::ui::form::{FormState, Notice};
use crate::ui::upload::{FilePicker, StoredFile};

use crate::applications::vocabulary::TITLE_LEVELS;
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

#[component]
pub fn QualificationsStep(app: Application, reload: Callback<Option<usize>>, step: RwSignal<usize>) -> impl IntoView {
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
    let education = RwSignal::new(rows_of(&app.education));
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
            reload.run(then);
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
                titles.update(|l| l.push(TitleRow { key, title: RwSignal::new(String::new()), level: RwSignal::new(TITLE_LEVELS[1].0.into()), proof: RwSignal::new(None) }))
            }>{i18n.t("添加职称", "Add a title")}</button>
        </fieldset>
        <EducationFieldset rows=education keys=keys/>
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
