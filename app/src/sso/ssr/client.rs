//! The relying party: the authorization code flow with PKCE. `start` discovers the provider, keeps the
//! PKCE verifier, the `state` and the nonce in this browser's session and sends the browser to the
//! provider; `finish` takes them back (once: a replayed callback finds nothing), exchanges the code,
//! verifies the ID token (signature from the provider's keys, issuer, audience, expiry by the server
//! clock, nonce) and finds the account: by an existing link, by a signed-in person's one-time link, or
//! by the verified ID number the provider asserts.
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IdTokenFields, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::accounts::ssr::users::{self, UserRow};
use crate::error::AppError;
use crate::platform::{db::is_any_unique_violation, sessions::session_error, AppState};
use crate::sso::ssr::providers::{self, ProviderRow};
use crate::sso::types::BUILTIN_ISSUER;

const PENDING_KEY: &str = "sso_pending";

/// What the other platform asserts beyond the standard claims: the person's ID number.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct PlatformClaims {
    #[serde(default)]
    pub id_number: Option<String>,
}
impl AdditionalClaims for PlatformClaims {}

type PlatformIdTokenFields = IdTokenFields<
    PlatformClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type PlatformTokenResponse = StandardTokenResponse<PlatformIdTokenFields, CoreTokenType>;
pub type PlatformIdToken =
    IdToken<PlatformClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
type PlatformClient = Client<
    PlatformClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    PlatformTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-on failed; `code()` is what the sign-in page is told (`/login?sso_error=…`).
#[derive(Debug)]
pub enum SsoFailure {
    /// No pending sign-on in this session, or another `state`: not started here, or replayed.
    State,
    /// Unknown or disabled provider, or its discovery failed.
    Provider,
    /// The code exchange failed (a used or forged code) or the ID token didn't verify.
    Token,
    /// No verified account has the asserted ID number, and nobody signed in to link.
    Unknown,
    /// The subject or the account is linked to another already.
    Taken,
    Internal(AppError),
}

impl SsoFailure {
    pub fn code(&self) -> &'static str {
        match self {
            SsoFailure::State => "state",
            SsoFailure::Provider | SsoFailure::Internal(_) => "provider",
            SsoFailure::Token => "token",
            SsoFailure::Unknown => "unknown",
            SsoFailure::Taken => "taken",
        }
    }
}

impl From<AppError> for SsoFailure {
    fn from(err: AppError) -> Self {
        SsoFailure::Internal(err)
    }
}

impl From<sqlx::Error> for SsoFailure {
    fn from(err: sqlx::Error) -> Self {
        SsoFailure::Internal(err.into())
    }
}

/// The sign-on under way in this browser's session.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Pending {
    slug: String,
    origin: String,
    csrf: String,
    nonce: String,
    verifier: String,
    next: String,
    /// A signed-in person linking the platform account to theirs.
    link_user_id: Option<i64>,
}

/// Where the provider's endpoints are: the built-in one at this site's `/dev/oidc` (development only).
fn issuer_of(state: &AppState, provider: &ProviderRow, origin: &str) -> Result<(String, bool), SsoFailure> {
    if provider.issuer_url == BUILTIN_ISSUER {
        if !state.settings.server.dev_mode {
            return Err(SsoFailure::Provider);
        }
        return Ok((format!("{origin}/dev/oidc"), true));
    }
    Ok((provider.issuer_url.clone(), false))
}

/// The provider discovered and its client set up, with the issuer when it is the built-in one.
async fn client_for(
    state: &AppState,
    provider: &ProviderRow,
    origin: &str,
) -> Result<(PlatformClient, Option<String>), SsoFailure> {
    let (issuer, builtin) = issuer_of(state, provider, origin)?;
    let builtin = builtin.then_some(issuer.clone());
    let http = crate::sso::ssr::http::client_for(state, builtin.clone());
    let issuer_url = IssuerUrl::new(issuer).map_err(|_| SsoFailure::Provider)?;
    let metadata = CoreProviderMetadata::discover_async(issuer_url, &http).await.map_err(|err| {
        tracing::warn!(provider = %provider.slug, error = %err, "single sign-on discovery failed");
        SsoFailure::Provider
    })?;
    let redirect =
        RedirectUrl::new(format!("{origin}/sso/{}/callback", provider.slug)).map_err(|_| SsoFailure::Provider)?;
    let client = PlatformClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect);
    Ok((client, builtin))
}

/// Starts a sign-on: returns the provider's authorization address for the browser.
pub async fn start(
    state: &AppState,
    session: &Session,
    slug: &str,
    origin: &str,
    next: &str,
    link_user_id: Option<i64>,
) -> Result<String, SsoFailure> {
    let provider = providers::enabled(state, slug).await?.ok_or(SsoFailure::Provider)?;
    let (client, _) = client_for(state, &provider, origin).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = Pending {
        slug: provider.slug,
        origin: origin.to_string(),
        csrf: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        next: next.to_string(),
        link_user_id,
    };
    session.insert(PENDING_KEY, pending).await.map_err(session_error)?;
    Ok(url.to_string())
}

/// The provider's subject and the ID number it asserts, from a verified ID token.
pub struct Verified {
    pub subject: String,
    pub id_number: Option<String>,
}

/// Verifies an ID token with the client's keys, issuer and audience, the server clock and the nonce.
pub fn verify(
    state: &AppState,
    client: &PlatformClient,
    token: &PlatformIdToken,
    nonce: &str,
) -> Result<Verified, SsoFailure> {
    let now_ms = state.now_ms();
    let verifier = client
        .id_token_verifier()
        .set_time_fn(move || chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default());
    let claims = token.claims(&verifier, &Nonce::new(nonce.to_string())).map_err(|err| {
        tracing::warn!(error = %err, "an ID token didn't verify");
        SsoFailure::Token
    })?;
    Ok(Verified {
        subject: claims.subject().as_str().to_string(),
        id_number: claims.additional_claims().id_number.clone(),
    })
}

/// Verifies a raw ID token as `finish` does (for tests of forged, expired and foreign tokens).
pub async fn verify_raw(
    state: &AppState,
    slug: &str,
    origin: &str,
    raw: &str,
    nonce: &str,
) -> Result<Verified, SsoFailure> {
    let provider = providers::enabled(state, slug).await?.ok_or(SsoFailure::Provider)?;
    let (client, _) = client_for(state, &provider, origin).await?;
    let token: PlatformIdToken = raw.parse().map_err(|_| SsoFailure::Token)?;
    verify(state, &client, &token, nonce)
}

/// Finishes the sign-on the provider sent back: returns the account and the page to return to.
pub async fn finish(
    state: &AppState,
    session: &Session,
    slug: &str,
    code: &str,
    returned_state: &str,
) -> Result<(UserRow, String), SsoFailure> {
    // Taken out of the session whatever happens next: a callback works once.
    let pending: Option<Pending> = session.remove(PENDING_KEY).await.map_err(session_error)?;
    let pending = pending.ok_or(SsoFailure::State)?;
    if pending.slug != slug || pending.csrf != returned_state || code.is_empty() {
        return Err(SsoFailure::State);
    }
    let provider = providers::enabled(state, slug).await?.ok_or(SsoFailure::Provider)?;
    let (client, builtin) = client_for(state, &provider, &pending.origin).await?;
    let http = crate::sso::ssr::http::client_for(state, builtin);
    let response = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|_| SsoFailure::Provider)?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(&http)
        .await
        .map_err(|err| {
            tracing::warn!(provider = %slug, error = %err, "the code exchange failed");
            SsoFailure::Token
        })?;
    let token = response.id_token().ok_or(SsoFailure::Token)?;
    let verified = verify(state, &client, token, &pending.nonce)?;
    let user = account_for(state, provider.id, &verified, pending.link_user_id).await?;
    Ok((user, pending.next))
}

/// The account a verified subject signs in to, linking it on first use.
async fn account_for(
    state: &AppState,
    provider_id: i64,
    verified: &Verified,
    link_user_id: Option<i64>,
) -> Result<UserRow, SsoFailure> {
    let linked: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM sso_links WHERE provider_id = $1 AND subject = $2")
            .bind(provider_id)
            .bind(&verified.subject)
            .fetch_optional(&state.db)
            .await?;
    let user_id = match (linked, link_user_id) {
        (Some((user_id,)), Some(linking)) if user_id != linking => return Err(SsoFailure::Taken),
        (Some((user_id,)), _) => user_id,
        (None, Some(linking)) => link(state, provider_id, &verified.subject, linking).await?,
        (None, None) => {
            let id_number =
                verified.id_number.as_deref().map(|n| n.trim().to_uppercase()).ok_or(SsoFailure::Unknown)?;
            let found: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM users WHERE id_number = $1 AND identity_status = 'verified'")
                    .bind(&id_number)
                    .fetch_optional(&state.db)
                    .await?;
            let (user_id,) = found.ok_or(SsoFailure::Unknown)?;
            link(state, provider_id, &verified.subject, user_id).await?
        }
    };
    users::by_id(&state.db, user_id).await?.ok_or(SsoFailure::Unknown)
}

async fn link(state: &AppState, provider_id: i64, subject: &str, user_id: i64) -> Result<i64, SsoFailure> {
    let now = state.now_ms();
    let inserted =
        sqlx::query("INSERT INTO sso_links (provider_id, subject, user_id, created_ms) VALUES ($1, $2, $3, $4)")
            .bind(provider_id)
            .bind(subject)
            .bind(user_id)
            .bind(now)
            .execute(&state.db)
            .await;
    match inserted {
        Ok(_) => {}
        Err(err) if is_any_unique_violation(&err) => return Err(SsoFailure::Taken),
        Err(err) => return Err(err.into()),
    }
    users::audit(&state.db, Some(user_id), "sso_link", subject, &provider_id.to_string(), now).await?;
    Ok(user_id)
}
