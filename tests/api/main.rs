//! Black-box tests of the Latih API: one binary, modules mirroring the URLs.

mod auth;
mod docs;
mod errors;
mod migrations;
mod openapi;
mod organizations;
mod platform;
mod users;
mod users_import;
