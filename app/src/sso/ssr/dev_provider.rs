//! The built-in development provider (like the payment sandbox, development mode only): it stands for
//! the other government platform. Its sign-in page asks who you are there (ID number and name), it issues
//! single-use authorization codes bound to the client, the redirect address and the PKCE challenge, and
//! its token endpoint answers with an RS256 ID token signed by its own key (published in its JWKS). The
//! key is a fixed development key, public in this repository: never a real provider's.
use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::platform::{html_escape, AppState};
use crate::sso::ssr::http::url_escape;

/// The one client the development provider knows (the demo data configures it).
pub const DEV_CLIENT_ID: &str = "zhuanjia-dev";
pub const DEV_CLIENT_SECRET: &str = "zhuanjia-dev-secret";
const KEY_ID: &str = "dev-1";
/// Codes are good this long; ID tokens are valid this long.
const CODE_TTL_MS: i64 = 5 * 60_000;
const TOKEN_TTL_SECS: i64 = 5 * 60;

/// The provider's signing key (parsed once).
pub fn key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::from_pkcs8_pem(include_str!("../dev_provider_key.pem")).expect("the development key parses")
    })
}

/// The discovery document (`/.well-known/openid-configuration`) for `issuer`.
pub fn discovery(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "name", "id_number"],
    })
}

/// The key set that verifies the provider's ID tokens.
pub fn jwks() -> Value {
    let public = key().to_public_key();
    json!({"keys": [{
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KEY_ID,
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
    }]})
}

/// A compact RS256 JWT of `claims`, signed by `key` (tests sign with another key to forge one).
pub fn sign_jwt(claims: &Value, key: &RsaPrivateKey, key_id: &str) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": key_id});
    let signing_input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone());
    let signature = signer.sign(signing_input.as_bytes()).to_bytes();
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// The claims of an ID token for a person of the other platform.
pub fn id_token_claims(issuer: &str, client_id: &str, person: &PlatformPerson, nonce: &str, now_ms: i64) -> Value {
    let now = now_ms / 1000;
    json!({
        "iss": issuer, "aud": client_id, "sub": person.subject(), "iat": now, "exp": now + TOKEN_TTL_SECS,
        "nonce": nonce, "name": person.name, "id_number": person.id_number,
    })
}

/// Who signed in at the other platform.
pub struct PlatformPerson {
    pub id_number: String,
    pub name: String,
}

impl PlatformPerson {
    /// The platform's stable subject: derived from the ID number, so the same person is the same subject.
    pub fn subject(&self) -> String {
        let digest = Sha256::digest(self.id_number.trim().to_uppercase().as_bytes());
        format!("gov-{}", &hex::encode(digest)[..20])
    }
}

/// The authorization request the sign-in page carries through.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AuthorizeRequest {
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub redirect_uri: String,
    #[serde(default)]
    pub response_type: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub nonce: String,
    #[serde(default)]
    pub code_challenge: String,
    #[serde(default)]
    pub code_challenge_method: String,
}

impl AuthorizeRequest {
    /// What the provider refuses before showing its page: another client, an address of another site
    /// (the code would leak there), no PKCE.
    pub fn check(&self, issuer: &str) -> Result<(), &'static str> {
        let site = issuer.trim_end_matches("/dev/oidc");
        if self.client_id != DEV_CLIENT_ID {
            return Err("unknown client_id");
        }
        if !self.redirect_uri.starts_with(&format!("{site}/sso/")) {
            return Err("redirect_uri is not this site's");
        }
        if self.response_type != "code" || self.code_challenge_method != "S256" || self.code_challenge.len() < 43 {
            return Err("only the code flow with an S256 PKCE challenge");
        }
        Ok(())
    }
}

/// The page's "sign in": a single-use code for this person, returned to the client's address.
pub async fn issue_code(
    state: &AppState,
    request: &AuthorizeRequest,
    person: &PlatformPerson,
) -> Result<String, AppError> {
    let code: String = {
        let bytes: [u8; 24] = rand::thread_rng().gen();
        URL_SAFE_NO_PAD.encode(bytes)
    };
    sqlx::query(
        "INSERT INTO dev_oidc_codes (code, client_id, redirect_uri, code_challenge, nonce, subject, name, id_number, \
         created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&code)
    .bind(&request.client_id)
    .bind(&request.redirect_uri)
    .bind(&request.code_challenge)
    .bind(&request.nonce)
    .bind(person.subject())
    .bind(person.name.trim())
    .bind(person.id_number.trim().to_uppercase())
    .bind(state.now_ms())
    .execute(&state.db)
    .await?;
    let separator = if request.redirect_uri.contains('?') { '&' } else { '?' };
    Ok(format!("{}{separator}code={}&state={}", request.redirect_uri, url_escape(&code), url_escape(&request.state)))
}

/// The token endpoint: `form` is the request body's fields, `basic` the client's HTTP Basic credentials.
/// Answers (HTTP status, JSON body) as RFC 6749 says; a code is used once, by its client, with its
/// redirect address and the verifier of its challenge.
pub async fn token(
    state: &AppState,
    issuer: &str,
    form: &std::collections::HashMap<String, String>,
    basic: Option<(String, String)>,
) -> Result<(u16, Value), AppError> {
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let (client_id, secret) = basic.unwrap_or_else(|| (field("client_id"), field("client_secret")));
    if client_id != DEV_CLIENT_ID || secret != DEV_CLIENT_SECRET {
        return Ok((401, json!({"error": "invalid_client"})));
    }
    if field("grant_type") != "authorization_code" {
        return Ok((400, json!({"error": "unsupported_grant_type"})));
    }
    let now = state.now_ms();
    // Used once: of two exchanges of the same code, one marks it.
    type CodeRow = (String, String, String, String, String, String);
    let row: Option<CodeRow> = sqlx::query_as(
        "UPDATE dev_oidc_codes SET used_ms = $1 WHERE code = $2 AND used_ms IS NULL AND created_ms > $3 \
         RETURNING client_id, redirect_uri, code_challenge, nonce, name, id_number",
    )
    .bind(now)
    .bind(field("code"))
    .bind(now - CODE_TTL_MS)
    .fetch_optional(&state.db)
    .await?;
    let invalid = |why: &str| Ok((400, json!({"error": "invalid_grant", "error_description": why})));
    let Some((code_client, redirect_uri, challenge, nonce, name, id_number)) = row else {
        return invalid("unknown, used or expired code");
    };
    if code_client != client_id || redirect_uri != field("redirect_uri") {
        return invalid("the code was issued to another client or address");
    }
    let verifier = field("code_verifier");
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
        return invalid("the PKCE verifier doesn't match the challenge");
    }
    let person = PlatformPerson { id_number, name };
    let id_token = sign_jwt(&id_token_claims(issuer, &client_id, &person, &nonce, now), key(), KEY_ID);
    let access_token = {
        let bytes: [u8; 24] = rand::thread_rng().gen();
        URL_SAFE_NO_PAD.encode(bytes)
    };
    Ok((
        200,
        json!({"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_TTL_SECS, "id_token": id_token}),
    ))
}

/// The provider's sign-in page: the authorization request carried in hidden fields.
pub fn sign_in_page(request: &AuthorizeRequest, error: Option<&str>) -> String {
    let hidden = [
        ("client_id", &request.client_id),
        ("redirect_uri", &request.redirect_uri),
        ("response_type", &request.response_type),
        ("state", &request.state),
        ("nonce", &request.nonce),
        ("code_challenge", &request.code_challenge),
        ("code_challenge_method", &request.code_challenge_method),
    ]
    .iter()
    .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{}">"#, html_escape(value)))
    .collect::<String>();
    let error = error.map(|e| format!(r#"<p role="alert">{}</p>"#, html_escape(e))).unwrap_or_default();
    format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>政务服务平台登录（开发用）</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto">
<h1>政务服务平台登录（开发用）</h1>
<p>此页面代表外部政务平台，仅在开发模式下提供。</p>{error}
<form method="post" action="authorize">{hidden}
<p><label for="id_number">证件号码</label><br><input id="id_number" name="id_number" required maxlength="18"></p>
<p><label for="name">姓名</label><br><input id="name" name="name" required maxlength="50"></p>
<p><button type="submit">登录并返回</button></p>
</form></body></html>"#
    )
}
