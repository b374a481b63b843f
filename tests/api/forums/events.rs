//! Forums publish `forum.reply` and `mentoring.message` for integrators, in the transaction of
//! the post or message; a mentoring event never carries what the message said.

use latih_jobs::entity::event;
use latih_tests::{TestApp, send};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::{forum, post, thread};
use crate::courses::id;

async fn events(app: &TestApp, name: &str) -> Vec<event::Model> {
    event::Entity::find().filter(event::Column::Name.eq(name)).all(&app.db).await.expect("events")
}

#[actix_web::test]
async fn a_reply_is_a_forum_reply_event_of_the_courses_organization() {
    let (world, course) = forum().await;
    let question = thread(&world, &course, &world.learner, "question").await;
    assert!(events(&world.app, "forum.reply").await.is_empty(), "opening a thread is not a reply");
    let reply = post(&world, &question, &world.instructor, "Lihat Perka LAN.").await;

    let stored = events(&world.app, "forum.reply").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].organization_id, Some(world.kupang));
    let data: &Value = &stored[0].payload;
    assert_eq!(data["post_id"], id(&reply));
    assert_eq!(data["thread_id"], id(&question));
    assert_eq!(data["course_id"], id(&course));
    assert_eq!(data["author_id"], world.instructor.id.to_string());
    assert!(data.get("body").is_none(), "{data}");

    // A refused reply (the thread is locked) publishes nothing.
    let lock = format!("/api/v1/threads/{}/lock", id(&question));
    let (status, locked) = send(world.app.post(&lock, &world.instructor.token, &json!({}))).await;
    assert!(status.is_success(), "{locked}");
    let path = format!("/api/v1/threads/{}/posts", id(&question));
    let (status, _) = send(world.app.post(&path, &world.learner.token, &json!({"body": "Terima kasih"}))).await;
    assert!(status.is_client_error());
    assert_eq!(events(&world.app, "forum.reply").await.len(), 1);
}

#[actix_web::test]
async fn a_mentoring_message_is_an_event_without_its_text() {
    let p = super::mentoring::pair_between("2026-01-05", "2026-06-30").await;
    let path = format!("/api/v1/mentorships/{}/messages", id(&p.mentorship));
    let (status, message) =
        send(p.app.post(&path, &p.mentee.token, &json!({"body": "Pak, kapan kita bertemu?"}))).await;
    assert_eq!(status, 201, "{message}");

    let stored = events(&p.app, "mentoring.message").await;
    assert_eq!(stored.len(), 1);
    let data = &stored[0].payload;
    assert_eq!(data["message_id"], id(&message));
    assert_eq!(data["mentorship_id"], id(&p.mentorship));
    assert_eq!(data["author_id"], p.mentee.id.to_string());
    assert_eq!(data["recipient_id"], p.mentor.id.to_string());
    assert_eq!(stored[0].organization_id, p.mentee.organization_id);
    assert!(!data.to_string().contains("bertemu"), "the message stays private: {data}");
}
