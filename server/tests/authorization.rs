//! The authorization matrix (issue 7): every server function × every kind of caller, asserting exactly
//! who may call it. Each call uses arguments that decode but name nothing (id 0, empty text), so an
//! allowed caller gets the function's own answer and a refused one gets `Unauthorized` or `Forbidden`
//! before anything happens. The test fails when a server function is added without an entry in
//! `api_matrix`.
//! Whose record an id names (another candidate's registration, ticket or attempt) is checked by each
//! feature's own tests, which use real records.
mod api_matrix;
mod common;

use std::collections::BTreeSet;

use api_matrix::{matrix, may_call, seed_personas, PERSONAS};
use common::{call, sign_in_cookie, TestDb};
use serde_json::Value;

async fn exactly_who_may_call_each_server_function(db: &TestDb) {
    let org = seed_personas(db).await;
    let matrix = matrix(org);
    // Every registered server function has an entry, and every entry is a server function.
    let registered: BTreeSet<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect();
    let listed: BTreeSet<String> = matrix.iter().map(|(path, ..)| path.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(missing.is_empty(), "server functions without an entry in the authorization matrix: {missing:?}");
    let unknown: Vec<_> = listed.difference(&registered).collect();
    assert!(unknown.is_empty(), "matrix entries that are not server functions: {unknown:?}");

    let app = server::router::app(db.state.clone());
    let mut cookies = Vec::new();
    for (persona, account, role) in PERSONAS {
        let cookie = match account {
            Some((name, password)) => Some(sign_in_cookie(&app, name, password).await),
            None => None,
        };
        cookies.push((*persona, cookie, (!role.is_empty()).then_some(*role)));
    }
    let mut wrong = Vec::new();
    for (path, url, body, access) in &matrix {
        for (persona, cookie, role) in &cookies {
            let reply = match body {
                Some(body) => call(&app, "POST", url, body.clone(), cookie.as_deref()).await,
                None => call(&app, "GET", url, Value::Null, cookie.as_deref()).await,
            };
            let expected = if may_call(*access, *role, persona) {
                None
            } else if cookie.is_none() {
                Some("Unauthorized")
            } else {
                Some("Forbidden")
            };
            let refused = reply.body.as_str().filter(|b| *b == "Unauthorized" || *b == "Forbidden");
            let undecodable = reply.body.get("Transport").is_some();
            if refused != expected || undecodable {
                wrong.push(format!("{path} as {persona}: expected {expected:?}, got {} {}", reply.status, reply.body));
            }
        }
    }
    assert!(wrong.is_empty(), "{} calls answered wrongly:\n{}", wrong.len(), wrong.join("\n"));
}

on_both_databases!(exactly_who_may_call_each_server_function);
