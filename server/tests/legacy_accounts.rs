//! Accounts of the former expert-project system (seed 002): they came over as `WGZJXM_<old name>`, and
//! the old login name finds them, at sign-in and in the 原外专项目账号检索, on both databases. An exact
//! user name comes first; a name that already carries the prefix isn't prefixed again.
mod common;

use app::accounts::ssr::demo;
use axum::http::StatusCode;
use axum::Router;
use common::{call, insert_user, TestDb};
use serde_json::{json, Value};

async fn with_password(db: &TestDb, username: &str, id_number: &str, phone: &str) {
    let user = insert_user(&db.state, username, id_number, phone).await;
    let hash = db.state.hasher.hash("Passw0rd#2026").await.unwrap();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user.id)
        .execute(&db.state.db)
        .await
        .unwrap();
}

async fn sign_in_as(app: &Router, identifier: &str) -> Value {
    let body = json!({"input": {"identifier": identifier, "password": "Passw0rd#2026", "captcha": null}});
    call(app, "POST", "/api/auth/sign-in", body, None).await.body
}

async fn find(app: &Router, name: &str) -> Value {
    let reply = call(app, "POST", "/api/auth/find-legacy-account", json!({"login_name": name}), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

async fn the_old_login_name_finds_the_migrated_account(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    with_password(db, "WGZJXM_zhangsan", "110105194912310053", "13900000011").await;
    with_password(db, "lisi", "11010519491231002X", "13900000012").await;
    with_password(db, "WGZJXM_lisi", "110105194912310037", "13900000013").await;
    let app = server::router::app(db.state.clone());

    for typed in ["zhangsan", "WGZJXM_zhangsan", "wgzjxm_zhangsan", " zhangsan "] {
        assert_eq!(sign_in_as(&app, typed).await["username"], "WGZJXM_zhangsan", "{typed}");
    }
    // An account with the exact name comes first.
    assert_eq!(sign_in_as(&app, "lisi").await["username"], "lisi");
    assert_eq!(sign_in_as(&app, "WGZJXM_lisi").await["username"], "WGZJXM_lisi");
    // No double prefix, and nothing for a name that isn't there either way.
    assert_eq!(sign_in_as(&app, "WGZJXM_WGZJXM_zhangsan").await["Refused"]["zh"], "用户名或密码错误");

    assert_eq!(find(&app, "zhangsan").await, json!({"username": "WGZJXM_zhangsan", "phone_masked": "139****0011"}));
    assert_eq!(find(&app, "WGZJXM_zhangsan").await["username"], "WGZJXM_zhangsan");
    assert_eq!(find(&app, "lisi").await["username"], "lisi");
    assert_eq!(find(&app, "wangwu").await, Value::Null);
    assert_eq!(find(&app, "WGZJXM_wangwu").await, Value::Null);
    assert_eq!(find(&app, "").await, Value::Null);
}
on_both_databases!(the_old_login_name_finds_the_migrated_account);
