//! The HTTP side of a delivery: one client per node (rustls, 10 s timeout, no redirects, no
//! proxy), whose resolver refuses private addresses unless the operator allows them, so a
//! webhook cannot be aimed at the node's own network by a name that resolves there.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::model::{WebhookPolicy, is_public, names_private_host};
use super::sign;

/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const USER_AGENT: &str = concat!("Latih-Webhooks/", env!("CARGO_PKG_VERSION"));

/// What became of one POST.
#[derive(Debug)]
pub enum Answer {
    /// The receiver answered with this status.
    Status(u16),
    /// No answer: refused target, connection, TLS or timeout, with why.
    Unreachable(String),
}

/// Sends deliveries; the server puts one in the jobs' services.
#[derive(Debug)]
pub struct WebhookSender {
    policy: WebhookPolicy,
    client: OnceLock<reqwest::Client>,
}

impl WebhookSender {
    pub fn new(policy: WebhookPolicy) -> Self {
        Self { policy, client: OnceLock::new() }
    }

    fn client(&self) -> anyhow::Result<&reqwest::Client> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        if !self.policy.allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        let built = builder.build().map_err(|error| anyhow::anyhow!("building the webhook client: {error}"))?;
        Ok(self.client.get_or_init(|| built))
    }

    /// POSTs `body` to `url`, signed with `secret` at `timestamp`.
    pub async fn post(&self, url: &str, secret: &str, timestamp: i64, body: Vec<u8>) -> anyhow::Result<Answer> {
        let Ok(url) = Url::parse(url) else {
            return Ok(Answer::Unreachable("the URL does not parse".to_owned()));
        };
        if !self.policy.allow_private && names_private_host(&url) {
            return Ok(Answer::Unreachable("the URL points to a private address".to_owned()));
        }
        let signature = sign::signature(secret.as_bytes(), timestamp, &body);
        let sent = self
            .client()?
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(sign::HEADER, signature)
            .body(body)
            .send()
            .await;
        Ok(match sent {
            Ok(response) => Answer::Status(response.status().as_u16()),
            Err(error) => Answer::Unreachable(describe(&error)),
        })
    }
}

/// The cause of a failed send, without the URL (it may carry a token in its query).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "the request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        cause = inner.to_string();
        source = inner.source();
    }
    if cause.is_empty() { kind.to_owned() } else { format!("{kind}: {cause}") }
}

/// Resolves names like the system does, keeping only public addresses.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|address| is_public(address.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addresses: Addrs = Box::new(public.into_iter());
            Ok(addresses)
        })
    }
}
