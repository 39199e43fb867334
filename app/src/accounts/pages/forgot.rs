//! Recovery: the user name by an SMS code; a new password by SMS code or by the security question.
use leptos::prelude::*;

use crate::accounts::api::{recover_username, reset_password_question, reset_password_sms, security_question};
use crate::accounts::types::CodePurpose;
use crate::error::Text;
use crate::i18n::use_i18n;
use crate::rules::{check_password, normalize_phone, PasswordContext};
use crate::shell::use_public_rules;
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::password::PasswordChecklist;
use crate::ui::sms::SendCodeButton;

#[derive(Clone, Copy, PartialEq)]
enum Way {
    Username,
    PasswordBySms,
    PasswordByQuestion,
    /// 原外专项目账号检索 (`?tab=legacy`).
    Legacy,
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let legacy = leptos_router::hooks::use_query_map().get_untracked().get("tab").as_deref() == Some("legacy");
    let way = RwSignal::new(if legacy { Way::Legacy } else { Way::PasswordBySms });
    let tab = move |w: Way, zh: &'static str, en: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (way.get() == w).to_string() on:click=move |_| way.set(w)>
                {i18n.t(zh, en)}
            </button>
        }
    };
    view! {
        <section class="card narrow">
            <h1>{i18n.t("找回用户名或密码", "Recover your account")}</h1>
            <div role="tablist" class="tabs">
                {tab(Way::PasswordBySms, "短信重置密码", "Reset password by SMS")}
                {tab(Way::PasswordByQuestion, "密保问题重置密码", "Reset by security question")}
                {tab(Way::Username, "找回用户名", "Recover user name")}
                {tab(Way::Legacy, "原外专账号", "Former account")}
            </div>
            {move || match way.get() {
                Way::Username => view! { <RecoverUsername/> }.into_any(),
                Way::PasswordBySms => view! { <ResetBySms/> }.into_any(),
                Way::PasswordByQuestion => view! { <ResetByQuestion/> }.into_any(),
                Way::Legacy => view! { <super::legacy::LegacyAccountSearch/> }.into_any(),
            }}
            <p class="aside">
                {i18n.t(
                    "手机号已停用、密保问题也无法使用？",
                    "Phone number gone and the security question doesn't help? ",
                )}
                <a href="/recover/appeal">{i18n.t("提交账号申诉", "File an account appeal")}</a>
                {i18n.t("（上传证件照片，约一个工作日内短信答复）", " (ID photos; answered by SMS in about one working day)")}
            </p>
        </section>
    }
}

#[component]
fn RecoverUsername() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let found = RwSignal::new(None::<Text>);
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        form.run(recover_username(phone.get_untracked(), code.get_untracked()), move |name| {
            found.set(Some(Text::new(format!("您的用户名是：{name}"), format!("Your user name is: {name}"))));
        });
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("找回用户名", "Recover user name")>
            <FormAlert form=form/>
            <TextField name="phone" label=("绑定的手机号码", "Bound phone number") value=phone form=form live=phone_check input_type="tel" maxlength=20/>
            <TextField name="sms_code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=code form=form autocomplete="one-time-code" maxlength=6>
                <SendCodeButton phone=phone purpose=CodePurpose::RecoverUsername form=form sent=sent/>
            </TextField>
            <Notice text=sent/>
            <SubmitButton form=form label=("查询用户名", "Show my user name")/>
            <Notice text=found/>
        </form>
    }
}

/// New password + repeat, with the live checklist (user name unknown here: the server checks it).
#[component]
pub fn NewPasswordFields(form: FormState, password: RwSignal<String>, again: RwSignal<String>) -> impl IntoView {
    let rules = use_public_rules();
    let no_context = Signal::derive(String::new);
    let password_check = Signal::derive(move || {
        verdict(check_password(rules.profile.get(), &password.get(), &PasswordContext { username: "", id_number: "" }))
    });
    view! {
        <TextField name="password" label=("新密码", "New password") value=password form=form live=password_check input_type="password" autocomplete="new-password"/>
        <PasswordChecklist password=password username=no_context id_number=no_context profile=rules.profile/>
        <TextField name="password_again" label=("确认新密码", "Repeat new password") value=again form=form input_type="password" autocomplete="new-password"/>
    }
}

#[component]
fn ResetBySms() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let done = RwSignal::new(None::<Text>);
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let call = reset_password_sms(
            phone.get_untracked(),
            code.get_untracked(),
            password.get_untracked(),
            again.get_untracked(),
        );
        form.run(call, move |_| done.set(Some(reset_done())));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("短信重置密码", "Reset password by SMS")>
            <FormAlert form=form/>
            <TextField name="phone" label=("绑定的手机号码", "Bound phone number") value=phone form=form live=phone_check input_type="tel" maxlength=20/>
            <TextField name="sms_code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=code form=form autocomplete="one-time-code" maxlength=6>
                <SendCodeButton phone=phone purpose=CodePurpose::ResetPassword form=form sent=sent/>
            </TextField>
            <Notice text=sent/>
            <NewPasswordFields form=form password=password again=again/>
            <SubmitButton form=form label=("重置密码", "Reset password")/>
            <Notice text=done/>
        </form>
    }
}

fn reset_done() -> Text {
    Text::new("密码已重置，请使用新密码登录", "Your password was reset: sign in with the new one")
}

#[component]
fn ResetByQuestion() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let identifier = RwSignal::new(String::new());
    let question = RwSignal::new(None::<String>);
    let answer = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let done = RwSignal::new(None::<Text>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        if question.get_untracked().is_none() {
            form.run(security_question(identifier.get_untracked()), move |q| question.set(Some(q)));
            return;
        }
        let call = reset_password_question(
            identifier.get_untracked(),
            answer.get_untracked(),
            password.get_untracked(),
            again.get_untracked(),
        );
        form.run(call, move |_| done.set(Some(reset_done())));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("密保问题重置密码", "Reset by security question")>
            <FormAlert form=form/>
            <TextField name="identifier" label=("用户名 / 手机号 / 证件号码", "User name / phone / ID number") value=identifier form=form autocomplete="username"/>
            {move || question.get().map(|q| view! {
                <p class="question"><strong>{i18n.t("密保问题：", "Security question: ")}</strong>{q}</p>
                <TextField name="security_answer" label=("密保答案", "Answer") value=answer form=form maxlength=50/>
                <NewPasswordFields form=form password=password again=again/>
            })}
            <SubmitButton form=form label=("下一步", "Continue")/>
            <Notice text=done/>
        </form>
    }
}
