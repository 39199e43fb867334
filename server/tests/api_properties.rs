//! Property-based testing of the HTTP API (issue 7), with proptest: every server function that takes a
//! body gets bodies generated from its harmless arguments in `api_matrix`, every value replaced by what a
//! hostile or broken client might send (any Unicode including NUL and control characters, very long text,
//! extreme and negative numbers, wrong types, missing and unknown fields, arrays of any length). Each is
//! sent by the operator (who may call everything, so the deepest code runs) and by a candidate.
//! The property: the answer is always one of the typed refusals or a success, never an internal error,
//! a panic or a database error. The generator is seeded, so a failure is the same on every run.
mod api_matrix;
mod common;

use api_matrix::{matrix, seed_personas};
use common::{call, sign_in_cookie, TestDb};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRng, TestRunner};
use serde_json::{json, Map, Value};

/// Bodies generated per server function (and sent twice: operator, candidate).
const CASES: usize = 24;

fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        1 => Just("\0".to_string()),
        1 => Just("'; DROP TABLE users; --".to_string()),
        1 => Just(" \u{3000}\t\n ".to_string()),
        1 => "\\PC{2000,4000}",
        1 => Just("🧪\u{202e}\u{1b}[31m\u{feff}".to_string()),
    ]
    .boxed()
}

fn any_number() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => any::<i64>().prop_map(|n| json!(n)),
        1 => Just(json!(i64::MAX)),
        1 => Just(json!(i64::MIN)),
        1 => Just(json!(-1)),
        1 => Just(json!(0)),
        1 => Just(json!(1.5)),
        1 => Just(json!(1e300)),
    ]
    .boxed()
}

/// Values shaped like `template` most of the time, of another type now and then.
fn like(template: &Value) -> BoxedStrategy<Value> {
    let same_type = match template {
        Value::String(_) => any_text().prop_map(Value::String).boxed(),
        Value::Number(_) => any_number(),
        Value::Bool(_) => any::<bool>().prop_map(Value::Bool).boxed(),
        Value::Null => prop_oneof![Just(Value::Null), any_text().prop_map(Value::String), any_number()].boxed(),
        Value::Array(items) => {
            let item = items.first().map(like).unwrap_or_else(|| any_text().prop_map(Value::String).boxed());
            proptest::collection::vec(item, 0..5).prop_map(Value::Array).boxed()
        }
        Value::Object(fields) => {
            let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                .iter()
                .map(|(name, value)| {
                    let name = name.clone();
                    // A field is occasionally left out.
                    prop_oneof![40 => like(value).prop_map(move |v| Some((name.clone(), v))), 1 => Just(None)].boxed()
                })
                .collect();
            (fields, proptest::option::weighted(0.1, any_text()))
                .prop_map(|(fields, unknown)| {
                    let mut object: Map<String, Value> = fields.into_iter().flatten().collect();
                    if let Some(value) = unknown {
                        object.insert("unexpected_field".into(), Value::String(value));
                    }
                    Value::Object(object)
                })
                .boxed()
        }
    };
    let keep = template.clone();
    prop_oneof![24 => same_type, 6 => Just(keep), 1 => any_number(), 1 => any_text().prop_map(Value::String)].boxed()
}

/// A typed answer: a success (any JSON the function returns) or one of `AppError`'s refusals. Internal
/// errors and `Unavailable` (a database error) are what bad input must never cause.
fn broken(reply: &common::Reply) -> bool {
    let status = reply.status.as_u16();
    let internal = reply.body.get("Internal").is_some() || reply.body.as_str() == Some("Unavailable");
    internal || (status >= 500 && !reply.body.is_object() && !reply.body.is_string())
}

async fn bad_input_never_breaks_a_server_function(db: &TestDb) {
    let org = seed_personas(db).await;
    let app = server::router::app(db.state.clone());
    let operator = sign_in_cookie(&app, "demo_admin", "Admin#2026x").await;
    let candidate = sign_in_cookie(&app, "demo_candidate", "Candidate#2026").await;
    let mut runner =
        TestRunner::new_with_rng(Config::default(), TestRng::deterministic_rng(Config::default().rng_algorithm));
    let mut failures = Vec::new();
    let mut sent = 0;
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for (path, url, body, _) in matrix(org) {
        // Signing out would end the sessions the rest of the run uses.
        let Some(template) = body.filter(|_| path != "/api/auth/sign-out") else { continue };
        let bodies = like(&template);
        for _ in 0..CASES {
            let body = bodies.new_tree(&mut runner).expect("a generated body").current();
            for cookie in [&operator, &candidate] {
                let reply = call(&app, "POST", &url, body.clone(), Some(cookie)).await;
                sent += 1;
                let kind = match &reply.body {
                    Value::Object(map) if map.len() == 1 => map.keys().next().cloned().unwrap_or_default(),
                    Value::String(s) => s.clone(),
                    _ => "ok".into(),
                };
                *kinds.entry(if reply.status.is_success() { "success".to_string() } else { kind }).or_insert(0) += 1;
                if broken(&reply) {
                    failures.push(format!("{path} {}: {} {}", truncate(&body), reply.status, reply.body));
                }
            }
        }
    }
    eprintln!("{sent} generated requests: {kinds:?}");
    assert!(failures.is_empty(), "{} requests broke the server:\n{}", failures.len(), failures.join("\n"));
}

fn truncate(body: &Value) -> String {
    let text = body.to_string();
    if text.chars().count() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text
    }
}

on_both_databases!(bad_input_never_breaks_a_server_function);
