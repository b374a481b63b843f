//! The `latih` server: configuration, CLI commands, and the composition of every domain crate
//! into one HTTP application with its OpenAPI document.

pub mod admin;
pub mod app;
pub mod cli;
pub mod db;
pub mod jobs;
pub mod openapi;
pub mod platform;
pub mod private_fs;
pub mod security_headers;
pub mod seed;
pub mod settings;
pub mod state;
pub mod telemetry;

pub use app::build_app;
pub use settings::Settings;
pub use state::AppState;
