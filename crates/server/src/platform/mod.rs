//! Platform endpoints: health, readiness, the OpenAPI document, the docs page and metrics.

pub mod docs;
pub mod health;
pub mod metrics;
