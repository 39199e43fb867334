//! Form plumbing: a [`FormState`] per form (submitted?, pending?, the server's answer) and a
//! [`TextField`] that shows the live rule result as the user types and the server's message for it.
use leptos::prelude::*;
use std::future::Future;

use crate::error::{AppError, Text};
use crate::i18n::use_i18n;

#[derive(Clone, Copy)]
pub struct FormState {
    /// Set on the first submit: from then on every field shows its live result, touched or not.
    pub submitted: RwSignal<bool>,
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
}

impl FormState {
    pub fn new() -> Self {
        Self { submitted: RwSignal::new(false), pending: RwSignal::new(false), error: RwSignal::new(None) }
    }

    pub fn server_text(self, field: &str) -> Option<Text> {
        self.error.with(|e| e.as_ref().and_then(|e| e.field_text(field).cloned()))
    }

    /// Runs a server call: marks the form pending, clears the old answer, and stores the new error or
    /// hands the value to `on_ok`. Ignored while a call is under way (no double submits).
    pub fn run<T, F>(self, call: F, on_ok: impl FnOnce(T) + 'static)
    where
        T: 'static,
        F: Future<Output = Result<T, AppError>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let result = call.await;
            self.pending.set(false);
            match result {
                Ok(value) => on_ok(value),
                Err(err) => self.error.set(Some(err)),
            }
        });
    }
}

impl FormState {
    /// The server's message about `field` goes as soon as the user changes what it is about (`watch`
    /// reads those values): a message stays only while it may still be true.
    pub fn forget_on_change(self, field: &'static str, watch: impl Fn() + 'static) {
        Effect::new(move |seen: Option<()>| {
            watch();
            if seen.is_some() {
                self.forget(field);
            }
        });
    }

    fn forget(self, field: &str) {
        let about_it = self
            .error
            .with_untracked(|e| matches!(e, Some(AppError::Invalid(f)) if f.iter().any(|x| x.field == field)));
        if about_it {
            self.error.update(|e| {
                if let Some(AppError::Invalid(fields)) = e {
                    fields.retain(|f| f.field != field);
                    if fields.is_empty() {
                        *e = None;
                    }
                }
            });
        }
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

/// The form-level message (`role="alert"` so screen readers announce it).
#[component]
pub fn FormAlert(form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        form.error.get().map(|err| view! { <div class="alert alert-error" role="alert">{error_text(i18n, &err)}</div> })
    }
}

/// An error's message, with the way forward where there is one (a refusal for want of 实名认证 links there).
pub fn error_text(i18n: crate::i18n::I18n, err: &AppError) -> impl IntoView {
    let text = err.text();
    view! {
        {i18n.pick(&text.zh, &text.en).to_string()}
        {err.needs_identity().then(|| view! { " " <a href="/identity">{i18n.t("去实名认证", "Verify my identity")}</a> })}
    }
}

/// A success message.
#[component]
pub fn Notice(#[prop(into)] text: Signal<Option<Text>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        text.get()
            .map(|t| view! { <div class="alert alert-ok" role="status">{i18n.pick(&t.zh, &t.en).to_string()}</div> })
    }
}

/// A labelled input. `live` is the rule's verdict on the current value (shown once the field was left or
/// the form submitted); a server message for the same field name is shown until the value changes.
#[component]
pub fn TextField(
    name: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional, into)] live: Option<Signal<Option<Text>>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<(&'static str, &'static str)>,
    #[prop(default = 64)] maxlength: usize,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let touched = RwSignal::new(false);
    let server_msg = RwSignal::new(None::<Text>);
    Effect::new(move |_| server_msg.set(form.server_text(name)));
    let message = Memo::new(move |_| {
        let show_live = touched.get() || form.submitted.get();
        let live_msg = if show_live && !value.with(|v| v.is_empty()) || form.submitted.get() {
            live.and_then(|l| l.get())
        } else {
            None
        };
        live_msg.or_else(|| server_msg.get())
    });
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = format!("{error_id} {hint_id}");
    view! {
        <div class="field" class:invalid=move || message.with(Option::is_some)>
            <label for=name>{i18n.t(label.0, label.1)}</label>
            <div class="field-row">
                <input
                    id=name
                    name=name
                    type=input_type
                    autocomplete=autocomplete
                    maxlength=maxlength
                    aria-invalid=move || if message.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described_by
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        server_msg.set(None);
                    }
                    on:blur=move |_| touched.set(true)
                />
                {children.map(|c| c())}
            </div>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{i18n.t(h.0, h.1)}</p> })}
            <p class="error" id=error_id aria-live="polite">
                {move || message.get().map(|t| i18n.pick(&t.zh, &t.en).to_string())}
            </p>
        </div>
    }
}

/// The live verdict of a rule as a message, for [`TextField::live`].
pub fn verdict<T, E: crate::rules::RuleError>(result: Result<T, E>) -> Option<Text> {
    result.err().map(|e| Text::of(&e))
}

/// A submit button that shows progress and can't be pressed twice.
#[component]
pub fn SubmitButton(form: FormState, label: (&'static str, &'static str)) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="primary" disabled=move || form.pending.get() aria-busy=move || form.pending.get().to_string()>
            {move || if form.pending.get() { i18n.pick("提交中…", "Working…").to_string() } else { i18n.pick(label.0, label.1).to_string() }}
        </button>
    }
}

/// A review card's decision: the form's alert, the reason for refusing (labelled, `id`), 通过 and 不通过.
pub fn decision_buttons(
    i18n: crate::i18n::I18n,
    form: FormState,
    id: String,
    reason: RwSignal<String>,
    decide: impl Fn(bool) + Copy + 'static,
) -> impl IntoView {
    view! {
        <FormAlert form=form/>
        <div class="field">
            <label for=id.clone()>{i18n.t("不通过原因", "Reason for refusing")}</label>
            <input id=id maxlength="200" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
        </div>
        <button type="button" class="primary" on:click=move |_| decide(true) disabled=move || form.pending.get()>{i18n.t("通过", "Approve")}</button>
        " "
        <button type="button" on:click=move |_| decide(false) disabled=move || form.pending.get()>{i18n.t("不通过", "Refuse")}</button>
    }
}
