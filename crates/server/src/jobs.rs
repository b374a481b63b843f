//! The background side of a node: every crate's job kinds, schedules and event subscribers in
//! one registry, the services their handlers ask for, and a runner that reports to the metrics.

use std::sync::Arc;
use std::time::Duration;

use latih_jobs::{Observer, Registry, Runner, Services};

use crate::state::AppState;

/// Every job kind, schedule and subscriber this build knows, lowest crate first.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    latih_notify::register_jobs(&mut registry);
    latih_media::register_jobs(&mut registry);
    latih_courses::register_jobs(&mut registry);
    latih_quizzes::register_jobs(&mut registry);
    latih_progress::register_jobs(&mut registry);
    latih_forums::register_jobs(&mut registry);
    latih_development::register_jobs(&mut registry);
    registry
}

/// What job handlers may ask their context for (`ctx.services.get::<T>()`).
pub fn services(state: &AppState) -> Services {
    let mut services = Services::new();
    services.insert(state.media.clone());
    services.insert(state.completion.clone());
    services.insert(state.graded_hooks.clone());
    services.insert(state.mailer.clone());
    services.insert(latih_progress::routes::certificates::PublicUrl(state.settings.public_url()));
    services.insert(latih_notify::webhooks::WebhookSender::new(webhook_policy(state)));
    services
}

/// Where webhooks may send, from the settings.
pub fn webhook_policy(state: &AppState) -> latih_notify::webhooks::WebhookPolicy {
    latih_notify::webhooks::WebhookPolicy { allow_private: state.settings.webhook_allow_private }
}

/// A runner over `state`'s database with every registered kind, `LATIH_JOB_WORKERS` at once.
pub fn runner(state: &AppState) -> Runner {
    let metrics = state.metrics.clone();
    let observer: Observer = Arc::new(move |kind, outcome, took| metrics.observe_job(kind, outcome, took));
    Runner::new(state.db.clone(), state.clock.clone(), registry(), services(state))
        .concurrency(state.settings.job_workers)
        .observe(observer)
}

/// Keeps the queue-depth gauge current, every `every`, until the process ends. Only reads.
pub async fn watch_depth(state: AppState, every: Duration) {
    let mut interval = tokio::time::interval(every);
    loop {
        interval.tick().await;
        if let Err(error) = refresh_depth(&state).await {
            tracing::warn!(%error, "reading the queue depth failed");
        }
    }
}

/// Sets the queue-depth gauge from one read of the queue.
pub async fn refresh_depth(state: &AppState) -> Result<(), sea_orm::DbErr> {
    let rows = latih_jobs::depth(&state.db).await?;
    state.metrics.set_queue_depth(&rows);
    Ok(())
}
