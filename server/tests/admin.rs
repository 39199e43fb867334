//! The admin console on both databases: every list's SQL with search, filter and pages, the CSV export,
//! the dashboard's counts, the actions' rules, and that every admin server function refuses a candidate.
mod common;

use app::accounts::ssr::{demo, users};
use app::admin::ssr::{actions, dashboard, lists};
use app::admin::types::{ListQuery, LIST_PAGES};
use app::applications::ssr::{reference, review};
use app::error::AppError;
use common::{call, post_bytes, sign_in_cookie, TestDb};
use serde_json::json;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

fn query(kind: &str, search: &str, filter: &str, page: i64) -> ListQuery {
    ListQuery { kind: kind.into(), search: search.into(), filter: filter.into(), page }
}

async fn every_list_searches_filters_and_pages(db: &TestDb) {
    reference::import_regions_if_empty(&db.state, &common::regions_dir()).await.unwrap();
    demo::seed_if_empty(&db.state).await.unwrap();
    let admin = user(db, "demo_admin").await;
    // Every list runs (with a search and each filter value) on this database.
    for (kind, ..) in LIST_PAGES {
        let spec = lists::allowed_spec(&db.state, &admin, kind).await.unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        let page = lists::page(&db.state, &spec, &query(kind, "a%_\\'", "", 1))
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        assert_eq!(page.columns.len(), spec.columns.len());
        for (value, ..) in page.filters.clone() {
            lists::page(&db.state, &spec, &query(kind, "", &value, 1))
                .await
                .unwrap_or_else(|e| panic!("{kind} {value}: {e:?}"));
        }
        lists::csv(&db.state, &spec, &query(kind, "", "", 1)).await.unwrap();
    }

    // Users: the search is case-insensitive, personal data is masked, the role filter works.
    for i in 0..25 {
        common::insert_user(
            &db.state,
            &format!("Bulk_{i:02}"),
            &format!("1101011990010{i:05}"),
            &format!("139000000{i:02}"),
        )
        .await;
    }
    let spec = lists::allowed_spec(&db.state, &admin, "users").await.unwrap();
    let first = lists::page(&db.state, &spec, &query("users", "bulk_", "", 1)).await.unwrap();
    assert_eq!((first.total, first.rows.len(), first.pages()), (25, 20, 2));
    let second = lists::page(&db.state, &spec, &query("users", "BULK_", "", 2)).await.unwrap();
    assert_eq!(second.rows.len(), 5);
    let beyond = lists::page(&db.state, &spec, &query("users", "bulk_", "", 99)).await.unwrap();
    assert_eq!(beyond.page, 2, "a page past the end shows the last one");
    let phone = first.rows[0].cells[3].clone();
    assert!(phone.contains("****"), "masked phone: {phone}");
    let reviewers = lists::page(&db.state, &spec, &query("users", "", "reviewer", 1)).await.unwrap();
    assert_eq!(reviewers.total, 4);
    assert!(reviewers.rows.iter().all(|r| r.cells[5].contains("reviewer")));
    // "%" and "_" are searched for literally.
    assert_eq!(lists::page(&db.state, &spec, &query("users", "%", "", 1)).await.unwrap().total, 0);
    let err = lists::page(&db.state, &spec, &query("users", "", "emperor", 1)).await.unwrap_err();
    assert!(err.field_text("filter").is_some());

    let csv = String::from_utf8(lists::csv(&db.state, &spec, &query("users", "bulk_", "", 1)).await.unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM for spreadsheet programs");
    assert_eq!(csv.lines().count(), 26, "the header and every matching row, not one page");
    assert!(csv.lines().nth(1).unwrap().contains("****"));

    // Support sees users but not the question bank; a candidate sees no list.
    let support = user(db, "demo_support").await;
    assert!(lists::allowed_spec(&db.state, &support, "users").await.is_ok());
    assert_eq!(lists::allowed_spec(&db.state, &support, "questions").await.err(), Some(AppError::Forbidden));
    let candidate = user(db, "demo_candidate").await;
    for (kind, ..) in LIST_PAGES {
        assert_eq!(lists::allowed_spec(&db.state, &candidate, kind).await.err(), Some(AppError::Forbidden), "{kind}");
    }
    assert_eq!(lists::allowed_spec(&db.state, &admin, "passwords").await.err(), Some(AppError::NotFound));
}

async fn the_dashboard_counts(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let before = dashboard::dashboard(&db.state).await.unwrap();
    assert_eq!(before.registrations, db.count("SELECT COUNT(*) FROM users").await);
    assert_eq!(before.applications_per_stage.len(), 7);
    assert_eq!(before.score_bands.len(), 10);
    let candidate = user(db, "demo_candidate").await;
    let input = app::tickets::types::TicketInput {
        category: "other".into(),
        subject: "一个问题".into(),
        body: "内容".into(),
        ..Default::default()
    };
    app::tickets::ssr::open(&db.state, &candidate, &input).await.unwrap();
    assert_eq!(dashboard::dashboard(&db.state).await.unwrap().open_tickets, before.open_tickets + 1);
    let settings = dashboard::settings(&db.state);
    assert!(settings.iter().any(|l| l.key == "training.code_attempts" && l.value == "5"));
    let url = settings.iter().find(|l| l.key == "database.url").unwrap();
    assert_eq!(url.value, "（已隐藏）", "no secrets on the page");
}

async fn actions_check_their_input(db: &TestDb) {
    reference::import_regions_if_empty(&db.state, &common::regions_dir()).await.unwrap();
    demo::seed_if_empty(&db.state).await.unwrap();
    let admin = user(db, "demo_admin").await;
    let candidate = user(db, "demo_candidate").await;
    let err = actions::set_roles(&db.state, &admin, candidate.id, &["emperor".into()]).await.unwrap_err();
    assert!(err.field_text("roles").is_some());
    let err = actions::set_roles(&db.state, &admin, admin.id, &["support".into()]).await.unwrap_err();
    assert!(matches!(err, AppError::Refused(_)), "no self-demotion: {err:?}");
    actions::set_roles(&db.state, &admin, candidate.id, &["candidate".into(), "support".into()]).await.unwrap();
    assert_eq!(users::roles_of(&db.state.db, candidate.id).await.unwrap().len(), 2);
    assert_eq!(actions::set_roles(&db.state, &admin, 999_999, &[]).await.unwrap_err(), AppError::NotFound);

    assert!(actions::set_home_region(&db.state, &admin, candidate.id, "999999")
        .await
        .unwrap_err()
        .field_text("region_code")
        .is_some());
    actions::set_home_region(&db.state, &admin, candidate.id, "440106").await.unwrap();
    assert_eq!(
        app::training::ssr::sessions::home_region(&db.state, candidate.id).await.unwrap().as_deref(),
        Some("440106")
    );

    assert!(actions::add_unit(&db.state, &admin, " ").await.unwrap_err().field_text("name").is_some());
    actions::add_unit(&db.state, &admin, "新设研究院").await.unwrap();
    assert!(actions::add_unit(&db.state, &admin, "新设研究院").await.unwrap_err().field_text("name").is_some());

    reference::request_unit(&db.state, candidate.id, "某某设计院", "本单位未在列表中").await.unwrap();
    let (request_id,): (i64,) = sqlx::query_as("SELECT id FROM unit_requests").fetch_one(&db.state.db).await.unwrap();
    actions::decide_unit_request(&db.state, &admin, request_id, true).await.unwrap();
    assert!(matches!(
        actions::decide_unit_request(&db.state, &admin, request_id, false).await,
        Err(AppError::Refused(_))
    ));
    assert_eq!(reference::search_units(&db.state, "某某设计院").await.unwrap().len(), 1);

    let scope = |stage, region: &str, specialty: &str| review::Scope {
        stage,
        region_prefix: region.into(),
        specialty_prefix: specialty.into(),
    };
    assert!(actions::add_reviewer_scope(&db.state, &admin, "nobody", &scope(1, "", ""))
        .await
        .unwrap_err()
        .field_text("username")
        .is_some());
    assert!(actions::add_reviewer_scope(&db.state, &admin, "demo_candidate", &scope(5, "", ""))
        .await
        .unwrap_err()
        .field_text("stage")
        .is_some());
    assert!(actions::add_reviewer_scope(&db.state, &admin, "demo_candidate", &scope(1, "44' OR", ""))
        .await
        .unwrap_err()
        .field_text("region_prefix")
        .is_some());
    actions::add_reviewer_scope(&db.state, &admin, "DEMO_CANDIDATE", &scope(2, "44", "")).await.unwrap();
    assert!(users::roles_of(&db.state.db, candidate.id).await.unwrap().contains(&"reviewer".to_string()));
}

/// Every admin server function and admin route, called by a candidate: refused.
async fn every_admin_function_refuses_a_candidate(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let app = server::router::app(db.state.clone());
    let cookie = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let posts = [
        ("/api/admin/list", json!({"query": query("users", "", "", 1)})),
        ("/api/admin/users/roles", json!({"user_id": 1, "roles": ["system_admin"]})),
        ("/api/admin/users/region", json!({"user_id": 1, "region_code": "110101"})),
        ("/api/admin/users/unlock-training", json!({"user_id": 1})),
        ("/api/admin/units/add", json!({"name": "x"})),
        ("/api/admin/unit-requests/decide", json!({"request_id": 1, "add": true})),
        (
            "/api/admin/reviewers/add",
            json!({"username": "demo_candidate", "stage": 1, "region_prefix": "", "specialty_prefix": ""}),
        ),
        (
            "/api/admin/training/create",
            json!({"input": {"title": "t", "region_code": "11", "date": "2026-12-01", "stream_url": "/x"}}),
        ),
        ("/api/admin/windows/create", json!({"input": {"kind": "New", "title": "t", "opens_ms": 0, "closes_ms": 1}})),
        ("/api/admin/windows/close", json!({"window_id": 1})),
    ];
    for (path, body) in posts {
        assert_eq!(call(&app, "POST", path, body, Some(&cookie)).await.body, json!("Forbidden"), "{path}");
    }
    for path in ["/api/admin/dashboard", "/api/admin/settings"] {
        assert_eq!(call(&app, "GET", path, json!(null), Some(&cookie)).await.body, json!("Forbidden"), "{path}");
    }
    for (kind, ..) in LIST_PAGES {
        let reply = call(&app, "GET", &format!("/api/admin/export/{kind}"), json!(null), Some(&cookie)).await;
        assert_eq!(reply.status, 403, "export {kind}");
    }
    for path in ["/api/admin/training/materials?title=x", "/api/admin/specialties/import", "/api/admin/pool/import"] {
        assert_eq!(post_bytes(&app, path, Some(&cookie), b"%PDF-1.4").await.0, 403, "{path}");
    }
    assert_eq!(call(&app, "GET", "/api/admin/dashboard", json!(null), None).await.body, json!("Unauthorized"));

    // The operator gets the CSV as a download.
    let admin = sign_in_cookie(&app, "demo_admin", "Admin#2026x").await;
    let reply = call(&app, "GET", "/api/admin/export/outbox?search=&filter=", json!(null), Some(&admin)).await;
    assert_eq!(reply.status, 200);
}

on_both_databases!(
    every_list_searches_filters_and_pages,
    the_dashboard_counts,
    actions_check_their_input,
    every_admin_function_refuses_a_candidate,
);
