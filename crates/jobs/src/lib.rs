//! The durable job queue every crate hands work to that need not finish inside a request.
//!
//! A job is a typed struct ([`Job`]) serialized into the `jobs` table by [`enqueue`], inside the
//! transaction of the change that causes it, so the work exists exactly when the change does.
//! Any node's [`Runner`] claims due jobs (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one
//! writer), runs them with a per-kind timeout, and retries failures with exponential backoff and
//! jitter until a kind's attempts are spent, when the job is `dead` and waits for an operator.
//! A node killed mid-job leaves a lease that runs out; the job is then claimed again, so none is
//! lost. Recurring work is a [`Schedule`]: a conditional update on its row picks exactly one node
//! per due time, cluster-wide.
//!
//! Domain events ride on the same queue: [`publish`] stores an [`Event`] in the writing
//! transaction with one dispatch job, which enqueues a delivery job per subscriber registered
//! with [`Registry::on`] (typed) or [`Registry::on_names`] (by name, for webhooks and xAPI).

mod backoff;
pub mod dto;
pub mod entity;
mod events;
mod job;
mod queue;
mod registry;
mod routes;
mod runner;
mod schedule;
mod services;

pub use entity::job::JobStatus;
pub use events::{Event, EventRecord, publish};
pub use job::{Enqueued, Job, enqueue, enqueue_at};
pub use queue::{depth, prune_done, retry_dead};
pub use registry::Registry;
pub use runner::{JobContext, Observer, Outcome, Runner};
pub use schedule::{Every, Schedule};
pub use services::Services;

/// Registers the job endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
