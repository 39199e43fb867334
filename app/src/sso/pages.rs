//! The sign-in page's "other ways to sign in" (with why a single sign-on came back), and the admin's
//! provider list and form (`/admin/sso`).
use leptos::prelude::*;

use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::sso::api::{save_sso_provider, sso_choices, sso_providers};
use crate::sso::types::{sso_error_text, SsoChoice, SsoProviderInput, SsoProviderView};
use crate::ui::form::{FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};

/// Links to the enabled providers, each returning to `next` after signing in. They leave the app
/// (`rel="external"`: the router must not take them): the provider's page is another site.
#[component]
pub fn SsoLinks(next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let choices = RwSignal::new(Vec::<SsoChoice>::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = sso_choices().await {
            choices.set(list);
        }
    });
    let error = leptos_router::hooks::use_query_map().get_untracked().get("sso_error");
    let next = leptos_router::location::Url::escape(next.as_deref().unwrap_or("/account"));
    view! {
        {error.map(|code| {
            let text = sso_error_text(&code);
            view! { <p class="alert alert-error" role="alert">{move || i18n.pick(&text.zh, &text.en).to_string()}</p> }
        })}
        {move || (!choices.with(Vec::is_empty)).then(|| {
            let next = next.clone();
            view! {
                <div class="sso" role="group" aria-label=i18n.t("其他登录方式", "Other ways to sign in")>
                    <p class="aside">{i18n.t("其他登录方式：", "Or sign in with: ")}</p>
                    {choices.get().into_iter().map(|c| view! {
                        <a class="button" rel="external" href=format!("/sso/{}/start?next={next}", c.slug)>
                            {c.name.clone()}{i18n.t("登录", " sign-in")}
                        </a>
                    }).collect_view()}
                </div>
            }
        })}
    }
}

/// `/admin/sso`: the providers and the form that adds or changes one.
#[component]
pub fn SsoAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<SsoProviderView>, AppError>>);
    let reload = move || load(list, sso_providers());
    Effect::new(move |_| reload());
    let rows = move |providers: Vec<SsoProviderView>| {
        if providers.is_empty() {
            return view! { <p>{i18n.t("尚未配置单点登录提供方。", "No providers yet.")}</p> }.into_any();
        }
        view! {
            <table aria-label=i18n.pick("单点登录提供方", "Sign-on providers")>
                <thead><tr>
                    <th>{i18n.t("标识", "Slug")}</th><th>{i18n.t("名称", "Name")}</th><th>{i18n.t("签发者", "Issuer")}</th>
                    <th>{i18n.t("客户端标识", "Client id")}</th><th>{i18n.t("状态", "State")}</th><th>{i18n.t("已关联账号", "Linked accounts")}</th>
                </tr></thead>
                <tbody>{providers.into_iter().map(|p| view! {
                    <tr>
                        <td>{p.slug}</td><td>{p.name}</td><td>{p.issuer_url}</td><td>{p.client_id}</td>
                        <td>{if p.enabled { i18n.t("启用", "Enabled")() } else { i18n.t("停用", "Disabled")() }}</td>
                        <td>{p.linked_accounts}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("单点登录", "Single sign-on")}</h1>
                {loaded(list, rows)}
                <h2>{i18n.t("添加或修改提供方", "Add or change a provider")}</h2>
                <ProviderForm on_saved=Callback::new(move |_| reload())/>
            </section>
        </RequireSignIn>
    }
}

#[component]
fn ProviderForm(on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let slug = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let issuer = RwSignal::new(String::new());
    let client_id = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let enabled = RwSignal::new(true);
    let saved = RwSignal::new(None::<Text>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = SsoProviderInput {
            slug: slug.get_untracked(),
            name: name.get_untracked(),
            issuer_url: issuer.get_untracked(),
            client_id: client_id.get_untracked(),
            client_secret: secret.get_untracked(),
            enabled: enabled.get_untracked(),
        };
        form.run(save_sso_provider(input), move |_| {
            saved.set(Some(Text::new("已保存", "Saved")));
            secret.set(String::new());
            on_saved.run(());
        });
    };
    view! {
        <form on:submit=on_submit novalidate aria-label=i18n.t("单点登录提供方", "Sign-on provider")>
            <FormAlert form=form/>
            <Notice text=saved/>
            <TextField name="slug" label=("标识（地址中使用）", "Slug (used in addresses)") value=slug form=form maxlength=32/>
            <TextField name="name" label=("名称（登录页显示）", "Name (on the sign-in page)") value=name form=form maxlength=50/>
            <TextField name="issuer_url" label=("签发者地址（issuer）", "Issuer") value=issuer form=form maxlength=200
                hint=("如 https://sso.example.gov.cn；开发用内置提供方填 builtin", "e.g. https://sso.example.gov.cn; builtin for the development provider")/>
            <TextField name="client_id" label=("客户端标识", "Client id") value=client_id form=form maxlength=200/>
            <TextField name="client_secret" label=("客户端密钥（修改时留空则不变）", "Client secret (empty keeps the stored one)") value=secret form=form input_type="password" maxlength=200/>
            <label class="check">
                <input type="checkbox" prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                {i18n.t("启用", "Enabled")}
            </label>
            <SubmitButton form=form label=("保存", "Save")/>
        </form>
    }
}
