//! The job kinds, schedules and event subscribers of this crate: grading attempts left open
//! past their deadline.

pub mod grade_overdue;

use chrono::Duration;
use latih_jobs::{Every, Registry, Schedule};

use self::grade_overdue::{BATCH, GradeOverdueAttempts};

/// How often overdue attempts are graded, cluster-wide.
const GRADE_EVERY: Duration = Duration::minutes(1);

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<GradeOverdueAttempts>();
    match Schedule::new("quizzes.grade_overdue", Every::Interval(GRADE_EVERY), &GradeOverdueAttempts { batch: BATCH }) {
        Ok(schedule) => {
            registry.schedule(schedule);
        }
        // A payload of one integer always serializes; this would be a programming error.
        Err(error) => tracing::error!(%error, "the quizzes schedule could not be built"),
    }
}
