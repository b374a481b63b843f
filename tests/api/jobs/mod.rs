//! The job queue: enqueued in the caller's transaction, retried, dead, leased, scheduled.

mod events;
mod queue;
mod routes;
mod schedules;
