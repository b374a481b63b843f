//! Telling people and systems what happened: in-app notifications with per-person preferences
//! and digests, e-mail through an SMTP outbox drained by jobs, and signed webhooks for
//! integrators. Domain crates call [`send`] in their writing transaction; everything that
//! leaves the process runs as a job.

mod jobs;

pub mod dto;
pub mod entity;
pub mod mail;
pub mod notice;
pub mod routes;
pub mod service;
pub mod webhooks;

pub use jobs::register_jobs;
pub use mail::{Mailer, MailerConfig};
pub use notice::{Notice, NoticeKind, send};

/// Registers the notification and webhook endpoints (under the API scope).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
    webhooks::configure(cfg);
}

/// The kind of the job that hands one e-mail to the SMTP server (counted as sent or failed).
pub const EMAIL_JOB_KIND: &str = "notify.email";
/// The kind of the job that POSTs one event to one webhook.
pub const WEBHOOK_JOB_KIND: &str = "notify.webhook";
