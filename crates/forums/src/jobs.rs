//! The job kinds, schedules and event subscribers of this crate.

use latih_jobs::Registry;

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(_registry: &mut Registry) {}
