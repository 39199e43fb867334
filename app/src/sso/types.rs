//! What crosses the network for single sign-on, and the provider form's checks.
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Problems, Text};
use crate::rules::check_required;

/// The issuer value that names the built-in development provider at this server's own `/dev/oidc`.
pub const BUILTIN_ISSUER: &str = "builtin";

/// A provider offered on the sign-in page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SsoChoice {
    pub slug: String,
    pub name: String,
}

/// A provider as the admin sees it (the client secret is never sent back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SsoProviderView {
    pub slug: String,
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub enabled: bool,
    pub linked_accounts: i64,
}

/// Adding or changing a provider; an empty secret keeps the stored one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsoProviderInput {
    pub slug: String,
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub enabled: bool,
}

/// The form checked: a slug of lower-case letters, digits and "-", an issuer that is `builtin` or an
/// http(s) address, a client id. Returns the trimmed input.
pub fn check_provider(input: &SsoProviderInput) -> Result<SsoProviderInput, AppError> {
    let mut problems = Problems::default();
    let slug = input.slug.trim().to_string();
    let slug_ok = (2..=32).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        problems.add("slug", Text::new("标识为2–32位小写字母、数字或“-”", "2–32 lower-case letters, digits or “-”"));
    }
    let name = problems.check("name", check_required("名称", "name", &input.name, 50));
    let issuer = input.issuer_url.trim().trim_end_matches('/').to_string();
    if issuer != BUILTIN_ISSUER && !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
        problems.add(
            "issuer_url",
            Text::new(
                "请填写以 https:// 开头的签发者地址，或 builtin（开发用内置提供方）",
                "An https:// issuer address, or builtin",
            ),
        );
    }
    let client_id = problems.check("client_id", check_required("客户端标识", "client id", &input.client_id, 200));
    problems.into_result()?;
    Ok(SsoProviderInput {
        slug,
        name: name.unwrap_or_default(),
        issuer_url: issuer,
        client_id: client_id.unwrap_or_default(),
        client_secret: input.client_secret.trim().to_string(),
        enabled: input.enabled,
    })
}

/// Why a single sign-on came back to the sign-in page (`/login?sso_error=…`), in words.
pub fn sso_error_text(code: &str) -> Text {
    let (zh, en) = match code {
        "state" => ("登录请求已失效或不是从本站发起，请重新登录", "The sign-in request expired or didn't start here: sign in again"),
        "token" => ("身份令牌校验失败，请重新登录", "The identity token didn't verify: sign in again"),
        "unknown" => (
            "未找到与该账号对应的已实名认证用户：请先注册并完成实名认证，或登录后关联该平台账号",
            "No verified account matches: register and verify your identity, or link the platform account after signing in",
        ),
        "taken" => ("该平台账号已关联其他用户", "This platform account is linked to someone else"),
        "denied" => ("您已取消登录", "You cancelled the sign-in"),
        _ => ("单点登录暂不可用，请使用其他方式登录", "Single sign-on isn't available now: sign in another way"),
    };
    Text::new(zh, en)
}
