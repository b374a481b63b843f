//! The job kinds, schedules and event subscribers of this crate: rendering certificate PDFs,
//! the JP at-risk checkpoints and the monthly summary for org admins.

pub mod jp_at_risk;
pub mod monthly_summary;
pub mod render_certificate;

use latih_jobs::{Every, Registry, Schedule};

pub use self::jp_at_risk::{JpAtRisk, JpAtRiskCheck};
pub use self::monthly_summary::MonthlySummary;
pub use self::render_certificate::RenderCertificate;

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<RenderCertificate>();
    registry.add::<JpAtRiskCheck>();
    registry.add::<MonthlySummary>();
    // Hourly: each organization's day starts at its own UTC hour, and a run on a day that is
    // no checkpoint (or no 1st) anywhere is one statement.
    match Schedule::new("progress.jp_at_risk", Every::Interval(chrono::Duration::hours(1)), &JpAtRiskCheck {}) {
        Ok(schedule) => {
            registry.schedule(schedule);
        }
        Err(error) => tracing::error!(%error, "the JP at-risk schedule could not be made"),
    }
    match Schedule::new("progress.monthly_summary", Every::Interval(chrono::Duration::hours(1)), &MonthlySummary {}) {
        Ok(schedule) => {
            registry.schedule(schedule);
        }
        Err(error) => tracing::error!(%error, "the monthly summary schedule could not be made"),
    }
}
