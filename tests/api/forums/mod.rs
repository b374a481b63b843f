//! `/courses/{id}/threads`, `/threads/...`, `/posts/...`, `/me/notifications`, `/mentorships/...`.

mod events;
mod mentoring;
mod mentoring_logs;
mod posts;
mod threads;

use latih_tests::{TestUser, send};
use serde_json::{Value, json};

use crate::courses::{World, id};

/// A published public course with the Kupang learner enrolled.
pub async fn forum() -> (World, Value) {
    let world = World::new().await;
    let (course, _) = world.published(json!({"visibility": "public"})).await;
    world.enrol(&world.learner, &course).await;
    (world, course)
}

pub async fn thread(world: &World, course: &Value, who: &TestUser, kind: &str) -> Value {
    let body = json!({"title": "Cara mengisi SKP?", "body": "Mohon **penjelasan**.", "kind": kind});
    let (status, thread) =
        send(world.app.post(&format!("/api/v1/courses/{}/threads", id(course)), &who.token, &body)).await;
    assert_eq!(status, 201, "{thread}");
    thread
}

pub async fn post(world: &World, thread: &Value, who: &TestUser, body: &str) -> Value {
    let (status, post) =
        send(world.app.post(&format!("/api/v1/threads/{}/posts", id(thread)), &who.token, &json!({"body": body})))
            .await;
    assert_eq!(status, 201, "{post}");
    post
}

pub async fn notifications(world: &World, who: &TestUser) -> Vec<Value> {
    let (_, page) = send(world.app.get("/api/v1/me/notifications?unread=true", &who.token)).await;
    page["items"].as_array().cloned().unwrap_or_default()
}
