//! Step 1 基础信息: the account's data (read-only), political status, residence region cascade, work
//! unit by search (or a request to support), and work experience.
use leptos::prelude::*;

use super::{live, saved_notice, saved_text, LockedPart, RowField, StepAlert};
use crate::applications::api::{regions, request_unit, save_basic, search_units};
use crate::applications::rules::check_month;
use crate::applications::types::{Application, BasicInput, Part, Region, Unit, WorkItem};
use crate::i18n::use_i18n;
use crate::ui::form::{FormAlert, FormState, Notice, TextField};

use crate::applications::vocabulary::POLITICAL_STATUSES;

#[derive(Clone, Copy)]
struct WorkRow {
    key: usize,
    employer: RwSignal<String>,
    position: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

impl WorkRow {
    fn new(key: usize, item: &WorkItem) -> Self {
        Self {
            key,
            employer: RwSignal::new(item.employer.clone()),
            position: RwSignal::new(item.position.clone()),
            start: RwSignal::new(item.start_month.clone()),
            end: RwSignal::new(item.end_month.clone()),
        }
    }

    fn item(&self) -> WorkItem {
        WorkItem {
            employer: self.employer.get_untracked(),
            position: self.position.get_untracked(),
            start_month: self.start.get_untracked(),
            end_month: self.end.get_untracked(),
        }
    }
}

fn today() -> (i32, u32, u32) {
    crate::accounts::forms::browser_today()
}

/// A select filled from `options`, bound to `value`.
#[component]
fn RegionSelect(
    id: &'static str,
    label: (&'static str, &'static str),
    options: RwSignal<Vec<Region>>,
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{i18n.t(label.0, label.1)}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{i18n.t("请选择", "Choose")}</option>
                {move || options.get().into_iter().map(|r| view! { <option value=r.code.clone() selected=value.get_untracked() == r.code>{r.name}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn BasicStep(app: Application, reload: Callback<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    if !app.editable.contains(&Part::Basic) {
        return view! { <LockedPart app=app part=Part::Basic/> }.into_any();
    }
    let id = app.id;
    let form = FormState::new();
    let notice = saved_notice();
    let political = RwSignal::new(app.basic.political_status.clone());
    let code = app.basic.region_code.clone();
    let province = RwSignal::new(code.get(..2).map(String::from).unwrap_or_default());
    let city = RwSignal::new(code.get(..4).map(String::from).unwrap_or_default());
    let district = RwSignal::new(code.clone());
    let (provinces, cities, districts) =
        (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let fill = move |target: RwSignal<Vec<Region>>, parent: Option<String>| {
        leptos::task::spawn_local(async move { target.set(regions(parent).await.unwrap_or_default()) });
    };
    fill(provinces, None);
    Effect::new(move |_| {
        let p = province.get();
        cities.set(Vec::new());
        if !p.is_empty() {
            fill(cities, Some(p));
        }
    });
    Effect::new(move |_| {
        let c = city.get();
        districts.set(Vec::new());
        if !c.is_empty() {
            fill(districts, Some(c));
        }
    });
    let unit = RwSignal::new(app.basic.unit_id.map(|uid| Unit { id: uid, name: app.unit_name.clone() }));
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Unit>::new());
    Effect::new(move |_| {
        let q = query.get();
        leptos::task::spawn_local(async move { found.set(search_units(q).await.unwrap_or_default()) });
    });
    let asking = RwSignal::new(false);
    let (unit_request, request_note) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let request_form = FormState::new();
    let requested = RwSignal::new(None);
    let next_key = StoredValue::new(app.basic.work.len());
    let work = RwSignal::new(app.basic.work.iter().enumerate().map(|(i, w)| WorkRow::new(i, w)).collect::<Vec<_>>());
    if work.with_untracked(Vec::is_empty) {
        work.set(vec![WorkRow::new(0, &WorkItem::default())]);
        next_key.set_value(1);
    }
    let input = move || BasicInput {
        political_status: political.get_untracked(),
        region_code: district.get_untracked(),
        unit_id: unit.get_untracked().map(|u| u.id),
        work: work.get_untracked().iter().map(WorkRow::item).collect(),
    };
    let save = move |then: Option<usize>| {
        form.submitted.set(true);
        form.run(save_basic(id, input()), move |()| {
            notice.set(Some(saved_text()));
            reload.run(then);
        });
    };
    view! {
        <h2>{i18n.t("第一步：基础信息", "Step 1: basic information")}</h2>
        <p class="aside">{app.person.real_name.clone()}" · "{app.person.id_masked.clone()}" · "{app.person.phone_masked.clone()}
            {i18n.t("（注册信息，不可修改）", " (from registration, read-only)")}</p>
        <div class="field">
            <label for="political">{i18n.t("政治面貌", "Political status")}</label>
            <select id="political" prop:value=move || political.get() on:change=move |ev| political.set(event_target_value(&ev))>
                <option value="">{i18n.t("请选择", "Choose")}</option>
                {POLITICAL_STATUSES.iter().map(|&(zh, en)| view! { <option value=zh selected=political.get_untracked() == zh>{i18n.t(zh, en)}</option> }).collect_view()}
            </select>
        </div>
        <fieldset>
            <legend>{i18n.t("居住地区（决定成为专家后可被抽取的地区，请慎重选择）", "Residence (where you can be drawn as an expert)")}</legend>
            <RegionSelect id="province" label=("省", "Province") options=provinces value=province/>
            <RegionSelect id="city" label=("市", "City") options=cities value=city/>
            <RegionSelect id="district" label=("区（县）", "District") options=districts value=district/>
            <p class="error" aria-live="polite">{move || form.server_text("region").map(|t| i18n.pick(&t.zh, &t.en).to_string())}</p>
        </fieldset>
        <fieldset>
            <legend>{i18n.t("工作单位", "Work unit")}</legend>
            <p id="chosen-unit" role="status" aria-label=i18n.pick("已选工作单位", "Chosen work unit")>{move || unit.get().map(|u| u.name).unwrap_or_else(|| i18n.pick("尚未选择", "None chosen").into())}</p>
            <div class="field">
                <label for="unit-search">{i18n.t("按单位名称搜索", "Search by name")}</label>
                <input id="unit-search" type="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <ul class="choices">{move || found.get().into_iter().map(|u| {
                let name = u.name.clone();
                view! { <li><button type="button" class="link" on:click=move |_| { unit.set(Some(u.clone())); query.set(String::new()); }>{name}</button></li> }
            }).collect_view()}</ul>
            <button type="button" class="link" on:click=move |_| asking.update(|a| *a = !*a)>{i18n.t("单位列表中没有？申请新增单位", "Not in the list? Ask support to add it")}</button>
            <Show when=move || asking.get()>
                <TextField name="unit_request" label=("单位全称", "Full unit name") value=unit_request form=request_form maxlength=100/>
                <TextField name="unit_note" label=("说明（联系人、电话等）", "Note (contact, phone…)") value=request_note form=request_form maxlength=500/>
                <button type="button" on:click=move |_| request_form.run(request_unit(unit_request.get_untracked(), request_note.get_untracked()),
                    move |()| requested.set(Some(crate::error::Text::new("已提交，客服新增单位后请重新搜索选择。", "Sent: once support adds it, search again."))))>
                    {i18n.t("提交新增申请", "Send the request")}</button>
                <FormAlert form=request_form/>
                <Notice text=requested/>
            </Show>
        </fieldset>
        <fieldset>
            <legend>{i18n.t("工作经历（至少填写最近的一份）", "Work experience (at least the most recent)")}</legend>
            <For each=move || work.get() key=|row| row.key let:row>
                <div class="work-row" role="group" aria-label=i18n.pick("工作经历", "Work")>
                    <RowField id=format!("work-employer-{}", row.key) label=("工作单位", "Employer") value=row.employer maxlength=100/>
                    <RowField id=format!("work-position-{}", row.key) label=("职务", "Position") value=row.position/>
                    <RowField id=format!("work-start-{}", row.key) label=("开始年月", "From (YYYY-MM)") value=row.start maxlength=7
                        live=live(row.start, |v| check_month(v, today()))/>
                    <RowField id=format!("work-end-{}", row.key) label=("结束年月（至今请留空）", "To (empty: until now)") value=row.end maxlength=7
                        live=live(row.end, |v| check_month(v, today()))/>
                    <button type="button" class="link" on:click=move |_| work.update(|w| w.retain(|r| r.key != row.key))>{i18n.t("删除此条", "Remove")}</button>
                </div>
            </For>
            <button type="button" on:click=move |_| {
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                work.update(|w| w.push(WorkRow::new(key, &WorkItem::default())));
            }>{i18n.t("添加工作经历", "Add work experience")}</button>
        </fieldset>
        <StepAlert form=form/>
        <Notice text=notice/>
        <div class="actions">
            <button type="button" on:click=move |_| save(None) disabled=move || form.pending.get()>{i18n.t("保存", "Save")}</button>
            <button type="button" class="primary" on:click=move |_| save(Some(2)) disabled=move || form.pending.get()>{i18n.t("保存并下一步", "Save and continue")}</button>
        </div>
    }
    .into_any()
}
