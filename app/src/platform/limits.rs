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

/// Every other request that checks a secret (an SMS code, the current password, a security answer, an
/// invitation code) draws on one more per-address budget of the same size as sign-in's.
pub async fn check_secret(state: &AppState, ip: Option<IpAddr>) -> Result<(), AppError> {
    let quota =
        Quota { bucket: "secrets", limit: state.settings.accounts.sign_in_per_ip_per_minute, window_ms: MINUTE_MS };
    let text = Text::new("尝试过于频繁，请1分钟后再试", "Too many tries from your network: wait a minute");
    check(state, &quota, ip, text).await
}

pub async fn check_code(state: &AppState, ip: Option<IpAddr>) -> Result<(), AppError> {
    let quota = Quota { bucket: "codes", limit: state.settings.sms.codes_per_ip_per_hour, window_ms: HOUR_MS };
    let text = Text::new("验证码请求过于频繁，请稍后再试", "Too many code requests from your network: try again later");
    check(state, &quota, ip, text).await
}

async fn check(state: &AppState, quota: &Quota, ip: Option<IpAddr>, text: Text) -> Result<(), AppError> {
    let Some(ip) = ip else { return Ok(()) };
    let hits = count_one(state, quota.bucket, &ip.to_string(), quota.window_ms).await?;
    if hits > i64::from(quota.limit.max(1)) {
        return Err(AppError::RateLimited {
            text,
            retry_after_secs: retry_after_secs(state.now_ms(), quota.window_ms),
        });
    }
    Ok(())
}

/// Counts one hit of `client` in the current window of `bucket` and returns the window's count with it.
/// One statement counts and reads, so two instances can't both see the last free request.
pub(crate) async fn count_one(state: &AppState, bucket: &str, client: &str, window_ms: i64) -> Result<i64, AppError> {
    let (hits,): (i64,) = sqlx::query_as(
        "INSERT INTO rate_limit_hits (bucket, client, window_ms, hits) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (bucket, client, window_ms) DO UPDATE SET hits = rate_limit_hits.hits + 1 RETURNING hits",
    )
    .bind(bucket)
    .bind(client)
    .bind(window_start(state.now_ms(), window_ms))
    .fetch_one(&state.db)
    .await?;
    Ok(hits)
}

/// The current window's count of `client` in `bucket`, without counting.
pub(crate) async fn count_of(state: &AppState, bucket: &str, client: &str, window_ms: i64) -> Result<i64, AppError> {
    let hits: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limit_hits WHERE bucket = $1 AND client = $2 AND window_ms = $3")
            .bind(bucket)
            .bind(client)
            .bind(window_start(state.now_ms(), window_ms))
            .fetch_optional(&state.db)
            .await?;
    Ok(hits.unwrap_or(0))
}

fn window_start(now_ms: i64, window_ms: i64) -> i64 {
    now_ms - now_ms.rem_euclid(window_ms)
}

/// Whole seconds until the current window ends (at least 1).
pub(crate) fn retry_after_secs(now_ms: i64, window_ms: i64) -> i64 {
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

/// The address of the request being served: the socket peer, or, when the peer is a trusted proxy,
/// the address that proxy saw (see [`client_address`]).
pub async fn client_ip(state: &AppState) -> Option<IpAddr> {
    let axum::extract::ConnectInfo(peer) =
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await.ok()?;
    let proxies = &state.settings.server.trusted_proxies;
    if proxies.is_empty() {
        return Some(peer.ip());
    }
    let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.ok()?;
    let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    Some(client_address(peer.ip(), &forwarded.join(","), &trusted_networks(proxies)))
}

/// The configured proxies as networks; an entry that doesn't parse is logged and left out.
pub fn trusted_networks(proxies: &[String]) -> Vec<ipnet::IpNet> {
    proxies
        .iter()
        .filter_map(|entry| {
            let entry = entry.trim();
            let parsed = entry.parse::<ipnet::IpNet>().or_else(|_| entry.parse::<IpAddr>().map(ipnet::IpNet::from));
            parsed.map_err(|_| tracing::warn!(entry, "server.trusted_proxies: not an address or CIDR, ignored")).ok()
        })
        .collect()
}

/// Who sent a request that arrived from `peer` with this `X-Forwarded-For`: the peer itself unless it
/// is a trusted proxy; else the rightmost entry not in `trusted` (each trusted proxy appends the address
/// it saw, so everything left of the last untrusted entry may be the client's invention).
pub fn client_address(peer: IpAddr, forwarded_for: &str, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut last = peer;
    for entry in forwarded_for.rsplit(',').map(str::trim).filter(|e| !e.is_empty()) {
        let Ok(ip) = entry.parse::<IpAddr>() else { return last };
        if !is_trusted(&ip) {
            return ip;
        }
        last = ip;
    }
    last
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

    #[test]
    fn the_client_is_the_rightmost_address_no_trusted_proxy_wrote() {
        let trusted = trusted_networks(&["10.0.0.0/8".into(), "192.0.2.7".into(), "nonsense".into()]);
        assert_eq!(trusted.len(), 2);
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // Behind the balancer: the address it saw, whatever the client wrote to the left of it.
        assert_eq!(client_address(ip("10.1.2.3"), "1.1.1.1, 203.0.113.9", &trusted), ip("203.0.113.9"));
        assert_eq!(client_address(ip("10.1.2.3"), "203.0.113.9, 10.9.9.9", &trusted), ip("203.0.113.9"));
        assert_eq!(client_address(ip("192.0.2.7"), "spoofed, 198.51.100.4", &trusted), ip("198.51.100.4"));
        // Straight from the internet: the header is the client's own and ignored.
        assert_eq!(client_address(ip("198.51.100.4"), "10.0.0.1", &trusted), ip("198.51.100.4"));
        // Nothing untrusted in the chain, or garbage: the last trusted hop.
        assert_eq!(client_address(ip("10.1.2.3"), "", &trusted), ip("10.1.2.3"));
        assert_eq!(client_address(ip("10.1.2.3"), "garbage", &trusted), ip("10.1.2.3"));
    }
}
