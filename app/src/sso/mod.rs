//! Single sign-on through OpenID Connect (issue 21, seed 003: "点击山西政府采购平台 … 登录后系统自动返回考试页面").
//! The authorization code flow with PKCE (the `openidconnect` crate): the provider's subject is linked
//! to our account by the verified ID number it asserts on first use, or by a signed-in person's one-time
//! link; the person returns to the page they started from. Providers are configured by the admin. A
//! built-in development provider (its own sign-in page, key, discovery document and token endpoint,
//! answered in-process) lets the whole flow run and be tested without any network.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
