//! 通知公告 (issue 19), on both databases: the admin's bad input refused field by field; the home page
//! shows published notices only, pinned first, then newest; a notice written ahead appears at its time;
//! a removed one is gone.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::notices::ssr;
use app::notices::types::NoticeInput;
use common::TestDb;

fn notice(title: &str, pinned: bool, publish_ms: i64) -> NoticeInput {
    NoticeInput {
        title: title.into(), body: format!("{title}的具体安排"), pinned, publish_ms, kind: String::new()
    }
}

async fn the_board_shows_published_notices_pinned_first(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let admin = users::by_username(&state.db, "demo_admin").await.unwrap().unwrap();
    assert_eq!(ssr::published(state).await.unwrap().len(), 1, "the demo board's notice");
    sqlx::query("DELETE FROM notices").execute(&state.db).await.unwrap();
    let empty = NoticeInput { title: " ".into(), body: "".into(), ..Default::default() };
    match ssr::create(state, &admin, &empty).await.unwrap_err() {
        AppError::Invalid(fields) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names, ["title", "body"]);
        }
        other => panic!("{other:?}"),
    }
    let now = state.now_ms();
    ssr::create(state, &admin, &notice("本次征集考试安排", true, now - 3_600_000)).await.unwrap();
    ssr::create(state, &admin, &notice("系统维护通知", false, 0)).await.unwrap();
    let ahead = ssr::create(state, &admin, &notice("续聘考试安排", false, now + 3_600_000)).await.unwrap();
    let titles = |list: Vec<app::notices::types::Notice>| list.into_iter().map(|n| n.title).collect::<Vec<_>>();
    assert_eq!(titles(ssr::published(state).await.unwrap()), ["本次征集考试安排", "系统维护通知"]);
    assert_eq!(ssr::all(state).await.unwrap().len(), 3, "the admin sees the one written ahead");
    db.clock.advance_secs(3601);
    assert_eq!(titles(ssr::published(state).await.unwrap()), ["本次征集考试安排", "续聘考试安排", "系统维护通知"]);
    ssr::delete(state, &admin, ahead).await.unwrap();
    assert_eq!(ssr::delete(state, &admin, ahead).await.unwrap_err(), AppError::NotFound);
    assert_eq!(titles(ssr::published(state).await.unwrap()), ["本次征集考试安排", "系统维护通知"]);

    // 办理指南 are help pages, not board items; an unknown kind is refused.
    let guide = NoticeInput { kind: "guide".into(), ..notice("专家申请办理指南", false, 0) };
    ssr::create(state, &admin, &guide).await.unwrap();
    let odd = NoticeInput { kind: "banner".into(), ..notice("横幅", false, 0) };
    assert!(ssr::create(state, &admin, &odd).await.unwrap_err().field_text("kind").is_some());
    assert_eq!(titles(ssr::published(state).await.unwrap()), ["本次征集考试安排", "系统维护通知"]);
    assert_eq!(titles(ssr::guides(state).await.unwrap()), ["专家申请办理指南"]);
}

/// The demo has a pinned notice on the board and the application guide.
async fn the_demo_has_a_notice_and_a_guide(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    assert_eq!(ssr::published(&db.state).await.unwrap().len(), 1);
    let guides = ssr::guides(&db.state).await.unwrap();
    assert_eq!(guides.len(), 1);
    assert!(guides[0].body.contains("省级终审"), "{}", guides[0].body);
}

on_both_databases!(the_board_shows_published_notices_pinned_first, the_demo_has_a_notice_and_a_guide);
