//! Webhooks: org admins register URLs for events; deliveries are signed, retried with backoff,
//! recorded, and visible in the API.

mod deliveries;
mod manage;
mod receiver;
