//! 个人中心 (SPEC §8): one navigation over the candidate's own pages (my information, applications,
//! courses, exams and results, certificates, tickets) and the list of every SMS sent to me.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

use crate::accounts::forms::china_datetime;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::loaded::{load, loaded};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::signed_in;

/// The personal centre's pages, in the order of the seed's "我的" menu.
pub const CENTRE_PAGES: &[(&str, &str, &str)] = &[
    ("/account", "我的信息", "My information"),
    ("/applications", "我的申请", "My applications"),
    ("/training", "我的课程", "My courses"),
    ("/registration", "我的报名", "My registrations"),
    ("/exams", "我的考试", "My exams"),
    ("/certificates", "我的证书", "My certificates"),
    ("/tickets", "我的工单", "My tickets"),
    ("/me/notifications", "消息通知", "Notifications"),
];

/// The personal centre's menu, on top of each of its pages (wraps on a phone screen).
#[component]
pub fn CentreNav() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    view! {
        <nav class="subnav centre" aria-label=i18n.t("个人中心", "My centre")>
            {CENTRE_PAGES.iter().map(|(href, zh, en)| {
                let current = move || (location.pathname.get() == *href).then_some("page");
                view! { <a href=*href aria-current=current>{i18n.t(zh, en)}</a> }
            }).collect_view()}
        </nav>
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub body: String,
    pub sent_ms: i64,
}

/// Every text message sent to my current phone number, newest first (at most 200). Signed-in users.
#[server(prefix = "/api", endpoint = "me/notifications", input = GetUrl)]
pub async fn my_notifications() -> Result<Vec<Notification>, AppError> {
    let (state, user) = signed_in().await?;
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT body, created_ms FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 200")
            .bind(&user.phone)
            .fetch_all(&state.db)
            .await?;
    Ok(rows.into_iter().map(|(body, sent_ms)| Notification { body, sent_ms }).collect())
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Notification>, AppError>>);
    load(list, my_notifications());
    let show = move |items: Vec<Notification>| {
        if items.is_empty() {
            return view! { <p>{i18n.t("暂无消息。", "No messages.")}</p> }.into_any();
        }
        view! {
            <ol class="notifications">
                {items.into_iter().map(|n| view! {
                    <li><time>{china_datetime(n.sent_ms)}</time><p>{n.body}</p></li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("消息通知", "Notifications")}</h1>
                <p class="aside">{i18n.t("平台发送到您手机的全部短信。", "Every text message the platform sent to your phone.")}</p>
                {loaded(list, show)}
            </section>
        </RequireSignIn>
    }
}
