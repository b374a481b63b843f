//! Forums: course threads and posts with moderation and subscriptions, and mentoring (private
//! messages, meeting logs that count toward JP). Who hears of what goes through `latih_notify`.

mod jobs;
pub use jobs::register_jobs;

pub mod dto;
pub mod entity;
pub mod events;
pub mod model;
pub mod routes;
pub mod service;

/// Registers the forums endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
