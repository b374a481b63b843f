//! Black-box tests of the Latih API: one binary, modules mirroring the URLs.

mod auth;
mod courses;
mod development;
mod docs;
mod errors;
mod forums;
mod gets;
mod jobs;
mod media;
mod migrations;
mod notify;
mod openapi;
mod organizations;
mod platform;
mod progress;
mod quizzes;
mod reminders;
mod security_headers;
mod seed;
mod users;
mod users_import;
mod webhooks;
