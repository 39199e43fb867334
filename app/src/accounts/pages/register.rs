//! Candidate registration: every field checked by its rule as the user types, the password checklist
//! turning green item by item, and the server's answer per field after submitting.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::accounts::api::register;
use crate::accounts::forms::browser_today;
use crate::accounts::types::{CodePurpose, RegisterInput};
use crate::error::Text;
use crate::i18n::use_i18n;
use crate::rules::{
    check_confirmation, check_id_for_type, check_name, check_password, check_sms_code, check_username, normalize_phone,
    IdType, PasswordContext,
};
use crate::shell::{use_public_rules, use_session};
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::password::PasswordChecklist;
use crate::ui::sms::SendCodeButton;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let rules = use_public_rules();
    let form = FormState::new();
    let real_name = RwSignal::new(String::new());
    let id_type = RwSignal::new("resident".to_string());
    let id_number = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let sms_code = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_again = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let answer = RwSignal::new(String::new());
    let code_sent = RwSignal::new(None::<Text>);
    let accept = RwSignal::new(false);

    let name_check = Signal::derive(move || verdict(check_name(&real_name.get())));
    let id_check = Signal::derive(move || {
        let kind = IdType::parse(&id_type.get()).unwrap_or(IdType::ResidentCard);
        verdict(check_id_for_type(kind, &id_number.get(), browser_today()))
    });
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let code_check = Signal::derive(move || verdict(check_sms_code(&sms_code.get())));
    let username_check = Signal::derive(move || verdict(check_username(&username.get())));
    let password_check = Signal::derive(move || {
        let (user, id) = (username.get(), id_number.get());
        verdict(check_password(
            rules.profile.get(),
            &password.get(),
            &PasswordContext { username: user.trim(), id_number: id.trim() },
        ))
    });
    let again_check = Signal::derive(move || verdict(check_confirmation(&password.get(), &password_again.get())));

    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = RegisterInput {
            real_name: real_name.get_untracked(),
            id_type: id_type.get_untracked(),
            id_number: id_number.get_untracked(),
            phone: phone.get_untracked(),
            sms_code: sms_code.get_untracked(),
            username: username.get_untracked(),
            password: password.get_untracked(),
            password_again: password_again.get_untracked(),
            security_question: question.get_untracked(),
            security_answer: answer.get_untracked(),
            accept_policies: accept.get_untracked(),
        };
        let navigate = navigate.clone();
        form.run(register(input), move |me| {
            session.me.set(Some(me));
            navigate("/account", Default::default());
        });
    };

    view! {
        <section class="card narrow">
            <h1>{i18n.t("个人用户注册", "Create a personal account")}</h1>
            <p class="lead">{i18n.t("姓名和证件号码注册后不能修改，请仔细核对。", "Name and ID number can't be changed after registering: check them carefully.")}</p>
            <form on:submit=on_submit novalidate>
                <FormAlert form=form/>
                <TextField name="real_name" label=("姓名", "Full name") value=real_name form=form live=name_check maxlength=50
                    hint=("与证件上的姓名一致，首尾空格会自动去除", "As on your ID; stray spaces are removed")/>
                <div class="field">
                    <label for="id_type">{i18n.t("证件类型", "ID type")}</label>
                    <select id="id_type" name="id_type" on:change=move |ev| id_type.set(event_target_value(&ev)) prop:value=move || id_type.get()>
                        <option value="resident">{i18n.t("居民身份证", "Resident ID card")}</option>
                        <option value="military">{i18n.t("军官证", "Military officer card")}</option>
                        <option value="passport">{i18n.t("护照", "Passport")}</option>
                        <option value="other">{i18n.t("其他", "Other")}</option>
                    </select>
                    <p class="hint">{i18n.t("非居民身份证需由客服人工核验", "Other ID types are verified by support by hand")}</p>
                </div>
                <TextField name="id_number" label=("证件号码", "ID number") value=id_number form=form live=id_check maxlength=30/>
                <TextField name="phone" label=("手机号码", "Mobile phone") value=phone form=form live=phone_check input_type="tel" autocomplete="tel" maxlength=20/>
                <TextField name="sms_code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=sms_code form=form live=code_check autocomplete="one-time-code" maxlength=6>
                    <SendCodeButton phone=phone purpose=CodePurpose::Register form=form sent=code_sent/>
                </TextField>
                <Notice text=code_sent/>
                <TextField name="username" label=("用户名", "User name") value=username form=form live=username_check autocomplete="username" maxlength=32
                    hint=("4-32位字母、数字或下划线，不能全为数字", "4-32 letters, digits or underscores, not all digits")/>
                <TextField name="password" label=("密码", "Password") value=password form=form live=password_check input_type="password" autocomplete="new-password"/>
                <PasswordChecklist password=password username=username id_number=id_number profile=rules.profile/>
                <TextField name="password_again" label=("确认密码", "Repeat password") value=password_again form=form live=again_check input_type="password" autocomplete="new-password"/>
                <details class="optional">
                    <summary>{i18n.t("设置密保问题（可选，用于找回密码）", "Security question (optional, for password recovery)")}</summary>
                    <TextField name="security_question" label=("密保问题", "Question") value=question form=form maxlength=50/>
                    <TextField name="security_answer" label=("密保答案", "Answer") value=answer form=form maxlength=50/>
                </details>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" aria-describedby="accept_policies-error" prop:checked=move || accept.get() on:change=move |ev| accept.set(event_target_checked(&ev))/>
                        <span>
                            {i18n.t("我已阅读并同意", "I have read and accept the ")}
                            <a href="/policies/terms" target="_blank">{i18n.t("《用户服务协议》", "user service agreement")}</a>
                            {i18n.t("和", " and the ")}
                            <a href="/policies/privacy" target="_blank">{i18n.t("《隐私政策》", "privacy policy")}</a>
                        </span>
                    </label>
                    <p class="error" id="accept_policies-error" aria-live="polite">{move || (!accept.get()).then(|| form.server_text("accept_policies")).flatten().map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
                </div>
                <SubmitButton form=form label=("注册", "Register")/>
                <p class="aside">
                    {i18n.t("已有账号？", "Already registered? ")}
                    <a href="/login">{i18n.t("登录", "Sign in")}</a>
                    " · "
                    <a href="/forgot">{i18n.t("找回用户名或密码", "Forgot user name or password")}</a>
                </p>
            </form>
        </section>
    }
}
