//! Behaviour follow-ups: due to the learner's supervisor a set number of days after completion.

use chrono::Duration;
use latih_kernel::Role;
use latih_tests::{TestUser, problem, send};
use serde_json::json;

use super::id;
use crate::progress::Course;

#[actix_web::test]
async fn a_follow_up_falls_due_to_the_supervisor_after_the_configured_days() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let link = json!({"supervisor_id": supervisor.id});
    send(w.app.patch(&format!("/api/v1/users/{}", w.learner.id), &w.admin.token, &link)).await;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}], "follow_up_days": 30,
        "behaviour_items": [{"id": "terapan", "kind": "likert", "text": "Menerapkan standar pelayanan"},
                            {"id": "catatan", "kind": "text", "text": "Catatan atasan"}]});
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    let (status, saved) = send(w.app.put(&path, &w.instructor.token, &form)).await;
    assert_eq!((status.as_u16(), saved["follow_up_days"].as_i64()), (200, Some(30)), "{saved}");
    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    let enrollment = send(w.app.get("/api/v1/me/enrollments", &w.learner.token)).await.1["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let answer = format!("/api/v1/follow-ups/{enrollment}/responses");
    let body =
        json!({"answers": [{"item_id": "terapan", "value": 4}, {"item_id": "catatan", "value": "Lebih sigap."}]});

    let (_, early) = send(w.app.get("/api/v1/me/follow-ups", &supervisor.token)).await;
    assert_eq!(early["items"].as_array().map(Vec::len), Some(0), "not due on day 0");
    problem(w.app.post(&answer, &supervisor.token, &body), 404, "not_found").await;

    w.app.clock.advance(Duration::days(30));
    let supervisor = TestUser { token: w.app.token(&supervisor, &[Role::Learner]), ..supervisor };
    let learner = TestUser { token: w.app.token(&w.learner, &[Role::Learner]), ..w.learner.clone() };
    let admin = TestUser { token: w.app.token(&w.admin, &[Role::OrgAdmin]), ..w.admin.clone() };
    let other_admin = TestUser { token: w.app.token(&w.other_admin, &[Role::OrgAdmin]), ..w.other_admin.clone() };
    let (_, due) = send(w.app.get("/api/v1/me/follow-ups", &supervisor.token)).await;
    assert_eq!(due["items"].as_array().map(Vec::len), Some(1), "{due}");
    assert!(due["next_cursor"].is_null());
    let due = &due["items"];
    assert_eq!(
        (due[0]["status"].as_str(), due[0]["learner"]["id"].as_str()),
        (Some("due"), Some(w.learner.id.to_string().as_str()))
    );
    assert_eq!(due[0]["items"].as_array().map(Vec::len), Some(2));
    let (_, nobody) = send(w.app.get("/api/v1/me/follow-ups", &learner.token)).await;
    assert_eq!(nobody["items"].as_array().map(Vec::len), Some(0), "the learner is nobody's supervisor");

    for stranger in [&learner, &admin, &other_admin] {
        problem(w.app.post(&answer, &stranger.token, &body), 404, "not_found").await;
    }
    let bad = json!({"answers": [{"item_id": "terapan", "value": 9}]});
    problem(w.app.post(&answer, &supervisor.token, &bad), 422, "validation_failed").await;
    let (status, _) = send(w.app.post(&answer, &supervisor.token, &body)).await;
    assert_eq!(status, 201);
    problem(w.app.post(&answer, &supervisor.token, &body), 409, "already_answered").await;
    let (_, after) = send(w.app.get("/api/v1/me/follow-ups", &supervisor.token)).await;
    assert_eq!(after["items"][0]["status"], "answered");
}

#[actix_web::test]
async fn a_follow_up_waits_ninety_days_unless_the_course_says_otherwise() {
    let c = Course::new().await;
    let w = &c.world;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}]});
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    send(w.app.put(&path, &w.instructor.token, &form)).await;
    let (_, read) = send(w.app.get(&path, &w.instructor.token)).await;
    assert_eq!(
        (read["follow_up_days"].as_i64(), read["behaviour_items"].as_array().map(Vec::len)),
        (Some(90), Some(0))
    );
    let too_long = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}], "follow_up_days": 0});
    problem(w.app.put(&path, &w.instructor.token, &too_long), 422, "validation_failed").await;
}

#[actix_web::test]
async fn follow_ups_come_in_pages_with_an_opaque_cursor_and_only_to_the_supervisor() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = w.app.user(Some(w.kupang), &[Role::Supervisor]).await;
    let other_supervisor = w.app.user(Some(w.kupang), &[Role::Supervisor]).await;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}], "follow_up_days": 1,
        "behaviour_items": [{"id": "terapan", "kind": "likert", "text": "Menerapkan standar pelayanan"}]});
    send(w.app.put(&format!("/api/v1/courses/{}/evaluation", id(&c.course)), &w.instructor.token, &form)).await;
    let second = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let third = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    w.enrol(&second, &c.course).await;
    w.enrol(&third, &c.course).await;
    for learner in [&w.learner, &second, &third] {
        let link = json!({"supervisor_id": supervisor.id});
        send(w.app.patch(&format!("/api/v1/users/{}", learner.id), &w.admin.token, &link)).await;
        c.complete_lesson(learner, &c.lessons[0]).await;
        c.complete_lesson(learner, &c.lessons[1]).await;
    }
    w.app.clock.advance(Duration::days(1));
    let token = w.app.token(&supervisor, &[Role::Supervisor]);

    let (status, first) = send(w.app.get("/api/v1/me/follow-ups?limit=2", &token)).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let cursor = first["next_cursor"].as_str().unwrap_or_default().to_owned();
    assert!(!cursor.is_empty(), "a third follow-up waits: {first}");
    let (_, rest) = send(w.app.get(&format!("/api/v1/me/follow-ups?limit=2&cursor={cursor}"), &token)).await;
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    assert!(rest["next_cursor"].is_null());
    let mut seen: Vec<String> = [&first, &rest]
        .iter()
        .flat_map(|p| p["items"].as_array().cloned().unwrap_or_default())
        .map(|f| id(&f))
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 3, "every follow-up once");
    let (_, whole) = send(w.app.get("/api/v1/me/follow-ups", &token)).await;
    assert_eq!(whole["items"].as_array().map(Vec::len), Some(3), "20 to a page by default");

    for bad in ["limit=0", "limit=101"] {
        problem(w.app.get(&format!("/api/v1/me/follow-ups?{bad}"), &token), 422, "validation_failed").await;
    }
    problem(w.app.get("/api/v1/me/follow-ups?cursor=bukan-kursor", &token), 400, "bad_request").await;
    let admin = w.app.token(&w.admin, &[Role::OrgAdmin]);
    let other_admin = w.app.token(&w.other_admin, &[Role::OrgAdmin]);
    for stranger in [w.app.token(&other_supervisor, &[Role::Supervisor]), admin, other_admin] {
        let (status, page) = send(w.app.get("/api/v1/me/follow-ups", &stranger)).await;
        assert_eq!((status.as_u16(), page["items"].as_array().map(Vec::len)), (200, Some(0)), "{page}");
    }
}
