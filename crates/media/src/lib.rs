//! Media: files in a local folder or an S3-compatible store, uploaded directly by clients,
//! checked on completion (size, SHA-256, real type), and read through short-lived URLs by the
//! people allowed to.

pub mod jobs;
pub use jobs::register_jobs;

pub mod dto;
pub mod entity;
pub mod model;
pub mod policy;
pub mod routes;
pub mod service;
pub mod signing;
pub mod storage;

pub use policy::{MediaPolicies, MediaPolicy};
pub use service::MediaService;

/// Registers the media endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
