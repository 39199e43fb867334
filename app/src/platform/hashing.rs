//! Argon2id password (and security answer) hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane),
//! run off the async runtime and limited in concurrency, so a burst of sign-ins queues instead of eating
//! all memory.
use std::sync::Arc;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHasher {
    pub fn new(concurrency: usize) -> Self {
        Self { permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    pub async fn hash(&self, secret: &str) -> Result<String, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let secret = secret.to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
    }

    /// False for a wrong secret; an unreadable stored hash is an internal error, not "wrong password".
    pub async fn verify(&self, secret: &str, stored: &str) -> Result<bool, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let (secret, stored) = (secret.to_owned(), stored.to_owned());
        tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&stored).map_err(AppError::internal)?;
            Ok(argon2().verify_password(secret.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(AppError::internal)?
    }
}
