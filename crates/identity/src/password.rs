//! Password hashing with argon2id at OWASP parameters, always off the async executor.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use latih_kernel::error::FieldError;
use latih_kernel::{ApiError, ApiResult, Msg};

/// Hashes and checks passwords. Holds a hash of a random password so that a login for an
/// unknown person costs the same work as a wrong password.
#[derive(Clone, Debug)]
pub struct Passwords {
    decoy_hash: String,
}

/// A password a person chose: 8 to 128 characters.
pub fn check_new_password(raw: &str) -> Result<(), FieldError> {
    let length = raw.chars().count();
    if (8..=128).contains(&length) {
        Ok(())
    } else {
        Err(FieldError::new(
            "weak_password",
            Msg::new("Kata sandi 8 sampai 128 karakter.", "A password has 8 to 128 characters."),
        ))
    }
}

fn hash_blocking(password: &str) -> ApiResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(anyhow::anyhow!("argon2: {e}")))
}

impl Passwords {
    pub async fn new() -> ApiResult<Self> {
        let decoy: [u8; 16] = rand::random();
        let decoy = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, decoy);
        let decoy_hash =
            tokio::task::spawn_blocking(move || hash_blocking(&decoy)).await.map_err(ApiError::internal)??;
        Ok(Self { decoy_hash })
    }

    pub async fn hash(&self, password: String) -> ApiResult<String> {
        tokio::task::spawn_blocking(move || hash_blocking(&password)).await.map_err(ApiError::internal)?
    }

    /// Whether `password` matches `stored`; with no stored hash, checks against the decoy and
    /// answers false, taking the same time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> ApiResult<bool> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.decoy_hash.clone());
        let matched = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
                .unwrap_or(false)
        })
        .await
        .map_err(ApiError::internal)?;
        Ok(known && matched)
    }
}
