//! The application shell: router, header with the language switch and the signed-in user, and the
//! contexts every page reads (who is signed in, which password profile applies).
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use leptos_router::Lazy;

use crate::accounts::api::{current_user, rule_settings, sign_out};
use crate::accounts::pages::SignInPage;
use crate::accounts::types::Me;
use crate::exams::pages::AnsweringPage;
use crate::i18n::{provide_i18n, use_i18n, Lang};
use crate::lazy_pages;
use crate::rules::PasswordProfile;

/// Who is signed in, as far as the browser knows (`loaded` once the server has answered).
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub me: RwSignal<Option<Me>>,
    pub loaded: RwSignal<bool>,
}

/// Rule settings from the server, so live checks match what the server will decide.
#[derive(Clone, Copy)]
pub struct PublicRules {
    pub profile: RwSignal<PasswordProfile>,
    pub dev_mode: RwSignal<bool>,
    pub hotline: RwSignal<String>,
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

pub fn use_public_rules() -> PublicRules {
    expect_context::<PublicRules>()
}

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let session = SessionContext { me: RwSignal::new(None), loaded: RwSignal::new(false) };
    let rules = PublicRules {
        profile: RwSignal::new(PasswordProfile::Default),
        dev_mode: RwSignal::new(false),
        hotline: RwSignal::new(String::new()),
    };
    provide_context(session);
    provide_context(rules);
    leptos::task::spawn_local(async move {
        if let Ok(config) = rule_settings().await {
            rules.profile.set(PasswordProfile::parse(&config.password_profile).unwrap_or(PasswordProfile::Default));
            rules.dev_mode.set(config.dev_mode);
            rules.hotline.set(config.hotline);
        }
    });
    leptos::task::spawn_local(async move {
        if let Ok(current) = current_user().await {
            session.me.set(current);
        }
        session.loaded.set(true);
    });

    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/register") view={Lazy::<lazy_pages::Register>::new()}/>
                    <Route path=path!("/login") view=SignInPage/>
                    <Route path=path!("/forgot") view={Lazy::<lazy_pages::Forgot>::new()}/>
                    <Route path=path!("/account") view={Lazy::<lazy_pages::Account>::new()}/>
                    <Route path=path!("/account/password") view={Lazy::<lazy_pages::ChangePassword>::new()}/>
                    <Route path=path!("/identity") view={Lazy::<lazy_pages::Identity>::new()}/>
                    <Route path=path!("/recover/appeal") view={Lazy::<lazy_pages::Appeal>::new()}/>
                    <Route path=path!("/applications") view={Lazy::<lazy_pages::Applications>::new()}/>
                    <Route path=path!("/applications/:id") view={Lazy::<lazy_pages::Application>::new()}/>
                    <Route path=path!("/review") view={Lazy::<lazy_pages::ReviewQueue>::new()}/>
                    <Route path=path!("/review/:id") view={Lazy::<lazy_pages::Review>::new()}/>
                    <Route path=path!("/exams") view={Lazy::<lazy_pages::MyExams>::new()}/>
                    <Route path=path!("/exams/:id/confirm") view={Lazy::<lazy_pages::ExamConfirm>::new()}/>
                    <Route path=path!("/exams/:id/wait") view={Lazy::<lazy_pages::WaitingRoom>::new()}/>
                    <Route path=path!("/attempts/:id") view=AnsweringPage/>
                    <Route path=path!("/attempts/:id/result") view={Lazy::<lazy_pages::ExamResult>::new()}/>
                    <Route path=path!("/exam-admin") view={Lazy::<lazy_pages::ExamAdmin>::new()}/>
                    <Route path=path!("/certificates") view={Lazy::<lazy_pages::MyCertificates>::new()}/>
                    <Route path=path!("/verify/:serial") view={Lazy::<lazy_pages::VerifyCertificate>::new()}/>
                    <Route path=path!("/admission/:ticket_no") view={Lazy::<lazy_pages::AdmissionCheck>::new()}/>
                    <Route path=path!("/exam-admin/attempts/:id") view={Lazy::<lazy_pages::AttemptReview>::new()}/>
                    <Route path=path!("/support/identity") view={Lazy::<lazy_pages::IdentityReview>::new()}/>
                    <Route path=path!("/support/appeals") view={Lazy::<lazy_pages::AppealReview>::new()}/>
                    <Route path=path!("/support") view={Lazy::<lazy_pages::SupportLookUp>::new()}/>
                    <Route path=path!("/support/outbox") view={Lazy::<lazy_pages::SupportOutbox>::new()}/>
                    <Route path=path!("/support/audit") view={Lazy::<lazy_pages::SupportAudit>::new()}/>
                    <Route path=path!("/orgs/register") view={Lazy::<lazy_pages::OrgRegister>::new()}/>
                    <Route path=path!("/orgs/manage") view={Lazy::<lazy_pages::OrgManage>::new()}/>
                    <Route path=path!("/orgs/:id/staff") view={Lazy::<lazy_pages::OrgStaff>::new()}/>
                    <Route path=path!("/units/queue") view={Lazy::<lazy_pages::UnitQueue>::new()}/>
                    <Route path=path!("/admin/units") view={Lazy::<lazy_pages::UnitAdmin>::new()}/>
                    <Route path=path!("/org-account") view={Lazy::<lazy_pages::OrgAccount>::new()}/>
                    <Route path=path!("/org-recover") view={Lazy::<lazy_pages::OrgRecover>::new()}/>
                    <Route path=path!("/org-appeal") view={Lazy::<lazy_pages::OrgAppeal>::new()}/>
                    <Route path=path!("/support/orgs") view={Lazy::<lazy_pages::OrgSupport>::new()}/>
                    <Route path=path!("/admin/sso") view={Lazy::<lazy_pages::SsoAdmin>::new()}/>
                    <Route path=path!("/orgs/mine") view={Lazy::<lazy_pages::MyAuthorizations>::new()}/>
                    <Route path=path!("/training") view={Lazy::<lazy_pages::Training>::new()}/>
                    <Route path=path!("/registration") view={Lazy::<lazy_pages::RegistrationHome>::new()}/>
                    <Route path=path!("/registration/:id") view={Lazy::<lazy_pages::Registration>::new()}/>
                    <Route path=path!("/tickets") view={Lazy::<lazy_pages::MyTickets>::new()}/>
                    <Route path=path!("/tickets/:id") view={Lazy::<lazy_pages::Ticket>::new()}/>
                    <Route path=path!("/me/notifications") view={Lazy::<lazy_pages::Notifications>::new()}/>
                    <Route path=path!("/admin") view={Lazy::<lazy_pages::AdminDashboard>::new()}/>
                    <Route path=path!("/admin/list/:kind") view={Lazy::<lazy_pages::AdminList>::new()}/>
                    <Route path=path!("/admin/config") view={Lazy::<lazy_pages::AdminConfig>::new()}/>
                    <Route path=path!("/admin/notices") view={Lazy::<lazy_pages::AdminNotices>::new()}/>
                    <Route path=path!("/admin/policies") view={Lazy::<lazy_pages::AdminPolicies>::new()}/>
                    <Route path=path!("/policies/:kind") view={Lazy::<lazy_pages::PolicyText>::new()}/>
                    <Route path=path!("/downloads") view={Lazy::<lazy_pages::Downloads>::new()}/>
                    <Route path=path!("/guides") view={Lazy::<lazy_pages::Guides>::new()}/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let on_sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let _ = sign_out().await;
            session.me.set(None);
            navigate("/login", Default::default());
        });
    };
    let lang_button = move |lang: Lang, label: &'static str| {
        view! {
            <button type="button" class="lang" aria-pressed=move || (i18n.lang.get() == lang).to_string() on:click=move |_| i18n.set(lang)>
                {label}
            </button>
        }
    };
    // The answering page shows only the exam: nothing there leads away from it.
    let location = leptos_router::hooks::use_location();
    let answering = move || location.pathname.with(|p| crate::exams::types::is_answering_path(p));
    view! {
        <header class="header" hidden=answering>
            <a class="skip" href="#main">{i18n.t("跳到正文", "Skip to content")}</a>
            <a class="brand" href="/">{i18n.t("专家服务平台", "Zhuanjia Expert Platform")}</a>
            <nav aria-label=i18n.t("主导航", "Main")>
                {move || match session.me.get() {
                    Some(me) if me.org_account.is_some() => view! {
                        <a href="/org-account">{i18n.t("单位用户中心", "Organization centre")}</a>
                        <a href="/orgs/manage">{i18n.t("单位管理", "Manage the organization")}</a>
                        <span class="who">{me.real_name.clone()}</span>
                        <button type="button" class="link" on:click=on_sign_out.clone()>{i18n.t("退出", "Sign out")}</button>
                    }.into_any(),
                    Some(me) => view! {
                        {me.roles.iter().any(|r| r == "support" || r == "system_admin").then(|| view! {
                            <a href="/support">{i18n.t("客服工作台", "Support console")}</a>
                            <a href="/support/identity">{i18n.t("认证审核", "Identity review")}</a>
                            <a href="/support/appeals">{i18n.t("申诉审核", "Appeals")}</a>
                            <a href="/support/orgs">{i18n.t("单位审核", "Organizations")}</a>
                        })}
                        {me.roles.iter().any(|r| crate::admin::types::CONSOLE_ROLES.contains(&r.as_str())).then(|| view! {
                            <a href="/admin">{i18n.t("管理控制台", "Admin console")}</a>
                        })}
                        {me.roles.iter().any(|r| r == "reviewer").then(|| view! {
                            <a href="/review">{i18n.t("专家申请审核", "Application review")}</a>
                        })}
                        {me.approves_units.then(|| view! {
                            <a href="/units/queue">{i18n.t("归口审核", "Unit approvals")}</a>
                        })}
                        {me.roles.iter().any(|r| r == "exam_admin" || r == "system_admin").then(|| view! {
                            <a href="/exam-admin">{i18n.t("考务管理", "Exam office")}</a>
                        })}
                        <a href="/identity">{i18n.t("实名认证", "Verify identity")}</a>
                        <a href="/training">{i18n.t("培训", "Training")}</a>
                        <a href="/registration">{i18n.t("考试报名", "Exam registration")}</a>
                        <a href="/account">{i18n.t("个人中心", "My centre")}</a>
                        <a href="/orgs/manage">{i18n.t("单位", "Organization")}</a>
                        <span class="who">{me.username.clone()}</span>
                        <button type="button" class="link" on:click=on_sign_out.clone()>{i18n.t("退出", "Sign out")}</button>
                    }.into_any(),
                    None => view! {
                        <a href="/login">{i18n.t("登录", "Sign in")}</a>
                        <a href="/register">{i18n.t("注册", "Register")}</a>
                    }.into_any(),
                }}
            </nav>
            <div class="langs" role="group" aria-label="语言 / Language">
                {lang_button(Lang::Zh, "中文")}
                {lang_button(Lang::En, "English")}
            </div>
        </header>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let answering = move || location.pathname.with(|p| crate::exams::types::is_answering_path(p));
    view! {
        <footer class="footer" hidden=answering>
            {i18n.t("专家服务平台 · 演示版", "Zhuanjia expert platform · demo")}
            <Hotline/>
        </footer>
    }
}

/// " · 客服热线：400-…" once the configuration is loaded (and one is set).
#[component]
pub fn Hotline() -> impl IntoView {
    let i18n = use_i18n();
    let hotline = use_public_rules().hotline;
    move || {
        let number = hotline.get();
        (!number.is_empty()).then(|| view! { " · "{i18n.t("客服热线：", "Support hotline: ")}<a href=format!("tel:{number}")>{number.clone()}</a> })
    }
}

/// Shows its children only to a signed-in user; otherwise a link to sign in.
#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Only a change between signed in and out re-renders the page: a new `Me` after an edit must not
    // throw away the forms (and their success messages).
    let signed_in = Memo::new(move |_| session.me.with(Option::is_some));
    let location = leptos_router::hooks::use_location();
    move || {
        if !session.loaded.get() {
            view! { <p class="loading" role="status">{i18n.t("加载中…", "Loading…")}</p> }.into_any()
        } else if signed_in.get() {
            children().into_any()
        } else {
            view! {
                <section class="card narrow">
                    <p>{i18n.t("请先登录。", "Please sign in first.")}</p>
                    <a class="button primary" href=move || sign_in_link(&location.pathname.get(), &location.search.get())>{i18n.t("登录", "Sign in")}</a>
                </section>
            }
            .into_any()
        }
    }
}

/// The sign-in page, coming back here afterwards.
fn sign_in_link(path: &str, search: &str) -> String {
    let here = if search.is_empty() { path.to_string() } else { format!("{path}?{}", search.trim_start_matches('?')) };
    format!("/login?next={}", leptos_router::location::Url::escape(&here))
}

#[component]
fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="hero">
            <h1>{i18n.t("专家服务平台", "Zhuanjia Expert Platform")}</h1>
            <p class="lead">{i18n.t(
                "专家与考生在此注册、实名认证、申请入库，并参加在线资格考试、获取证书。",
                "Experts and candidates register, verify their identity, apply to the expert pool, and take the online qualification exam for a certificate.",
            )}</p>
            <p>
                <a class="button primary" href="/register">{i18n.t("个人用户注册", "Create an account")}</a>
                " "
                <a class="button" href="/login">{i18n.t("登录", "Sign in")}</a>
            </p>
        </section>
        <nav class="entries" aria-label=i18n.t("办事入口", "Services")>
            {HOME_ENTRIES.iter().map(|(href, zh, en, hint_zh, hint_en)| view! {
                <a class="entry" href=*href><strong>{i18n.t(zh, en)}</strong><span>{i18n.t(hint_zh, hint_en)}</span></a>
            }).collect_view()}
        </nav>
        <crate::notices::pages::NoticeBoard/>
        <crate::portal::pages::SiteQr/>
    }
}

/// The home page's entries: (address, name, what it is for).
const HOME_ENTRIES: &[(&str, &str, &str, &str, &str)] = &[
    ("/applications", "待办事项", "My tasks", "专家申请与续聘", "Apply to the expert pool or renew"),
    ("/exams", "考试", "Exams", "考前确认与在线考试", "Confirm and sit your exams"),
    ("/registration", "报名", "Registration", "资格考试报名与缴费", "Register and pay for an exam"),
    ("/training", "培训", "Training", "培训课程与资料", "Courses and materials"),
    ("/certificates", "证书", "Certificates", "我的证书与查验", "My certificates"),
    ("/tickets", "意见反馈", "Feedback", "提交工单，客服答复", "Open a ticket; support answers"),
    ("/downloads", "资料下载", "Downloads", "空白模板与说明材料", "Blank templates and guides"),
    ("/guides", "办理指南", "Guides", "申请与考试的办理步骤", "How to apply and sit the exam"),
];

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card narrow">
            <h1>{i18n.t("页面不存在", "Page not found")}</h1>
            <p class="aside">{i18n.t("如需帮助请联系客服", "For help, contact support")}<Hotline/></p>
            <a href="/">{i18n.t("返回首页", "Back to the home page")}</a>
        </section>
    }
}
