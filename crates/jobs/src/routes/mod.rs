//! `/jobs`: operators' view of the queue.

mod jobs;

/// Registers the job endpoints (under the API scope).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(jobs::list_jobs).service(jobs::retry_job);
}
