//! The SMTP side: a transport built from `LATIH_SMTP_URL` (none: e-mail is disabled), the sender,
//! and what links in e-mails need (the public URL, its host for Message-IDs, the token key).

use std::sync::Arc;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// What the server reads from its settings.
pub struct MailerConfig<'a> {
    /// `smtp://host:port`, `smtps://user:pass@host`, `smtp://host?tls=required`; `None` disables
    /// e-mail (the outbox still records what would have gone, as `skipped`).
    pub smtp_url: Option<&'a str>,
    /// `Latih <no-reply@host>` by default.
    pub from: Option<&'a str>,
    /// `LATIH_PUBLIC_URL`, without a trailing slash.
    pub public_url: &'a str,
    /// The server secret, from which the unsubscribe key is derived.
    pub secret: &'a [u8],
}

/// How one try to hand a message to the SMTP server ended.
#[derive(Debug)]
pub enum SendError {
    /// A 5xx or a message the server can never take: do not try again.
    Permanent(String),
    /// A 4xx, a refused or broken connection, a timeout: try again later.
    Transient(String),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    pub(crate) from: Mailbox,
    pub(crate) public_url: String,
    pub(crate) host: String,
    pub(crate) key: Arc<[u8]>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("enabled", &self.transport.is_some()).field("from", &self.from).finish()
    }
}

impl Mailer {
    /// Checks the URL and the sender; an error names what is wrong (startup stops on it).
    pub fn new(config: &MailerConfig<'_>) -> anyhow::Result<Self> {
        let host = config
            .public_url
            .split("://")
            .nth(1)
            .unwrap_or(config.public_url)
            .split(['/', ':', '?'])
            .next()
            .filter(|h| !h.is_empty())
            .unwrap_or("localhost")
            .to_owned();
        let from_text = config.from.map_or_else(|| format!("Latih <no-reply@{host}>"), str::to_owned);
        let from: Mailbox = from_text.parse().map_err(|e| anyhow::anyhow!("LATIH_MAIL_FROM '{from_text}': {e}"))?;
        let transport = match config.smtp_url {
            None => None,
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("LATIH_SMTP_URL is not a usable SMTP URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            ),
        };
        let key = {
            use hmac::Mac;
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(config.secret)
                .map_err(|e| anyhow::anyhow!("unsubscribe key: {e}"))?;
            mac.update(b"latih notify unsubscribe v1");
            mac.finalize().into_bytes().to_vec()
        };
        Ok(Self {
            transport,
            from,
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            host,
            key: Arc::from(key),
        })
    }

    pub fn enabled(&self) -> bool {
        self.transport.is_some()
    }

    /// The key unsubscribe tokens are signed with.
    pub fn token_key(&self) -> &[u8] {
        &self.key
    }

    /// `<local@host>` for a stored Message-ID local part.
    pub(crate) fn message_id(&self, local: &str) -> String {
        format!("<{local}@{}>", self.host)
    }

    pub(crate) async fn deliver(&self, message: Message) -> Result<(), SendError> {
        let Some(transport) = &self.transport else {
            return Err(SendError::Permanent("e-mail is not configured".to_owned()));
        };
        match transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
            Err(error) => Err(SendError::Transient(error.to_string())),
        }
    }
}
