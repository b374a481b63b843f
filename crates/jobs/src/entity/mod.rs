//! The queue's tables: jobs and the schedules that enqueue recurring ones.

pub mod event;
pub mod job;
pub mod schedule;
