//! The organization's pages: opening its account (on `/orgs/manage`, by its admin), its centre
//! (`/org-account`: verification by licence, its password), login-name recovery (`/org-recover`) and the
//! legal-entity appeal (`/org-appeal`). Signing in is a tab of `/login`.
use leptos::prelude::*;

use crate::accounts::pages::NewPasswordFields;
use crate::accounts::types::CodePurpose;
use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::org_accounts::api::{
    change_org_password, open_org_account, recover_org_login, send_org_login_code, signed_in_org, start_org_appeal,
    submit_org_appeal, submit_org_verification,
};
use crate::org_accounts::types::{
    verification_label, OrgAccountMe, OrgAppealFile, OrgAppealInput, OrgCredentialsInput,
};
use crate::rules::{check_required, check_sms_code, check_uscc, check_username, normalize_phone};
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};
use crate::ui::sms::SendCodeButton;
use crate::ui::upload::{FilePicker, StoredFile};

/// The admin opens the organization's own account: a login name and a password (the live checklist).
#[component]
pub fn OpenOrgAccount(org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let login_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let opened = RwSignal::new(None::<String>);
    let name_check = Signal::derive(move || verdict(check_username(&login_name.get())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = OrgCredentialsInput {
            org_id,
            login_name: login_name.get_untracked(),
            password: password.get_untracked(),
            password_again: again.get_untracked(),
        };
        let name = input.login_name.trim().to_string();
        form.run(open_org_account(input), move |_| opened.set(Some(name)));
    };
    view! {
        <section class="card">
            <h2>{i18n.t("单位账号", "The organization's account")}</h2>
            {move || match opened.get() {
                Some(name) => view! {
                    <p class="notice" role="status">{i18n.t("单位账号已开通，登录名：", "The account is open, login name: ")}<strong>{name}</strong>
                        {i18n.t("。请在登录页选择“单位用户登录”。", ". Sign in on the “Organization” tab of the sign-in page.")}</p>
                }.into_any(),
                None => view! {
                    <p class="aside">{i18n.t(
                        "开通后，单位可用登录名或统一社会信用代码登录，上传营业执照完成单位认证；验证码和通知发送到您（主代办人）的手机。",
                        "Once open, the organization signs in with its login name or credit code and uploads its licence to be verified; codes and messages go to your phone (the agent's).",
                    )}</p>
                    <form on:submit=on_submit novalidate aria-label=i18n.t("开通单位账号", "Open the organization's account")>
                        <FormAlert form=form/>
                        <TextField name="login_name" label=("单位登录名", "Login name") value=login_name form=form live=name_check maxlength=20 autocomplete="username"/>
                        <NewPasswordFields form=form password=password again=again/>
                        <SubmitButton form=form label=("开通单位账号", "Open the account")/>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// `/org-account`: the signed-in organization's centre.
#[component]
pub fn OrgAccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = RwSignal::new(None::<Result<Option<OrgAccountMe>, AppError>>);
    let reload = move || load(me, signed_in_org());
    Effect::new(move |_| reload());
    let show = move |found: Option<OrgAccountMe>| match found {
        None => view! {
            <p>{i18n.t("请先以单位用户登录。", "Sign in as the organization first.")}</p>
            <a class="button primary" href="/login?tab=org">{i18n.t("单位用户登录", "Organization sign-in")}</a>
        }
        .into_any(),
        Some(org) if org.must_change_password => {
            view! { <OrgPasswordForm temporary=true on_done=Callback::new(move |_| reload())/> }.into_any()
        }
        Some(org) => view! { <OrgCentre org=org on_change=Callback::new(move |_| reload())/> }.into_any(),
    };
    view! {
        <section class="card">
            <h1>{i18n.t("单位用户中心", "Organization centre")}</h1>
            {loaded(me, show)}
        </section>
    }
}

#[component]
fn OrgCentre(org: OrgAccountMe, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (zh, en) = verification_label(&org.verification);
    let can_submit = matches!(org.verification.as_str(), "unverified" | "rejected");
    let org_id = org.org_id;
    view! {
        <dl class="facts">
            <dt>{i18n.t("单位全称", "Full name")}</dt><dd>{org.full_name.clone()}</dd>
            <dt>{i18n.t("统一社会信用代码", "Credit code")}</dt><dd>{org.uscc.clone()}</dd>
            <dt>{i18n.t("登录名", "Login name")}</dt><dd>{org.login_name.clone()}</dd>
            <dt>{i18n.t("主代办人手机", "Agent's phone")}</dt><dd>{org.agent_phone_masked.clone()}</dd>
            <dt>{i18n.t("单位认证", "Verification")}</dt><dd><strong>{i18n.t(zh, en)}</strong></dd>
        </dl>
        {org.verification_reason.clone().map(|reason| view! {
            <p class="alert alert-error" role="alert">{i18n.t("未通过原因：", "Reason: ")}{reason}</p>
        })}
        {can_submit.then(|| view! { <LicenceUpload org_id=org_id has_licence=org.has_licence on_submitted=on_change/> })}
        {(org.verification == "pending").then(|| view! {
            <p class="notice" role="status">{i18n.t("单位认证审核中，结果将以短信通知主代办人。", "Being reviewed: the agent is told by SMS.")}</p>
        })}
        <p><a href="/orgs/manage">{i18n.t("选择归口单位、为人员授权", "Choose the supervising unit, authorize people")}</a></p>
        <h2>{i18n.t("修改单位密码", "Change the password")}</h2>
        <OrgPasswordForm temporary=false on_done=on_change/>
    }
}

/// The licence upload (checked by content on the server) and "提交认证".
#[component]
fn LicenceUpload(org_id: i64, has_licence: bool, on_submitted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let uploaded = RwSignal::new(None::<StoredFile>);
    let submit = move |_| {
        if !has_licence && uploaded.get_untracked().is_none() {
            form.error.set(Some(AppError::refused("请先上传营业执照", "Upload the business licence first")));
            return;
        }
        form.run(submit_org_verification(org_id), move |_| on_submitted.run(()));
    };
    view! {
        <h2>{i18n.t("单位认证", "Verify the organization")}</h2>
        <FormAlert form=form/>
        <FilePicker id="licence" path=format!("/api/org-account/licence/{org_id}") label=("营业执照（JPG、PNG 或 PDF，不超过10MB）", "Business licence (JPG, PNG or PDF, at most 10 MB)") uploaded=uploaded/>
        <button type="button" class="primary" on:click=submit disabled=move || form.pending.get()>{i18n.t("提交认证", "Submit for verification")}</button>
    }
}

#[component]
fn OrgPasswordForm(temporary: bool, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let changed = RwSignal::new(None::<Text>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let call = change_org_password(current.get_untracked(), password.get_untracked(), again.get_untracked());
        form.run(call, move |_| {
            changed.set(Some(Text::new("密码已修改", "The password is changed")));
            on_done.run(());
        });
    };
    view! {
        {temporary.then(|| view! {
            <p class="alert" role="alert">{i18n.t("您正在使用临时密码，请先设置新密码。", "You signed in with a temporary password: choose a new one first.")}</p>
        })}
        <form on:submit=on_submit novalidate aria-label=i18n.t("修改单位密码", "Change the password")>
            <FormAlert form=form/>
            <Notice text=changed/>
            <TextField name="current_password" label=("当前密码", "Current password") value=current form=form input_type="password" autocomplete="current-password"/>
            <NewPasswordFields form=form password=password again=again/>
            <SubmitButton form=form label=("修改密码", "Change the password")/>
        </form>
    }
}

/// `/org-recover`: the login name by full name + credit code (both must match) and an SMS code to the
/// 主代办人; the way to the appeal when that can't work.
#[component]
pub fn OrgRecoverPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let full_name = RwSignal::new(String::new());
    let uscc = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let found = RwSignal::new(None::<String>);
    let uscc_check = Signal::derive(move || verdict(check_uscc(&uscc.get())));
    let send = move |_| {
        form.submitted.set(true);
        form.run(send_org_login_code(full_name.get_untracked(), uscc.get_untracked()), move |s| {
            sent.set(Some(Text::new(
                format!("验证码已发送至主代办人手机 {}", s.phone_masked),
                format!("A code was sent to the agent's phone {}", s.phone_masked),
            )))
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let call = recover_org_login(full_name.get_untracked(), uscc.get_untracked(), code.get_untracked());
        form.run(call, move |name| found.set(Some(name)));
    };
    view! {
        <section class="card narrow">
            <h1>{i18n.t("找回单位登录名", "Recover the organization's login name")}</h1>
            <p class="aside">{i18n.t("单位全称和统一社会信用代码都与系统记录一致才能找回。", "Both the full name and the credit code must match the record.")}</p>
            {move || found.get().map(|name| view! {
                <p class="notice" role="status">{i18n.t("单位登录名：", "Login name: ")}<strong>{name}</strong></p>
                <a class="button primary" href="/login?tab=org">{i18n.t("去登录", "Sign in")}</a>
            })}
            <form on:submit=on_submit novalidate aria-label=i18n.t("找回单位登录名", "Recover the login name") hidden=move || found.with(Option::is_some)>
                <FormAlert form=form/>
                <TextField name="full_name" label=("单位全称", "Full name") value=full_name form=form maxlength=100/>
                <TextField name="uscc" label=("统一社会信用代码", "Credit code") value=uscc form=form live=uscc_check maxlength=18/>
                <button type="button" on:click=send disabled=move || form.pending.get()>{i18n.t("发送验证码到主代办人手机", "Send a code to the agent's phone")}</button>
                <Notice text=sent/>
                <TextField name="code" label=("短信验证码", "SMS code") value=code form=form autocomplete="one-time-code" maxlength=6/>
                <SubmitButton form=form label=("找回登录名", "Show the login name")/>
            </form>
            <p class="aside">{i18n.t("单位已更名、主代办人手机无法使用？", "Renamed, or the agent's phone is gone? ")}<a href="/org-appeal">{i18n.t("单位法人申诉", "Legal-entity appeal")}</a></p>
        </section>
    }
}

/// `/org-appeal`: the legal-entity appeal (法人申诉).
#[component]
pub fn OrgAppealPage() -> impl IntoView {
    let i18n = use_i18n();
    let started = RwSignal::new(None::<String>);
    let submitted = RwSignal::new(false);
    view! {
        <section class="card narrow">
            <h1>{i18n.t("单位法人申诉", "Legal-entity appeal")}</h1>
            <p class="aside">{i18n.t(
                "单位账号无法找回时（如单位已更名、主代办人离职）：填写最新的单位全称和统一社会信用代码、能接收短信的手机号，上传营业执照复印件（正反面，主代办人签字并加盖公章）和单位变更声明（加盖公章）。客服约一个工作日内处理，结果以短信通知；通过后单位名称更新为申诉的名称，临时密码发送到该手机。",
                "When the account can't be recovered (renamed, the agent gone): give the current full name and credit code and a phone that receives SMS, upload the licence copy (both sides, signed by the agent and stamped) and the change statement (stamped). Support answers by SMS in about one working day; on approval the name is updated and a temporary password goes to that phone.",
            )}</p>
            {move || match (started.get(), submitted.get()) {
                (_, true) => view! {
                    <p class="notice" role="status">{i18n.t(
                        "申诉已提交，客服将在约一个工作日内处理，结果将以短信通知。",
                        "Appeal submitted: support answers by SMS in about one working day.",
                    )}</p>
                }.into_any(),
                (None, false) => view! { <OrgAppealForm started=started/> }.into_any(),
                (Some(phone), false) => view! { <OrgAppealFiles phone=phone on_submitted=Callback::new(move |_| submitted.set(true))/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OrgAppealForm(started: RwSignal<Option<String>>) -> impl IntoView {
    let form = FormState::new();
    let full_name = RwSignal::new(String::new());
    let uscc = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let name_check = Signal::derive(move || verdict(check_required("单位全称", "full name", &full_name.get(), 100)));
    let uscc_check = Signal::derive(move || verdict(check_uscc(&uscc.get())));
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let code_check = Signal::derive(move || verdict(check_sms_code(&code.get())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = OrgAppealInput {
            full_name: full_name.get_untracked(),
            uscc: uscc.get_untracked(),
            phone: phone.get_untracked(),
            code: code.get_untracked(),
        };
        form.run(start_org_appeal(input), move |masked| started.set(Some(masked)));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label="单位法人申诉 Legal-entity appeal">
            <FormAlert form=form/>
            <TextField name="full_name" label=("最新单位全称", "Current full name") value=full_name form=form live=name_check maxlength=100/>
            <TextField name="uscc" label=("统一社会信用代码", "Credit code") value=uscc form=form live=uscc_check maxlength=18/>
            <TextField name="phone" label=("主代办人手机号码（接收结果）", "Agent's mobile phone (receives the answer)") value=phone form=form live=phone_check input_type="tel" maxlength=20/>
            <TextField name="code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=code form=form live=code_check autocomplete="one-time-code" maxlength=6>
                <SendCodeButton phone=phone purpose=CodePurpose::Appeal form=form sent=sent/>
            </TextField>
            <Notice text=sent/>
            <SubmitButton form=form label=("下一步：上传材料", "Next: upload the documents")/>
        </form>
    }
}

#[component]
fn OrgAppealFiles(phone: String, on_submitted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let files: Vec<(OrgAppealFile, RwSignal<Option<StoredFile>>)> =
        OrgAppealFile::ALL.into_iter().map(|f| (f, RwSignal::new(None))).collect();
    let all_uploaded = {
        let files = files.clone();
        move || files.iter().all(|(_, s)| s.get_untracked().is_some())
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !all_uploaded() {
            form.error.set(Some(AppError::refused("请先上传两份材料", "Upload both documents first")));
            return;
        }
        form.run(submit_org_appeal(), move |_| on_submitted.run(()));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("申诉材料", "Appeal documents")>
            <p>{i18n.t("结果将发送到：", "The answer goes to: ")}<strong>{phone}</strong></p>
            <FormAlert form=form/>
            {files.into_iter().map(|(file, uploaded)| view! {
                <FilePicker id=file.as_str() path=format!("/api/org-recovery/upload/{}", file.as_str()) label=file.label() uploaded=uploaded/>
            }).collect_view()}
            <button type="submit" class="primary" disabled=move || form.pending.get()>{i18n.t("提交申诉", "Submit the appeal")}</button>
        </form>
    }
}
