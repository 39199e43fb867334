//! What each console list lets staff do, under its table. Rows are chosen with 选择 in the table.
use leptos::prelude::*;

use crate::admin::api::{
    add_reviewer_scope, add_unit, decide_unit_request, set_user_region, set_user_roles, unlock_training,
};
use crate::admin::types::GRANTABLE_ROLES;
use crate::applications::api::{close_window, create_window};
use crate::applications::types::{WindowInput, WindowKind};
use crate::error::{AppError, Text};
use crate::exams::pages::china_local_to_ms;
use crate::i18n::use_i18n;
use crate::training::api::create_training_session;
use crate::training::rules::{check_date, check_stream_url, check_title};
use crate::training::types::SessionInput;
use crate::ui::form::{verdict, FormAlert, FormState, Notice, SubmitButton, TextField};
use crate::ui::upload::{FilePicker, StoredFile};

pub(crate) type Done = Callback<()>;

#[component]
pub fn KindActions(
    kind: String,
    selected: RwSignal<Option<String>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = Callback::new(move |_| on_done());
    let selected_id = Signal::derive(move || selected.get().and_then(|s| s.parse::<i64>().ok()));
    match kind.as_str() {
        "users" => view! { <UserActions selected=selected_id done=done/> }.into_any(),
        "units" => view! { <AddUnitForm done=done/> }.into_any(),
        "unit_requests" => view! { <UnitRequestActions selected=selected_id done=done/> }.into_any(),
        "specialties" => view! { <CatalogImport done=done/> }.into_any(),
        "pool" => view! { <PoolImport done=done/> }.into_any(),
        "windows" => view! { <WindowActions selected=selected_id done=done/> }.into_any(),
        "reviewers" => view! { <ReviewerScopeForm done=done/> }.into_any(),
        "training" => view! { <TrainingSessionForm done=done/> }.into_any(),
        "materials" => view! { <MaterialUpload done=done/> }.into_any(),
        k if k.starts_with("reg_") => {
            view! { <crate::registration::pages::RegistrationActions kind=k.to_string() selected=selected_id done=done/> }.into_any()
        }
        "questions" | "exams" | "attempts" => view! {
            <section class="card"><p>
                {i18n.t("题库导入、新建考试、监考复核与成绩复核在考务管理页面办理：", "Import questions, create exams and review attempts in the exam office: ")}
                <a href="/exam-admin">{i18n.t("考务管理", "Exam office")}</a>
            </p></section>
        }.into_any(),
        "appeals" => view! {
            <section class="card"><p><a href="/support/appeals">{i18n.t("前往申诉审核", "Review appeals")}</a></p></section>
        }.into_any(),
        _ => ().into_any(),
    }
}

/// "已选择 #12", or a prompt to choose a row.
#[component]
pub(crate) fn Chosen(selected: Signal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="aside" role="status">{move || match selected.get() {
            Some(id) => format!("{}{id}", i18n.pick("已选择 #", "Selected #")),
            None => i18n.pick("请先在列表中点击“选择”。", "Choose a row in the list first.").to_string(),
        }}</p>
    }
}

pub(crate) fn ok(text: RwSignal<Option<Text>>, done: Done) -> impl FnOnce(()) + 'static {
    move |_| {
        text.set(Some(Text::new("已保存", "Saved")));
        done.run(());
    }
}

/// Runs `call` on the chosen row's id, or asks for a row first.
pub(crate) fn on_chosen<Fut>(
    form: FormState,
    selected: Signal<Option<i64>>,
    saved: RwSignal<Option<Text>>,
    done: Done,
    call: impl FnOnce(i64) -> Fut,
) where
    Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    match selected.get_untracked() {
        Some(id) => form.run(call(id), ok(saved, done)),
        None => form.error.set(Some(AppError::refused("请先在列表中选择一行", "Choose a row in the list first"))),
    }
}

#[component]
fn UserActions(selected: Signal<Option<i64>>, done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let saved = RwSignal::new(None::<Text>);
    let roles = RwSignal::new(Vec::<String>::new());
    let region = RwSignal::new(String::new());
    let on_roles = move |_| on_chosen(form, selected, saved, done, move |id| set_user_roles(id, roles.get_untracked()));
    let on_region =
        move |_| on_chosen(form, selected, saved, done, move |id| set_user_region(id, region.get_untracked()));
    let on_unlock = move |_| on_chosen(form, selected, saved, done, unlock_training);
    view! {
        <section class="card">
            <h2>{i18n.t("用户操作", "User actions")}</h2>
            <Chosen selected=selected/>
            <FormAlert form=form/>
            <Notice text=saved/>
            <fieldset>
                <legend>{i18n.t("角色", "Roles")}</legend>
                {GRANTABLE_ROLES.iter().map(|(role, zh, en)| {
                    let role = role.to_string();
                    let id = format!("role-{role}");
                    let r = role.clone();
                    view! {
                        <label class="check" for=id.clone()>
                            <input id=id.clone() type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                roles.update(|list| { list.retain(|x| *x != r); if on { list.push(r.clone()); } });
                            }/>
                            {i18n.t(zh, en)}
                        </label>
                    }
                }).collect_view()}
                <button type="button" on:click=on_roles disabled=move || form.pending.get()>{i18n.t("保存角色", "Save roles")}</button>
            </fieldset>
            <TextField name="region_code" label=("所属地区代码（专家评标地区，如 440106）", "Home region code (e.g. 440106)") value=region form=form maxlength=12/>
            <button type="button" on:click=on_region disabled=move || form.pending.get()>{i18n.t("保存所属地区", "Save region")}</button>
            " "
            <button type="button" on:click=on_unlock disabled=move || form.pending.get()>{i18n.t("解锁培训邀请码", "Unlock the training code")}</button>
        </section>
    }
}

#[component]
fn AddUnitForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let saved = RwSignal::new(None::<Text>);
    let name = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.run(add_unit(name.get_untracked()), move |_| {
            saved.set(Some(Text::new("单位已添加", "Unit added")));
            done.run(());
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.t("添加单位", "Add a unit")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("添加单位", "Add a unit")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="unit_name" label=("单位名称", "Unit name") value=name form=form maxlength=100/>
                <SubmitButton form=form label=("添加", "Add")/>
            </form>
        </section>
    }
}

#[component]
fn UnitRequestActions(selected: Signal<Option<i64>>, done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let saved = RwSignal::new(None::<Text>);
    let decide = move |add: bool| on_chosen(form, selected, saved, done, move |id| decide_unit_request(id, add));
    view! {
        <section class="card">
            <h2>{i18n.t("处理单位申请", "Handle the request")}</h2>
            <Chosen selected=selected/>
            <FormAlert form=form/>
            <Notice text=saved/>
            <button type="button" class="primary" on:click=move |_| decide(true) disabled=move || form.pending.get()>{i18n.t("添加到单位列表", "Add to the list")}</button>
            " "
            <button type="button" on:click=move |_| decide(false) disabled=move || form.pending.get()>{i18n.t("拒绝", "Refuse")}</button>
        </section>
    }
}

/// A CSV import under its list: all or nothing, the refused lines listed by the picker.
#[component]
fn CsvImport(
    done: Done,
    title: (&'static str, &'static str),
    hint: (&'static str, &'static str),
    id: &'static str,
    path: &'static str,
    label: (&'static str, &'static str),
) -> impl IntoView {
    let i18n = use_i18n();
    let uploaded = RwSignal::new(None::<StoredFile>);
    Effect::new(move |_| {
        if uploaded.get().is_some() {
            done.run(());
        }
    });
    view! {
        <section class="card">
            <h2>{i18n.t(title.0, title.1)}</h2>
            <p class="hint">{i18n.t(hint.0, hint.1)}</p>
            <FilePicker id=id path=path label=label uploaded=uploaded accept=".csv,text/csv"/>
        </section>
    }
}

#[component]
fn CatalogImport(done: Done) -> impl IntoView {
    view! {
        <CsvImport done=done title=("导入专业目录（CSV）", "Import the catalog (CSV)") id="catalog-file"
            path="/api/admin/specialties/import" label=("目录文件", "Catalog file")
            hint=("列：代码,名称,上级代码,旧专业(旧/1),对应新专业（旧专业可转为的三级专业代码，用;分隔）。全部正确才导入，错误按行列出。", "Columns: code,name,parent,legacy(1),maps to (the level-3 codes an old specialty may become, separated by ;). All or nothing; errors are listed by line.")/>
    }
}

/// The pool the old system held: re-importing updates records by ID number and keeps their links.
#[component]
fn PoolImport(done: Done) -> impl IntoView {
    view! {
        <CsvImport done=done title=("导入现有专家库（CSV）", "Import the existing pool (CSV)") id="pool-file"
            path="/api/admin/pool/import" label=("专家库文件", "Pool file")
            hint=(
                "列：姓名,证件类型,证件号码,手机号,地区代码,专业代码（可含旧专业，用;分隔）,有效期至（YYYY-MM-DD）。全部正确才导入，错误按行列出；再次导入按证件号码更新。",
                "Columns: name,ID type,ID number,phone,region code,specialty codes (old ones allowed, separated by ;),expiry (YYYY-MM-DD). All or nothing, errors by line; importing again updates by ID number.",
            )/>
    }
}

#[component]
fn WindowActions(selected: Signal<Option<i64>>, done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let saved = RwSignal::new(None::<Text>);
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new("new".to_string());
    let opens = RwSignal::new(String::new());
    let closes = RwSignal::new(String::new());
    let on_create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(opens_ms), Some(closes_ms)) =
            (china_local_to_ms(&opens.get_untracked()), china_local_to_ms(&closes.get_untracked()))
        else {
            form.error.set(Some(AppError::invalid(
                "opens",
                "请填写开始和结束时间",
                "Enter the opening and closing times",
            )));
            return;
        };
        let kind = if kind.get_untracked() == "renewal" { WindowKind::Renewal } else { WindowKind::New };
        let input = WindowInput { kind, title: title.get_untracked(), opens_ms, closes_ms };
        form.run(create_window(input), move |_| {
            saved.set(Some(Text::new("批次已创建", "Window created")));
            done.run(());
        });
    };
    let on_close = move |_| on_chosen(form, selected, saved, done, close_window);
    view! {
        <section class="card">
            <h2>{i18n.t("申请批次", "Windows")}</h2>
            <form on:submit=on_create novalidate aria-label=i18n.t("新建批次", "New window")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="window_title" label=("批次名称", "Title") value=title form=form maxlength=100/>
                <div class="field">
                    <label for="window-kind">{i18n.t("类型", "Kind")}</label>
                    <select id="window-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="new">{i18n.t("常态征集", "New experts")}</option>
                        <option value="renewal">{i18n.t("续聘", "Renewal")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="window-opens">{i18n.t("开始时间", "Opens")}</label>
                    <input id="window-opens" type="datetime-local" on:input=move |ev| opens.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="window-closes">{i18n.t("结束时间", "Closes")}</label>
                    <input id="window-closes" type="datetime-local" on:input=move |ev| closes.set(event_target_value(&ev))/>
                </div>
                <SubmitButton form=form label=("新建批次", "Create")/>
            </form>
            <Chosen selected=selected/>
            <button type="button" on:click=on_close disabled=move || form.pending.get()>{i18n.t("立即关闭所选批次", "Close the chosen window now")}</button>
        </section>
    }
}

#[component]
fn ReviewerScopeForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let saved = RwSignal::new(None::<Text>);
    let username = RwSignal::new(String::new());
    let stage = RwSignal::new("1".to_string());
    let region = RwSignal::new(String::new());
    let specialty = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let stage = stage.get_untracked().parse().unwrap_or(0);
        let call =
            add_reviewer_scope(username.get_untracked(), stage, region.get_untracked(), specialty.get_untracked());
        form.run(call, move |_| {
            saved.set(Some(Text::new("审核范围已添加", "Scope added")));
            done.run(());
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.t("添加审核范围", "Add a review scope")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("添加审核范围", "Add a review scope")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="username" label=("用户名", "User name") value=username form=form/>
                <div class="field">
                    <label for="scope-stage">{i18n.t("审核阶段", "Stage")}</label>
                    <select id="scope-stage" on:change=move |ev| stage.set(event_target_value(&ev))>
                        {(1..=4).map(|s| view! { <option value=s.to_string()>{s}</option> }).collect_view()}
                    </select>
                </div>
                <TextField name="region_prefix" label=("地区代码前缀（留空为全部）", "Region prefix (empty: all)") value=region form=form maxlength=12/>
                <TextField name="specialty_prefix" label=("专业代码前缀（留空为全部）", "Specialty prefix (empty: all)") value=specialty form=form maxlength=20/>
                <SubmitButton form=form label=("添加", "Add")/>
            </form>
        </section>
    }
}

#[component]
fn TrainingSessionForm(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let saved = RwSignal::new(None::<Text>);
    let title = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let stream = RwSignal::new("/live/placeholder.html".to_string());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let input = SessionInput {
            title: title.get_untracked(),
            region_code: region.get_untracked(),
            date: date.get_untracked(),
            stream_url: stream.get_untracked(),
        };
        form.run(create_training_session(input), move |_| {
            saved.set(Some(Text::new("培训场次已创建", "Session created")));
            done.run(());
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.t("新建培训场次", "New training session")}</h2>
            <form on:submit=on_submit novalidate aria-label=i18n.t("新建培训场次", "New training session")>
                <FormAlert form=form/>
                <Notice text=saved/>
                <TextField name="title" label=("课程名称", "Title") value=title form=form maxlength=100 live=Signal::derive(move || title.with(|t| verdict(check_title(t))))/>
                <TextField name="region_code" label=("地区代码（省 44、市 4401 或区 440106）", "Region code (province 44, city 4401 or district 440106)") value=region form=form maxlength=12/>
                <TextField name="date" label=("日期（年-月-日）", "Date (YYYY-MM-DD)") value=date form=form maxlength=10 live=Signal::derive(move || date.with(|d| verdict(check_date(d))))/>
                <TextField name="stream_url" label=("直播地址", "Stream address") value=stream form=form maxlength=500 live=Signal::derive(move || stream.with(|s| verdict(check_stream_url(s))))/>
                <SubmitButton form=form label=("创建", "Create")/>
            </form>
        </section>
    }
}

#[component]
fn MaterialUpload(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let title = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let uploaded = RwSignal::new(None::<StoredFile>);
    Effect::new(move |_| {
        if uploaded.get().is_some() {
            done.run(());
        }
    });
    view! {
        <section class="card">
            <h2>{i18n.t("上传培训资料", "Upload a material")}</h2>
            <TextField name="material_title" label=("资料名称（先填写再选择文件）", "Title (fill in before choosing the file)") value=title form=form maxlength=100/>
            <label class="check"><input type="checkbox" prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev))/>
                {i18n.t("公开到首页“资料下载”（空白模板、办理材料，无需登录）", "Public under 资料下载 on the portal (blank templates; no sign-in)")}</label>
            // The title and the flag travel in the upload's address, so the picker follows them.
            {move || {
                let path = format!(
                    "/api/admin/training/materials?title={}&public={}",
                    super::query_encode(&title.get()),
                    public.get()
                );
                view! { <FilePicker id="material-file" path=path label=("资料文件（PDF、JPG 或 PNG）", "File (PDF, JPG or PNG)") uploaded=uploaded/> }
            }}
        </section>
    }
}
