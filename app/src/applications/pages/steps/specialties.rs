//! Step 3 评标专业: 1–6 specialties from the three-level catalog, a description, and 打印表格, which
//! produces the review form as PDF and locks steps 1–3 (after a confirmation that says so).
use leptos::prelude::*;

use super::{saved_notice, saved_text, LockedPart, StepAlert};
use crate::applications::api::{print_form, save_specialties, specialties};
use crate::applications::rules::MAX_SPECIALTIES;
use crate::applications::types::{Application, Part, SpecialtiesInput, Specialty, SpecialtyChoice};
use crate::i18n::use_i18n;
use crate::ui::form::{FormState, Notice};

#[component]
fn Level(
    id: &'static str,
    label: (&'static str, &'static str),
    options: RwSignal<Vec<Specialty>>,
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{i18n.t(label.0, label.1)}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{i18n.t("请选择", "Choose")}</option>
                {move || options.get().into_iter().filter(|s| !s.legacy).map(|s| view! { <option value=s.code.clone()>{s.name}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn SpecialtiesStep(app: Application, reload: Callback<Option<usize>>, step: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    if !app.editable.contains(&Part::Specialties) {
        return view! { <LockedPart app=app part=Part::Specialties/> }.into_any();
    }
    let id = app.id;
    let form = FormState::new();
    let notice = saved_notice();
    // (code, path, legacy code) of the chosen specialties.
    let chosen = RwSignal::new(
        app.specialties.iter().map(|s| (s.code.clone(), s.path.clone(), s.legacy_code.clone())).collect::<Vec<_>>(),
    );
    let description = RwSignal::new(app.description.clone());
    let (top, middle, leaf) = (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let (category, group, specialty) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let fill = move |target: RwSignal<Vec<Specialty>>, parent: Option<String>| {
        leptos::task::spawn_local(async move { target.set(specialties(parent).await.unwrap_or_default()) });
    };
    fill(top, None);
    Effect::new(move |_| {
        let c = category.get();
        middle.set(Vec::new());
        group.set(String::new());
        if !c.is_empty() {
            fill(middle, Some(c));
        }
    });
    Effect::new(move |_| {
        let g = group.get();
        leaf.set(Vec::new());
        specialty.set(String::new());
        if !g.is_empty() {
            fill(leaf, Some(g));
        }
    });
    let duplicate = RwSignal::new(false);
    Effect::new(move |_| {
        specialty.track();
        duplicate.set(false);
    });
    let add = move |_| {
        let code = specialty.get_untracked();
        if chosen.with_untracked(|list| list.iter().any(|c| c.0 == code)) {
            duplicate.set(true);
            return;
        }
        let Some(name) = leaf.get_untracked().into_iter().find(|s| s.code == code).map(|s| s.name) else { return };
        let path = [category, group]
            .iter()
            .map(|sig| {
                let c = sig.get_untracked();
                top.get_untracked()
                    .into_iter()
                    .chain(middle.get_untracked())
                    .find(|s| s.code == c)
                    .map(|s| s.name)
                    .unwrap_or_default()
            })
            .chain([name])
            .collect::<Vec<_>>()
            .join(" / ");
        chosen.update(|list| {
            if list.len() < MAX_SPECIALTIES && !list.iter().any(|c| c.0 == code) {
                list.push((code, path, None));
            }
        });
    };
    let input = move || SpecialtiesInput {
        specialties: chosen
            .get_untracked()
            .into_iter()
            .map(|(code, _, legacy_code)| SpecialtyChoice { code, legacy_code })
            .collect(),
        description: description.get_untracked(),
    };
    let confirming = RwSignal::new(false);
    let save = move |_| {
        form.run(save_specialties(id, input()), move |()| {
            notice.set(Some(saved_text()));
            reload.run(None);
        })
    };
    let print = move |_| {
        confirming.set(false);
        form.run(
            async move {
                save_specialties(id, input()).await?;
                print_form(id).await
            },
            move |()| {
                // The form the applicant will sign downloads at once; step 4 offers it again.
                crate::ui::download::start_download(&format!("/api/applications/{id}/form.pdf"));
                reload.run(Some(4));
            },
        );
    };
    view! {
        <h2>{i18n.t("第三步：评标专业", "Step 3: specialties")}</h2>
        <fieldset>
            <legend>{i18n.t("选择评标专业（1–6个，一经打印表格不可修改）", "Choose 1–6 specialties (fixed once the form is printed)")}</legend>
            <Level id="category" label=("类别", "Category") options=top value=category/>
            <Level id="subcategory" label=("子类", "Subcategory") options=middle value=group/>
            <Level id="specialty" label=("专业", "Specialty") options=leaf value=specialty/>
            <button type="button" on:click=add disabled=move || specialty.get().is_empty() || chosen.with(|c| c.len() >= MAX_SPECIALTIES)>
                {i18n.t("添加专业", "Add")}</button>
            <Show when=move || duplicate.get()>
                <p class="alert alert-warn" role="alert">{i18n.t("该专业已添加，请选择其他专业。", "This specialty is already on the list: choose another.")}</p>
            </Show>
            <Show when=move || chosen.with(|c| c.len() >= MAX_SPECIALTIES)>
                <p class="hint">{i18n.t("评标专业最多可选择6个。", "At most 6 specialties.")}</p>
            </Show>
            <ul id="chosen-specialties" aria-label=i18n.pick("已选专业", "Chosen specialties")>
                {move || chosen.get().into_iter().map(|(code, path, _)| view! {
                    <li>{path}" "<button type="button" class="link" on:click=move |_| chosen.update(|l| l.retain(|c| c.0 != code))>{i18n.t("移除", "Remove")}</button></li>
                }).collect_view()}
            </ul>
        </fieldset>
        <div class="field">
            <label for="description">{i18n.t("补充描述（可提高审核通过率）", "Description (helps the review)")}</label>
            <textarea id="description" maxlength="1000" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
        </div>
        <StepAlert form=form/>
        <Notice text=notice/>
        <div class="actions">
            <button type="button" on:click=move |_| step.set(2)>{i18n.t("上一步", "Back")}</button>
            <button type="button" on:click=save disabled=move || form.pending.get()>{i18n.t("保存", "Save")}</button>
            <button type="button" class="primary" on:click=move |_| confirming.set(true) disabled=move || form.pending.get()>{i18n.t("打印表格", "Print the form")}</button>
        </div>
        <Show when=move || confirming.get()>
            <div role="dialog" aria-modal="true" aria-labelledby="print-title" class="dialog">
                <h3 id="print-title">{i18n.t("确认打印表格", "Print the form?")}</h3>
                <p>{i18n.t(
                    "点击“确定”后，系统将锁定基础信息、执业信息和评标专业，无法再修改。请先认真核对信息的准确性与完整性。",
                    "After this, steps 1–3 are locked and can't be changed. Check everything first.",
                )}</p>
                <button type="button" class="primary" on:click=print>{i18n.t("确定", "Print")}</button>
                <button type="button" on:click=move |_| confirming.set(false)>{i18n.t("取消", "Cancel")}</button>
            </div>
        </Show>
    }
    .into_any()
}
