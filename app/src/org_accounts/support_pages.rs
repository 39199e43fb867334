//! `/support/orgs`: support checks organizations' licences and decides legal-entity appeals.
use leptos::prelude::*;

use crate::error::AppError;
use crate::exams::pages::china_time;
use crate::i18n::use_i18n;
use crate::org_accounts::api::{decide_org_appeal, decide_org_verification, org_appeal_queue, org_verification_queue};
use crate::org_accounts::types::{OrgAppealFile, OrgAppealItem, OrgVerificationItem};
use crate::shell::RequireSignIn;
use crate::ui::form::{decision_buttons, FormState};
use crate::ui::loaded::{load, loaded};

#[component]
pub fn OrgSupportPage() -> impl IntoView {
    let i18n = use_i18n();
    let verifications = RwSignal::new(None::<Result<Vec<OrgVerificationItem>, AppError>>);
    let appeals = RwSignal::new(None::<Result<Vec<OrgAppealItem>, AppError>>);
    let reload = move || {
        load(verifications, org_verification_queue());
        load(appeals, org_appeal_queue());
    };
    Effect::new(move |_| reload());
    let verification_cards = move |list: Vec<OrgVerificationItem>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("没有待审核的单位认证。", "No organizations to verify.")}</p> }.into_any();
        }
        list.into_iter()
            .map(|item| view! { <VerificationCard item=item on_done=Callback::new(move |_| reload())/> })
            .collect_view()
            .into_any()
    };
    let appeal_cards = move |list: Vec<OrgAppealItem>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("没有待处理的法人申诉。", "No legal-entity appeals.")}</p> }.into_any();
        }
        list.into_iter()
            .map(|item| view! { <AppealCard item=item on_done=Callback::new(move |_| reload())/> })
            .collect_view()
            .into_any()
    };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("单位审核", "Organizations")}</h1>
                <h2>{i18n.t("单位认证", "Verification by licence")}</h2>
                {loaded(verifications, verification_cards)}
                <h2>{i18n.t("单位法人申诉", "Legal-entity appeals")}</h2>
                {loaded(appeals, appeal_cards)}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn VerificationCard(item: OrgVerificationItem, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let id = item.org_id;
    let decide = move |approve: bool| {
        form.run(decide_org_verification(id, approve, reason.get_untracked()), move |_| on_done.run(()))
    };
    view! {
        <article class="review" aria-label=item.full_name.clone()>
            <dl class="facts">
                <dt>{i18n.t("单位全称", "Full name")}</dt><dd>{item.full_name.clone()}</dd>
                <dt>{i18n.t("统一社会信用代码", "Credit code")}</dt><dd>{item.uscc.clone()}</dd>
                <dt>{i18n.t("法定代表人", "Legal representative")}</dt><dd>{item.legal_rep_name.clone()}</dd>
                <dt>{i18n.t("主代办人", "Agent")}</dt><dd>{item.agent_name.clone()}</dd>
                <dt>{i18n.t("提交时间", "Submitted")}</dt><dd>{china_time(item.submitted_ms)}</dd>
            </dl>
            <p><a href=format!("/api/support/orgs/{id}/licence") target="_blank">{i18n.t("查看营业执照", "Open the licence")}</a></p>
            {decision_buttons(i18n, form, format!("org-reason-{id}"), reason, decide)}
        </article>
    }
}

#[component]
fn AppealCard(item: OrgAppealItem, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let id = item.appeal_id;
    let decide =
        move |approve: bool| form.run(decide_org_appeal(id, approve, reason.get_untracked()), move |_| on_done.run(()));
    let files = OrgAppealFile::ALL.map(|file| {
        let (zh, en) = file.label();
        view! { <li><a href=format!("/api/support/org-appeals/{id}/{}", file.as_str()) target="_blank">{i18n.t(zh, en)}</a></li> }
    });
    view! {
        <article class="review" aria-label=format!("{} {}", item.stated_name, item.uscc)>
            <dl class="facts">
                <dt>{i18n.t("申诉单位名称", "Stated name")}</dt><dd>{item.stated_name.clone()}</dd>
                <dt>{i18n.t("系统登记名称", "Registered name")}</dt><dd>{item.registered_name.clone()}</dd>
                <dt>{i18n.t("统一社会信用代码", "Credit code")}</dt><dd>{item.uscc.clone()}</dd>
                <dt>{i18n.t("单位登录名", "Login name")}</dt><dd>{item.login_name.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{i18n.t("接收结果手机", "Answer to")}</dt><dd>{item.phone_masked.clone()}</dd>
                <dt>{i18n.t("提交时间", "Submitted")}</dt><dd>{china_time(item.created_ms)}</dd>
            </dl>
            <ul>{files.into_iter().collect_view()}</ul>
            {decision_buttons(i18n, form, format!("org-appeal-reason-{id}"), reason, decide)}
        </article>
    }
}
