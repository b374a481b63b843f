//! sea-orm entities of the notify tables, one file per table.

pub mod email_outbox;
pub mod notification;
pub mod preference;
