//! Progress, completion, certificates, the JP ledger, claims and reports.

mod certificates;
mod completion;
mod jp;
mod jp_at_risk;
mod lessons;

use chrono::{DateTime, Duration, Utc};
use latih_tests::{TestUser, send};
use serde_json::{Value, json};

use crate::courses::{World, id};

/// A published course of 10 JP with two required lessons and an optional one; the Kupang
/// learner is enrolled.
pub struct Course {
    pub world: World,
    pub course: Value,
    pub lessons: Vec<Value>,
}

impl Course {
    pub async fn new() -> Self {
        let world = World::new().await;
        let course = world.draft(json!({"title": "Pelayanan Publik Prima", "jp": 10})).await;
        let path = format!("/api/v1/courses/{}/sections", id(&course));
        let (_, section) = send(world.app.post(&path, &world.instructor.token, &json!({"title": "Modul"}))).await;
        let mut lessons = Vec::new();
        for (title, required) in [("Satu", true), ("Dua", true), ("Bacaan tambahan", false)] {
            let body =
                json!({"title": title, "kind": "text", "body": "Isi", "required": required, "duration_minutes": 240});
            let (_, lesson) = send(world.app.post(
                &format!("/api/v1/sections/{}/lessons", id(&section)),
                &world.instructor.token,
                &body,
            ))
            .await;
            lessons.push(lesson);
        }
        send(world.app.post(&format!("/api/v1/courses/{}/publish", id(&course)), &world.instructor.token, &json!({})))
            .await;
        world.enrol(&world.learner, &course).await;
        Self { world, course, lessons }
    }

    pub async fn put(&self, who: &TestUser, lesson: &Value, body: Value) -> (reqwest::StatusCode, Value) {
        send(self.world.app.put(&format!("/api/v1/lessons/{}/progress", id(lesson)), &who.token, &body)).await
    }

    pub async fn complete_lesson(&self, who: &TestUser, lesson: &Value) {
        let body = json!({"status": "completed", "position_seconds": 600, "time_spent_seconds": 600, "client_recorded_at": Utc::now()});
        let (status, progress) = self.put(who, lesson, body).await;
        assert_eq!(status, 200, "{progress}");
    }

    pub async fn my_progress(&self, who: &TestUser) -> Value {
        let (status, progress) =
            send(self.world.app.get(&format!("/api/v1/me/courses/{}/progress", id(&self.course)), &who.token)).await;
        assert_eq!(status, 200, "{progress}");
        progress
    }
}

pub fn event(id: &str, lesson: &Value, status: &str, position: i64, spent: i64, at: DateTime<Utc>) -> Value {
    json!({"client_event_id": id, "lesson_id": lesson["id"], "status": status, "position_seconds": position,
        "time_spent_seconds": spent, "client_recorded_at": at})
}

pub fn minutes_ago(minutes: i64) -> DateTime<Utc> {
    Utc::now() - Duration::minutes(minutes)
}

/// The payloads of the domain events named `name` published so far, oldest first.
pub async fn events(app: &latih_tests::TestApp, name: &str) -> Vec<Value> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    latih_jobs::entity::event::Entity::find()
        .filter(latih_jobs::entity::event::Column::Name.eq(name))
        .order_by_asc(latih_jobs::entity::event::Column::OccurredAt)
        .all(&app.db)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.payload)
        .collect()
}

/// The `event` names of `who`'s notifications, newest first.
pub async fn notified(app: &latih_tests::TestApp, who: &TestUser) -> Vec<Value> {
    let (status, page) = send(app.get("/api/v1/me/notifications", &who.token)).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}
