//! sea-orm entities of the identity tables, one file per table. Never request or response bodies.

pub mod login_throttle;
pub mod organization;
pub mod position;
pub mod refresh_token;
pub mod session;
pub mod unit;
pub mod user;
