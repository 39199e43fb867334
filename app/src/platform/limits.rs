//! Per-address rate limits, beside the per-account and per-phone rules of SPEC §2: one address can't try
//! passwords against many accounts, or send codes to many phones. In memory (one server process);
//! a multi-process deployment keeps them per process, which still bounds each one.
use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Settings;
use crate::error::{AppError, Text};

pub struct IpLimits {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
    codes: DefaultKeyedRateLimiter<IpAddr>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl IpLimits {
    pub fn new(settings: &Settings) -> Self {
        Self {
            sign_in: RateLimiter::keyed(per_minute(settings.accounts.sign_in_per_ip_per_minute)),
            codes: RateLimiter::keyed(per_hour(settings.sms.codes_per_ip_per_hour)),
        }
    }

    /// `None` (no address known, e.g. in-process tests) is not limited here.
    pub fn check_sign_in(&self, ip: Option<IpAddr>) -> Result<(), AppError> {
        let text =
            Text::new("登录尝试过于频繁，请1分钟后再试", "Too many sign-in attempts from your network: wait a minute");
        check(&self.sign_in, ip, text, 60)
    }

    pub fn check_code(&self, ip: Option<IpAddr>) -> Result<(), AppError> {
        let text =
            Text::new("验证码请求过于频繁，请稍后再试", "Too many code requests from your network: try again later");
        check(&self.codes, ip, text, 600)
    }

    /// Forgets idle addresses (called periodically so the maps don't grow without bound).
    pub fn forget_idle(&self) {
        self.sign_in.retain_recent();
        self.codes.retain_recent();
    }
}

fn check(
    limiter: &DefaultKeyedRateLimiter<IpAddr>,
    ip: Option<IpAddr>,
    text: Text,
    retry_after_secs: i64,
) -> Result<(), AppError> {
    match ip {
        Some(ip) if limiter.check_key(&ip).is_err() => Err(AppError::RateLimited { text, retry_after_secs }),
        _ => Ok(()),
    }
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
    fn each_address_has_its_own_budget() {
        let mut settings = Settings::default();
        settings.accounts.sign_in_per_ip_per_minute = 3;
        settings.sms.codes_per_ip_per_hour = 2;
        let limits = IpLimits::new(&settings);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..3 {
            limits.check_sign_in(Some(a)).expect("within the budget");
        }
        assert!(matches!(limits.check_sign_in(Some(a)), Err(AppError::RateLimited { .. })));
        limits.check_sign_in(Some(b)).expect("another address is not affected");
        limits.check_sign_in(None).expect("unknown address is not limited here");
        limits.check_code(Some(a)).unwrap();
        limits.check_code(Some(a)).unwrap();
        assert!(limits.check_code(Some(a)).unwrap_err().text().zh.contains("频繁"));
    }
}
