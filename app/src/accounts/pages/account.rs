//! My account: masked personal data, password change, phone change, sign-out.
use leptos::prelude::*;

use crate::me::CentreNav;
use leptos_router::hooks::use_navigate;

use crate::accounts::api::{change_password, change_phone};
use crate::accounts::types::{id_type_label, CodePurpose};
use crate::error::Text;
use crate::i18n::use_i18n;
use crate::rules::{check_password, normalize_phone, PasswordContext};
use crate::shell::{use_public_rules, use_session, RequireSignIn};
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::password::PasswordChecklist;
use crate::ui::sms::SendCodeButton;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <RequireSignIn>
            <CentreNav/>
            <IdentityNextStep/>
            {move || session.me.get().map(|me| {
                let id_type = id_type_label(&me.id_type);
                view! {
                    <section class="card">
                        <h1>{i18n.t("我的信息", "My information")}</h1>
                        <dl class="facts">
                            <dt>{i18n.t("用户名", "User name")}</dt><dd id="me-username">{me.username.clone()}</dd>
                            <dt>{i18n.t("姓名", "Name")}</dt><dd>{me.real_name.clone()}</dd>
                            <dt>{i18n.t("证件", "ID")}</dt><dd>{i18n.t(id_type.0, id_type.1)}" "{me.id_number_masked.clone()}</dd>
                            <dt>{i18n.t("手机号码", "Phone")}</dt><dd id="me-phone">{me.phone_masked.clone()}</dd>
                        </dl>
                        <p class="hint">{i18n.t("姓名和证件号码不能修改；如有错误请联系客服。", "Name and ID number can't be changed; contact support if they are wrong.")}</p>
                    </section>
                }
            })}
            <section class="card"><h2>{i18n.t("修改密码", "Change password")}</h2><ChangePasswordForm/></section>
            <section class="card"><h2>{i18n.t("更换手机号", "Change phone number")}</h2><ChangePhoneForm/></section>
        </RequireSignIn>
    }
}

/// Until the identity is verified, the personal centre opens with the way to 实名认证 (a new account
/// lands here right after registering).
#[component]
fn IdentityNextStep() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        if let Ok(s) = crate::identity::api::my_identity().await {
            status.set(Some(s.status));
        }
    });
    move || {
        status.get().filter(|s| s != "verified").map(|s| {
            let (zh, en) = crate::identity::types::IdentityStatus::next_step(&s);
            let pending = s == "pending";
            view! {
                <section class="card next-step" aria-labelledby="next-step-title">
                    <h2 id="next-step-title">{if pending { i18n.t("实名认证审核中", "Identity verification under review") } else { i18n.t("下一步：实名认证", "Next: verify your identity") }}</h2>
                    <p>{i18n.t(zh, en)}</p>
                    {(!pending).then(|| view! { <a class="button primary" href="/identity">{i18n.t("去实名认证", "Verify my identity")}</a> })}
                </section>
            }
        })
    }
}

/// Shown after sign-in when the password expired or was reset by support.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RequireSignIn>
            <section class="card narrow">
                <h1>{i18n.t("修改密码", "Change password")}</h1>
                <p class="alert alert-warn" role="status">{i18n.t("您的密码已过期或已被重置，请设置新密码后继续。", "Your password expired or was reset: set a new one to continue.")}</p>
                <ChangePasswordForm/>
            </section>
        </RequireSignIn>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let rules = use_public_rules();
    let form = FormState::new();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let done = RwSignal::new(None::<Text>);
    let username =
        Signal::derive(move || session.me.with(|m| m.as_ref().map(|m| m.username.clone()).unwrap_or_default()));
    let no_id = Signal::derive(String::new);
    let password_check = Signal::derive(move || {
        let user = username.get();
        verdict(check_password(
            rules.profile.get(),
            &password.get(),
            &PasswordContext { username: &user, id_number: "" },
        ))
    });
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let navigate = navigate.clone();
        let call = change_password(current.get_untracked(), password.get_untracked(), again.get_untracked());
        form.run(call, move |me| {
            let was_forced = me.must_change_password
                || session.me.with_untracked(|m| m.as_ref().is_some_and(|m| m.must_change_password));
            session.me.set(Some(me));
            done.set(Some(Text::new(
                "密码已修改，其他设备上的登录已失效",
                "Password changed; other sign-ins have ended",
            )));
            current.set(String::new());
            password.set(String::new());
            again.set(String::new());
            form.submitted.set(false);
            if was_forced {
                navigate("/account", Default::default());
            }
        });
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("修改密码", "Change password")>
            <FormAlert form=form/>
            <TextField name="current_password" label=("当前密码", "Current password") value=current form=form input_type="password" autocomplete="current-password"/>
            <TextField name="password" label=("新密码", "New password") value=password form=form live=password_check input_type="password" autocomplete="new-password"/>
            <PasswordChecklist password=password username=username id_number=no_id profile=rules.profile/>
            <TextField name="password_again" label=("确认新密码", "Repeat new password") value=again form=form input_type="password" autocomplete="new-password"/>
            <SubmitButton form=form label=("修改密码", "Change password")/>
            <Notice text=done/>
        </form>
    }
}

#[component]
fn ChangePhoneForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = FormState::new();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let done = RwSignal::new(None::<Text>);
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        form.run(change_phone(phone.get_untracked(), code.get_untracked()), move |me| {
            done.set(Some(Text::new(
                format!("手机号已更换为 {}", me.phone_masked),
                format!("Phone changed to {}", me.phone_masked),
            )));
            session.me.set(Some(me));
        });
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("更换手机号", "Change phone number")>
            <p class="hint">{i18n.t("验证码发送到新手机号；每年只能更换一次。", "The code goes to the new number; the number can change once a year.")}</p>
            <FormAlert form=form/>
            <TextField name="phone" label=("新手机号码", "New phone number") value=phone form=form live=phone_check input_type="tel" maxlength=20/>
            <TextField name="sms_code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=code form=form autocomplete="one-time-code" maxlength=6>
                <SendCodeButton phone=phone purpose=CodePurpose::ChangePhone form=form sent=sent/>
            </TextField>
            <Notice text=sent/>
            <SubmitButton form=form label=("更换手机号", "Change phone number")/>
            <Notice text=done/>
        </form>
    }
}
