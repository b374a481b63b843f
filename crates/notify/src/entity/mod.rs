//! sea-orm entities of the notify tables, one file per table.

pub mod notification;
