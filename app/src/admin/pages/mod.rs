//! Console pages: the navigation, the dashboard with its SVG charts, the configuration, and the one list
//! page every list kind shares (`list.rs`) with the actions of its kind (`actions.rs`).
pub(crate) mod actions;
mod list;

pub use list::AdminListPage;

use leptos::prelude::*;

use crate::admin::api::{admin_dashboard, admin_settings};
use crate::admin::types::{Count, Dashboard, SettingLine, LIST_PAGES};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::loaded::{load, loaded};

#[component]
pub fn AdminNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="subnav admin" aria-label=i18n.t("管理控制台", "Admin console")>
            <a href="/admin">{i18n.t("概览", "Overview")}</a>
            {LIST_PAGES.iter().map(|(kind, zh, en)| view! { <a href=format!("/admin/list/{kind}")>{i18n.t(zh, en)}</a> }).collect_view()}
            <a href="/admin/config">{i18n.t("系统配置", "Configuration")}</a>
            <a href="/admin/notices">{i18n.t("通知公告", "Notices")}</a>
            <a href="/admin/units">{i18n.t("归口单位", "Supervising units")}</a>
            <a href="/admin/sso">{i18n.t("单点登录", "Single sign-on")}</a>
            <a href="/admin/policies">{i18n.t("协议与隐私政策", "Agreement and privacy")}</a>
        </nav>
    }
}

#[component]
pub fn AdminDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<Result<Dashboard, AppError>>);
    load(data, admin_dashboard());
    let show = move |d: Dashboard| {
        let tiles = [
            (("注册用户", "Registered users"), d.registrations, "/admin/list/users"),
            (("待审核实名认证", "Identity checks pending"), d.pending_identity, "/support/identity"),
            (("今日考试", "Exams today"), d.exams_today, "/admin/list/exams"),
            (("待处理工单", "Open tickets"), d.open_tickets, "/admin/list/tickets"),
        ];
        view! {
            <div class="tiles">
                {tiles.into_iter().map(|((zh, en), value, href)| view! {
                    <a class="tile" href=href><span class="tile-value">{value}</span><span class="tile-label">{i18n.t(zh, en)}</span></a>
                }).collect_view()}
            </div>
            <BarChart title=("各阶段专家申请", "Applications per stage") bars=d.applications_per_stage/>
            <BarChart title=("正式考试成绩分布（得分率 %）", "Formal exam scores (% of maximum)") bars=d.score_bands/>
        }
    };
    view! {
        <RequireSignIn>
            <AdminNav/>
            <section class="card">
                <h1>{i18n.t("管理控制台", "Admin console")}</h1>
                {loaded(data, show)}
            </section>
        </RequireSignIn>
    }
}

/// A vertical bar chart in SVG, with the numbers as text too (and a table for screen readers).
#[component]
fn BarChart(title: (&'static str, &'static str), bars: Vec<Count>) -> impl IntoView {
    let i18n = use_i18n();
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let width = 60 * bars.len().max(1);
    let height = 180.0;
    let chart_height = 130.0;
    let summary = bars
        .iter()
        .map(|b| format!("{} {}", i18n.pick(&b.label.zh, &b.label.en), b.value))
        .collect::<Vec<_>>()
        .join(i18n.pick("，", ", "));
    view! {
        <figure class="chart">
            <figcaption>{i18n.t(title.0, title.1)}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=format!("{}{}{summary}", i18n.pick(title.0, title.1), i18n.pick("：", ": "))>
                {bars.iter().enumerate().map(|(i, bar)| {
                    let h = bar.value as f64 / max * chart_height;
                    let x = i as f64 * 60.0 + 10.0;
                    let y = 20.0 + chart_height - h;
                    view! {
                        <g>
                            <rect x=x y=y width="40" height=h class="bar"></rect>
                            <text x={x + 20.0} y={y - 4.0} text-anchor="middle" class="bar-value">{bar.value}</text>
                            <text x={x + 20.0} y={height - 12.0} text-anchor="middle" class="bar-label">{let label = bar.label.clone(); move || i18n.pick(&label.zh, &label.en).to_string()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

#[component]
pub fn AdminConfigPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<Result<Vec<SettingLine>, AppError>>);
    load(data, admin_settings());
    let show = move |lines: Vec<SettingLine>| {
        view! {
            <table class="table">
                <thead><tr><th>{i18n.t("配置项", "Setting")}</th><th>{i18n.t("当前值", "Value")}</th></tr></thead>
                <tbody>{lines.into_iter().map(|l| view! { <tr><td><code>{l.key}</code></td><td>{l.value}</td></tr> }).collect_view()}</tbody>
            </table>
        }
    };
    view! {
        <RequireSignIn>
            <AdminNav/>
            <section class="card">
                <h1>{i18n.t("系统配置", "Configuration")}</h1>
                <p class="aside">{i18n.t(
                    "以下为当前生效的配置。修改请编辑 zhuanjia.toml 或设置 ZJ_ 开头的环境变量（见 config/zhuanjia.example.toml），然后重启服务。",
                    "The configuration in effect. Change it in zhuanjia.toml or with ZJ_ variables (see config/zhuanjia.example.toml), then restart.",
                )}</p>
                {loaded(data, show)}
            </section>
        </RequireSignIn>
    }
}

/// Query-string encoding for links and upload addresses (search text and titles may hold any character).
pub fn query_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
