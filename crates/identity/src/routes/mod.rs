//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod auth;
pub mod me;
pub mod organizations;
pub mod units;
pub mod users;
pub mod users_import;
