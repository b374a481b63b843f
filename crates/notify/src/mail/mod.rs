//! E-mail: the [`Mailer`] the server builds from its settings, the templates, the signed
//! one-click unsubscribe tokens, the `notify.email` job that drains the outbox, and digests.

mod digest;
mod job;
mod mailer;
mod templates;
mod token;

pub use digest::{DIGEST_JOB_KIND, DigestTick};
pub use job::EmailJob;
pub use mailer::{Mailer, MailerConfig};
pub use templates::escape;
pub use token::UnsubscribeToken;

use latih_jobs::{Every, Registry, Schedule};

/// The e-mail job kinds and the hourly digest tick.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<EmailJob>().add::<DigestTick>();
    match Schedule::new("notify.digests", Every::Interval(chrono::Duration::hours(1)), &DigestTick {}) {
        Ok(schedule) => {
            registry.schedule(schedule);
        }
        Err(error) => tracing::error!(%error, "the digest schedule could not be made"),
    }
}
