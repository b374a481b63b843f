//! Configuration: `LATIH_*` environment variables over an optional `latih.toml`, with defaults
//! that run on a laptop. An invalid value stops startup with a message naming the variable.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use jsonwebtoken::Algorithm;
use latih_identity::TrustedProxies;
use latih_media::model::{MediaLimits, MediaQuota};
use secrecy::SecretString;

/// Where media files live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Local,
    S3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// Without it, a SQLite file in the data dir.
    pub database_url: Option<SecretString>,
    pub database_max_connections: Option<u32>,
    pub storage: StorageKind,
    pub s3_endpoint: Option<String>,
    pub s3_bucket: Option<String>,
    pub s3_region: Option<String>,
    /// Without it, a secret generated once and kept in the data dir.
    pub jwt_secret: Option<SecretString>,
    pub jwt_algorithm: Algorithm,
    pub access_token_ttl_secs: i64,
    pub public_url: Option<String>,
    pub cors_origins: Vec<String>,
    pub log: String,
    pub log_format: LogFormat,
    /// Proxy networks whose `X-Forwarded-For` names the client (`LATIH_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// Absolute lifetime of a sign-in, in days.
    pub session_max_days: i64,
    /// How long a token check (session and person still standing) is reused, in seconds.
    pub auth_cache_secs: i64,
    pub import_max_bytes: usize,
    pub media_limits: MediaLimits,
    /// How long a declared upload may take.
    pub media_upload_ttl_secs: i64,
    /// How long a download URL works.
    pub media_download_ttl_secs: i64,
    /// What one person and one organization may store.
    pub media_quota: MediaQuota,
    /// An S3 access key id; without it the SDK's usual providers (`AWS_*` variables, ...).
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<SecretString>,
    /// A second listener that serves only `/metrics`, without a token.
    pub metrics_listen: Option<SocketAddr>,
    /// The bearer token that opens `/metrics` on the main listener; without it, `/metrics` is
    /// not served there.
    pub metrics_token: Option<SecretString>,
    /// Jobs one node runs at once (`LATIH_JOB_WORKERS`); 0 keeps `latih serve` from running
    /// jobs at all, for deployments with dedicated `latih worker` nodes.
    pub job_workers: usize,
    /// Whether webhooks may target loopback and private addresses
    /// (`LATIH_WEBHOOK_ALLOW_PRIVATE`, default false: an org admin could otherwise aim
    /// deliveries at the node's own network). Tests and on-premise bridges set it true.
    pub webhook_allow_private: bool,
    /// Where e-mail goes (`LATIH_SMTP_URL`, e.g. `smtp://127.0.0.1:2525`,
    /// `smtps://user:pass@host`); unset disables e-mail (outbox rows are kept as `skipped`).
    pub smtp_url: Option<SecretString>,
    /// The sender of e-mail (`LATIH_MAIL_FROM`); default `Latih <no-reply@host of the public URL>`.
    pub mail_from: Option<String>,
}

/// A configuration value that could not be used; says which variable and why.
#[derive(Debug, thiserror::Error)]
#[error("{variable} ({source_name}): {message}")]
pub struct ConfigError {
    pub variable: String,
    pub source_name: String,
    pub message: String,
}

/// Raw values by key (`listen`, `database_url`, ...), from the environment or the file.
struct Source {
    env: HashMap<String, String>,
    file: HashMap<String, String>,
    file_name: String,
}

impl Source {
    fn get(&self, key: &str) -> Option<(String, String, String)> {
        let variable = format!("LATIH_{}", key.to_ascii_uppercase());
        if let Some(value) = self.env.get(&variable) {
            return Some((variable, "environment".to_owned(), value.clone()));
        }
        self.file.get(key).map(|v| (format!("{key} in {}", self.file_name), "file".to_owned(), v.clone()))
    }

    fn parse<T>(&self, key: &str, default: T, parse: impl Fn(&str) -> Result<T, String>) -> Result<T, ConfigError> {
        match self.get(key) {
            None => Ok(default),
            Some((variable, source_name, raw)) => {
                parse(raw.trim()).map_err(|message| ConfigError { variable, source_name, message })
            }
        }
    }

    fn optional(&self, key: &str) -> Option<String> {
        self.get(key).map(|(_, _, v)| v.trim().to_owned()).filter(|v| !v.is_empty())
    }
}

fn parse_number<T>(raw: &str, low: T, high: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match raw.parse::<T>() {
        Ok(n) if n >= low && n <= high => Ok(n),
        _ => Err(format!("'{raw}' is not a whole number from {low} to {high}")),
    }
}

fn file_values(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let error =
        |message: String| ConfigError { variable: path.display().to_string(), source_name: "file".to_owned(), message };
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
    let table: toml::Table = text.parse().map_err(|e| error(format!("not valid TOML: {e}")))?;
    let mut values = HashMap::new();
    for (key, value) in table {
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map_or_else(|| item.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        values.insert(key.to_ascii_lowercase(), text);
    }
    Ok(values)
}

impl Settings {
    /// Reads the process environment and `LATIH_CONFIG` (default `./latih.toml`, if present).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().filter(|(k, _)| k.starts_with("LATIH_")).collect();
        let file = match env.get("LATIH_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("latih.toml")).filter(|p| p.exists()),
        };
        Self::load(env, file.as_deref())
    }

    /// Builds settings from explicit environment values and an optional file.
    pub fn load(env: HashMap<String, String>, file: Option<&Path>) -> Result<Self, ConfigError> {
        let source = Source {
            file: match file {
                Some(path) => file_values(path)?,
                None => HashMap::new(),
            },
            file_name: file.map(|p| p.display().to_string()).unwrap_or_default(),
            env,
        };
        let listen = source.parse("listen", SocketAddr::from(([127, 0, 0, 1], 8080)), |raw| {
            raw.parse().map_err(|_| format!("'{raw}' is not an address like 127.0.0.1:8080"))
        })?;
        if let Some((variable, source_name, _)) = source.get("trust_forwarded_for") {
            return Err(ConfigError {
                variable,
                source_name,
                message: "is no longer read: it trusted X-Forwarded-For from anyone. Set LATIH_TRUSTED_PROXIES \
                          to your proxies' networks instead (e.g. 10.244.0.0/16)"
                    .to_owned(),
            });
        }
        let storage = source.parse("storage", StorageKind::Local, |raw| match raw {
            "local" => Ok(StorageKind::Local),
            "s3" => Ok(StorageKind::S3),
            _ => Err(format!("'{raw}' is not local or s3")),
        })?;
        let settings = Settings {
            listen,
            data_dir: PathBuf::from(source.optional("data_dir").unwrap_or_else(|| "./data".to_owned())),
            database_url: source.optional("database_url").map(SecretString::from),
            database_max_connections: source
                .parse("database_max_connections", None, |raw| parse_number(raw, 1u32, 1000).map(Some))?,
            storage,
            s3_endpoint: source.optional("s3_endpoint"),
            s3_bucket: source.optional("s3_bucket"),
            s3_region: source.optional("s3_region"),
            jwt_secret: source.parse("jwt_secret", None, |raw| {
                if raw.len() >= 32 {
                    Ok(Some(SecretString::from(raw.to_owned())))
                } else {
                    Err("must be at least 32 characters".to_owned())
                }
            })?,
            jwt_algorithm: source.parse("jwt_algorithm", Algorithm::HS256, |raw| match raw {
                "HS256" => Ok(Algorithm::HS256),
                "HS384" => Ok(Algorithm::HS384),
                "HS512" => Ok(Algorithm::HS512),
                _ => Err(format!("'{raw}' is not HS256, HS384 or HS512")),
            })?,
            access_token_ttl_secs: source
                .parse("access_token_ttl_secs", 900, |raw| parse_number(raw, 60i64, 86_400))?,
            public_url: source.optional("public_url").map(|u| u.trim_end_matches('/').to_owned()),
            cors_origins: source.parse("cors_origins", Vec::new(), parse_origins)?,
            log: source.optional("log").unwrap_or_else(|| "info".to_owned()),
            log_format: source.parse("log_format", LogFormat::Text, |raw| match raw {
                "text" => Ok(LogFormat::Text),
                "json" => Ok(LogFormat::Json),
                _ => Err(format!("'{raw}' is not text or json")),
            })?,
            trusted_proxies: source.parse("trusted_proxies", TrustedProxies::default(), TrustedProxies::parse)?,
            session_max_days: source.parse("session_max_days", 30, |raw| parse_number(raw, 1i64, 365))?,
            auth_cache_secs: source.parse("auth_cache_secs", 5, |raw| parse_number(raw, 0i64, 300))?,
            import_max_bytes: source
                .parse("import_max_bytes", 5 * 1024 * 1024, |raw| parse_number(raw, 1024usize, 1 << 30))?,
            media_limits: media_limits(&source)?,
            media_upload_ttl_secs: source
                .parse("media_upload_ttl_secs", 6 * 3600, |raw| parse_number(raw, 60i64, 7 * 86_400))?,
            media_download_ttl_secs: source
                .parse("media_download_ttl_secs", 300, |raw| parse_number(raw, 10i64, 86_400))?,
            media_quota: media_quota(&source)?,
            s3_access_key_id: source.optional("s3_access_key_id"),
            s3_secret_access_key: source.optional("s3_secret_access_key").map(SecretString::from),
            metrics_listen: source.parse("metrics_listen", None, |raw| {
                raw.parse().map(Some).map_err(|_| format!("'{raw}' is not an address like 127.0.0.1:9090"))
            })?,
            metrics_token: source.parse("metrics_token", None, |raw| {
                if raw.len() >= 16 {
                    Ok(Some(SecretString::from(raw.to_owned())))
                } else {
                    Err("must be at least 16 characters".to_owned())
                }
            })?,
            job_workers: source.parse("job_workers", 4, |raw| parse_number(raw, 0usize, 256))?,
            webhook_allow_private: source.parse("webhook_allow_private", false, |raw| match raw {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(format!("'{raw}' is not true or false")),
            })?,
            smtp_url: source.parse("smtp_url", None, |raw| {
                if raw.starts_with("smtp://") || raw.starts_with("smtps://") {
                    Ok(Some(SecretString::from(raw.to_owned())))
                } else {
                    Err("must start with smtp:// or smtps://".to_owned())
                }
            })?,
            mail_from: source.optional("mail_from"),
        };
        if settings.s3_access_key_id.is_some() != settings.s3_secret_access_key.is_some() {
            return Err(ConfigError {
                variable: "LATIH_S3_ACCESS_KEY_ID".to_owned(),
                source_name: "environment".to_owned(),
                message: "and LATIH_S3_SECRET_ACCESS_KEY are set together or not at all".to_owned(),
            });
        }
        if settings.storage == StorageKind::S3 && settings.s3_bucket.is_none() {
            return Err(ConfigError {
                variable: "LATIH_S3_BUCKET".to_owned(),
                source_name: "environment".to_owned(),
                message: "is required when LATIH_STORAGE is s3".to_owned(),
            });
        }
        Ok(settings)
    }

    /// The address people and links use to reach this server.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }
}

fn media_limits(source: &Source) -> Result<MediaLimits, ConfigError> {
    let defaults = MediaLimits::default();
    let bytes = |raw: &str| parse_number(raw, 1u64, 5 * 1024 * 1024 * 1024 * 1024);
    Ok(MediaLimits {
        document: source.parse("media_max_document_bytes", defaults.document, bytes)?,
        video: source.parse("media_max_video_bytes", defaults.video, bytes)?,
        image: source.parse("media_max_image_bytes", defaults.image, bytes)?,
        archive: source.parse("media_max_archive_bytes", defaults.archive, bytes)?,
        evidence: source.parse("media_max_evidence_bytes", defaults.evidence, bytes)?,
        attachment: source.parse("media_max_attachment_bytes", defaults.attachment, bytes)?,
        inline_check: source.parse("media_inline_check_bytes", defaults.inline_check, |raw| {
            parse_number(raw, 0u64, 5 * 1024 * 1024 * 1024 * 1024)
        })?,
    })
}

fn media_quota(source: &Source) -> Result<MediaQuota, ConfigError> {
    let defaults = MediaQuota::default();
    let bytes = |raw: &str| parse_number(raw, 1u64, 1 << 60);
    Ok(MediaQuota {
        user: source.parse("media_quota_user_bytes", defaults.user, bytes)?,
        organization: source.parse("media_quota_organization_bytes", defaults.organization, bytes)?,
    })
}

fn parse_origins(raw: &str) -> Result<Vec<String>, String> {
    let mut origins = Vec::new();
    for origin in raw.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let valid = origin == "*"
            || ((origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.ends_with('/')
                && origin.matches('/').count() == 2);
        if !valid {
            return Err(format!("'{origin}' is not an origin like https://app.example.go.id"));
        }
        origins.push(origin.to_owned());
    }
    Ok(origins)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::Settings;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn defaults_work_without_any_setting() {
        let settings = Settings::load(HashMap::new(), None).expect("defaults");
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert!(settings.cors_origins.is_empty());
    }

    #[test]
    fn an_invalid_value_names_its_variable() {
        let error = Settings::load(env(&[("LATIH_LISTEN", "not-an-address")]), None).expect_err("invalid");
        assert!(error.to_string().starts_with("LATIH_LISTEN (environment):"), "{error}");
        let error = Settings::load(env(&[("LATIH_CORS_ORIGINS", "https://a.go.id/")]), None).expect_err("invalid");
        assert!(error.to_string().contains("LATIH_CORS_ORIGINS"), "{error}");
    }

    #[test]
    fn trusted_proxies_replace_trust_forwarded_for() {
        let error = Settings::load(env(&[("LATIH_TRUST_FORWARDED_FOR", "true")]), None).expect_err("refused");
        assert!(error.to_string().contains("LATIH_TRUSTED_PROXIES"), "{error}");
        let error = Settings::load(env(&[("LATIH_TRUSTED_PROXIES", "10.0.0.0/40")]), None).expect_err("invalid");
        assert!(error.to_string().starts_with("LATIH_TRUSTED_PROXIES (environment):"), "{error}");
        let settings =
            Settings::load(env(&[("LATIH_TRUSTED_PROXIES", "10.244.0.0/16, fd00::/8")]), None).expect("proxies");
        assert_ne!(settings.trusted_proxies, latih_identity::TrustedProxies::default());
        assert_eq!((settings.session_max_days, settings.auth_cache_secs), (30, 5));
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("latih-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("latih.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\nlog_format = \"json\"\ncors_origins = [\"https://a.go.id\"]\n",
        )
        .expect("write");
        let settings = Settings::load(env(&[("LATIH_LISTEN", "127.0.0.1:9001")]), Some(&file)).expect("load");
        assert_eq!(settings.listen.to_string(), "127.0.0.1:9001");
        assert_eq!(settings.log_format, super::LogFormat::Json);
        assert_eq!(settings.cors_origins, vec!["https://a.go.id".to_owned()]);
    }
}
