//! The webhook tables: the registered URLs and one delivery per webhook and event.

pub mod delivery;
pub mod webhook;
