//! Step 4 附件上传: the printed form to download, sign and upload; the required and optional
//! attachments (PDF/JPG/PNG ≤10 MB, checked by content on the server, with a progress bar); 提交审核.
use leptos::prelude::*;

use super::{LockedPart, StepAlert};
use crate::applications::api::{remove_attachment, submit_application};
use crate::applications::types::{Application, Part, ATTACHMENT_KINDS};
use crate::i18n::use_i18n;
use crate::ui::form::{FormState, Notice};
use crate::ui::upload::{FilePicker, StoredFile};

#[component]
pub fn AttachmentsStep(app: Application, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    if !app.editable.contains(&Part::Attachments) {
        return view! { <LockedPart app=app part=Part::Attachments/> }.into_any();
    }
    let id = app.id;
    let form = FormState::new();
    let submitted = RwSignal::new(None);
    let printed = app.printed;
    view! {
        <h2>{i18n.t("第四步：附件上传", "Step 4: attachments")}</h2>
        {if printed {
            view! { <p><a href=format!("/api/applications/{id}/form.pdf") download="">{i18n.t("下载资格审查表（PDF），签字盖章后扫描上传", "Download the review form (PDF), sign it and upload the scan")}</a></p> }.into_any()
        } else {
            view! { <p class="notice">{i18n.t("请先在第三步点击“打印表格”，再上传签字盖章的资格审查表。", "Print the form in step 3 first.")}</p> }.into_any()
        }}
        <ul class="attachments" id="attachments" aria-label=i18n.pick("已上传附件", "Uploaded attachments")>
            {app.attachments.iter().map(|a| {
                let label = ATTACHMENT_KINDS.iter().find(|k| k.0 == a.kind).map(|k| i18n.pick(k.2, k.3)).unwrap_or("").to_string();
                let attachment_id = a.id;
                view! { <li>{label}{i18n.t("：", ": ")}{a.file_name.clone()}" "
                    <button type="button" class="link" on:click=move |_| form.run(remove_attachment(id, attachment_id), move |()| reload.run(None))>{i18n.t("删除", "Remove")}</button>
                </li> }
            }).collect_view()}
        </ul>
        {ATTACHMENT_KINDS.iter().map(|(kind, _, zh, en)| {
            let uploaded = RwSignal::new(None::<StoredFile>);
            Effect::new(move |_| if uploaded.get().is_some() { reload.run(None) });
            view! {
                <FilePicker id=format!("attachment-{kind}") path=format!("/api/applications/{id}/attachments/{kind}")
                    label=(*zh, *en) uploaded=uploaded/>
            }
        }).collect_view()}
        <StepAlert form=form/>
        <Notice text=submitted/>
        <button type="button" class="primary" disabled=move || form.pending.get()
            on:click=move |_| form.run(submit_application(id), move |()| {
                submitted.set(Some(crate::error::Text::new("已提交审核。", "Submitted for review.")));
                reload.run(None);
            })>{i18n.t("提交审核", "Submit for review")}</button>
    }
    .into_any()
}
