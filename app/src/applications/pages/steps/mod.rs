//! The wizard's four steps. Each edits its part while the server allows it (else it shows why and the
//! read-only summary), checks fields with the shared rules as the user types, and saves a draft.
mod attachments;
mod basic;
mod qualifications;
mod specialties;

pub use attachments::AttachmentsStep;
pub use basic::BasicStep;
pub use qualifications::QualificationsStep;
pub use specialties::SpecialtiesStep;

use leptos::prelude::*;

use crate::applications::pages::summary::Summary;
use crate::applications::types::{Application, Part};
use crate::error::Text;
use crate::i18n::use_i18n;

/// Why a part can't be changed now, and what it holds.
#[component]
pub fn LockedPart(app: Application, part: Part) -> impl IntoView {
    let i18n = use_i18n();
    let why = match app.status.as_str() {
        "draft" => Text::new("已打印表格，本部分已锁定，不能修改。", "The form is printed: this part is locked."),
        "returned" => Text::new("本部分未被退回，不能修改。", "This part wasn't returned: it can't change."),
        _ => Text::new("申请已提交审核，不能修改。", "The application is submitted: it can't change."),
    };
    let _ = part;
    view! {
        <p class="notice" role="status" id="locked">{i18n.pick(&why.zh, &why.en).to_string()}</p>
        <Summary app=app/>
    }
}

/// The live message of a rule on a signal's value, once something is typed.
pub fn live<T, E: crate::rules::RuleError>(
    value: RwSignal<String>,
    rule: impl Fn(&str) -> Result<T, E> + Send + Sync + 'static,
) -> Signal<Option<Text>> {
    Signal::derive(move || value.with(|v| if v.is_empty() { None } else { crate::ui::form::verdict(rule(v)) }))
}

/// The wizard page's "saved" message: it lives in the page, because a save reloads the application and
/// so re-creates the step that showed it.
#[derive(Clone, Copy)]
pub struct SavedNotice(pub RwSignal<Option<Text>>);

/// "已保存" after a save, until another step is opened.
pub fn saved_notice() -> RwSignal<Option<Text>> {
    use_context::<SavedNotice>().map(|n| n.0).unwrap_or_else(|| RwSignal::new(None))
}

pub fn saved_text() -> Text {
    Text::new("已保存草稿，可随时继续填写。", "Draft saved: you can continue any time.")
}

/// A labelled input inside a repeated row (ids carry the row's key), with a live rule message.
#[component]
pub fn RowField(
    id: String,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    #[prop(optional, into)] live: Option<Signal<Option<Text>>>,
    #[prop(default = 50)] maxlength: usize,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let message = move || live.and_then(|l| l.get());
    view! {
        <div class="field" class:invalid=move || message().is_some()>
            <label for=id.clone()>{i18n.t(label.0, label.1)}</label>
            <input id=id.clone() name=id.clone() maxlength=maxlength readonly=readonly aria-describedby=error_id.clone()
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <p class="error" id=error_id aria-live="polite">{move || message().map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
        </div>
    }
}

/// The server's answer to a save: every field problem listed (rows are numbered from 1), or the refusal.
#[component]
pub fn StepAlert(form: crate::ui::form::FormState) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        form.error.get().map(|err| match err {
            crate::error::AppError::Invalid(fields) => view! {
                <div class="alert alert-error" role="alert">
                    <p>{i18n.t("请修改以下内容后再保存：", "Please correct these first:")}</p>
                    <ul>{fields.into_iter().map(|f| view! { <li>{i18n.pick(&f.text.zh, &f.text.en).to_string()}</li> }).collect_view()}</ul>
                </div>
            }.into_any(),
            other => {
                let text = other.text();
                view! { <div class="alert alert-error" role="alert">{i18n.pick(&text.zh, &text.en).to_string()}</div> }.into_any()
            }
        })
    }
}
