//! The job kinds, schedules and event subscribers of this crate: the content check of large
//! uploads, and the sweeps of expired uploads and of upload keys whose URLs have run out.

pub mod check;
pub mod sweep;

use chrono::Duration;
use latih_jobs::{Every, Registry, Schedule};

use self::check::CheckMedia;
use self::sweep::{DropUploadLeftovers, ExpireStaleUploads, SWEEP_BATCH};

/// How often the sweeps run, cluster-wide.
const SWEEP_EVERY: Duration = Duration::minutes(5);

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<CheckMedia>().add::<ExpireStaleUploads>().add::<DropUploadLeftovers>();
    let schedules = [
        Schedule::new(
            "media.expire_stale_uploads",
            Every::Interval(SWEEP_EVERY),
            &ExpireStaleUploads { batch: SWEEP_BATCH },
        ),
        Schedule::new(
            "media.drop_upload_leftovers",
            Every::Interval(SWEEP_EVERY),
            &DropUploadLeftovers { batch: SWEEP_BATCH },
        ),
    ];
    for schedule in schedules {
        match schedule {
            Ok(schedule) => {
                registry.schedule(schedule);
            }
            // A payload of two integers always serializes; this would be a programming error.
            Err(error) => tracing::error!(%error, "a media schedule could not be built"),
        }
    }
}
