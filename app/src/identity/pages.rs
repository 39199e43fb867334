//! `/identity`: the candidate uploads the ID card photos and takes a face photo with the camera;
//! `/support/identity`: support compares the photos with the account data and decides.
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::identity::api::{consent_face_processing, decide_identity, identity_queue, my_identity, submit_identity};
use crate::identity::types::{FilePurpose, IdentityStatus, ReviewItem};
use crate::shell::RequireSignIn;
use crate::ui::camera::Camera;
use crate::ui::form::{FormAlert, FormState};
use crate::ui::loaded::{load, loaded};
use crate::ui::upload::{FilePicker, ProgressBar, StoredFile, UploadVerdict};

#[component]
pub fn IdentityPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<IdentityStatus>);
    let reload = move || leptos::task::spawn_local(async move { status.set(my_identity().await.ok()) });
    Effect::new(move |_| reload());
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("实名认证", "Identity verification")}</h1>
                {move || status.get().map(|s| {
                    let label = IdentityStatus::label(&s.status);
                    view! {
                        <p id="identity-status" data-status=s.status.clone()>
                            {i18n.t("当前状态：", "Status: ")}<strong>{i18n.t(label.0, label.1)}</strong>
                            {s.reason.map(|r| view! { <span>" · " {i18n.t("原因：", "Reason: ")}{r}</span> })}
                        </p>
                        <NextStep status=s.status.clone()/>
                    }
                })}
                {move || status.get().filter(|s| s.status == "unverified" || s.status == "failed").map(|s| view! {
                    <VerificationForm face_consent=s.face_consent on_done=Callback::new(move |s| status.set(Some(s)))/>
                })}
            </section>
        </RequireSignIn>
    }
}

/// What comes next for this status, and the way there once verified.
#[component]
fn NextStep(status: String) -> impl IntoView {
    let i18n = use_i18n();
    let (zh, en) = IdentityStatus::next_step(&status);
    view! {
        <p class="hint" id="identity-next">{i18n.t(zh, en)}</p>
        {(status == "verified").then(|| view! {
            <p><a class="button" href="/registration">{i18n.t("去报名考试", "Register for an exam")}</a>" "
               <a class="button" href="/applications">{i18n.t("申请入库", "Apply to the expert pool")}</a></p>
        })}
    }
}

#[component]
fn VerificationForm(face_consent: bool, on_done: Callback<IdentityStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let front = RwSignal::new(None::<StoredFile>);
    let back = RwSignal::new(None::<StoredFile>);
    let face = RwSignal::new(None::<StoredFile>);
    // "Upload … first" is shown after a submit with something missing, and only while something is.
    let tried = RwSignal::new(false);
    let missing = move || front.with(Option::is_none) || back.with(Option::is_none) || face.with(Option::is_none);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(f), Some(b), Some(p)) = (front.get_untracked(), back.get_untracked(), face.get_untracked()) else {
            tried.set(true);
            return;
        };
        form.run(submit_identity(f.file_id, b.file_id, p.file_id), move |s| on_done.run(s));
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("实名认证资料", "Verification photos")>
            <FormAlert form=form/>
            <Show when=move || tried.get() && missing()>
                <div class="alert alert-error" role="alert">
                    {i18n.t("请先上传身份证正反面并拍摄人脸照片", "Upload both sides of the ID card and take the face photo first")}
                </div>
            </Show>
            <ul class="hint">
                <li>{i18n.t("证件照片：JPG、PNG 或 PDF，不超过10MB，四角完整、字迹清晰。", "ID photos: JPG, PNG or PDF, at most 10 MB, all four corners visible, text readable.")}</li>
                <li>{i18n.t("人脸照片：背景简洁、光线充足、睁眼正对摄像头、保持手机/电脑稳定。", "Face photo: plain background, good light, eyes open facing the camera, hold still.")}</li>
            </ul>
            <FilePicker id="id_front" path="/api/identity/upload/id_front" label=("身份证人像面", "ID card, photo side") uploaded=front/>
            <FilePicker id="id_back" path="/api/identity/upload/id_back" label=("身份证国徽面", "ID card, emblem side") uploaded=back/>
            <FacePhoto uploaded=face consented=face_consent/>
            <button type="submit" class="primary" disabled=move || form.pending.get()>{i18n.t("提交认证", "Submit for verification")}</button>
        </form>
    }
}

/// The separate consent to face processing (PIPL art. 29: sensitive personal information needs its own
/// consent): the camera opens only once it is given.
#[component]
fn FaceConsent(consented: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let agree = move |_| form.run(consent_face_processing(), move |()| consented.set(true));
    view! {
        <div class="consent" role="group" aria-labelledby="face-consent-title">
            <h3 id="face-consent-title">{i18n.t("人脸信息处理规则", "How your face data is processed")}</h3>
            <p>{i18n.t(
                "人脸信息属于敏感个人信息。平台仅将您的人脸照片用于实名认证、考试前身份核验和考试中的监考抓拍比对，不向无关第三方提供。详见",
                "Face data is sensitive personal information. The platform uses your face photo only for identity verification, the identity check before an exam and comparing proctoring snapshots, and never gives it to unrelated third parties. See the",
            )}<a href="/policies/privacy">{i18n.t("《隐私政策》", "privacy policy")}</a>{i18n.t("。", ".")}</p>
            <FormAlert form=form/>
            <button type="button" class="primary" on:click=agree disabled=move || form.pending.get()>
                {i18n.t("同意处理我的人脸信息并打开摄像头", "I agree: open the camera")}
            </button>
        </div>
    }
}

#[component]
fn FacePhoto(uploaded: RwSignal<Option<StoredFile>>, consented: bool) -> impl IntoView {
    let i18n = use_i18n();
    let consented = RwSignal::new(consented);
    let progress = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<AppError>);
    let busy = Signal::derive(move || progress.get().is_some_and(|p| p < 1.0));
    let path = format!("/api/identity/upload/{}", FilePurpose::Face.as_str());
    let on_capture = Callback::new(move |jpeg: Vec<u8>| {
        #[cfg(feature = "csr")]
        let path = path.clone();
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            error.set(None);
            uploaded.set(None);
            let result = crate::ui::upload::send_with_progress(&path, jpeg, progress).await;
            crate::ui::upload::finish(result, uploaded, error, progress);
        });
        #[cfg(not(feature = "csr"))]
        let _ = (jpeg, error, &path);
    });
    view! {
        <fieldset class="field">
            <legend>{i18n.t("人脸照片", "Face photo")}</legend>
            <Show when=move || consented.get() fallback=move || view! { <FaceConsent consented=consented/> }>
                <Camera on_capture=on_capture busy=busy/>
            </Show>
            <ProgressBar value=progress label=("人脸照片上传", "Face photo upload")/>
            <UploadVerdict uploaded=uploaded error=error/>
        </fieldset>
    }
}

/// Support's queue: each pending submission with the account data and the three photos side by side.
#[component]
pub fn IdentityReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(None::<Result<Vec<ReviewItem>, AppError>>);
    let reload = move || load(items, identity_queue());
    Effect::new(move |_| reload());
    let cards = move |list: Vec<ReviewItem>| {
        if list.is_empty() {
            view! { <p>{i18n.t("没有待审核的申请。", "Nothing to review.")}</p> }.into_any()
        } else {
            list.into_iter()
                .map(|item| view! { <ReviewCard item=item on_done=Callback::new(move |_| reload())/> })
                .collect_view()
                .into_any()
        }
    };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("实名认证审核", "Identity review queue")}</h1>
                {loaded(items, cards)}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn ReviewCard(item: ReviewItem, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let id = item.submission_id;
    let decide =
        move |approve: bool| form.run(decide_identity(id, approve, reason.get_untracked()), move |_| on_done.run(()));
    let photo = |file: i64, alt: (&'static str, &'static str)| view! { <img src=format!("/api/files/{file}") alt=i18n.t(alt.0, alt.1) loading="lazy"/> };
    view! {
        <article class="review" aria-label=format!("{} {}", item.real_name, item.username)>
            <dl class="facts">
                <dt>{i18n.t("姓名", "Name")}</dt><dd>{item.real_name.clone()}</dd>
                <dt>{i18n.t("用户名", "User name")}</dt><dd>{item.username.clone()}</dd>
                <dt>{i18n.t("证件", "ID")}</dt><dd>{let (zh, en) = crate::accounts::types::id_type_label(&item.id_type); i18n.t(zh, en)}" "{item.id_number_masked.clone()}</dd>
                <dt>{i18n.t("提交时间", "Submitted")}</dt><dd>{crate::exams::pages::china_time(item.created_ms)}</dd>
                <dt>{i18n.t("自动检测", "Automatic checks")}</dt><dd>{let report = crate::identity::types::describe_auto_report(&item.auto_report); move || i18n.pick(&report.zh, &report.en).to_string()}</dd>
            </dl>
            <div class="photos">
                {photo(item.id_front_file, ("身份证人像面", "ID photo side"))}
                {photo(item.id_back_file, ("身份证国徽面", "ID emblem side"))}
                {photo(item.face_file, ("人脸照片", "Face photo"))}
            </div>
            <FormAlert form=form/>
            <div class="field">
                <label for=format!("reason-{id}")>{i18n.t("不通过原因", "Reason for refusing")}</label>
                <input id=format!("reason-{id}") maxlength="200" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            </div>
            <button type="button" class="primary" on:click=move |_| decide(true) disabled=move || form.pending.get()>{i18n.t("通过", "Approve")}</button>
            " "
            <button type="button" on:click=move |_| decide(false) disabled=move || form.pending.get()>{i18n.t("不通过", "Refuse")}</button>
        </article>
    }
}
