//! The job kinds, schedules and event subscribers of this crate.

use latih_jobs::Registry;

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    crate::mail::register_jobs(registry);
    crate::webhooks::register_jobs(registry);
}
