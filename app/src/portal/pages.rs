//! `/downloads` (资料下载), `/guides` (办理指南) and the home page's QR code.
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::notices::api::guides;
use crate::notices::types::Notice;
use crate::training::api::public_downloads;
use crate::training::types::Material;
use crate::ui::loaded::{load, loaded};

/// 资料下载: blank templates and guides anyone may download.
#[component]
pub fn DownloadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Material>, AppError>>);
    load(list, public_downloads());
    let show = move |items: Vec<Material>| {
        if items.is_empty() {
            return view! { <p class="aside">{i18n.t("暂无可下载的资料。", "Nothing to download yet.")}</p> }
                .into_any();
        }
        view! {
            <ul class="files" aria-label=i18n.t("资料列表", "Files")>
                {items.into_iter().map(|m| view! {
                    <li><a href=format!("/api/downloads/{}", m.id) download>{m.title}</a>
                        " "<span class="aside">{format!("{:.1} KB", m.size_bytes as f64 / 1024.0)}</span></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h1>{i18n.t("资料下载", "Downloads")}</h1>
            <p class="hint">{i18n.t("申请与报名所需的空白模板和说明材料，无需登录即可下载。", "Blank templates and guides for applying and registering; no sign-in needed.")}</p>
            {loaded(list, show)}
        </section>
    }
}

/// 办理指南: each help page in full.
#[component]
pub fn GuidesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Notice>, AppError>>);
    load(list, guides());
    let show = move |items: Vec<Notice>| {
        if items.is_empty() {
            return view! { <p class="aside">{i18n.t("暂无办理指南。", "No guides yet.")}</p> }.into_any();
        }
        items
            .into_iter()
            .map(|g| {
                view! {
                    <article class="guide" aria-label=g.title.clone()>
                        <h2>{g.title.clone()}</h2>
                        {g.body.lines().map(|line| view! { <p>{line.to_string()}</p> }).collect_view()}
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card">
            <h1>{i18n.t("办理指南", "Guides")}</h1>
            {loaded(list, show)}
        </section>
    }
}

/// The site's address as a QR code, to open it on a phone.
#[component]
pub fn SiteQr() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="site-qr">
            <img src="/site-qr.svg" width="120" height="120" alt=i18n.t("本站网址二维码", "QR code of this site's address")/>
            <figcaption class="aside">{i18n.t("手机扫码访问", "Scan to open on a phone")}</figcaption>
        </figure>
    }
}
