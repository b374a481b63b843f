//! The job kinds, schedules and event subscribers of this crate.

mod due_reminders;

use latih_jobs::{Every, Registry, Schedule};

pub use due_reminders::DueReminders;

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<DueReminders>();
    // Hourly: each organization's day starts at its own UTC hour, and a run that finds nothing
    // new is a handful of indexed statements.
    match Schedule::new("courses.due_reminders", Every::Interval(chrono::Duration::hours(1)), &DueReminders {}) {
        Ok(schedule) => {
            registry.schedule(schedule);
        }
        Err(error) => tracing::error!(%error, "the due-date reminder schedule could not be made"),
    }
}
