//! Competency development: the competency dictionary (national and each agency's own), what
//! positions require and courses develop, assessments, and each person's competency gaps with
//! the courses that close them.

mod jobs;
pub use jobs::{FollowUpsDue, register_jobs};

pub mod dto;
pub mod entity;
pub mod events;
pub mod model;
pub mod routes;
pub mod service;

pub use service::evaluation::SurveyRequirement;

/// Registers the development endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
