//! Courses: the catalog, outlines (sections and lessons), the draft → published → archived
//! workflow, enrolment, and classroom or webinar sessions with attendance.

pub mod access;
pub mod dto;
pub mod entity;
pub mod media_policy;
pub mod model;
pub mod routes;
pub mod service;

/// Registers the courses endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
