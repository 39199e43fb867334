//! The organization's 归口单位 section on `/orgs/manage` (choose the type, then the unit, then wait),
//! the approving admin's queue at `/units/queue`, and the system admin's units at `/admin/units`.
use leptos::prelude::*;

use crate::applications::types::Region;
use crate::error::{AppError, Text};
use crate::i18n::{use_i18n, I18n};
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::loaded::{load, loaded};
use crate::units::api::{
    all_units, choose_unit, create_unit, decide_org, hand_over_unit, unit_choices, unit_queue, unit_status_of_org,
};
use crate::units::types::{unit_level, OrgUnitStatus, PendingOrg, UnitAdminView, UnitChoice, UnitInput, UNIT_LEVELS};

fn level_label(i18n: I18n, key: &str) -> String {
    unit_level(key).map(|l| i18n.pick(l.1, l.2).to_string()).unwrap_or_default()
}

/// A `<select>` of the unit types, "请选择" first.
fn level_options(i18n: I18n) -> impl IntoView {
    view! {
        <option value="">{i18n.t("请选择", "Choose")}</option>
        {UNIT_LEVELS.iter().map(|(key, zh, en)| view! { <option value=*key>{i18n.t(zh, en)}</option> }).collect_view()}
    }
}

/// Where the organization's approval by its supervising unit stands, and the choice of unit.
#[component]
pub fn SupervisingUnitSection(org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<Result<OrgUnitStatus, AppError>>);
    let reload = move || load(status, unit_status_of_org(org_id));
    reload();
    view! {
        <section class="card" aria-labelledby="unit-heading">
            <h2 id="unit-heading">{i18n.t("归口单位", "Supervising unit")}</h2>
            {loaded(status, move |s: OrgUnitStatus| {
                let unit = s.unit_name.clone().unwrap_or_default();
                let state_line = match s.status.as_str() {
                    "pending" => Some(Text::new(
                        format!("等待归口单位审核（{unit}）。审核由当地归口单位办理，如有疑问请咨询该单位。"),
                        format!("Waiting for the supervising unit's approval ({unit}). Ask the unit if you have questions."),
                    )),
                    "approved" => Some(Text::new(format!("归口单位审核已通过（{unit}）"), format!("Approved by the supervising unit ({unit})"))),
                    "returned" => Some(Text::new(
                        format!("归口单位退回：{}。请重新选择归口单位提交。", s.reason.clone().unwrap_or_default()),
                        format!("Returned by the supervising unit: {}. Choose the unit again and resubmit.", s.reason.clone().unwrap_or_default()),
                    )),
                    _ => None,
                };
                let may_choose = s.status == "none" || s.status == "returned";
                view! {
                    {state_line.map(|t| view! { <p class="status-line" role="status">{i18n.pick(&t.zh, &t.en).to_string()}</p> })}
                    {may_choose.then(|| view! { <ChooseUnit org_id=org_id on_done=Callback::new(move |_| reload())/> })}
                }
            })}
        </section>
    }
}

#[component]
fn ChooseUnit(org_id: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let level = RwSignal::new(String::new());
    let unit_id = RwSignal::new(String::new());
    let choices = RwSignal::new(None::<Result<Vec<UnitChoice>, AppError>>);
    // The unit list follows the type: a municipal bureau is only listed under 市级外专局 (seed 002).
    Effect::new(move |_| {
        let chosen = level.get();
        unit_id.set(String::new());
        if chosen.is_empty() {
            choices.set(None);
        } else {
            load(choices, unit_choices(chosen));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let Ok(unit) = unit_id.get_untracked().parse::<i64>() else {
            form.error.set(Some(AppError::invalid(
                "unit_id",
                "请先选择主管外专局类型和归口单位",
                "Choose the kind of unit and the unit first",
            )));
            return;
        };
        form.run(choose_unit(org_id, level.get_untracked(), unit), move |_| on_done.run(()));
    };
    view! {
        <form on:submit=on_submit novalidate>
            <div class="field">
                <label for="unit-level">{i18n.t("主管外专局类型", "Kind of supervising unit")}</label>
                <select id="unit-level" on:change=move |ev| level.set(event_target_value(&ev))>{level_options(i18n)}</select>
            </div>
            {move || (!level.with(String::is_empty)).then(|| view! {
                <div class="field">
                    <label for="unit-choice">{i18n.t("归口单位", "Supervising unit")}</label>
                    <select id="unit-choice" prop:value=move || unit_id.get() on:change=move |ev| unit_id.set(event_target_value(&ev))>
                        <option value="">{i18n.t("请选择", "Choose")}</option>
                        {move || choices.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c.unit_id.to_string()>{format!("{}（{}）", c.name, c.region_name)}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <FormAlert form=form/>
            <SubmitButton form=form label=("提交归口单位审核", "Submit to the supervising unit")/>
        </form>
    }
}

/// `/units/queue`: the organizations waiting for the signed-in approving admin.
#[component]
pub fn UnitQueuePage() -> impl IntoView {
    view! { <RequireSignIn><UnitQueue/></RequireSignIn> }
}

#[component]
fn UnitQueue() -> impl IntoView {
    let i18n = use_i18n();
    let queue = RwSignal::new(None::<Result<Vec<PendingOrg>, AppError>>);
    let done = RwSignal::new(None::<Text>);
    load(queue, unit_queue());
    let on_decided = Callback::new(move |(org_id, text): (i64, Text)| {
        done.set(Some(text));
        queue.update(|q| {
            if let Some(Ok(list)) = q {
                list.retain(|o| o.org_id != org_id);
            }
        });
    });
    view! {
        <section class="card">
            <h1>{i18n.t("归口单位审核", "Supervising unit approvals")}</h1>
            <Notice text=done/>
            {loaded(queue, move |list: Vec<PendingOrg>| view! {
                {list.is_empty().then(|| view! { <p class="hint">{i18n.t("暂无待审核的单位。", "No organization is waiting.")}</p> })}
                {list.into_iter().map(|org| view! { <PendingOrgCard org=org on_decided=on_decided/> }).collect_view()}
            })}
        </section>
    }
}

#[component]
fn PendingOrgCard(org: PendingOrg, on_decided: Callback<(i64, Text)>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let org_id = org.org_id;
    let name = org.full_name.clone();
    let decide = move |approve: bool| {
        let name = name.clone();
        let text = if approve {
            Text::new(format!("已通过：{name}"), format!("Approved: {name}"))
        } else {
            Text::new(format!("已退回：{name}"), format!("Returned: {name}"))
        };
        form.run(decide_org(org_id, approve, reason.get_untracked()), move |_| on_decided.run((org_id, text)));
    };
    let approve = decide.clone();
    view! {
        <article class="card" aria-label=org.full_name.clone()>
            <h2>{org.full_name.clone()}</h2>
            <dl class="facts">
                <dt>{i18n.t("统一社会信用代码", "Credit code")}</dt><dd>{org.uscc.clone()}</dd>
                <dt>{i18n.t("法定代表人", "Legal representative")}</dt><dd>{org.legal_rep_name.clone()}</dd>
                <dt>{i18n.t("归口单位", "Supervising unit")}</dt><dd>{org.unit_name.clone()}</dd>
            </dl>
            <form on:submit=|ev| ev.prevent_default() novalidate>
                <TextField name="reason" label=("退回原因", "Reason for returning") value=reason form=form maxlength=200
                    hint=("退回时必填", "Required to return")/>
                <FormAlert form=form/>
                <div class="actions">
                    <button type="button" class="primary" disabled=move || form.pending.get() on:click=move |_| approve(true)>{i18n.t("通过", "Approve")}</button>
                    <button type="button" disabled=move || form.pending.get() on:click=move |_| decide(false)>{i18n.t("退回", "Return")}</button>
                </div>
            </form>
        </article>
    }
}

/// `/admin/units`: the supervising units, a new one, and the hand-over of a unit's approving admin.
#[component]
pub fn UnitAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let units = RwSignal::new(None::<Result<Vec<UnitAdminView>, AppError>>);
    let reload = move || load(units, all_units());
    reload();
    view! {
        <RequireSignIn>
            <crate::admin::pages::AdminNav/>
            <section class="card">
                <h1>{i18n.t("归口单位", "Supervising units")}</h1>
                <NewUnitForm on_done=Callback::new(move |_| reload())/>
            </section>
            {loaded(units, move |list: Vec<UnitAdminView>| view! {
                {list.into_iter().map(|unit| view! { <UnitCard unit=unit on_done=Callback::new(move |_| reload())/> }).collect_view()}
            })}
        </RequireSignIn>
    }
}

fn region_options(regions: RwSignal<Vec<Region>>) -> impl IntoView {
    move || {
        regions
            .get()
            .into_iter()
            .map(|r| view! { <option value=r.code.clone()>{r.name.clone()}</option> })
            .collect_view()
    }
}

#[component]
fn NewUnitForm(on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let approver = RwSignal::new(String::new());
    let provinces = RwSignal::new(Vec::<Region>::new());
    let cities = RwSignal::new(Vec::<Region>::new());
    let done = RwSignal::new(None::<Text>);
    leptos::task::spawn_local(async move {
        provinces.set(crate::applications::api::regions(None).await.unwrap_or_default());
    });
    Effect::new(move |_| {
        let code = province.get();
        city.set(String::new());
        leptos::task::spawn_local(async move {
            let list =
                if code.is_empty() { Ok(Vec::new()) } else { crate::applications::api::regions(Some(code)).await };
            cities.set(list.unwrap_or_default());
        });
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let region_code =
            if level.get_untracked() == "municipal" { city.get_untracked() } else { province.get_untracked() };
        let input = UnitInput {
            name: name.get_untracked(),
            level: level.get_untracked(),
            region_code,
            approver_username: approver.get_untracked(),
        };
        done.set(None);
        form.run(create_unit(input), move |_| {
            done.set(Some(Text::new("归口单位已添加", "Unit added")));
            on_done.run(());
        });
    };
    view! {
        <form on:submit=on_submit novalidate>
            <TextField name="name" label=("单位名称", "Unit name") value=name form=form maxlength=60/>
            <div class="field">
                <label for="new-unit-level">{i18n.t("主管外专局类型", "Kind of supervising unit")}</label>
                <select id="new-unit-level" on:change=move |ev| level.set(event_target_value(&ev))>{level_options(i18n)}</select>
            </div>
            <div class="field">
                <label for="new-unit-province">{i18n.t("省份", "Province")}</label>
                <select id="new-unit-province" on:change=move |ev| province.set(event_target_value(&ev))>
                    <option value="">{i18n.t("请选择", "Choose")}</option>
                    {region_options(provinces)}
                </select>
            </div>
            {move || (level.get() == "municipal").then(|| view! {
                <div class="field">
                    <label for="new-unit-city">{i18n.t("地市", "City")}</label>
                    <select id="new-unit-city" prop:value=move || city.get() on:change=move |ev| city.set(event_target_value(&ev))>
                        <option value="">{i18n.t("请选择", "Choose")}</option>
                        {region_options(cities)}
                    </select>
                </div>
            })}
            <TextField name="approver_username" label=("审批管理员用户名", "Approving admin's user name") value=approver form=form maxlength=32/>
            <FormAlert form=form/>
            <Notice text=done/>
            <SubmitButton form=form label=("添加归口单位", "Add the unit")/>
        </form>
    }
}

#[component]
fn UnitCard(unit: UnitAdminView, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let unit_id = unit.unit_id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        form.run(hand_over_unit(unit_id, to.get_untracked(), reason.get_untracked()), move |_| on_done.run(()));
    };
    view! {
        <article class="card" aria-label=unit.name.clone()>
            <h2>{unit.name.clone()}</h2>
            <dl class="facts">
                <dt>{i18n.t("类型", "Kind")}</dt><dd>{level_label(i18n, &unit.level)}</dd>
                <dt>{i18n.t("地区", "Region")}</dt><dd>{unit.region_name.clone()}</dd>
                <dt>{i18n.t("审批管理员", "Approving admin")}</dt>
                <dd>{format!("{}（{}）", unit.approver_name, unit.approver_username)}</dd>
            </dl>
            {(!unit.handovers.is_empty()).then(|| view! {
                <h3>{i18n.t("更换记录", "Hand-overs")}</h3>
                <ul>
                    {unit.handovers.iter().map(|h| view! {
                        <li>{format!("{} → {}（{}，{}）", h.from_name, h.to_name, h.reason, h.by_username)}</li>
                    }).collect_view()}
                </ul>
            })}
            <form on:submit=on_submit novalidate>
                <TextField name="to_username" label=("新审批管理员用户名", "New approving admin's user name") value=to form=form maxlength=32/>
                <TextField name="reason" label=("更换原因", "Reason for the change") value=reason form=form maxlength=200/>
                <FormAlert form=form/>
                <SubmitButton form=form label=("更换审批管理员", "Hand over")/>
            </form>
        </article>
    }
}
