//! The one list page: search, a filter, pages from the server, CSV export of the same selection, and the
//! actions of the list's kind under it.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::admin::api::admin_list;
use crate::admin::pages::actions::KindActions;
use crate::admin::pages::AdminNav;
use crate::admin::types::{list_title, ListPage, ListQuery};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::loaded::loaded;

#[component]
pub fn AdminListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let kind = Memo::new(move |_| params.read().get("kind").unwrap_or_default());
    let typed = RwSignal::new(String::new());
    // The whole selection in one signal: a new list starts from a clean search in one change (one load).
    let query = RwSignal::new(ListQuery::default());
    let data = RwSignal::new(None::<Result<ListPage, AppError>>);
    let selected = RwSignal::new(None::<String>);
    let version = RwSignal::new(0_u32);
    Effect::new(move |_| {
        let kind = kind.get();
        typed.set(String::new());
        selected.set(None);
        query.set(ListQuery { kind, page: 1, ..Default::default() });
    });
    // Answers can arrive out of order (a search typed right after the page opened): only the answer to
    // the newest request is shown.
    let requests = StoredValue::new(0_u64);
    Effect::new(move |_| {
        version.track();
        let query = query.get();
        if query.kind.is_empty() {
            return;
        }
        requests.update_value(|n| *n += 1);
        let this = requests.get_value();
        leptos::task::spawn_local(async move {
            let answer = admin_list(query).await;
            if requests.get_value() == this {
                data.set(Some(answer));
            }
        });
    });
    let reload = move || version.update(|v| *v += 1);
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.update(|q| {
            q.search = typed.get_untracked();
            q.page = 1;
        });
    };
    let export_href = move || {
        query.with(|q| {
            let (search, filter) = (super::query_encode(&q.search), super::query_encode(&q.filter));
            format!("/api/admin/export/{}?search={search}&filter={filter}", q.kind)
        })
    };
    let title = move || {
        let (zh, en) = list_title(&kind.get());
        i18n.pick(zh, en).to_string()
    };
    let show = move |list: ListPage| view! { <ListTable list=list query=query selected=selected/> };
    view! {
        <RequireSignIn>
            <AdminNav/>
            <section class="card">
                <h1>{title}</h1>
                <form class="list-tools" role="search" on:submit=on_search aria-label=i18n.t("列表搜索", "Search the list")>
                    <label for="list-search">{i18n.t("搜索", "Search")}</label>
                    <input id="list-search" type="search" maxlength="64" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button type="submit">{i18n.t("搜索", "Search")}</button>
                    <a class="button" href=export_href rel="external" download>{i18n.t("导出 CSV", "Export CSV")}</a>
                </form>
                {loaded(data, show)}
            </section>
            {move || view! { <KindActions kind=kind.get() selected=selected on_done=reload/> }}
        </RequireSignIn>
    }
}

#[component]
fn ListTable(list: ListPage, query: RwSignal<ListQuery>, selected: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let pages = list.pages();
    let current = list.page;
    let filters = list.filters.clone();
    let link = list.row_link.clone();
    view! {
        {(!filters.is_empty()).then(|| view! {
            <div class="field inline">
                <label for="list-filter">{i18n.t("筛选", "Filter")}</label>
                <select id="list-filter" on:change=move |ev| query.update(|q| { q.filter = event_target_value(&ev); q.page = 1; })>
                    <option value="" selected=query.with_untracked(|q| q.filter.is_empty())>{i18n.t("全部", "All")}</option>
                    {filters.into_iter().map(|(value, zh, en)| {
                        let chosen = query.with_untracked(|q| q.filter == value);
                        view! { <option value=value selected=chosen>{i18n.pick(&zh, &en).to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        <p class="aside" role="status" id="list-total">{format!("{} {} {}", i18n.pick("共", "Total"), list.total, i18n.pick("条", "rows"))}</p>
        <div class="table-scroll">
            <table class="table">
                <thead><tr>
                    <th>"#"</th>
                    {list.columns.iter().map(|(zh, en)| view! { <th>{i18n.pick(zh, en).to_string()}</th> }).collect_view()}
                    <th>{i18n.t("操作", "Action")}</th>
                </tr></thead>
                <tbody>{list.rows.into_iter().map(|row| {
                    let id = row.id.clone();
                    let is_selected = { let id = id.clone(); move || selected.get().as_deref() == Some(id.as_str()) };
                    let href = link.as_ref().map(|l| l.replace("{id}", &row.id));
                    let choose = { let id = id.clone(); move |_| selected.set(Some(id.clone())) };
                    view! {
                        <tr class:selected=is_selected>
                            <td>{match href {
                                // Downloads (under /api/) must leave the client-side router.
                                Some(href) if href.starts_with("/api/") => view! { <a href=href rel="external" download>{row.id.clone()}</a> }.into_any(),
                                Some(href) => view! { <a href=href>{row.id.clone()}</a> }.into_any(),
                                None => view! { <span>{row.id.clone()}</span> }.into_any(),
                            }}</td>
                            {row.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            <td><button type="button" class="link" on:click=choose aria-label=format!("{} #{id}", i18n.pick("选择", "Select"))>{i18n.t("选择", "Select")}</button></td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=i18n.t("分页", "Pages")>
            <button type="button" disabled={current <= 1} on:click=move |_| query.update(|q| q.page = current - 1)>{i18n.t("上一页", "Previous")}</button>
            <span>{format!("{} {current} / {pages}", i18n.pick("第", "Page"))}</span>
            <button type="button" disabled={current >= pages} on:click=move |_| query.update(|q| q.page = current + 1)>{i18n.t("下一页", "Next")}</button>
        </nav>
    }
}
