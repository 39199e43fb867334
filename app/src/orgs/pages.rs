//! `/orgs/register`: register an organization with live checks; `/orgs/manage`: the admin finds a verified
//! person and grants or revokes the roles the organization holds; `/orgs/mine`: who authorized me.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::orgs::api::{find_person, grant_roles, my_authorizations, my_org, org_grants, register_org, revoke_roles};
use crate::orgs::types::{
    org_role, Authorization, FoundPerson, GrantedPerson, OrgRegisterInput, OrgSummary, LEGAL_REP_TYPES,
    ORG_NAME_MAX_CHARS, ORG_ROLES, STAFF_RESULTS_ROLE,
};
use crate::rules::{check_landline, check_name, check_required, check_uscc};
use crate::shell::{use_session, RequireSignIn};
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};

fn role_label(i18n: crate::i18n::I18n, key: &str) -> String {
    org_role(key).map(|r| i18n.pick(r.zh, r.en).to_string()).unwrap_or_else(|| key.to_string())
}

#[component]
pub fn OrgRegisterPage() -> impl IntoView {
    view! { <RequireSignIn><OrgRegisterForm/></RequireSignIn> }
}

#[component]
fn OrgRegisterForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = FormState::new();
    let full_name = RwSignal::new(String::new());
    let uscc = RwSignal::new(String::new());
    let legal_rep_name = RwSignal::new(String::new());
    let legal_rep_type = RwSignal::new(String::new());
    let contact_phone = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<String>::new());

    let name_check = Signal::derive(move || {
        verdict(check_required("单位名称", "organization name", &full_name.get(), ORG_NAME_MAX_CHARS))
    });
    let uscc_check = Signal::derive(move || verdict(check_uscc(&uscc.get())));
    let rep_check = Signal::derive(move || verdict(check_name(&legal_rep_name.get())));
    let phone_check = Signal::derive(move || verdict(check_landline(&contact_phone.get())));
    let server_field =
        move |field: &'static str| move || form.server_text(field).map(|t| i18n.pick(&t.zh, &t.en).to_string());
    let type_missing = move || {
        (form.submitted.get() && legal_rep_type.with(String::is_empty))
            .then(|| i18n.pick("请选择法定代表人类型", "Choose the type of legal representative").to_string())
            .or_else(server_field("legal_rep_type"))
    };
    let roles_missing = move || {
        (form.submitted.get() && roles.with(Vec::is_empty))
            .then(|| {
                i18n.pick("请至少选择一项本单位持有的角色", "Choose at least one role the organization holds")
                    .to_string()
            })
            .or_else(server_field("roles"))
    };

    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = OrgRegisterInput {
            full_name: full_name.get_untracked(),
            uscc: uscc.get_untracked(),
            legal_rep_name: legal_rep_name.get_untracked(),
            legal_rep_type: legal_rep_type.get_untracked(),
            contact_phone: contact_phone.get_untracked(),
            roles: roles.get_untracked(),
        };
        let navigate = navigate.clone();
        form.run(register_org(input), move |_| {
            // The new `org_admin` role shows in the header after reloading the signed-in user.
            leptos::task::spawn_local(async move {
                if let Ok(me) = crate::accounts::api::current_user().await {
                    session.me.set(me);
                }
            });
            navigate("/orgs/manage", Default::default());
        });
    };

    view! {
            <section class="card narrow">
                <h1>{i18n.t("单位注册", "Register an organization")}</h1>
                <p class="lead">{i18n.t("注册后您将成为本单位的管理员，可为本单位人员授权。", "You become the organization's admin and can authorize its people.")}</p>
                <form on:submit=on_submit novalidate>
                    <FormAlert form=form/>
                    <TextField name="full_name" label=("单位全称", "Full name of the organization") value=full_name form=form live=name_check maxlength=100/>
                    <TextField name="uscc" label=("统一社会信用代码", "Unified social credit code") value=uscc form=form live=uscc_check maxlength=18
                        hint=("18位，见营业执照", "18 characters, on the business licence")/>
                    <TextField name="legal_rep_name" label=("法定代表人姓名", "Legal representative") value=legal_rep_name form=form live=rep_check maxlength=50/>
                    <div class="field" class:invalid=move || type_missing().is_some()>
                        <label for="legal_rep_type">{i18n.t("法定代表人类型", "Type of legal representative")}</label>
                        <select id="legal_rep_type" name="legal_rep_type" aria-describedby="legal_rep_type-error"
                            on:change=move |ev| legal_rep_type.set(event_target_value(&ev)) prop:value=move || legal_rep_type.get()>
                            <option value="">{i18n.t("请选择", "Choose")}</option>
                            {LEGAL_REP_TYPES.iter().map(|t| view! { <option value=t.0>{i18n.t(t.1, t.2)}</option> }).collect_view()}
                        </select>
                        <p class="error" id="legal_rep_type-error" aria-live="polite">{type_missing}</p>
                    </div>
                    <TextField name="contact_phone" label=("联系电话", "Contact phone") value=contact_phone form=form live=phone_check input_type="tel" maxlength=20
                        hint=("固定电话：区号-号码，如 010-12345678", "Landline: area code-number, e.g. 010-12345678")/>
                    <fieldset class="field" class:invalid=move || roles_missing().is_some()>
                        <legend>{i18n.t("本单位持有的角色", "Roles the organization holds")}</legend>
                        {ORG_ROLES.iter().map(|role| {
                            let key = role.key.to_string();
                            let checked = { let key = key.clone(); move || roles.with(|r| r.contains(&key)) };
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        roles.update(|r| { r.retain(|k| k != &key); if on { r.push(key.clone()); } });
                                    }/>
                                    {i18n.t(role.zh, role.en)}
                                </label>
                            }
                        }).collect_view()}
                        <p class="error" aria-live="polite">{roles_missing}</p>
                    </fieldset>
                    {move || (form.server_text("full_name").is_some() || form.server_text("uscc").is_some()).then(|| view! {
                        <p class="aside" role="note">
                            {i18n.t("本单位已注册过？", "Registered before? ")}
                            <a href="/org-recover">{i18n.t("找回单位登录名", "Recover the login name")}</a>
                            " · "
                            <a href="/org-appeal">{i18n.t("单位法人申诉", "Legal-entity appeal")}</a>
                        </p>
                    })}
                    <SubmitButton form=form label=("注册单位", "Register the organization")/>
                </form>
            </section>
    }
}

#[component]
pub fn OrgManagePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let org = RwSignal::new(None::<Result<Option<OrgSummary>, AppError>>);
    Effect::new(move |_| leptos::task::spawn_local(async move { org.set(Some(my_org().await)) }));
    view! {
        <RequireSignIn>
            {move || match org.get() {
                None => view! { <p class="loading" role="status">{i18n.t("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(err)) => { let t = err.text(); view! { <p class="alert alert-error" role="alert">{i18n.pick(&t.zh, &t.en).to_string()}</p> }.into_any() }
                Some(Ok(None)) => view! {
                    <section class="card narrow">
                        <h1>{i18n.t("单位管理", "My organization")}</h1>
                        <p>{i18n.t("您尚未注册单位。", "You haven't registered an organization.")}</p>
                        <a class="button primary" href="/orgs/register">{i18n.t("单位注册", "Register an organization")}</a>
                    </section>
                }.into_any(),
                Some(Ok(Some(summary))) => view! { <ManageOrg org=summary/> }.into_any(),
            }}
            // An organization signed in with its own account has no person's authorizations.
            {move || session.me.with(|me| me.as_ref().is_some_and(|me| me.org_account.is_none())).then(|| view! { <MyAuthorizations/> })}
        </RequireSignIn>
    }
}

#[component]
fn ManageOrg(org: OrgSummary) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = org.org_id;
    let granted = RwSignal::new(Vec::<GrantedPerson>::new());
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(list) = org_grants(org_id).await {
                granted.set(list);
            }
        })
    };
    reload();
    let held = org.roles.clone();
    let (login_name, verification) = (org.login_name.clone(), org.verification.clone());
    let rep_type = LEGAL_REP_TYPES.iter().find(|t| t.0 == org.legal_rep_type).map(|t| (t.1, t.2)).unwrap_or(("", ""));
    view! {
        <section class="card">
            <h1>{i18n.t("单位管理", "My organization")}</h1>
            <dl class="facts">
                <dt>{i18n.t("单位全称", "Full name")}</dt><dd id="org-name">{org.full_name.clone()}</dd>
                <dt>{i18n.t("统一社会信用代码", "Credit code")}</dt><dd>{org.uscc.clone()}</dd>
                <dt>{i18n.t(rep_type.0, rep_type.1)}</dt><dd>{org.legal_rep_name.clone()}</dd>
                <dt>{i18n.t("联系电话", "Contact phone")}</dt><dd>{org.contact_phone.clone()}</dd>
                <dt>{i18n.t("持有角色", "Roles held")}</dt>
                <dd>{held.iter().map(|r| role_label(i18n, r)).collect::<Vec<_>>().join(i18n.sep())}</dd>
                <dt>{i18n.t("单位认证", "Verification")}</dt>
                <dd>{move || { let (zh, en) = crate::org_accounts::types::verification_label(&verification); i18n.pick(zh, en) }}</dd>
                {login_name.clone().map(|name| view! { <dt>{i18n.t("单位登录名", "Login name")}</dt><dd>{name}</dd> })}
            </dl>
        </section>
        {login_name.is_none().then(|| view! { <crate::org_accounts::pages::OpenOrgAccount org_id=org_id/> })}
        <crate::units::pages::SupervisingUnitSection org_id=org_id/>
        <p><a href=format!("/orgs/{org_id}/staff")>{i18n.t("查看本单位人员考试结果", "See the staff's exam results")}</a></p>
        <section class="card">
            <h2>{i18n.t("人员授权", "Authorize a person")}</h2>
            <PersonSearch org_id=org_id held=held on_change=Callback::new(move |_| reload())/>
        </section>
        <section class="card">
            <h2>{i18n.t("已授权人员", "Authorized people")}</h2>
            <table id="org-grants" aria-label=i18n.pick("已授权人员", "Authorized people")>
                <thead><tr><th>{i18n.t("姓名", "Name")}</th><th>{i18n.t("证件号码", "ID number")}</th><th>{i18n.t("角色", "Roles")}</th></tr></thead>
                <tbody>
                    {move || granted.get().into_iter().map(|p| view! {
                        <tr>
                            <td>{p.real_name}</td>
                            <td>{p.id_number_masked}</td>
                            <td>{p.roles.iter().map(|r| role_label(i18n, r)).collect::<Vec<_>>().join(i18n.sep())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {move || granted.with(Vec::is_empty).then(|| view! { <p class="hint">{i18n.t("尚未授权任何人员。", "Nobody is authorized yet.")}</p> })}
        </section>
    }
}

#[component]
fn PersonSearch(org_id: i64, held: Vec<String>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let action = FormState::new();
    let real_name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let person = RwSignal::new(None::<FoundPerson>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let done = RwSignal::new(None::<Text>);
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        person.set(None);
        done.set(None);
        form.run(find_person(org_id, real_name.get_untracked(), id_number.get_untracked()), move |found| {
            chosen.set(Vec::new());
            person.set(Some(found));
        });
    };
    let apply = move |grant: bool| {
        let Some(found) = person.get_untracked() else { return };
        let roles = chosen.get_untracked();
        done.set(None);
        let call = async move {
            if grant {
                grant_roles(org_id, found.user_id, roles).await
            } else {
                revoke_roles(org_id, found.user_id, roles).await
            }
        };
        action.run(call, move |updated| {
            person.set(Some(updated));
            done.set(Some(if grant {
                Text::new("授权成功", "Roles granted")
            } else {
                Text::new("已撤销授权", "Roles revoked")
            }));
            on_change.run(());
        });
    };
    view! {
        <form on:submit=on_search novalidate aria-label=i18n.t("查找人员", "Find a person")>
            <FormAlert form=form/>
            <p class="hint">{i18n.t("只能查到已通过实名认证的人员，姓名和证件号码须完全一致。", "Only real-name-verified persons are found; name and ID number must match exactly.")}</p>
            <TextField name="real_name" label=("姓名", "Name") value=real_name form=form maxlength=50/>
            <TextField name="id_number" label=("证件号码", "ID number") value=id_number form=form maxlength=30/>
            <SubmitButton form=form label=("查找", "Find")/>
        </form>
        {move || person.get().map(|p| {
            let held = held.clone();
            view! {
                <article class="review" id="found-person" aria-label=i18n.t("查找结果", "Search result")>
                    <dl class="facts">
                        <dt>{i18n.t("姓名", "Name")}</dt><dd>{p.real_name.clone()}</dd>
                        <dt>{i18n.t("证件号码", "ID number")}</dt><dd>{p.id_number_masked.clone()}</dd>
                        <dt>{i18n.t("手机号码", "Phone")}</dt><dd>{p.phone_masked.clone()}</dd>
                        <dt>{i18n.t("当前授权", "Current roles")}</dt>
                        <dd id="found-roles">{if p.roles.is_empty() { i18n.pick("无", "None").to_string() } else { p.roles.iter().map(|r| role_label(i18n, r)).collect::<Vec<_>>().join(i18n.sep()) }}</dd>
                    </dl>
                    <fieldset class="field">
                        <legend>{i18n.t("选择角色", "Choose roles")}</legend>
                        {held.into_iter().map(|key| {
                            let label = role_label(i18n, &key);
                            let checked = { let key = key.clone(); move || chosen.with(|c| c.contains(&key)) };
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { c.retain(|k| k != &key); if on { c.push(key.clone()); } });
                                    }/>
                                    {label}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <FormAlert form=action/>
                    <Notice text=done/>
                    <button type="button" class="primary" on:click=move |_| apply(true) disabled=move || action.pending.get()>{i18n.t("授权", "Grant")}</button>
                    " "
                    <button type="button" on:click=move |_| apply(false) disabled=move || action.pending.get()>{i18n.t("撤销授权", "Revoke")}</button>
                </article>
            }
        })}
    }
}

/// The organizations that authorized the signed-in person.
#[component]
fn MyAuthorizations() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Vec<Authorization>>);
    Effect::new(move |_| leptos::task::spawn_local(async move { list.set(my_authorizations().await.ok()) }));
    view! {
        <section class="card" id="my-authorizations" aria-label=i18n.pick("授权我的单位", "Organizations that authorized me")>
            <h2>{i18n.t("授权我的单位", "Organizations that authorized me")}</h2>
            {move || match list.get() {
                None => view! { <p role="status">{i18n.t("加载中…", "Loading…")}</p> }.into_any(),
                Some(items) if items.is_empty() => view! { <p>{i18n.t("暂无单位授权。", "No organization has authorized you.")}</p> }.into_any(),
                Some(items) => view! {
                    <ul>
                        {items.into_iter().map(|a| view! {
                            <li>
                                {a.org_name.clone()}{i18n.t("：", ": ")}{a.roles.iter().map(|r| role_label(i18n, r)).collect::<Vec<_>>().join(i18n.sep())}
                                <ul class="opens">
                                    {a.roles.iter().filter_map(|r| org_role(r)).map(|r| view! { <li>{i18n.t(r.opens.0, r.opens.1)}</li> }).collect_view()}
                                </ul>
                                {a.roles.iter().any(|r| r == STAFF_RESULTS_ROLE).then(|| view! {
                                    <a href=format!("/orgs/{}/staff", a.org_id)>{i18n.t("查看本单位人员考试结果", "See the staff's exam results")}</a>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// `/orgs/mine`: only the list of organizations that authorized me.
#[component]
pub fn MyAuthorizationsPage() -> impl IntoView {
    let i18n = use_i18n();
    // The page's own heading (the list's card has an h2, as it does on the account page).
    view! { <RequireSignIn><h1>{i18n.t("我的单位授权", "My authorizations")}</h1><MyAuthorizations/></RequireSignIn> }
}
