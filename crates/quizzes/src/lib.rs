//! Quizzes: question pools, timed attempts with server-kept order and deadlines, grading
//! (automatic, and essays by staff), Aiken and GIFT import, item statistics and learning gain.

mod jobs;
pub use jobs::register_jobs;

pub mod dto;
pub mod entity;
pub mod events;
pub mod grading;
pub mod hooks;
pub mod import;
pub mod lesson_quizzes;
pub mod model;
pub mod routes;
pub mod service;
pub mod stats;

/// Registers the quizzes endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
