//! `/policies/:kind` (anyone: the current text with its version) and `/admin/policies` (the system admin
//! publishes a new version of either).
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::accounts::forms::china_datetime;
use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::policies::api::{current_policy, publish_policy};
use crate::policies::types::{policy_name, Policy, POLICY_KINDS};
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState, Notice, SubmitButton};
use crate::ui::loaded::{load, loaded};

#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let kind = move || params.read().get("kind").unwrap_or_default();
    let policy = RwSignal::new(None::<Result<Policy, AppError>>);
    Effect::new(move |_| load(policy, current_policy(kind())));
    let show = move |p: Policy| {
        let (zh, en) = policy_name(&p.kind).unwrap_or(("", ""));
        view! {
            <h1>{i18n.t(zh, en)}</h1>
            <p class="aside">{format!("{}{}{}{}", i18n.pick("版本 ", "Version "), p.version, i18n.pick("，发布于 ", ", published "), china_datetime(p.published_ms))}</p>
            <div class="policy-text">{p.body}</div>
        }
    };
    view! { <section class="card">{loaded(policy, show)}</section> }
}

#[component]
pub fn AdminPoliciesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RequireSignIn>
            <crate::admin::pages::AdminNav/>
            <section class="card">
                <h1>{i18n.t("协议与隐私政策", "Agreement and privacy policy")}</h1>
                <p class="aside">{i18n.t(
                    "发布后为新版本，此后注册的用户须同意新版本；已同意的版本和时间均有记录。",
                    "Publishing makes a new version: people registering from then on accept it; who accepted which version and when is kept.",
                )}</p>
                {POLICY_KINDS.iter().map(|(kind, zh, en)| view! { <PolicyEditor kind=*kind name=(*zh, *en)/> }).collect_view()}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn PolicyEditor(kind: &'static str, name: (&'static str, &'static str)) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let version = RwSignal::new(0_i64);
    let done = RwSignal::new(None::<Text>);
    leptos::task::spawn_local(async move {
        if let Ok(current) = current_policy(kind.to_string()).await {
            body.set(current.body);
            version.set(current.version);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.run(publish_policy(kind.to_string(), body.get_untracked()), move |new_version| {
            version.set(new_version);
            done.set(Some(Text::new(format!("已发布第{new_version}版"), format!("Version {new_version} published"))));
        });
    };
    let field = format!("policy-{kind}");
    view! {
        <form on:submit=submit novalidate aria-label=i18n.t(name.0, name.1)>
            <h2>{i18n.t(name.0, name.1)}" "<span class="aside">{move || format!("{}{}", i18n.pick("当前版本 ", "current version "), version.get())}</span></h2>
            <FormAlert form=form/>
            <Notice text=done/>
            <div class="field">
                <label for=field.clone()>{i18n.t("正文", "Text")}</label>
                <textarea id=field rows="8" maxlength="20000" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <SubmitButton form=form label=("发布新版本", "Publish a new version")/>
        </form>
    }
}
