//! The providers the admin configures.
use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::platform::{db::is_unique_violation, AppState};
use crate::sso::types::{check_provider, SsoChoice, SsoProviderInput, SsoProviderView};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
}

/// An enabled provider by its slug.
pub async fn enabled(state: &AppState, slug: &str) -> Result<Option<ProviderRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, slug, name, issuer_url, client_id, client_secret FROM sso_providers WHERE slug = $1 AND enabled = 1",
    )
    .bind(slug)
    .fetch_optional(&state.db)
    .await?)
}

/// The providers offered on the sign-in page; the built-in one only in development mode.
pub async fn choices(state: &AppState) -> Result<Vec<SsoChoice>, AppError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, name, issuer_url FROM sso_providers WHERE enabled = 1 ORDER BY id")
            .fetch_all(&state.db)
            .await?;
    let dev = state.settings.server.dev_mode;
    Ok(rows
        .into_iter()
        .filter(|(_, _, issuer)| dev || issuer != crate::sso::types::BUILTIN_ISSUER)
        .map(|(slug, name, _)| SsoChoice { slug, name })
        .collect())
}

/// Every provider with how many accounts are linked through it, for the admin.
pub async fn admin_list(state: &AppState) -> Result<Vec<SsoProviderView>, AppError> {
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT p.slug, p.name, p.issuer_url, p.client_id, p.enabled, \
         (SELECT COUNT(*) FROM sso_links l WHERE l.provider_id = p.id) FROM sso_providers p ORDER BY p.id",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, issuer_url, client_id, enabled, linked_accounts)| SsoProviderView {
            slug,
            name,
            issuer_url,
            client_id,
            enabled: enabled == 1,
            linked_accounts,
        })
        .collect())
}

/// Adds a provider, or changes the one with this slug (an empty secret keeps the stored one); audited.
pub async fn save(state: &AppState, admin: &UserRow, input: &SsoProviderInput) -> Result<(), AppError> {
    let input = check_provider(input)?;
    let now = state.now_ms();
    let changed = sqlx::query(
        "UPDATE sso_providers SET name = $1, issuer_url = $2, client_id = $3, enabled = $4, \
         client_secret = CASE WHEN $5 = '' THEN client_secret ELSE $5 END WHERE slug = $6",
    )
    .bind(&input.name)
    .bind(&input.issuer_url)
    .bind(&input.client_id)
    .bind(i64::from(input.enabled))
    .bind(&input.client_secret)
    .bind(&input.slug)
    .execute(&state.db)
    .await?;
    if changed.rows_affected() == 0 {
        if input.client_secret.is_empty() {
            return Err(AppError::invalid("client_secret", "请填写客户端密钥", "Enter the client secret"));
        }
        let inserted = sqlx::query(
            "INSERT INTO sso_providers (slug, name, issuer_url, client_id, client_secret, enabled, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&input.slug)
        .bind(&input.name)
        .bind(&input.issuer_url)
        .bind(&input.client_id)
        .bind(&input.client_secret)
        .bind(i64::from(input.enabled))
        .bind(now)
        .execute(&state.db)
        .await;
        if let Err(err) = inserted {
            return Err(if is_unique_violation(&err, "sso_providers", "slug") {
                AppError::invalid("slug", "该标识已被使用", "This slug is taken")
            } else {
                err.into()
            });
        }
    }
    users::audit(&state.db, Some(admin.id), "sso_provider_save", &input.slug, &input.issuer_url, now).await?;
    Ok(())
}

/// The built-in development provider, configured by the demo data (development mode only).
pub async fn seed_builtin(state: &AppState) -> Result<(), AppError> {
    use crate::sso::ssr::dev_provider::{DEV_CLIENT_ID, DEV_CLIENT_SECRET};
    sqlx::query(
        "INSERT INTO sso_providers (slug, name, issuer_url, client_id, client_secret, enabled, created_ms) \
         VALUES ('gov-platform', '政务服务平台', $1, $2, $3, 1, $4) ON CONFLICT (slug) DO NOTHING",
    )
    .bind(crate::sso::types::BUILTIN_ISSUER)
    .bind(DEV_CLIENT_ID)
    .bind(DEV_CLIENT_SECRET)
    .bind(state.now_ms())
    .execute(&state.db)
    .await?;
    Ok(())
}
