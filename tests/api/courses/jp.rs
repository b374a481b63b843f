//! Issue 11, point 5: nobody mints JP for themselves. Staff never enrol in their own course, a
//! course needs a required lesson to publish, and JP above what the required content backs
//! (required lesson minutes and session hours, 45 minutes a JP, rounded up) waits for an org
//! admin; the catalog, certificates and the JP ledger show the approved JP.

use chrono::{Duration, Utc};
use latih_kernel::Role;
use latih_tests::{problem, send};
use reqwest::Method;
use serde_json::{Value, json};

use super::{World, id};

/// A draft with `jp` requested and one section holding `lessons` (minutes, required).
async fn course_with(world: &World, fields: Value, lessons: &[(i32, bool)]) -> (Value, Vec<Value>) {
    let course = world.draft(fields).await;
    let sections = format!("/api/v1/courses/{}/sections", id(&course));
    let (_, section) = send(world.app.post(&sections, &world.instructor.token, &json!({"title": "Modul"}))).await;
    let mut saved = Vec::new();
    for (n, (minutes, required)) in lessons.iter().enumerate() {
        let body = json!({"title": format!("Pelajaran {n}"), "kind": "text", "body": "Isi", "duration_minutes": minutes, "required": required});
        let (status, lesson) =
            send(world.app.post(&format!("/api/v1/sections/{}/lessons", id(&section)), &world.instructor.token, &body))
                .await;
        assert_eq!(status, 201, "{lesson}");
        saved.push(lesson);
    }
    (course, saved)
}

async fn publish(world: &World, course: &Value) -> Value {
    let (status, published) =
        send(world.app.post(&format!("/api/v1/courses/{}/publish", id(course)), &world.instructor.token, &json!({})))
            .await;
    assert_eq!(status, 200, "{published}");
    published
}

fn catalog_jp(catalog: &Value, course: &Value) -> (Option<i64>, Value, Value) {
    let found = catalog["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == course["id"])
        .cloned()
        .unwrap_or(Value::Null);
    (found["jp"].as_i64(), found["jp_approval"].clone(), found["jp_requested"].clone())
}

#[actix_web::test]
async fn course_staff_cannot_enrol_in_their_own_course() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"visibility": "public"})).await;
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    for staff in [&world.instructor, &world.admin] {
        problem(world.app.request(Method::POST, &path).bearer_auth(&staff.token), 409, "course_staff").await;
    }
    let assign = json!({"user_ids": [world.instructor.id, world.learner.id]});
    let refused = problem(world.app.post(&path, &world.admin.token, &assign), 409, "course_staff").await;
    assert_eq!(refused["errors"][0]["field"], "user_ids[0]");
    let (_, enrolments) = send(world.app.get(&path, &world.admin.token)).await;
    assert_eq!(enrolments["items"].as_array().map(Vec::len), Some(0), "nothing was saved");
    for learner in [&world.learner, &world.other_instructor, &world.other_admin] {
        world.enrol(learner, &course).await;
    }
}

#[actix_web::test]
async fn a_person_taking_the_course_cannot_be_made_its_staff() {
    let world = World::new().await;
    let (course, _) = world.published(json!({})).await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Instructor]).await;
    world.enrol(&colleague, &course).await;
    let add = format!("/api/v1/courses/{}/instructors/{}", id(&course), colleague.id);
    problem(world.app.put(&add, &world.instructor.token, &json!({})), 409, "enrolled_learner").await;
    let other = world.app.user(Some(world.kupang), &[Role::Instructor]).await;
    let (status, _) = send(world.app.put(
        &format!("/api/v1/courses/{}/instructors/{}", id(&course), other.id),
        &world.instructor.token,
        &json!({}),
    ))
    .await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn a_course_needs_a_required_lesson_to_publish_and_keeps_one() {
    let world = World::new().await;
    let (optional_only, _) = course_with(&world, json!({"jp": 0}), &[(60, false)]).await;
    let refused = problem(
        world.app.post(&format!("/api/v1/courses/{}/publish", id(&optional_only)), &world.instructor.token, &json!({})),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(refused["errors"][0]["code"], "no_required_lessons");
    let (course, lessons) = course_with(&world, json!({"jp": 0}), &[(60, true), (60, false)]).await;
    publish(&world, &course).await;
    let required = format!("/api/v1/lessons/{}", id(&lessons[0]));
    problem(
        world.app.patch(&required, &world.instructor.token, &json!({"required": false})),
        409,
        "last_required_lesson",
    )
    .await;
    problem(world.app.delete(&required, &world.instructor.token), 409, "last_required_lesson").await;
    let (status, _) =
        send(world.app.delete(&format!("/api/v1/lessons/{}", id(&lessons[1])), &world.instructor.token)).await;
    assert_eq!(status, 204, "an optional lesson may go");
}

#[actix_web::test]
async fn jp_that_required_content_backs_is_approved_on_publishing() {
    let world = World::new().await;
    // 50 required minutes and a 3-hour session: 230 minutes back 6 JP (45 minutes each, rounded up).
    let (course, _) = course_with(&world, json!({"jp": 6, "delivery": "classroom"}), &[(50, true), (500, false)]).await;
    let starts = Utc::now() + Duration::days(7);
    let session =
        json!({"starts_at": starts, "ends_at": starts + Duration::hours(3), "location": "Aula", "capacity": 10});
    let (status, _) =
        send(world.app.post(&format!("/api/v1/courses/{}/sessions", id(&course)), &world.instructor.token, &session))
            .await;
    assert_eq!(status, 201);
    let published = publish(&world, &course).await;
    assert_eq!(
        (published["jp"].as_i64(), published["jp_approval"].as_str(), published["jp_requested"].as_i64()),
        (Some(6), Some("approved"), Some(6))
    );
    let (_, catalog) = send(world.app.get("/api/v1/courses", &world.learner.token)).await;
    assert_eq!(
        catalog_jp(&catalog, &course),
        (Some(6), json!("approved"), Value::Null),
        "learners see the approved JP only"
    );
}

#[actix_web::test]
async fn jp_above_what_content_backs_waits_for_an_org_admin_and_only_approved_jp_is_credited() {
    let world = World::new().await;
    let (course, lessons) = course_with(&world, json!({"jp": 10, "visibility": "public"}), &[(90, true)]).await;
    let published = publish(&world, &course).await;
    assert_eq!(
        (published["jp"].as_i64(), published["jp_approval"].as_str(), published["jp_requested"].as_i64()),
        (Some(2), Some("pending"), Some(10))
    );
    let (_, catalog) = send(world.app.get("/api/v1/courses", &world.learner.token)).await;
    assert_eq!(catalog_jp(&catalog, &course), (Some(2), json!("pending"), Value::Null));
    let approve = format!("/api/v1/courses/{}/jp-approval", id(&course));
    for refused in [&world.instructor, &world.learner, &world.other_admin, &world.other_learner] {
        problem(world.app.post(&approve, &refused.token, &json!({"jp": 10})), 403, "forbidden").await;
    }
    problem(world.app.post(&approve, &world.admin.token, &json!({"jp": 11})), 422, "validation_failed").await;
    let (status, approved) = send(world.app.post(&approve, &world.admin.token, &json!({"jp": 8}))).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!((approved["jp"].as_i64(), approved["jp_approval"].as_str()), (Some(8), Some("approved")));
    let (_, catalog) = send(world.app.get("/api/v1/courses", &world.other_learner.token)).await;
    assert_eq!(catalog_jp(&catalog, &course).0, Some(8));
    world.enrol(&world.learner, &course).await;
    let done = json!({"status": "completed", "position_seconds": 60, "time_spent_seconds": 60, "client_recorded_at": Utc::now()});
    let (status, _) =
        send(world.app.put(&format!("/api/v1/lessons/{}/progress", id(&lessons[0])), &world.learner.token, &done))
            .await;
    assert_eq!(status, 200);
    let (_, ledger) = send(world.app.get("/api/v1/me/jp", &world.learner.token)).await;
    assert_eq!(ledger["earned"].as_i64(), Some(8), "the ledger credits the approved JP: {ledger}");
}

#[actix_web::test]
async fn shortening_required_content_after_publishing_lowers_an_automatic_approval() {
    let world = World::new().await;
    let (course, lessons) = course_with(&world, json!({"jp": 4}), &[(180, true)]).await;
    assert_eq!(publish(&world, &course).await["jp"].as_i64(), Some(4));
    let lesson = format!("/api/v1/lessons/{}", id(&lessons[0]));
    let (status, _) = send(world.app.patch(&lesson, &world.instructor.token, &json!({"duration_minutes": 45}))).await;
    assert_eq!(status, 200);
    let (_, shown) = send(world.app.get(&format!("/api/v1/courses/{}", id(&course)), &world.instructor.token)).await;
    assert_eq!((shown["jp"].as_i64(), shown["jp_approval"].as_str()), (Some(1), Some("pending")));
}

#[actix_web::test]
async fn asking_for_other_jp_after_publishing_settles_it_again() {
    let world = World::new().await;
    let (course, _) = course_with(&world, json!({"jp": 2}), &[(90, true)]).await;
    publish(&world, &course).await;
    let path = format!("/api/v1/courses/{}", id(&course));
    let approve = format!("/api/v1/courses/{}/jp-approval", id(&course));
    let (status, more) = send(world.app.patch(&path, &world.instructor.token, &json!({"jp": 30}))).await;
    assert_eq!(status, 200, "{more}");
    assert_eq!(
        (more["jp"].as_i64(), more["jp_approval"].as_str(), more["jp_requested"].as_i64()),
        (Some(2), Some("pending"), Some(30))
    );
    let (_, approved) = send(world.app.post(&approve, &world.admin.token, &json!({"jp": 20}))).await;
    assert_eq!(approved["jp"].as_i64(), Some(20));
    let (_, less) = send(world.app.patch(&path, &world.instructor.token, &json!({"jp": 1}))).await;
    assert_eq!(
        (less["jp"].as_i64(), less["jp_approval"].as_str()),
        (Some(1), Some("approved")),
        "the admin's decision lapsed"
    );
}

#[actix_web::test]
async fn a_learner_who_becomes_staff_cannot_complete_the_course() {
    let world = World::new().await;
    let (course, lessons) = course_with(&world, json!({"jp": 2}), &[(90, true)]).await;
    publish(&world, &course).await;
    let learner = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&learner, &course).await;
    super::staff_rights::change(&world, &learner, &[Role::Learner, Role::OrgAdmin], Some(world.kupang)).await;
    let event = json!({"client_event_id": "e1", "lesson_id": lessons[0]["id"], "status": "completed",
        "position_seconds": 60, "time_spent_seconds": 60, "client_recorded_at": Utc::now()});
    let (status, _) =
        send(world.app.post("/api/v1/me/progress/batch", &learner.token, &json!({"events": [event]}))).await;
    assert_eq!(status, 200);
    let (_, progress) =
        send(world.app.get(&format!("/api/v1/me/courses/{}/progress", id(&course)), &learner.token)).await;
    assert_ne!(progress["status"], "completed", "{progress}");
    let (_, ledger) = send(world.app.get("/api/v1/me/jp", &learner.token)).await;
    assert_eq!(ledger["earned"].as_i64(), Some(0), "{ledger}");
}
