//! Every server function with harmless arguments and who may call it, and the people who call them:
//! shared by the authorization matrix (`authorization.rs`) and the API property tests
//! (`api_properties.rs`). Adding a server function means adding its entry here.
#![allow(dead_code)]

use app::accounts::ssr::demo;
use app::orgs::ssr::register;
use app::orgs::types::OrgRegisterInput;
use serde_json::{json, Value};

use crate::common::{self, TestDb};

#[derive(Clone, Copy, Debug)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in person.
    SignedIn,
    /// Only these roles.
    Roles(&'static [&'static str]),
    /// The admin of the organization named in the arguments.
    OrgAdmin,
}
pub use Access::*;

pub const OPERATOR: &[&str] = &["system_admin"];
pub const SUPPORT: &[&str] = &["support", "system_admin"];
pub const EXAM_OFFICE: &[&str] = &["exam_admin", "system_admin"];
pub const CONSOLE: &[&str] = &["system_admin", "support", "exam_admin"];
pub const REVIEWER: &[&str] = &["reviewer"];

/// (user name, password) to sign in with; `None` is anonymous.
pub type Account = Option<(&'static str, &'static str)>;

/// (persona, account, role).
pub const PERSONAS: &[(&str, Account, &str)] = &[
    ("anonymous", None, ""),
    ("candidate", Some(("demo_candidate", "Candidate#2026")), "candidate"),
    ("another candidate", Some(("other_person", "Passw0rd#2026")), "candidate"),
    ("org admin", Some(("org_boss", "Passw0rd#2026")), "org_admin"),
    ("reviewer", Some(("demo_reviewer2", "Reviewer#2026")), "reviewer"),
    ("support", Some(("demo_support", "Support#2026")), "support"),
    ("exam admin", Some(("demo_examiner", "Examiner#2026")), "exam_admin"),
    ("system admin", Some(("demo_admin", "Admin#2026x")), "system_admin"),
];

/// Every server function: (path with its query for GET, JSON body for POST, who may call it).
pub type Entry = (&'static str, String, Option<Value>, Access);

pub fn matrix(org: i64) -> Vec<Entry> {
    let get = |path: &'static str, query: &str| (path, format!("{path}{query}"), None, Public);
    let post = |path: &'static str, body: Value| (path, path.to_string(), Some(body), Public);
    let with = |(path, url, body, _): Entry, access| (path, url, body, access);
    let id0 = json!({"id": 0});
    let attempt0 = json!({"attempt_id": 0});
    let exam0 = json!({"exam_id": 0});
    vec![
        with(get("/api/config", ""), Public),
        with(post("/api/auth/send-code", json!({"phone": "", "purpose": "Register"})), Public),
        with(post("/api/auth/register", json!({"input": app::accounts::types::RegisterInput::default()})), Public),
        with(
            post("/api/auth/sign-in", json!({"input": {"identifier": "nobody", "password": "x", "captcha": null}})),
            Public,
        ),
        with(post("/api/auth/sign-in-sms", json!({"phone": "", "code": ""})), Public),
        with(post("/api/auth/captcha", json!({})), Public),
        with(get("/api/auth/me", ""), Public),
        with(post("/api/auth/recover-username", json!({"phone": "", "code": ""})), Public),
        with(post("/api/auth/find-legacy-account", json!({"login_name": "nobody"})), Public),
        with(post("/api/auth/security-question", json!({"identifier": "nobody"})), Public),
        with(
            post(
                "/api/auth/reset-password-sms",
                json!({"phone": "", "code": "", "password": "", "password_again": ""}),
            ),
            Public,
        ),
        with(
            post(
                "/api/auth/reset-password-question",
                json!({"identifier": "nobody", "answer": "", "password": "", "password_again": ""}),
            ),
            Public,
        ),
        with(post("/api/appeals/start", json!({"input": app::appeals::types::AppealInput::default()})), Public),
        with(post("/api/appeals/submit", json!({})), Public),
        with(get("/api/certificates/verify", "?serial=nothing"), Public),
        with(get("/api/admission/check", "?ticket_no=nothing"), Public),
        with(get("/api/downloads", ""), Public),
        with(get("/api/guides", ""), Public),
        with(get("/api/admission/mine", ""), SignedIn),
        with(
            post("/api/admin/admission/link-exam", json!({"window_id": 0, "subject_code": "", "exam_id": 0})),
            Roles(EXAM_OFFICE),
        ),
        with(
            post("/api/admin/admission/print-window", json!({"input": {"window_id": 0, "from_ms": 0, "until_ms": 0}})),
            Roles(EXAM_OFFICE),
        ),
        with(
            post("/api/account/change-password", json!({"current_password": "", "password": "", "password_again": ""})),
            SignedIn,
        ),
        with(post("/api/account/change-phone", json!({"phone": "", "code": ""})), SignedIn),
        with(
            post("/api/admin/list", json!({"query": {"kind": "users", "search": "", "filter": "", "page": 1}})),
            Roles(SUPPORT),
        ),
        with(get("/api/admin/dashboard", ""), Roles(CONSOLE)),
        with(get("/api/admin/settings", ""), Roles(OPERATOR)),
        with(get("/api/notices", ""), Public),
        with(get("/api/policies", "?kind=terms"), Public),
        with(post("/api/admin/publish-policy", json!({"kind": "terms", "body": ""})), Roles(OPERATOR)),
        with(get("/api/admin/notices", ""), Roles(OPERATOR)),
        with(
            post("/api/admin/create-notice", json!({"input": app::notices::types::NoticeInput::default()})),
            Roles(OPERATOR),
        ),
        with(post("/api/admin/delete-notice", json!({"id": 0})), Roles(OPERATOR)),
        with(post("/api/admin/users/roles", json!({"user_id": 0, "roles": []})), Roles(OPERATOR)),
        with(post("/api/admin/users/region", json!({"user_id": 0, "region_code": ""})), Roles(SUPPORT)),
        with(post("/api/admin/users/unlock-training", json!({"user_id": 0})), Roles(SUPPORT)),
        with(post("/api/admin/units/add", json!({"name": ""})), Roles(OPERATOR)),
        with(post("/api/admin/unit-requests/decide", json!({"request_id": 0, "add": false})), Roles(SUPPORT)),
        with(
            post(
                "/api/admin/reviewers/add",
                json!({"username": "", "stage": 0, "region_prefix": "", "specialty_prefix": ""}),
            ),
            Roles(OPERATOR),
        ),
        with(get("/api/support/appeals", ""), Roles(SUPPORT)),
        with(
            post("/api/support/decide-appeal", json!({"appeal_id": 0, "approve": false, "reason": ""})),
            Roles(SUPPORT),
        ),
        with(get("/api/applications/windows", ""), SignedIn),
        with(post("/api/applications/start", json!({"window_id": 0})), SignedIn),
        with(get("/api/applications/get", "?id=0"), SignedIn),
        with(
            post(
                "/api/applications/save-basic",
                json!({"id": 0, "input": app::applications::types::BasicInput::default()}),
            ),
            SignedIn,
        ),
        with(
            post(
                "/api/applications/save-qualifications",
                json!({"id": 0, "input": app::applications::types::QualificationsInput::default()}),
            ),
            SignedIn,
        ),
        with(
            post(
                "/api/applications/save-specialties",
                json!({"id": 0, "input": app::applications::types::SpecialtiesInput::default()}),
            ),
            SignedIn,
        ),
        with(get("/api/applications/legacy-specialties", ""), SignedIn),
        with(post("/api/applications/print", id0.clone()), SignedIn),
        with(post("/api/applications/remove-attachment", json!({"id": 0, "attachment_id": 0})), SignedIn),
        with(post("/api/applications/submit", id0.clone()), SignedIn),
        with(get("/api/reference/regions", ""), SignedIn),
        with(get("/api/reference/units", "?query=x"), SignedIn),
        with(post("/api/reference/request-unit", json!({"name": "", "note": ""})), SignedIn),
        with(get("/api/reference/specialties", ""), SignedIn),
        with(get("/api/review/queue", ""), Roles(REVIEWER)),
        with(get("/api/review/application", "?id=0"), Roles(REVIEWER)),
        with(
            post(
                "/api/review/decide",
                json!({"input": {"application_id": 0, "stage": 1, "decisions": [], "reopen": [], "comment": ""}}),
            ),
            Roles(REVIEWER),
        ),
        with(
            post(
                "/api/admin/windows/create",
                json!({"input": {"kind": "New", "title": "", "opens_ms": 0, "closes_ms": 0}}),
            ),
            Roles(OPERATOR),
        ),
        with(post("/api/admin/windows/close", json!({"window_id": 0})), Roles(OPERATOR)),
        with(get("/api/exam-admin/approved-applicants", ""), Roles(EXAM_OFFICE)),
        with(get("/api/exams/mine", ""), SignedIn),
        with(get("/api/exams/confirmation", "?exam_id=0"), SignedIn),
        with(post("/api/exams/confirm-step", json!({"exam_id": 0, "step": ""})), SignedIn),
        with(post("/api/exams/leave-waiting-room", exam0.clone()), SignedIn),
        with(post("/api/exams/request-face-review", exam0.clone()), SignedIn),
        with(post("/api/exams/begin", exam0), SignedIn),
        with(get("/api/exams/paper", "?attempt_id=0"), SignedIn),
        with(get("/api/exams/clock", "?attempt_id=0"), SignedIn),
        with(
            post("/api/exams/save", json!({"attempt_id": 0, "position": 0, "answer": {"Text": ""}, "revision": 0})),
            SignedIn,
        ),
        with(post("/api/exams/save-batch", json!({"attempt_id": 0, "answers": []})), SignedIn),
        with(post("/api/exams/position", json!({"attempt_id": 0, "position": 0})), SignedIn),
        with(post("/api/exams/switch", json!({"attempt_id": 0, "what": "", "seq": 0, "at_ms": 0})), SignedIn),
        with(post("/api/exams/offline", json!({"attempt_id": 0, "seconds": 0})), SignedIn),
        with(post("/api/exams/camera-off", attempt0.clone()), SignedIn),
        with(post("/api/exams/hand-in", attempt0), SignedIn),
        with(get("/api/exams/result", "?attempt_id=0"), SignedIn),
        with(post("/api/exams/complain", json!({"attempt_id": 0, "body": ""})), SignedIn),
        with(get("/api/certificates/mine", ""), SignedIn),
        with(
            post(
                "/api/exam-admin/create-exam",
                json!({"settings": {"title": "", "kind": "mock", "start_ms": 0, "duration_min": 0, "single_count": 0, "multiple_count": 0, "fill_count": 0, "single_points": 0, "multiple_points": 0, "fill_points": 0, "pass_mark": 0, "max_attempts": 0, "waiting_room_min": 0, "late_entry_min": 0, "switch_limit": 0, "verify_limit": 0, "proctoring": false, "show_result": false, "candidates": []}}),
            ),
            Roles(EXAM_OFFICE),
        ),
        with(get("/api/exam-admin/complaints", ""), Roles(EXAM_OFFICE)),
        with(post("/api/exam-admin/answer-complaint", json!({"complaint_id": 0, "answer": ""})), Roles(EXAM_OFFICE)),
        with(get("/api/exam-admin/pending-reviews", ""), Roles(EXAM_OFFICE)),
        with(get("/api/exam-admin/attempt", "?attempt_id=0"), Roles(EXAM_OFFICE)),
        with(get("/api/exam-admin/find-attempts", "?query="), Roles(EXAM_OFFICE)),
        with(post("/api/exam-admin/overturn-pass", json!({"attempt_id": 0, "reason": ""})), Roles(EXAM_OFFICE)),
        with(get("/api/exam-admin/results", ""), Roles(EXAM_OFFICE)),
        with(post("/api/exam-admin/publish-results", json!({"exam_id": 0, "at_ms": 0})), Roles(EXAM_OFFICE)),
        with(
            post("/api/exam-admin/decide-review", json!({"attempt_id": 0, "overturn": false, "note": ""})),
            Roles(EXAM_OFFICE),
        ),
        with(get("/api/exam-admin/face-checks", ""), Roles(EXAM_OFFICE)),
        with(
            post("/api/exam-admin/decide-face-check", json!({"check_id": 0, "same_person": false})),
            Roles(EXAM_OFFICE),
        ),
        with(get("/api/identity/status", ""), SignedIn),
        with(post("/api/identity/face-consent", json!({})), SignedIn),
        with(post("/api/identity/submit", json!({"id_front": 0, "id_back": 0, "face": 0})), SignedIn),
        with(get("/api/support/identity/queue", ""), Roles(SUPPORT)),
        with(
            post("/api/support/identity/decide", json!({"submission_id": 0, "approve": false, "reason": ""})),
            Roles(SUPPORT),
        ),
        with(get("/api/me/notifications", ""), SignedIn),
        with(post("/api/orgs/register", json!({"input": OrgRegisterInput::default()})), SignedIn),
        with(get("/api/orgs/mine", ""), SignedIn),
        with(get("/api/orgs/my-authorizations", ""), SignedIn),
        with(post("/api/orgs/find-person", json!({"org_id": org, "real_name": "", "id_number": ""})), OrgAdmin),
        with(post("/api/orgs/grant", json!({"org_id": org, "user_id": 0, "roles": []})), OrgAdmin),
        with(post("/api/orgs/revoke", json!({"org_id": org, "user_id": 0, "roles": []})), OrgAdmin),
        with(post("/api/orgs/grants", json!({"org_id": org})), OrgAdmin),
        // Also the organization's 培训管理员 (server/tests/org_staff.rs): no persona here holds that grant.
        with(get("/api/orgs/staff-certificates", &format!("?org_id={org}")), OrgAdmin),
        with(
            post(
                "/api/org-account/open",
                json!({"input": app::org_accounts::types::OrgCredentialsInput { org_id: org, ..Default::default() }}),
            ),
            OrgAdmin,
        ),
        with(
            post(
                "/api/org-account/sign-in",
                json!({"input": {"identifier": "nobody", "password": "x", "captcha": null}}),
            ),
            Public,
        ),
        with(get("/api/org-account/me", ""), Public),
        // Only an organization signed in with its own account: no person may.
        with(
            post("/api/org-account/password", json!({"current": "", "password": "", "password_again": ""})),
            Roles(&[]),
        ),
        with(post("/api/org-account/submit-verification", json!({"org_id": org})), OrgAdmin),
        with(get("/api/support/org-verifications", ""), Roles(SUPPORT)),
        with(
            post("/api/support/decide-org-verification", json!({"org_id": 0, "approve": true, "reason": ""})),
            Roles(SUPPORT),
        ),
        with(post("/api/org-recovery/send-code", json!({"full_name": "", "uscc": ""})), Public),
        with(post("/api/org-recovery/login-name", json!({"full_name": "", "uscc": "", "code": ""})), Public),
        with(
            post(
                "/api/org-recovery/start-appeal",
                json!({"input": {"full_name": "", "uscc": "", "phone": "", "code": ""}}),
            ),
            Public,
        ),
        with(post("/api/org-recovery/submit-appeal", json!({})), Public),
        with(get("/api/support/org-appeals", ""), Roles(SUPPORT)),
        with(
            post("/api/support/decide-org-appeal", json!({"appeal_id": 0, "approve": true, "reason": ""})),
            Roles(SUPPORT),
        ),
        with(get("/api/sso/choices", ""), Public),
        with(get("/api/sso/providers", ""), Roles(OPERATOR)),
        with(
            post("/api/sso/save-provider", json!({"input": app::sso::types::SsoProviderInput::default()})),
            Roles(OPERATOR),
        ),
        with(get("/api/units/all", ""), Roles(OPERATOR)),
        with(post("/api/units/create", json!({"input": app::units::types::UnitInput::default()})), Roles(OPERATOR)),
        with(post("/api/units/hand-over", json!({"unit_id": 0, "to_username": "", "reason": ""})), Roles(OPERATOR)),
        with(get("/api/units/choices", "?level=provincial"), SignedIn),
        with(post("/api/units/choose", json!({"org_id": org, "level": "", "unit_id": 0})), OrgAdmin),
        with(get("/api/units/org-status", &format!("?org_id={org}")), OrgAdmin),
        with(get("/api/units/queue", ""), SignedIn),
        // Data-scoped like an attempt: an organization outside the caller's units is not found.
        with(post("/api/units/decide", json!({"org_id": org, "approve": true, "reason": ""})), SignedIn),
        with(get("/api/registration/home", ""), SignedIn),
        with(post("/api/registration/start", json!({"window_id": 0})), SignedIn),
        with(get("/api/registration/get", "?id=0"), SignedIn),
        with(post("/api/registration/education", json!({"id": 0, "records": []})), SignedIn),
        with(
            post(
                "/api/registration/details",
                json!({"id": 0, "input": app::registration::types::DetailsInput::default()}),
            ),
            SignedIn,
        ),
        with(post("/api/registration/route", json!({"id": 0, "input": {"route": "", "signed": false}})), SignedIn),
        with(post("/api/registration/withdraw", json!({"id": 0})), SignedIn),
        with(post("/api/registration/confirm", json!({"id": 0})), SignedIn),
        with(post("/api/registration/pay", json!({"id": 0})), SignedIn),
        with(post("/api/registration/recheck", json!({"id": 0})), SignedIn),
        with(
            post(
                "/api/admin/registration/window",
                json!({"input": app::registration::types::RegWindowInput::default()}),
            ),
            Roles(EXAM_OFFICE),
        ),
        with(
            post("/api/admin/registration/site", json!({"input": app::registration::types::SiteInput::default()})),
            Roles(EXAM_OFFICE),
        ),
        with(
            post(
                "/api/admin/registration/subject",
                json!({"input": app::registration::types::SubjectInput::default()}),
            ),
            Roles(EXAM_OFFICE),
        ),
        with(
            post("/api/admin/registration/passed", json!({"input": app::registration::types::PassedInput::default()})),
            Roles(EXAM_OFFICE),
        ),
        with(
            post("/api/admin/registration/check", json!({"registration_id": 0, "passed": false, "note": ""})),
            Roles(EXAM_OFFICE),
        ),
        with(post("/api/admin/registration/reconcile", json!({})), Roles(EXAM_OFFICE)),
        with(post("/api/support/look-up", json!({"query": ""})), Roles(SUPPORT)),
        with(post("/api/support/fix-name", json!({"user_id": 0, "real_name": "", "reason": ""})), Roles(SUPPORT)),
        with(post("/api/support/reset-password", json!({"user_id": 0})), Roles(SUPPORT)),
        with(post("/api/support/fix-id-number", json!({"user_id": 0, "id_number": "", "reason": ""})), Roles(SUPPORT)),
        with(
            post("/api/support/link-pool-record", json!({"user_id": 0, "record_id_number": "", "reason": ""})),
            Roles(SUPPORT),
        ),
        with(get("/api/support/outbox", ""), Roles(SUPPORT)),
        with(get("/api/support/audit-log", ""), Roles(SUPPORT)),
        with(post("/api/tickets/open", json!({"input": app::tickets::types::TicketInput::default()})), SignedIn),
        with(get("/api/tickets/mine", ""), SignedIn),
        with(get("/api/tickets/thread", "?id=0"), SignedIn),
        with(post("/api/tickets/reply", json!({"id": 0, "body": "", "file_ids": []})), SignedIn),
        with(post("/api/tickets/close", json!({"id": 0})), SignedIn),
        with(get("/api/training/overview", ""), SignedIn),
        with(post("/api/training/register", json!({"session_id": 0})), SignedIn),
        with(get("/api/training/mine", ""), SignedIn),
        with(post("/api/training/watch", json!({"session_id": 0, "code": ""})), SignedIn),
        with(get("/api/training/materials", ""), SignedIn),
        with(
            post(
                "/api/admin/training/create",
                json!({"input": {"title": "", "region_code": "", "date": "", "stream_url": ""}}),
            ),
            Roles(&["system_admin", "exam_admin"]),
        ),
        // Last: it ends each persona's session.
        with(post("/api/auth/sign-out", json!({})), Public),
    ]
}

pub async fn set_password(db: &TestDb, user_id: i64, password: &str) {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(db.state.hasher.hash(password).await.unwrap())
        .bind(user_id)
        .execute(&db.state.db)
        .await
        .unwrap();
}

pub fn may_call(access: Access, role: Option<&str>, persona: &str) -> bool {
    match (access, role) {
        (Public, _) => true,
        (_, None) => false,
        (SignedIn, Some(_)) => true,
        (Roles(roles), Some(role)) => roles.contains(&role),
        (OrgAdmin, Some(_)) => persona == "org admin",
    }
}

/// The demo accounts, two more people (another candidate, an organization's admin) and that
/// organization: its id, which the matrix's organization entries name.
pub async fn seed_personas(db: &TestDb) -> i64 {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let other = common::insert_user(state, "other_person", "110105199001010021", "13900000091").await;
    set_password(db, other.id, "Passw0rd#2026").await;
    let boss = common::insert_user(state, "org_boss", "110105199001010048", "13900000092").await;
    set_password(db, boss.id, "Passw0rd#2026").await;
    let uscc = format!("91110000MA0000009{}", app::rules::uscc_check_char("91110000MA0000009").unwrap());
    let org_input = OrgRegisterInput {
        full_name: "矩阵测试咨询有限公司".into(),
        uscc,
        legal_rep_name: "王管理".into(),
        legal_rep_type: "legal_person".into(),
        contact_phone: "010-12345678".into(),
        roles: vec!["agency_staff".into()],
    };
    register(state, &boss, &org_input).await.unwrap().org_id
}
