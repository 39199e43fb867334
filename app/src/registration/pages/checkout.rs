//! 核查方式 (commitment or on-site check, and withdrawing a commitment), 确认 and 缴费 with the re-check
//! for "paid at the bank but shown unpaid" (seed 001, question 19).
use leptos::prelude::*;

use crate::applications::pages::StepAlert;
use crate::i18n::use_i18n;
use crate::registration::api::{
    choose_check_route, confirm_registration, recheck_payment, start_payment, withdraw_commitment,
};
use crate::registration::rules::yuan_text;
use crate::registration::types::{ProofView, RegistrationView, RouteInput};
use crate::ui::form::{FormAlert, FormState};
use crate::ui::upload::{size_hint, FilePicker, StoredFile};

const COMMITMENT_TEXT: &str = "本人承诺所填报的学历学位等信息真实、准确、有效，所上传的证明材料真实无误；如有虚假，本人愿承担取消考试资格、成绩无效等一切后果。";

#[component]
pub fn RouteStep(v: RegistrationView, reload: Callback<Option<usize>>, step: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let id = v.id;
    if v.all_checked_online {
        return view! {
            <h3>{i18n.t("核查方式", "Checking")}</h3>
            <p class="notice" role="status">{i18n.t("您的学历学位信息均可在线核查，无需告知承诺或现场核查。", "Every record is checked online: no commitment or on-site check is needed.")}</p>
            <div class="actions"><button type="button" class="primary" on:click=move |_| step.set(Some(3))>{i18n.t("下一步", "Next")}</button></div>
        }
        .into_any();
    }
    if v.status != "draft" {
        let withdraw = move |_| form.run(withdraw_commitment(id), move |()| reload.run(None));
        let can_withdraw = v.route == "commitment" && v.status == "confirmed" && v.window_open;
        return view! {
            <h3>{i18n.t("核查方式", "Checking")}</h3>
            <p>{if v.route == "commitment" { i18n.t("采用告知承诺制（证明材料线上核查）", "Commitment route (proofs checked online)") } else { i18n.t("现场核查", "On-site check") }}</p>
            {can_withdraw.then(|| view! {
                <p class="hint">{i18n.t("缴费前、报名截止前可撤回承诺，撤回后按现场核查办理，本年度此项考试不再适用告知承诺制。", "Before paying and the deadline you may withdraw: you then go through the on-site check, and the commitment route is closed to you for this exam this year.")}</p>
                <button type="button" on:click=withdraw disabled=move || form.pending.get()>{i18n.t("撤回告知承诺", "Withdraw the commitment")}</button>
            })}
            <FormAlert form=form/>
        }
        .into_any();
    }
    let route = RwSignal::new(if v.route.is_empty() { "commitment".to_string() } else { v.route.clone() });
    let signed = RwSignal::new(v.commitment_signed);
    let uploaded = RwSignal::new(None::<StoredFile>);
    // A new proof joins the list here: reloading the step would drop the choices not yet saved.
    let proofs = RwSignal::new(v.proofs.clone());
    Effect::new(move |_| {
        if let Some(file) = uploaded.get() {
            let name = format!("{} #{}", i18n.pick("证明材料", "Proof"), file.file_id);
            proofs.update(|l| l.push(ProofView { id: file.file_id, file_name: name, size_bytes: file.size_bytes }));
        }
    });
    // "Sign the commitment" is about the commitment route: it goes when the route or the signature changes.
    form.forget_on_change("signed", move || {
        route.track();
        signed.track();
    });
    form.forget_on_change("route", move || route.track());
    let commitment_open = v.window.commitment_allowed && !v.commitment_barred;
    let save = move |_| {
        let input = RouteInput { route: route.get_untracked(), signed: signed.get_untracked() };
        form.run(choose_check_route(id, input), move |()| {
            reload.run(Some(3));
        });
    };
    view! {
        <h3>{i18n.t("核查方式", "Checking")}</h3>
        <p class="aside">{i18n.t("您有学历学位信息无法在线核查，请选择告知承诺制（签署承诺并上传证明材料，线上核查）或现场核查（核查通过后方可缴费）。", "A record can't be checked online: choose the commitment route (sign and upload proofs, checked online) or an on-site check (payment opens after it).")}</p>
        <fieldset>
            <legend>{i18n.t("核查方式", "Route")}</legend>
            <label class="check"><input type="radio" name="route" value="commitment" disabled=!commitment_open
                prop:checked=move || route.get() == "commitment" on:change=move |_| route.set("commitment".into())/>{i18n.t("采用告知承诺制", "Commitment route (告知承诺制)")}</label>
            <label class="check"><input type="radio" name="route" value="onsite"
                prop:checked=move || route.get() == "onsite" on:change=move |_| route.set("onsite".into())/>{i18n.t("不采用告知承诺制（现场核查）", "No commitment: on-site check")}</label>
            {v.commitment_barred.then(|| view! { <p class="hint">{i18n.t("您已撤回告知承诺，本年度此项考试不再适用告知承诺制。", "You withdrew your commitment: the route is closed for this exam this year.")}</p> })}
        </fieldset>
        <Show when=move || route.get() == "commitment">
            <fieldset>
                <legend>{i18n.t("告知承诺书", "Commitment")}</legend>
                <p>{COMMITMENT_TEXT}</p>
                <label class="check"><input type="checkbox" prop:checked=move || signed.get() on:change=move |ev| signed.set(event_target_checked(&ev))/>
                    {i18n.t("本人已阅读并签署上述承诺", "I have read and sign this commitment")}</label>
                <FilePicker id="reg-proof" path=format!("/api/registration/{id}/proofs") label=("上传学历学位证明材料", "Upload the proofs of your records") uploaded=uploaded/>
                <p class="hint">{size_hint(i18n, 10)}</p>
                <ul class="files" aria-label=i18n.t("已上传的证明材料", "Uploaded proofs")>
                    <For each=move || proofs.get() key=|p| p.id let:p>
                        <li><a href=format!("/api/registration/proofs/{}", p.id) rel="external" download>{p.file_name.clone()}</a>{format!(" ({} KB)", (p.size_bytes + 1023) / 1024)}</li>
                    </For>
                </ul>
            </fieldset>
        </Show>
        <StepAlert form=form/>
        <div class="actions"><button type="button" class="primary" on:click=save disabled=move || form.pending.get()>{i18n.t("保存并下一步", "Save and continue")}</button></div>
    }
    .into_any()
}

#[component]
pub fn ConfirmStep(v: RegistrationView, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let id = v.id;
    let level = v.levels.iter().find(|l| l.code == v.details.level_code);
    let specialty = level.and_then(|l| l.specialties.iter().find(|s| Some(s.id) == v.details.specialty_id));
    let subjects: Vec<String> = level
        .map(|l| l.public_subjects.iter().chain(l.specialties.iter().flat_map(|s| s.subjects.iter())))
        .into_iter()
        .flatten()
        .filter(|s| v.details.subject_codes.contains(&s.code))
        .map(|s| s.name.clone())
        .collect();
    let site = v.sites.iter().find(|s| Some(s.id) == v.details.site_id).map(|s| s.name.clone()).unwrap_or_default();
    let confirm = move |_| {
        form.run(confirm_registration(id), move |()| {
            reload.run(Some(4));
        })
    };
    view! {
        <h3>{i18n.t("确认报名信息", "Confirm")}</h3>
        <dl class="facts">
            <dt>{i18n.t("报考级别", "Level")}</dt><dd>{level.map(|l| l.name.clone()).unwrap_or_default()}</dd>
            <dt>{i18n.t("报考专业", "Specialty")}</dt><dd>{specialty.map(|s| s.name.clone()).unwrap_or_default()}</dd>
            <dt>{i18n.t("报考科目", "Subjects")}</dt><dd>{subjects.join(i18n.sep())}</dd>
            <dt>{i18n.t("考点", "Site")}</dt><dd>{site}</dd>
            <dt>{i18n.t("报名费", "Fee")}</dt><dd>{let fen = v.fee_fen; move || yuan_text(fen, i18n.lang.get())}</dd>
        </dl>
        {if v.status == "draft" {
            view! {
                <p class="hint">{i18n.t("确认后，仅本次考试允许的信息可以修改，请仔细核对。", "After confirming only what this exam allows can change: check carefully.")}</p>
                <FormAlert form=form/>
                <div class="actions"><button type="button" class="primary" on:click=confirm disabled=move || form.pending.get()>{i18n.t("确认报名信息", "Confirm the registration")}</button></div>
            }.into_any()
        } else {
            view! { <p role="status">{i18n.t("报名信息已确认。", "Confirmed.")}</p> }.into_any()
        }}
    }
}

#[component]
pub fn PayStep(v: RegistrationView, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let id = v.id;
    let pay = move |_| {
        form.run(start_payment(id), move |start| {
            #[cfg(feature = "csr")]
            let _ = window().location().set_href(&start.pay_url);
            #[cfg(not(feature = "csr"))]
            let _ = start;
        })
    };
    let recheck = move |_| form.run(recheck_payment(id), move |_| reload.run(None));
    let unpaid_order = v.order.as_ref().is_some_and(|o| o.status == "created");
    // Back from the pay page: the provider's notification may take a moment, so look again a few times.
    #[cfg(feature = "csr")]
    if unpaid_order && v.status != "paid" {
        let polls = use_context::<PaymentPolls>().map(|p| p.0);
        if let Some(polls) = polls.filter(|p| p.get_untracked() < 4) {
            polls.update(|p| *p += 1);
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(1500).await;
                reload.run(None);
            });
        }
    }
    view! {
        <h3>{i18n.t("网上缴费", "Payment")}</h3>
        <p>{i18n.t("报名费：", "Fee: ")}<strong>{let fen = v.fee_fen; move || yuan_text(fen, i18n.lang.get())}</strong></p>
        {match (v.status.as_str(), v.check_status.as_str()) {
            ("paid", _) => view! {
                <p class="notice" role="status">{i18n.t("报名成功：已缴费。", "Registered: paid.")}
                    {v.order.as_ref().map(|o| format!(" {} {}", i18n.pick("订单号", "Order"), o.out_trade_no))}</p>
            }.into_any(),
            ("draft", _) => view! { <p>{i18n.t("请先确认报名信息。", "Confirm the registration first.")}</p> }.into_any(),
            (_, "onsite_pending") => view! { <p role="status">{i18n.t("请按报名地考试机构的规定接受现场核查，核查通过后方可缴费。", "Go to the on-site check: payment opens once it has passed.")}</p> }.into_any(),
            (_, "onsite_failed") => view! { <p role="alert">{i18n.t("现场核查未通过：", "The on-site check failed: ")}{v.check_note.clone()}</p> }.into_any(),
            _ => view! {
                <div class="actions">
                    <button type="button" class="primary" on:click=pay disabled=move || form.pending.get() || !v.can_pay>{i18n.t("去缴费", "Pay")}</button>
                </div>
            }.into_any(),
        }}
        {(unpaid_order && v.status != "paid").then(|| view! {
            <p class="hint">{i18n.t("已支付但显示未缴费？请先核对银行卡是否扣款，再点击重新查询。", "Paid but shown unpaid? Check your bank account, then check again.")}</p>
            <button type="button" on:click=recheck disabled=move || form.pending.get()>{i18n.t("重新查询缴费状态", "Check the payment again")}</button>
        })}
        <FormAlert form=form/>
    }
}

/// How many times the pay step has looked again for a payment on this page.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "csr"), allow(dead_code))]
pub struct PaymentPolls(pub RwSignal<u32>);
