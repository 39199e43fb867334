//! Argon2id password (and security answer) hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane),
//! run off the async runtime and limited in concurrency, so a burst of sign-ins queues instead of eating
//! all memory.
//!
//! The 19 MiB working memory comes from a small pool of buffers, one per permitted hash, reused for the
//! life of the process. Allocating it per hash left glibc holding a freed 19 MiB region in every thread's
//! arena: after a morning of sign-ins the server sat at over 1 GB although it needed a few dozen MB.
use std::sync::{Arc, Mutex};

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    buffers: Arc<Mutex<Vec<Vec<Block>>>>,
}

fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("static Argon2 parameters are valid")
}

impl PasswordHasher {
    /// At most `concurrency` hashes at once, and no more than there are cores: more would only make
    /// each one slower while holding its 19 MiB.
    pub fn new(concurrency: usize) -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self { permits: Arc::new(Semaphore::new(concurrency.min(cores).max(1))), buffers: Arc::default() }
    }

    pub async fn hash(&self, secret: &str) -> Result<String, AppError> {
        let secret = secret.to_owned();
        self.with_memory(move |memory| {
            let salt = SaltString::generate(&mut OsRng);
            let params = params();
            let output = compute(Algorithm::Argon2id, Version::V0x13, &params, &secret, &salt.as_salt(), memory)?;
            let phc = PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params).map_err(AppError::internal)?,
                salt: Some(salt.as_salt()),
                hash: Some(output),
            };
            Ok(phc.to_string())
        })
        .await
    }

    /// False for a wrong secret; an unreadable stored hash is an internal error, not "wrong password".
    pub async fn verify(&self, secret: &str, stored: &str) -> Result<bool, AppError> {
        let (secret, stored) = (secret.to_owned(), stored.to_owned());
        self.with_memory(move |memory| {
            let parsed = PasswordHash::new(&stored).map_err(AppError::internal)?;
            let algorithm = Algorithm::try_from(parsed.algorithm).map_err(AppError::internal)?;
            let version = parsed.version.map_or(Ok(Version::V0x13), Version::try_from).map_err(AppError::internal)?;
            let params = Params::try_from(&parsed).map_err(AppError::internal)?;
            let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
                return Err(AppError::internal("stored hash without salt or output"));
            };
            let params = Params::new(params.m_cost(), params.t_cost(), params.p_cost(), Some(expected.len()))
                .map_err(AppError::internal)?;
            let computed = compute(algorithm, version, &params, &secret, &salt, memory)?;
            // Output's equality is constant-time.
            Ok(computed == expected)
        })
        .await
    }

    /// Runs `work` on a blocking thread with a pooled working memory, within the concurrency limit.
    async fn with_memory<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let buffers = self.buffers.clone();
        tokio::task::spawn_blocking(move || {
            // Never more buffers than permits: each permit holder takes one and gives it back.
            let mut memory = buffers.lock().unwrap_or_else(|p| p.into_inner()).pop().unwrap_or_default();
            let result = work(&mut memory);
            buffers.lock().unwrap_or_else(|p| p.into_inner()).push(memory);
            result
        })
        .await
        .map_err(AppError::internal)?
    }
}

/// The raw Argon2 output for these parameters, in `memory` (grown once if a stored hash asks for more).
fn compute(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    secret: &str,
    salt: &argon2::password_hash::Salt<'_>,
    memory: &mut Vec<Block>,
) -> Result<Output, AppError> {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes).map_err(AppError::internal)?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let length = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    Output::init_with(length, |out| {
        argon2.hash_password_into_with_memory(secret.as_bytes(), salt, out, &mut memory[..])?;
        Ok(())
    })
    .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pooled_hashes_verify_and_match_the_reference_implementation() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier};
        let hasher = PasswordHasher::new(2);
        let ours = hasher.hash("correct horse").await.unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{ours}");
        assert!(hasher.verify("correct horse", &ours).await.unwrap());
        assert!(!hasher.verify("correct horsf", &ours).await.unwrap());
        // The crate's own verifier accepts our hash, and ours accepts the crate's.
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        reference.verify_password(b"correct horse", &PasswordHash::new(&ours).unwrap()).unwrap();
        let salt = SaltString::generate(&mut OsRng);
        let theirs = reference.hash_password(b"other secret", &salt).unwrap().to_string();
        assert!(hasher.verify("other secret", &theirs).await.unwrap());
        // Other parameters (a hash from an older configuration) still verify.
        let older = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(32 * 1024, 1, 1, None).unwrap());
        let older = older.hash_password(b"older", &salt).unwrap().to_string();
        assert!(hasher.verify("older", &older).await.unwrap());
        assert!(hasher.verify("x", "not a hash").await.is_err());
    }
}
