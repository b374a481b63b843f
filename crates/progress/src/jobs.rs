//! The job kinds, schedules and event subscribers of this crate: rendering certificate PDFs.

pub mod render_certificate;

use latih_jobs::Registry;

pub use self::render_certificate::RenderCertificate;

/// Adds this crate's job kinds, schedules and subscribers to `registry`.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<RenderCertificate>();
}
