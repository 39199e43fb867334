//! Sign-in: by user name / phone / ID number with a password (and the image captcha once required), or
//! by phone and SMS code. An expired password leads straight to the change-password page.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::accounts::api::{new_captcha, sign_in, sign_in_sms};
use crate::accounts::types::{is_local_path, CodePurpose, Me, PasswordSignInInput};
use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::org_accounts::api::org_sign_in;
use crate::org_accounts::types::OrgSignInInput;
use crate::rules::normalize_phone;
use crate::shell::use_session;
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::sms::SendCodeButton;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Password,
    Sms,
    /// The organization's own account (单位用户).
    Org,
}

/// Where to go after signing in: the page the user wanted (`?next=`, a path of this site only, so a
/// link can't send them elsewhere), else the personal centre; a password to change comes first.
pub fn after_sign_in(me: &Me, next: Option<&str>) -> String {
    if me.org_account.is_some() {
        return match next {
            Some(path) if is_local_path(path) && !me.must_change_password => path.to_string(),
            _ => "/org-account".into(),
        };
    }
    if me.must_change_password {
        return "/account/password".into();
    }
    match next {
        Some(path) if is_local_path(path) => path.to_string(),
        _ => "/account".into(),
    }
}

/// The `next` of the current address, if any.
fn next_of_location() -> Option<String> {
    leptos_router::hooks::use_query_map().get_untracked().get("next")
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let org_tab = leptos_router::hooks::use_query_map().get_untracked().get("tab").as_deref() == Some("org");
    let mode = RwSignal::new(if org_tab { Mode::Org } else { Mode::Password });
    let tab = move |m: Mode, zh: &'static str, en: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m)>
                {i18n.t(zh, en)}
            </button>
        }
    };
    view! {
        <section class="card narrow">
            <h1>{i18n.t("登录", "Sign in")}</h1>
            <div role="tablist" class="tabs">
                {tab(Mode::Password, "密码登录", "Password")}
                {tab(Mode::Sms, "短信验证码登录", "SMS code")}
                {tab(Mode::Org, "单位用户登录", "Organization")}
            </div>
            {move || match mode.get() {
                Mode::Password => view! { <PasswordSignIn org=false/> }.into_any(),
                Mode::Sms => view! { <SmsSignIn/> }.into_any(),
                Mode::Org => view! { <PasswordSignIn org=true/> }.into_any(),
            }}
            <crate::sso::pages::SsoLinks next=next_of_location()/>
            {move || if mode.get() == Mode::Org {
                view! {
                    <p class="aside">
                        <a href="/org-recover">{i18n.t("忘记单位登录名", "Forgot the login name")}</a>
                        " · "
                        <a href="/org-appeal">{i18n.t("单位法人申诉", "Legal-entity appeal")}</a>
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="aside">
                        <a href="/register">{i18n.t("注册新账号", "Create an account")}</a>
                        " · "
                        <a href="/forgot">{i18n.t("忘记用户名或密码", "Forgot user name or password")}</a>
                    </p>
                }.into_any()
            }}
        </section>
    }
}

/// Password sign-in of a person, or (`org`) of an organization by login name or credit code.
#[component]
fn PasswordSignIn(org: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = FormState::new();
    let identifier = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let captcha = RwSignal::new(String::new());
    let captcha_image = RwSignal::new(None::<String>);
    let refresh_captcha = move || {
        leptos::task::spawn_local(async move {
            if let Ok(url) = new_captcha().await {
                captcha_image.set(Some(url));
                captcha.set(String::new());
            }
        })
    };
    // The server says when the captcha is needed; each answer is good for one try, so draw a new one.
    Effect::new(move |_| {
        if matches!(form.error.get(), Some(AppError::CaptchaRequired { .. }))
            || (captcha_image.get_untracked().is_some() && form.error.get().is_some())
        {
            refresh_captcha();
        }
    });
    let navigate = use_navigate();
    let next = next_of_location();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = PasswordSignInInput {
            identifier: identifier.get_untracked(),
            password: password.get_untracked(),
            captcha: captcha_image.get_untracked().map(|_| captcha.get_untracked()),
        };
        let navigate = navigate.clone();
        let next = next.clone();
        let signed_in = move |me: Me| {
            let target = after_sign_in(&me, next.as_deref());
            session.me.set(Some(me));
            navigate(&target, Default::default());
        };
        if org {
            let input =
                OrgSignInInput { identifier: input.identifier, password: input.password, captcha: input.captcha };
            form.run(async move { org_sign_in(input).await.map(Me::of_org) }, signed_in);
        } else {
            form.run(sign_in(input), signed_in);
        }
    };
    let (who, who_en) = if org {
        ("单位登录名 / 统一社会信用代码", "Login name / credit code")
    } else {
        ("用户名 / 手机号 / 证件号码", "User name / phone / ID number")
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=if org { i18n.t("单位用户登录", "Organization sign-in") } else { i18n.t("密码登录", "Password sign-in") }>
            <FormAlert form=form/>
            <TextField name="identifier" label=(who, who_en) value=identifier form=form autocomplete="username"/>
            <TextField name="password" label=("密码", "Password") value=password form=form input_type="password" autocomplete="current-password"/>
            {move || captcha_image.get().map(|src| view! {
                <div class="captcha">
                    <TextField name="captcha" label=("图片验证码", "Image code") value=captcha form=form maxlength=8/>
                    <img src=src alt=i18n.t("图片验证码，看不清可点击换一张", "Image code: click for another") on:click=move |_| refresh_captcha()/>
                </div>
            })}
            <SubmitButton form=form label=("登录", "Sign in")/>
        </form>
    }
}

#[component]
fn SmsSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = FormState::new();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let navigate = use_navigate();
    let next = next_of_location();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let navigate = navigate.clone();
        let next = next.clone();
        form.run(sign_in_sms(phone.get_untracked(), code.get_untracked()), move |me| {
            let target = after_sign_in(&me, next.as_deref());
            session.me.set(Some(me));
            navigate(&target, Default::default());
        });
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("短信验证码登录", "SMS code sign-in")>
            <FormAlert form=form/>
            <TextField name="phone" label=("手机号码", "Mobile phone") value=phone form=form live=phone_check input_type="tel" autocomplete="tel" maxlength=20/>
            <TextField name="sms_code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=code form=form autocomplete="one-time-code" maxlength=6>
                <SendCodeButton phone=phone purpose=CodePurpose::SignIn form=form sent=sent/>
            </TextField>
            <Notice text=sent/>
            <SubmitButton form=form label=("登录", "Sign in")/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use crate::accounts::types::is_local_path;

    #[test]
    fn only_this_sites_pages_are_returned_to() {
        for good in ["/certificates", "/exams/3/wait?x=1", "/"] {
            assert!(is_local_path(good), "{good}");
        }
        for bad in ["//evil.example/", "https://evil.example/", "/\\evil.example", "evil", "", "/login?next=/x"] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
