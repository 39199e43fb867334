//! `/recover/appeal`: the person fills in who they are and a new phone, uploads the photos, submits;
//! `/support/appeals`: support compares the photos with the account and decides.
use leptos::prelude::*;

use crate::accounts::types::CodePurpose;
use crate::appeals::api::{appeal_queue, decide_appeal, start_appeal, submit_appeal};
use crate::appeals::types::{AppealInput, AppealItem, AppealPhoto, AppealStarted};
use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::rules::{check_name, check_sms_code, normalize_id_number, normalize_phone};
use crate::shell::RequireSignIn;
use crate::ui::form::{decision_buttons, verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};
use crate::ui::sms::SendCodeButton;
use crate::ui::upload::{FilePicker, StoredFile};

#[component]
pub fn AppealPage() -> impl IntoView {
    let i18n = use_i18n();
    let started = RwSignal::new(None::<AppealStarted>);
    let submitted = RwSignal::new(false);
    view! {
        <section class="card narrow">
            <h1>{i18n.t("账号申诉", "Account appeal")}</h1>
            <p class="aside">{i18n.t(
                "手机号已停用且无法用密保问题找回时，可提交申诉：填写身份信息和一个能接收短信的新手机号，上传证件照片。客服约一个工作日内处理，结果以短信通知；通过后新手机号将绑定到账号，并收到临时密码。",
                "If the bound phone is gone and the security question doesn't help, appeal: give who you are and a new phone that receives SMS, upload ID photos. Support answers by SMS in about one working day; on approval the new phone is bound to the account and receives a temporary password.",
            )}</p>
            {move || match (started.get(), submitted.get()) {
                (_, true) => view! {
                    <p class="notice" role="status" id="appeal-done">{i18n.t(
                        "申诉已提交，客服将在约一个工作日内处理，结果将发送到您填写的新手机号。",
                        "Appeal submitted: support will answer by SMS to your new phone in about one working day.",
                    )}</p>
                }.into_any(),
                (None, false) => view! { <AppealForm started=started/> }.into_any(),
                (Some(s), false) => view! { <AppealPhotos started=s on_submitted=Callback::new(move |_| submitted.set(true))/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AppealForm(started: RwSignal<Option<AppealStarted>>) -> impl IntoView {
    let form = FormState::new();
    let real_name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Text>);
    let name_check = Signal::derive(move || verdict(check_name(&real_name.get())));
    let id_check =
        Signal::derive(move || verdict(normalize_id_number(&id_number.get(), crate::accounts::forms::browser_today())));
    let phone_check = Signal::derive(move || verdict(normalize_phone(&phone.get())));
    let code_check = Signal::derive(move || verdict(check_sms_code(&code.get())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = AppealInput {
            real_name: real_name.get_untracked(),
            id_number: id_number.get_untracked(),
            phone: phone.get_untracked(),
            code: code.get_untracked(),
            description: description.get_untracked(),
        };
        form.run(start_appeal(input), move |s| started.set(Some(s)));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label="账号申诉 Account appeal">
            <FormAlert form=form/>
            <TextField name="real_name" label=("注册时的姓名", "Name as registered") value=real_name form=form live=name_check/>
            <TextField name="id_number" label=("证件号码", "ID number") value=id_number form=form live=id_check maxlength=18/>
            <TextField name="phone" label=("新手机号码（接收结果）", "New phone number (receives the answer)") value=phone form=form live=phone_check input_type="tel" maxlength=20/>
            <TextField name="sms_code" label=("短信验证码", "SMS code") hint=crate::ui::sms::NO_CODE_HINT value=code form=form live=code_check autocomplete="one-time-code" maxlength=6>
                <SendCodeButton phone=phone purpose=CodePurpose::Appeal form=form sent=sent/>
            </TextField>
            <Notice text=sent/>
            <TextField name="description" label=("申诉说明", "What happened") value=description form=form maxlength=500
                hint=("例如：原手机号已停用，密保问题答案遗忘。", "For example: the old phone number is gone and I forgot the security answer.")/>
            <SubmitButton form=form label=("下一步：上传证件照片", "Next: upload ID photos")/>
        </form>
    }
}

#[component]
fn AppealPhotos(started: AppealStarted, on_submitted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let photos: Vec<(AppealPhoto, RwSignal<Option<StoredFile>>)> =
        AppealPhoto::ALL.into_iter().map(|p| (p, RwSignal::new(None))).collect();
    let all_uploaded = {
        let photos = photos.clone();
        move || photos.iter().all(|(_, s)| s.get_untracked().is_some())
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !all_uploaded() {
            form.error.set(Some(AppError::refused("请先上传全部三张照片", "Upload all three photos first")));
            return;
        }
        form.run(submit_appeal(), move |_| on_submitted.run(()));
    };
    let sent_to = started.phone_masked.clone();
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("申诉照片", "Appeal photos")>
            <p>{i18n.t("结果将发送到：", "The answer goes to: ")}<strong>{sent_to}</strong></p>
            <FormAlert form=form/>
            <ul class="hint">
                <li>{i18n.t("JPG、PNG 或 PDF，不超过10MB，证件四角完整、字迹清晰。", "JPG, PNG or PDF, at most 10 MB, all four corners visible, text readable.")}</li>
                <li>{i18n.t("手持身份证照片：本人正脸与证件人像面同时清晰可见。", "Holding the ID: your face and the card's photo side both clearly visible.")}</li>
            </ul>
            {photos.into_iter().map(|(photo, uploaded)| view! {
                <FilePicker id=photo.as_str() path=format!("/api/appeals/upload/{}", photo.as_str()) label=photo.label() uploaded=uploaded/>
            }).collect_view()}
            <button type="submit" class="primary" disabled=move || form.pending.get()>{i18n.t("提交申诉", "Submit the appeal")}</button>
        </form>
    }
}

/// Support's queue: each submitted appeal with the account data, its photos and the verified face photo.
#[component]
pub fn AppealReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(None::<Result<Vec<AppealItem>, AppError>>);
    let reload = move || load(items, appeal_queue());
    Effect::new(move |_| reload());
    let cards = move |list: Vec<AppealItem>| {
        if list.is_empty() {
            view! { <p>{i18n.t("没有待处理的申诉。", "No appeals to decide.")}</p> }.into_any()
        } else {
            list.into_iter()
                .map(|item| view! { <AppealCard item=item on_done=Callback::new(move |_| reload())/> })
                .collect_view()
                .into_any()
        }
    };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("账号申诉审核", "Account appeals")}</h1>
                {loaded(items, cards)}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn AppealCard(item: AppealItem, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let id = item.appeal_id;
    let decide =
        move |approve: bool| form.run(decide_appeal(id, approve, reason.get_untracked()), move |_| on_done.run(()));
    let photos = item
        .photos
        .iter()
        .map(|(photo, file)| {
            let (zh, en) = photo.label();
            view! { <img src=format!("/api/appeals/files/{file}") alt=i18n.t(zh, en) loading="lazy"/> }
        })
        .collect_view();
    let verified_face = item.verified_face_file.map(|file| {
        view! { <img src=format!("/api/files/{file}") alt=i18n.t("实名认证人脸照片", "Verified face photo") loading="lazy"/> }
    });
    view! {
        <article class="review" aria-label=format!("{} {}", item.real_name, item.username)>
            <dl class="facts">
                <dt>{i18n.t("姓名", "Name")}</dt><dd>{item.real_name.clone()}</dd>
                <dt>{i18n.t("用户名", "User name")}</dt><dd>{item.username.clone()}</dd>
                <dt>{i18n.t("证件", "ID")}</dt><dd>{item.id_type.clone()}" "{item.id_number_masked.clone()}</dd>
                <dt>{i18n.t("实名状态", "Identity")}</dt><dd>{item.identity_status.clone()}</dd>
                <dt>{i18n.t("原手机号", "Bound phone")}</dt><dd>{item.phone_masked.clone()}</dd>
                <dt>{i18n.t("新手机号", "New phone")}</dt><dd>{item.new_phone_masked.clone()}</dd>
                <dt>{i18n.t("申诉说明", "Explanation")}</dt><dd>{item.description.clone()}</dd>
            </dl>
            <div class="photos">{photos}{verified_face}</div>
            {decision_buttons(i18n, form, format!("appeal-reason-{id}"), reason, decide)}
        </article>
    }
}
