//! An assignment tells the person assigned, and nobody else, and is an event for integrators.

use chrono::{Duration, Utc};
use latih_kernel::Role;
use latih_tests::send;
use serde_json::json;

use super::{events, notifications};
use crate::courses::{World, id};

#[actix_web::test]
async fn an_assigned_learner_is_notified_and_an_enrollment_assigned_event_is_stored() {
    let world = World::new().await;
    let app = &world.app;
    let (course, _) = world.published(json!({})).await;
    let due = (Utc::now() + Duration::days(30)).date_naive();
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, created) =
        send(app.post(&path, &world.admin.token, &json!({"user_ids": [world.learner.id], "due_on": due}))).await;
    assert_eq!(status, 201, "{created}");
    let enrollment = id(&created[0]);

    let seen = notifications(app, &world.learner, &[Role::Learner], "enrollment.assigned").await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0]["title"].as_str().is_some_and(|t| t.contains("Pelayanan Publik Prima")), "{}", seen[0]);
    assert!(seen[0]["body"].as_str().is_some_and(|b| b.contains(&due.to_string())), "{}", seen[0]);
    assert_eq!(seen[0]["link"], format!("/courses/{}", id(&course)));
    assert!(seen[0]["read_at"].is_null());

    let stored = events(app, "enrollment.assigned", "enrollment_id", &enrollment).await;
    assert_eq!(stored.len(), 1);
    let event = &stored[0];
    assert_eq!(event["user_id"], world.learner.id.to_string());
    assert_eq!(event["course_id"], id(&course));
    assert_eq!(event["course_title"], "Pelayanan Publik Prima");
    assert_eq!(event["due_on"], due.to_string());
    assert_eq!(event["assigned_by"], world.admin.id.to_string());
    assert_eq!(event["organization_id"], world.kupang.to_string());

    for (who, roles) in [
        (&world.admin, &[Role::OrgAdmin][..]),
        (&world.instructor, &[Role::Instructor][..]),
        (&world.other_learner, &[Role::Learner][..]),
    ] {
        let nothing = notifications(app, who, roles, "enrollment.assigned").await;
        assert!(nothing.is_empty(), "only the person assigned is told: {nothing:?}");
    }
}

#[actix_web::test]
async fn a_refused_assignment_tells_nobody_and_publishes_nothing() {
    let world = World::new().await;
    let app = &world.app;
    let (course, _) = world.published(json!({})).await;
    world.enrol(&world.learner, &course).await;
    let fresh = app.user(Some(world.kupang), &[Role::Learner]).await;
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, _) =
        send(app.post(&path, &world.admin.token, &json!({"user_ids": [fresh.id, world.learner.id]}))).await;
    assert_eq!(status, 409);
    assert!(notifications(app, &fresh, &[Role::Learner], "enrollment.assigned").await.is_empty());
    assert!(events(app, "enrollment.assigned", "user_id", &fresh.id.to_string()).await.is_empty());
}
