//! sea-orm entities of the courses tables, one file per table.

pub mod course;
pub mod course_session;
pub mod course_staff;
pub mod course_tag;
pub mod enrollment;
pub mod enrollment_reminder;
pub mod lesson;
pub mod section;
pub mod session_registration;
