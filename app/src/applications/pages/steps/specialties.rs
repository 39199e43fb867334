//! Step 3 评标专业: 1–6 specialties from the three-level catalog, a description, and 打印表格, which
//! produces the review form as PDF and locks steps 1–3 (after a confirmation that says so). A renewing
//! expert's old level-2 specialties are rows that can't be removed, each mapped to one of the new
//! specialties the catalog allows for it (seed 000 q.3–4).
use leptos::prelude::*;

use super::{saved_notice, saved_text, LockedPart, StepAlert};
use crate::applications::api::{legacy_specialties, print_form, save_specialties, specialties};
use crate::applications::rules::MAX_SPECIALTIES;
use crate::applications::types::{Application, LegacySpecialty, Part, SpecialtiesInput, Specialty, SpecialtyChoice};
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
    // (code, path, legacy code) of the chosen specialties (the removable ones: no legacy code).
    let chosen = RwSignal::new(
        app.specialties
            .iter()
            .filter(|s| s.legacy_code.is_none())
            .map(|s| (s.code.clone(), s.path.clone(), None::<String>))
            .collect::<Vec<_>>(),
    );
    // The old specialties I hold, and (old code, new code) of the mappings chosen so far.
    let legacy = RwSignal::new(Vec::<LegacySpecialty>::new());
    leptos::task::spawn_local(async move { legacy.set(legacy_specialties().await.unwrap_or_default()) });
    let mapped = RwSignal::new(
        app.specialties
            .iter()
            .filter_map(|s| s.legacy_code.clone().map(|old| (old, s.code.clone())))
            .collect::<Vec<_>>(),
    );
    let full = move || chosen.with(|c| c.len()) + legacy.with(|l| l.len()) >= MAX_SPECIALTIES;
    let full_now = move || chosen.with_untracked(|c| c.len()) + legacy.with_untracked(|l| l.len()) >= MAX_SPECIALTIES;
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
        // Checked before the update: reading `chosen` inside its own update would deadlock.
        if full_now() {
            return;
        }
        chosen.update(|list| {
            if !list.iter().any(|c| c.0 == code) {
                list.push((code, path, None));
            }
        });
    };
    let input = move || SpecialtiesInput {
        specialties: mapped
            .get_untracked()
            .into_iter()
            .filter(|(_, code)| !code.is_empty())
            .map(|(old, code)| SpecialtyChoice { code, legacy_code: Some(old) })
            .chain(
                chosen.get_untracked().into_iter().map(|(code, _, legacy_code)| SpecialtyChoice { code, legacy_code }),
            )
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
        <Show when=move || legacy.with(|l| !l.is_empty())>
            <fieldset>
                <legend>{i18n.t("旧专业对应新专业（旧专业不能删除）", "Your old specialties (they can't be removed)")}</legend>
                <p class="hint">{i18n.t(
                    "专业目录已调整为三级。请为您在库的每个旧专业选择一个对应的新三级专业。",
                    "The catalog now has three levels: choose the new level-3 specialty for each old one you hold.",
                )}</p>
                {move || legacy.get().into_iter().map(|old| {
                    let select_id = format!("legacy-{}", old.code);
                    let label_zh = format!("旧专业“{}”对应的新专业", old.name);
                    let label_en = format!("New specialty for “{}”", old.name);
                    let code = old.code.clone();
                    let current = move || mapped.with(|m| m.iter().find(|(o, _)| *o == code).map(|(_, c)| c.clone()).unwrap_or_default());
                    let code = old.code.clone();
                    let choose = move |ev| {
                        let new_code = event_target_value(&ev);
                        mapped.update(|m| {
                            m.retain(|(o, _)| *o != code);
                            m.push((code.clone(), new_code));
                        });
                    };
                    view! {
                        <div class="field">
                            <label for=select_id.clone()>{move || i18n.pick(&label_zh, &label_en).to_string()}</label>
                            <select id=select_id prop:value=current on:change=choose>
                                <option value="">{i18n.t("请选择", "Choose")}</option>
                                {old.options.into_iter().map(|(code, path)| view! { <option value=code>{path}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
        <fieldset>
            <legend>{i18n.t("选择评标专业（1–6个，一经打印表格不可修改）", "Choose 1–6 specialties (fixed once the form is printed)")}</legend>
            <Level id="category" label=("类别", "Category") options=top value=category/>
            <Level id="subcategory" label=("子类", "Subcategory") options=middle value=group/>
            <Level id="specialty" label=("专业", "Specialty") options=leaf value=specialty/>
            <button type="button" on:click=add disabled=move || specialty.get().is_empty() || full()>
                {i18n.t("添加专业", "Add")}</button>
            <Show when=move || duplicate.get()>
                <p class="alert alert-warn" role="alert">{i18n.t("该专业已添加，请选择其他专业。", "This specialty is already on the list: choose another.")}</p>
            </Show>
            <Show when=full>
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
