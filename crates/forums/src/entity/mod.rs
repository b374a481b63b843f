//! sea-orm entities of the forums and mentoring tables, one file per table.

pub mod mentoring_log;
pub mod mentorship;
pub mod mentorship_message;
pub mod post;
pub mod post_report;
pub mod thread;
pub mod thread_subscription;
