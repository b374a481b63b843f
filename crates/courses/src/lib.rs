//! Courses: the catalog, outlines (sections and lessons), the draft → published → archived
//! workflow, enrolment, and classroom or webinar sessions with attendance.

mod jobs;
pub use jobs::{DueReminders, register_jobs};

pub mod access;
pub mod dto;
pub mod entity;
pub mod events;
pub mod lesson_quizzes;
pub mod media_policy;
pub mod model;
pub mod routes;
pub mod service;

pub use lesson_quizzes::{LessonQuizzes, QuizDirectory};

/// Registers the courses endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::configure(cfg);
}
