//! Prometheus metrics: request count and latency histogram by method, route and status, served
//! on a listener of their own or, with a token, on the main one.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, get, web};
use latih_jobs::{JobStatus, Outcome};
use latih_kernel::{ApiError, Msg, problem};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The matched route pattern (`/api/v1/users/{id}`), never the raw path, so ids do not
    /// explode the label space.
    pub route: String,
    pub status: u16,
}

type Latency = Family<RequestLabels, Histogram, fn() -> Histogram>;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub kind: String,
    /// `done`, `retried` or `dead`.
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DepthLabels {
    pub kind: String,
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

type KindLatency = Family<KindLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Mutex<Registry>>,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    jobs: Family<JobLabels, Counter>,
    job_duration: KindLatency,
    queue_depth: Family<DepthLabels, Gauge>,
    emails: Family<OutcomeLabels, Counter>,
    webhook_deliveries: Family<OutcomeLabels, Counter>,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("latih");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request", latency.clone());
        let jobs = Family::<JobLabels, Counter>::default();
        let job_duration: KindLatency = Family::new_with_constructor(latency_histogram);
        let queue_depth = Family::<DepthLabels, Gauge>::default();
        let emails = Family::<OutcomeLabels, Counter>::default();
        let webhook_deliveries = Family::<OutcomeLabels, Counter>::default();
        registry.register("jobs", "Tries of background jobs, by kind and how they ended", jobs.clone());
        registry.register("job_duration_seconds", "Time one try of a job took, by kind", job_duration.clone());
        registry.register("job_queue_depth", "Jobs waiting, running or dead, by kind and status", queue_depth.clone());
        registry.register("emails", "E-mails handed to the SMTP server (sent) or not (failed)", emails.clone());
        registry.register("webhook_deliveries", "Webhook POSTs, by how they ended", webhook_deliveries.clone());
        Self {
            registry: Arc::new(Mutex::new(registry)),
            requests,
            latency,
            jobs,
            job_duration,
            queue_depth,
            emails,
            webhook_deliveries,
        }
    }

    /// Counts one try of a job; e-mail and webhook jobs also count as sent or failed.
    pub fn observe_job(&self, kind: &str, outcome: Outcome, took: Duration) {
        let outcome_name = match outcome {
            Outcome::Done => "done",
            Outcome::Retried => "retried",
            Outcome::Dead => "dead",
        };
        self.jobs.get_or_create(&JobLabels { kind: kind.to_owned(), outcome: outcome_name.to_owned() }).inc();
        self.job_duration.get_or_create(&KindLabels { kind: kind.to_owned() }).observe(took.as_secs_f64());
        let delivered = if outcome == Outcome::Done { "sent" } else { "failed" };
        if kind == latih_notify::EMAIL_JOB_KIND {
            self.emails.get_or_create(&OutcomeLabels { outcome: delivered.to_owned() }).inc();
        } else if kind == latih_notify::WEBHOOK_JOB_KIND {
            self.webhook_deliveries.get_or_create(&OutcomeLabels { outcome: delivered.to_owned() }).inc();
        }
    }

    /// Replaces the queue-depth gauge with `rows` (kind, status, count); kinds that emptied
    /// drop to zero.
    pub fn set_queue_depth(&self, rows: &[(String, JobStatus, i64)]) {
        self.queue_depth.clear();
        for (kind, status, count) in rows {
            let labels = DepthLabels { kind: kind.clone(), status: status.as_str().to_owned() };
            self.queue_depth.get_or_create(&labels).set(*count);
        }
    }

    pub fn observe(&self, labels: RequestLabels, seconds: f64) {
        self.latency.get_or_create(&labels).observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    pub fn render(&self) -> Result<String, ApiError> {
        let registry =
            self.registry.lock().map_err(|_| ApiError::internal(anyhow::anyhow!("metrics lock poisoned")))?;
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry).map_err(ApiError::internal)?;
        Ok(text)
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Middleware: times every request and counts it under its route pattern.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = req.method().to_string();
    let started = Instant::now();
    let res = next.call(req).await?;
    if let Some(metrics) = metrics {
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        let labels = RequestLabels { method, route, status: res.status().as_u16() };
        metrics.observe(labels, started.elapsed().as_secs_f64());
    }
    Ok(res)
}

/// Who may read `/metrics` where it is served.
#[derive(Clone)]
pub enum MetricsAccess {
    /// The metrics listener (`LATIH_METRICS_LISTEN`): an address of its own, no token.
    Open,
    /// The main listener with `LATIH_METRICS_TOKEN`: only with that bearer token.
    Token(SecretString),
    /// The main listener without a token: not served at all.
    Closed,
}

impl MetricsAccess {
    /// The access of the main listener.
    pub fn main_listener(token: Option<&SecretString>) -> Self {
        token.map_or(MetricsAccess::Closed, |token| MetricsAccess::Token(token.clone()))
    }
}

/// Whether `header` is `Bearer <token>`, compared by digest so the time taken says nothing
/// about how much of it matched.
fn bearer_matches(header: Option<&str>, token: &SecretString) -> bool {
    let Some((scheme, presented)) = header.and_then(|h| h.trim().split_once(' ')) else { return false };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return false;
    }
    let presented = Sha256::digest(presented.trim().as_bytes());
    let expected = Sha256::digest(token.expose_secret().as_bytes());
    presented.iter().zip(expected.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Prometheus text exposition of the request metrics. Served on `LATIH_METRICS_LISTEN`, or
/// here with `Authorization: Bearer $LATIH_METRICS_TOKEN` (not an access token); without a
/// configured token it is not served here (404).
#[utoipa::path(
    tag = "platform",
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 401, description = "Missing or wrong metrics token", headers(("WWW-Authenticate" = String))),
        (status = 404, description = "No metrics token configured: served only on the metrics listener"),
    )
)]
#[get("/metrics")]
pub async fn get_metrics(
    req: HttpRequest,
    metrics: web::Data<Metrics>,
    access: web::Data<MetricsAccess>,
) -> Result<HttpResponse, ApiError> {
    match access.get_ref() {
        MetricsAccess::Open => {}
        MetricsAccess::Closed => return Err(ApiError::not_found()),
        MetricsAccess::Token(token) => {
            let header = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
            if !bearer_matches(header, token) {
                return Err(ApiError::Unauthenticated(Msg::new(
                    "Diperlukan token metrik yang sah.",
                    "A valid metrics token is required.",
                )));
            }
        }
    }
    let text = metrics.render()?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found())
}

/// The application of the metrics listener: `/metrics` and nothing else.
pub fn build_metrics_app(
    metrics: Metrics,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(metrics))
        .app_data(web::Data::new(MetricsAccess::Open))
        .service(get_metrics)
        .default_service(web::to(not_found))
        .wrap(from_fn(problem::localize))
        .wrap(from_fn(crate::security_headers::apply))
}
