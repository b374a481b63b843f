//! The job kinds, schedules and event subscribers of this crate.

mod follow_ups_due;

use latih_jobs::{Every, Registry, Schedule};

pub use follow_ups_due::FollowUpsDue;

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<FollowUpsDue>();
    match Schedule::new("development.follow_ups_due", Every::Interval(chrono::Duration::hours(1)), &FollowUpsDue {}) {
        Ok(schedule) => {
            registry.schedule(schedule);
        }
        Err(error) => tracing::error!(%error, "the follow-up schedule could not be made"),
    }
}
