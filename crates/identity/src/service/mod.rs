//! The identity rules, as plain async functions over a database connection.

pub mod auth;
pub mod import;
pub mod me;
pub mod organizations;
pub mod reporting;
pub mod rights;
pub mod throttle;
pub mod units;
pub mod users;
