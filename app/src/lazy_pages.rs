//! Pages loaded on demand. Each page behind `lazy_page!` is split by `scripts/build-frontend` (the
//! Leptos 0.8 `#[lazy_route]` split points, cut by wasm-split) into its own WASM chunk, fetched when the
//! router first goes there; code several pages share lands in shared chunks. The shell, the home page,
//! the sign-in page and the exam's answering page stay in the main module: the first two are where most
//! visits start, and the answering page must start fast on a candidate's slow machine without waiting for
//! chunks (the first-load budget, bench/first-load: both pages load the main module only). A lazy page
//! has no route data of its own: its component loads what it needs as before, so splitting changes
//! nothing but when the code arrives.
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `lazy_page!(Route, path::to::Component)` defines the route type `Route` whose view is `Component`.
macro_rules! lazy_page {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_page! {
    Register => crate::accounts::pages::RegisterPage,
    Forgot => crate::accounts::pages::ForgotPage,
    Account => crate::accounts::pages::AccountPage,
    ChangePassword => crate::accounts::pages::ChangePasswordPage,
    Identity => crate::identity::pages::IdentityPage,
    Appeal => crate::appeals::pages::AppealPage,
    Applications => crate::applications::pages::ApplicationsPage,
    Application => crate::applications::pages::ApplicationPage,
    ReviewQueue => crate::applications::pages::ReviewQueuePage,
    Review => crate::applications::pages::ReviewPage,
    MyExams => crate::exams::pages::MyExamsPage,
    ExamConfirm => crate::exams::pages::ConfirmPage,
    WaitingRoom => crate::exams::pages::WaitingRoomPage,
    ExamResult => crate::exams::pages::ResultPage,
    ExamAdmin => crate::exams::pages::ExamAdminPage,
    MyCertificates => crate::exams::pages::MyCertificatesPage,
    VerifyCertificate => crate::exams::pages::VerifyPage,
    AdmissionCheck => crate::admission::pages::AdmissionCheckPage,
    Downloads => crate::portal::pages::DownloadsPage,
    Guides => crate::portal::pages::GuidesPage,
    AttemptReview => crate::exams::pages::AttemptReviewPage,
    IdentityReview => crate::identity::pages::IdentityReviewPage,
    AppealReview => crate::appeals::pages::AppealReviewPage,
    SupportLookUp => crate::support::pages::SupportLookUpPage,
    SupportOutbox => crate::support::pages::SupportOutboxPage,
    SupportAudit => crate::support::pages::SupportAuditPage,
    OrgRegister => crate::orgs::pages::OrgRegisterPage,
    OrgManage => crate::orgs::pages::OrgManagePage,
    MyAuthorizations => crate::orgs::pages::MyAuthorizationsPage,
    OrgStaff => crate::orgs::staff_pages::OrgStaffPage,
    UnitQueue => crate::units::pages::UnitQueuePage,
    UnitAdmin => crate::units::pages::UnitAdminPage,
    OrgAccount => crate::org_accounts::pages::OrgAccountPage,
    OrgRecover => crate::org_accounts::pages::OrgRecoverPage,
    OrgAppeal => crate::org_accounts::pages::OrgAppealPage,
    OrgSupport => crate::org_accounts::support_pages::OrgSupportPage,
    SsoAdmin => crate::sso::pages::SsoAdminPage,
    Training => crate::training::pages::TrainingPage,
    RegistrationHome => crate::registration::pages::RegistrationHomePage,
    Registration => crate::registration::pages::RegistrationPage,
    MyTickets => crate::tickets::pages::MyTicketsPage,
    Ticket => crate::tickets::pages::TicketPage,
    Notifications => crate::me::NotificationsPage,
    AdminDashboard => crate::admin::pages::AdminDashboardPage,
    AdminList => crate::admin::pages::AdminListPage,
    AdminConfig => crate::admin::pages::AdminConfigPage,
    AdminNotices => crate::notices::pages::AdminNoticesPage,
    AdminPolicies => crate::policies::pages::AdminPoliciesPage,
    PolicyText => crate::policies::pages::PolicyPage,
}
