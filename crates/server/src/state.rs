//! Everything the handlers share, built once at startup from the settings.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use latih_identity::{AuthServices, IdentitySettings, Passwords, SessionGuard};
use latih_kernel::{Clock, TokenGuard, TokenKeys};
use sea_orm::DatabaseConnection;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use latih_courses::media_policy::LessonMedia;
use latih_media::signing::UrlSigner;
use latih_media::storage::{LocalStorage, S3Settings, S3Storage, Storage};
use latih_media::{MediaPolicies, MediaService};
use latih_progress::CompletionRequirements;
use latih_progress::media_policy::ClaimEvidence;
use latih_progress::quiz_hook::CompleteAfterQuiz;
use latih_quizzes::hooks::GradedHooks;

use crate::platform::metrics::Metrics;
use crate::private_fs::{create_private_dir, private_file_options};
use crate::settings::{Settings, StorageKind};

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub keys: TokenKeys,
    /// Whether a token's sign-in still stands; asked by every `AuthUser` extraction.
    pub token_guard: TokenGuard,
    pub auth: AuthServices,
    pub metrics: Metrics,
    pub media: MediaService,
    /// Extra conditions of course completion: the evaluation survey, when the course requires it.
    pub completion: CompletionRequirements,
    /// Who hears of graded quiz attempts (progress re-checks completion).
    pub graded_hooks: GradedHooks,
    /// E-mail: the SMTP transport (if configured), the sender, and the unsubscribe key.
    pub mailer: latih_notify::Mailer,
    /// The OpenAPI document, rendered once.
    pub openapi_json: Arc<String>,
}

/// The configured JWT secret, or the one kept in the data dir (made on first start).
fn jwt_secret(settings: &Settings) -> anyhow::Result<SecretString> {
    if let Some(secret) = &settings.jwt_secret {
        return Ok(secret.clone());
    }
    let path = settings.data_dir.join("jwt_secret");
    if path.exists() {
        let secret = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        return Ok(SecretString::from(secret.trim().to_owned()));
    }
    create_private_dir(&settings.data_dir).with_context(|| format!("creating {}", settings.data_dir.display()))?;
    let secret = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 48]>());
    write_private(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a JWT secret");
    Ok(SecretString::from(secret))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    private_file_options().open(path)?.write_all(contents.as_bytes())
}

impl AppState {
    /// Builds the shared state over an open, migrated database.
    pub async fn new(settings: Settings, db: DatabaseConnection, clock: Clock) -> anyhow::Result<Self> {
        let secret = jwt_secret(&settings)?;
        let kid = hex_prefix(&Sha256::digest(secret.expose_secret().as_bytes()));
        let keys = TokenKeys::hmac(
            secret.expose_secret().as_bytes(),
            kid,
            settings.jwt_algorithm,
            settings.access_token_ttl_secs,
        );
        let identity = IdentitySettings {
            import_max_bytes: settings.import_max_bytes,
            trusted_proxies: settings.trusted_proxies.clone(),
            session_max: chrono::Duration::days(settings.session_max_days),
            auth_cache: chrono::Duration::seconds(settings.auth_cache_secs),
            ..IdentitySettings::default()
        };
        let token_guard = TokenGuard(Arc::new(SessionGuard::new(db.clone(), clock.clone(), identity.auth_cache)));
        let passwords = Passwords::new().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let auth = AuthServices { keys: keys.clone(), passwords, settings: identity, clock: clock.clone() };
        let media = media_service(&settings, secret.expose_secret().as_bytes()).await?;
        let completion = CompletionRequirements(vec![Arc::new(latih_development::SurveyRequirement)]);
        let openapi_json = crate::openapi::document_json()?;
        let mailer = latih_notify::Mailer::new(&latih_notify::MailerConfig {
            smtp_url: settings.smtp_url.as_ref().map(|url| url.expose_secret()),
            from: settings.mail_from.as_deref(),
            public_url: &settings.public_url(),
            secret: secret.expose_secret().as_bytes(),
        })?;
        Ok(Self {
            settings: Arc::new(settings),
            db,
            clock,
            keys,
            token_guard,
            auth,
            metrics: Metrics::new(),
            media,
            graded_hooks: GradedHooks(vec![Arc::new(CompleteAfterQuiz(completion.clone()))]),
            completion,
            mailer,
            openapi_json: Arc::new(openapi_json),
        })
    }
}

/// The media store the settings choose, with the policies of the crates that use media.
async fn media_service(settings: &Settings, secret: &[u8]) -> anyhow::Result<MediaService> {
    let signer = UrlSigner::new(secret);
    let (storage, local): (Arc<dyn Storage>, Option<Arc<LocalStorage>>) = match settings.storage {
        StorageKind::Local => {
            let root = settings.data_dir.join("media");
            create_private_dir(&root).with_context(|| format!("creating {}", root.display()))?;
            let local = Arc::new(
                LocalStorage::new(root.clone(), signer.clone(), settings.public_url())
                    .with_context(|| format!("creating {}", root.display()))?,
            );
            (local.clone(), Some(local))
        }
        StorageKind::S3 => {
            let s3 = S3Settings {
                endpoint: settings.s3_endpoint.clone(),
                bucket: settings.s3_bucket.clone().unwrap_or_default(),
                region: settings.s3_region.clone().unwrap_or_else(|| "us-east-1".to_owned()),
                credentials: settings.s3_access_key_id.clone().zip(settings.s3_secret_access_key.clone()),
            };
            (Arc::new(S3Storage::connect(&s3).await), None)
        }
    };
    Ok(MediaService {
        storage,
        local,
        limits: settings.media_limits,
        quota: settings.media_quota,
        signer,
        policies: MediaPolicies::new(vec![Arc::new(LessonMedia), Arc::new(ClaimEvidence)]),
        upload_ttl: chrono::Duration::seconds(settings.media_upload_ttl_secs),
        download_ttl: chrono::Duration::seconds(settings.media_download_ttl_secs),
    })
}

fn hex_prefix(digest: &[u8]) -> String {
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}
