//! The job queue: enqueued in the caller's transaction, retried, dead, leased, scheduled,
//! and kept across real processes killed with SIGKILL.

mod cluster;
mod crash;
mod events;
mod metrics;
mod nodes;
mod queue;
mod routes;
mod schedules;
