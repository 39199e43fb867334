//! "获取验证码": sends a code for a purpose and counts down until another may be requested.
use leptos::prelude::*;
use std::time::Duration;

use crate::accounts::api::send_code;
use crate::accounts::types::CodePurpose;
use crate::error::Text;
use crate::i18n::use_i18n;
use crate::ui::form::FormState;

/// Under every SMS code field (seed 001 q.3: 收不到验证码).
pub const NO_CODE_HINT: (&str, &str) = (
    "收不到验证码？请确认手机没有拦截短信（携号转网的号码可能收不到），或换一个手机号；注册后可在“个人中心”更换手机号。",
    "No code? Check that your phone doesn't block the message (a number moved to another carrier may not get it), or use another number; you can change it later under My centre.",
);

#[component]
pub fn SendCodeButton(
    #[prop(into)] phone: Signal<String>,
    purpose: CodePurpose,
    form: FormState,
    /// Receives "sent to 138****0001" so the page can show it.
    sent: RwSignal<Option<Text>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let seconds_left = RwSignal::new(0i64);
    let sending = RwSignal::new(false);
    let start_countdown = move |secs: i64| {
        seconds_left.set(secs);
        if let Ok(handle) =
            set_interval_with_handle(move || seconds_left.update(|s| *s = (*s - 1).max(0)), Duration::from_secs(1))
        {
            set_timeout(move || handle.clear(), Duration::from_secs(secs.max(0) as u64 + 1));
        }
    };
    let on_click = move |_| {
        if sending.get_untracked() || seconds_left.get_untracked() > 0 {
            return;
        }
        sending.set(true);
        form.error.set(None);
        let phone = phone.get_untracked();
        leptos::task::spawn_local(async move {
            let result = send_code(phone, purpose).await;
            sending.set(false);
            match result {
                Ok(done) => {
                    sent.set(Some(Text::new(
                        format!("验证码已发送至 {}，5分钟内有效", done.phone_masked),
                        format!("A code was sent to {}; it is valid for 5 minutes", done.phone_masked),
                    )));
                    start_countdown(done.resend_after_secs);
                }
                Err(crate::error::AppError::RateLimited { text, retry_after_secs }) => {
                    if retry_after_secs < 3600 {
                        start_countdown(retry_after_secs);
                    }
                    form.error.set(Some(crate::error::AppError::RateLimited { text, retry_after_secs }));
                }
                Err(err) => form.error.set(Some(err)),
            }
        });
    };
    view! {
        <button type="button" class="secondary send-code" on:click=on_click disabled=move || { sending.get() || seconds_left.get() > 0 }>
            {move || {
                let left = seconds_left.get();
                if sending.get() {
                    i18n.pick("发送中…", "Sending…").to_string()
                } else if left > 0 {
                    format!("{}{left}s", i18n.pick("重新获取 ", "Resend in "))
                } else {
                    i18n.pick("获取验证码", "Send code").to_string()
                }
            }}
        </button>
    }
}
