//! What reaches a learner about an assigned course: the assignment, and the due-date reminders
//! 7 days and 1 day before the deadline and the day after it, in their organization's time zone.

mod assigned;
mod due_dates;

use latih_jobs::entity::event;
use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

/// The person's notifications of `kind` (e.g. `enrollment.due_soon`), newest first, read over
/// HTTP with a fresh token (the clock may have moved past the old one's expiry).
pub async fn notifications(app: &TestApp, who: &TestUser, roles: &[Role], kind: &str) -> Vec<Value> {
    let token = app.token(who, roles);
    let (status, page) = send(app.get("/api/v1/me/notifications?limit=100", &token)).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().into_iter().flatten().filter(|n| n["event"] == kind).cloned().collect()
}

/// The stored domain events named `name` whose payload's `field` is `value`.
pub async fn events(app: &TestApp, name: &str, field: &str, value: &str) -> Vec<Value> {
    event::Entity::find()
        .filter(event::Column::Name.eq(name))
        .all(&app.db)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.payload)
        .filter(|payload| payload[field] == value)
        .collect()
}
