//! 原外专项目账号检索 (seed 002): an account of the former expert-project system came over as
//! `WGZJXM_<old name>`; typing the old name finds it (and signs in with it, too).
use leptos::prelude::*;

use crate::accounts::api::find_legacy_account;
use crate::accounts::types::LegacyAccount;
use crate::i18n::use_i18n;
use crate::ui::form::{FormAlert, FormState, SubmitButton, TextField};

#[component]
pub fn LegacyAccountSearch() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Option<LegacyAccount>>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        found.set(None);
        form.run(find_legacy_account(name.get_untracked()), move |account| found.set(Some(account)));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("原外专项目账号检索", "Find a former expert-project account")>
            <p class="aside">{i18n.t(
                "原外国专家项目系统的账号已迁移，登录名前加了“WGZJXM_”。输入原登录名即可检索；也可直接用原登录名登录。",
                "Accounts of the former expert-project system came over with “WGZJXM_” before the login name. Enter the old login name to find it; you can also sign in with the old name.",
            )}</p>
            <FormAlert form=form/>
            <TextField name="login_name" label=("原登录名", "Former login name") value=name form=form maxlength=40/>
            <SubmitButton form=form label=("检索", "Search")/>
        </form>
        {move || found.get().map(|account| match account {
            Some(account) => view! {
                <p class="notice" role="status">
                    {i18n.t("已找到账号：", "Found: ")}<strong>{account.username}</strong>
                    {i18n.t("，绑定手机 ", ", bound phone ")}{account.phone_masked}
                    {i18n.t("。可用原登录名或该账号登录；忘记密码可用短信重置。", ". Sign in with the old name or this one; reset the password by SMS if forgotten.")}
                </p>
            }.into_any(),
            None => view! {
                <p class="alert alert-error" role="alert">{i18n.t(
                    "未检索到该登录名或“WGZJXM_”加该登录名的账号；如确认原账号存在，请提交工单或联系客服。",
                    "No account with this name or with “WGZJXM_” before it. If you're sure it existed, open a ticket or call support.",
                )}</p>
            }.into_any(),
        })}
    }
}
