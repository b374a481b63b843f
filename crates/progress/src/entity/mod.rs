//! sea-orm entities of the progress tables, one file per table.

pub mod certificate;
pub mod jp_claim;
pub mod jp_entry;
pub mod lesson_progress;
pub mod progress_event;
