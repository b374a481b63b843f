//! Learner progress: offline-safe lesson progress, course completion (exactly once),
//! verifiable certificates, the yearly JP ledger with claims, and compliance reports.

pub mod jobs;
pub use jobs::register_jobs;

pub mod certificate;
pub mod dto;
pub mod entity;
pub mod events;
pub mod media_policy;
pub mod merge;
pub mod model;
pub mod quiz_hook;
pub mod routes;
pub mod service;

pub use service::completion::{CompletionRequirement, CompletionRequirements};

/// Registers the progress endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
