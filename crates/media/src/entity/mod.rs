//! sea-orm entities of the media tables.

pub mod media;
pub mod upload_leftover;
