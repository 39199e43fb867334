//! The dashboard's counts: a handful of aggregate queries, no per-row work.
use crate::admin::types::{Count, Dashboard, SettingLine};
use crate::error::AppError;
use crate::platform::AppState;

async fn count(state: &AppState, sql: &str) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&state.db).await?;
    Ok(n)
}

fn stage_label(status: &str, stage: i64) -> &'static str {
    match (status, stage) {
        ("draft", _) => "草稿",
        ("returned", _) => "已退回",
        ("approved", _) => "已通过",
        (_, 1) => "第一阶段",
        (_, 2) => "第二阶段",
        (_, 3) => "第三阶段",
        _ => "第四阶段",
    }
}

const STAGE_ORDER: &[(&str, &str)] = &[
    ("草稿", "Drafts"),
    ("第一阶段", "Stage 1"),
    ("第二阶段", "Stage 2"),
    ("第三阶段", "Stage 3"),
    ("第四阶段", "Stage 4"),
    ("已退回", "Returned"),
    ("已通过", "Approved"),
];

pub async fn dashboard(state: &AppState) -> Result<Dashboard, AppError> {
    // Today in China: [midnight, midnight + 1 day) as Unix ms.
    let now = state.now_ms();
    let day_ms = 86_400_000;
    let china_midnight = (now + 8 * 3_600_000).div_euclid(day_ms) * day_ms - 8 * 3_600_000;
    let (exams_today,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM exams WHERE start_ms >= $1 AND start_ms < $2")
        .bind(china_midnight)
        .bind(china_midnight + day_ms)
        .fetch_one(&state.db)
        .await?;
    let stages: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT status, stage, COUNT(*) FROM applications GROUP BY status, stage")
            .fetch_all(&state.db)
            .await?;
    let applications_per_stage = STAGE_ORDER
        .iter()
        .map(|(zh, en)| Count {
            label: crate::error::Text::new(*zh, *en),
            value: stages.iter().filter(|(s, st, _)| stage_label(s, *st) == *zh).map(|(.., n)| n).sum(),
        })
        .collect();
    let bands: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT CASE WHEN t.max_score > 0 THEN t.score * 10 / t.max_score ELSE 0 END AS band, COUNT(*) \
         FROM attempts t JOIN exams e ON e.id = t.exam_id \
         WHERE t.status = 'submitted' AND t.score IS NOT NULL AND e.kind = 'formal' GROUP BY band",
    )
    .fetch_all(&state.db)
    .await?;
    // Ten bands of 10 %; a full score joins the top band.
    let score_bands = (0..10)
        .map(|band| Count {
            label: {
                let band = format!("{}–{}", band * 10, band * 10 + if band == 9 { 10 } else { 9 });
                crate::error::Text::new(band.clone(), band)
            },
            value: bands.iter().filter(|(b, _)| (*b).min(9) == band).map(|(_, n)| n).sum(),
        })
        .collect();
    Ok(Dashboard {
        registrations: count(state, "SELECT COUNT(*) FROM users").await?,
        pending_identity: count(state, "SELECT COUNT(*) FROM users WHERE identity_status = 'pending'").await?,
        exams_today,
        open_tickets: count(state, "SELECT COUNT(*) FROM tickets WHERE status = 'open'").await?,
        applications_per_stage,
        score_bands,
    })
}

/// The effective configuration, one line per value, with secrets hidden. Changes go through
/// `zhuanjia.toml` or `ZJ_…` variables (see config/zhuanjia.example.toml) and a restart.
pub fn settings(state: &AppState) -> Vec<SettingLine> {
    let value = serde_json::to_value(state.settings.as_ref()).unwrap_or_default();
    let mut lines = Vec::new();
    flatten("", &value, &mut lines);
    lines
}

fn flatten(prefix: &str, value: &serde_json::Value, lines: &mut Vec<SettingLine>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                flatten(&path, inner, lines);
            }
        }
        other => {
            let secret = ["url", "key", "secret", "password"].iter().any(|s| prefix.ends_with(s))
                && prefix != "exams.public_url";
            let shown =
                if secret { "（已隐藏）".to_string() } else { other.to_string().trim_matches('"').to_string() };
            lines.push(SettingLine { key: prefix.to_string(), value: shown });
        }
    }
}
