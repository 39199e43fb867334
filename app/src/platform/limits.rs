//! Per-address rate limits, beside the per-account and per-phone rules of SPEC §2: one address can't try
//! passwords against many accounts, or send codes to many phones. Counted in the database in fixed
//! windows, so every server instance behind a load balancer draws on one budget per address: N instances
//! don't multiply it by N (issue 7). One upsert per sign-in or code request, the cost of a session write.
use std::net::IpAddr;

use crate::error::{AppError, Text};
use crate::platform::AppState;

/// How many requests one address may make in one window of a bucket.
struct Quota {
    bucket: &'static str,
    limit: u32,
    window_ms: i64,
}

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;

/// `None` (no address known, e.g. in-process tests) is not limited here.
pub async fn check_sign_in(state: &AppState, ip: Option<IpAddr>) -> Result<(), AppError> {
    let quota =
        Quota { bucket: "sign_in", limit: state.settings.accounts.sign_in_per_ip_per_minute, window_ms: MINUTE_MS };
    let text =
        Text::new("登录尝试过于频繁，请1分钟后再试", "Too many sign-in attempts from your network: wait a minute");
    check(state, &quota, ip, text).await
}

pub async fn check_code(state: &AppState, ip: Option<IpAddr>) -> Result<(), AppError> {
    let quota = Quota { bucket: "codes", limit: state.settings.sms.codes_per_ip_per_hour, window_ms: HOUR_MS };
    let text = Text::new("验证码请求过于频繁，请稍后再试", "Too many code requests from your network: try again later");
    check(state, &quota, ip, text).await
}

async fn check(state: &AppState, quota: &Quota, ip: Option<IpAddr>, text: Text) -> Result<(), AppError> {
    let Some(ip) = ip else { return Ok(()) };
    let now = state.now_ms();
    let window = window_start(now, quota.window_ms);
    // One statement counts and reads, so two instances can't both see the last free request.
    let (hits,): (i64,) = sqlx::query_as(
        "INSERT INTO rate_limit_hits (bucket, client, window_ms, hits) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (bucket, client, window_ms) DO UPDATE SET hits = rate_limit_hits.hits + 1 RETURNING hits",
    )
    .bind(quota.bucket)
    .bind(ip.to_string())
    .bind(window)
    .fetch_one(&state.db)
    .await?;
    if hits > i64::from(quota.limit.max(1)) {
        return Err(AppError::RateLimited { text, retry_after_secs: retry_after_secs(now, quota.window_ms) });
    }
    Ok(())
}

fn window_start(now_ms: i64, window_ms: i64) -> i64 {
    now_ms - now_ms.rem_euclid(window_ms)
}

/// Whole seconds until the current window ends (at least 1).
fn retry_after_secs(now_ms: i64, window_ms: i64) -> i64 {
    let left_ms = window_start(now_ms, window_ms) + window_ms - now_ms;
    ((left_ms + 999) / 1000).max(1)
}

/// Deletes counts of windows long past (the housekeeping task), so the table stays small.
pub async fn forget_old(state: &AppState) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_limit_hits WHERE window_ms < $1")
        .bind(state.now_ms() - 2 * HOUR_MS)
        .execute(&state.db)
        .await?;
    Ok(done.rows_affected())
}

/// The address of the request being served: the socket peer, or the first `X-Forwarded-For` entry when
/// `server.trust_forwarded_for` says a reverse proxy sets it.
pub async fn client_ip(trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.ok()?;
        let forwarded = headers.get("x-forwarded-for")?.to_str().ok()?;
        return forwarded.split(',').next()?.trim().parse().ok();
    }
    let axum::extract::ConnectInfo(peer) =
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await.ok()?;
    Some(peer.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_and_the_wait_is_what_is_left_of_one() {
        assert_eq!(window_start(125_000, MINUTE_MS), 120_000);
        assert_eq!(window_start(120_000, MINUTE_MS), 120_000);
        assert_eq!(retry_after_secs(120_000, MINUTE_MS), 60);
        assert_eq!(retry_after_secs(125_500, MINUTE_MS), 55);
        assert_eq!(retry_after_secs(179_999, MINUTE_MS), 1);
        assert_eq!(retry_after_secs(3_599_000, HOUR_MS), 1);
    }
}
