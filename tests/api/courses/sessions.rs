//! Classroom and webinar sessions: scheduling, registration, capacity under load, attendance.

use chrono::{Duration, Utc};
use latih_kernel::Role;
use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::{World, id};

fn session_body(capacity: i32) -> Value {
    let starts = Utc::now() + Duration::days(7);
    json!({"starts_at": starts, "ends_at": starts + Duration::hours(3), "location": "Aula BKPSDM", "capacity": capacity})
}

async fn classroom(world: &World, capacity: i32) -> (Value, Value) {
    let (course, _) = world.published(json!({"delivery": "classroom", "visibility": "public"})).await;
    let path = format!("/api/v1/courses/{}/sessions", id(&course));
    let (status, session) = send(world.app.post(&path, &world.instructor.token, &session_body(capacity))).await;
    assert_eq!(status, 201, "{session}");
    (course, session)
}

#[actix_web::test]
async fn staff_schedule_sessions_with_a_place_or_a_link() {
    let world = World::new().await;
    let (course, session) = classroom(&world, 25).await;
    assert_eq!((session["capacity"].as_i64(), session["seats_left"].as_i64()), (Some(25), Some(25)));
    assert_eq!(session["title"], course["title"]);
    let path = format!("/api/v1/courses/{}/sessions", id(&course));
    let mut no_place = session_body(10);
    no_place["location"] = Value::Null;
    let refused = problem(world.app.post(&path, &world.instructor.token, &no_place), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "location");
    let mut backwards = session_body(10);
    backwards["ends_at"] = backwards["starts_at"].clone();
    problem(world.app.post(&path, &world.instructor.token, &backwards), 422, "validation_failed").await;
    problem(world.app.post(&path, &world.learner.token, &session_body(10)), 403, "forbidden").await;
    problem(world.app.post(&path, &world.other_admin.token, &session_body(10)), 403, "forbidden").await;
    let (self_paced, _) = world.published(json!({"delivery": "self_paced"})).await;
    let path = format!("/api/v1/courses/{}/sessions", id(&self_paced));
    problem(world.app.post(&path, &world.instructor.token, &session_body(10)), 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_speaker_is_a_display_name_with_an_optional_account() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"delivery": "webinar"})).await;
    let starts = Utc::now() + Duration::days(3);
    let webinar = |extra: Value| {
        let mut body = json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 100,
            "meeting_url": "https://meet.kupangkota.go.id/x"});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        body
    };
    let path = format!("/api/v1/courses/{}/sessions", id(&course));
    let external = webinar(json!({"speaker": "Dr. Maria Lada (Undana)"}));
    let (status, session) = send(world.app.post(&path, &world.instructor.token, &external)).await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(
        (session["speaker"].as_str(), session["speaker_user_id"].clone()),
        (Some("Dr. Maria Lada (Undana)"), Value::Null)
    );
    let colleague = world.app.user(Some(world.kupang), &[Role::Instructor]).await;
    let (status, linked) =
        send(world.app.post(&path, &world.instructor.token, &webinar(json!({"speaker_user_id": colleague.id})))).await;
    assert_eq!(status, 201, "{linked}");
    assert_eq!(linked["speaker_user_id"], colleague.id.to_string());
    assert!(linked["speaker"].as_str().is_some_and(|name| name.starts_with("Pegawai")), "the account's name: {linked}");
    let (_, list) = send(world.app.get(&path, &world.learner.token)).await;
    assert_eq!(list["items"][0]["speaker"], "Dr. Maria Lada (Undana)");
    assert_eq!(list["items"][0]["meeting_url"], Value::Null, "visitors do not get the link");
    world.enrol(&world.learner, &course).await;
    let (_, list) = send(world.app.get(&path, &world.learner.token)).await;
    assert_eq!(list["items"][0]["meeting_url"], "https://meet.kupangkota.go.id/x");
    let foreigner = webinar(json!({"speaker_user_id": world.other_instructor.id}));
    let refused = problem(world.app.post(&path, &world.instructor.token, &foreigner), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "speaker_user_id");
    let too_long = webinar(json!({"speaker": "x".repeat(201)}));
    let refused = problem(world.app.post(&path, &world.instructor.token, &too_long), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "speaker");
}

#[actix_web::test]
async fn a_webinar_session_needs_a_meeting_url() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"delivery": "webinar"})).await;
    let starts = Utc::now() + Duration::days(3);
    let path = format!("/api/v1/courses/{}/sessions", id(&course));
    let room_only =
        json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 10, "location": "Aula"});
    let refused = problem(world.app.post(&path, &world.instructor.token, &room_only), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "meeting_url");
    let bad = json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 10, "meeting_url": "https://meet x"});
    problem(world.app.post(&path, &world.instructor.token, &bad), 422, "validation_failed").await;
}

#[actix_web::test]
async fn enrolled_learners_register_once_and_a_full_session_refuses() {
    let world = World::new().await;
    let (course, session) = classroom(&world, 1).await;
    let register = format!("/api/v1/sessions/{}/registrations", id(&session));
    problem(world.app.post(&register, &world.learner.token, &json!({})), 403, "forbidden").await;
    world.enrol(&world.learner, &course).await;
    world.enrol(&world.other_learner, &course).await;
    let (status, registration) = send(world.app.post(&register, &world.learner.token, &json!({}))).await;
    assert_eq!((status.as_u16(), registration["present"].clone()), (201, Value::Null));
    problem(world.app.post(&register, &world.learner.token, &json!({})), 409, "already_registered").await;
    problem(world.app.post(&register, &world.other_learner.token, &json!({})), 409, "session_full").await;
    let (status, _) = send(world.app.delete(&format!("{register}/me"), &world.learner.token)).await;
    assert_eq!(status, 204);
    let (status, _) = send(world.app.post(&register, &world.other_learner.token, &json!({}))).await;
    assert_eq!(status, 201, "the freed seat is taken");
}

#[actix_web::test]
async fn concurrent_registrations_never_overbook() {
    let world = World::new().await;
    let (course, session) = classroom(&world, 5).await;
    let mut learners = Vec::new();
    for _ in 0..30 {
        let learner = world.app.user(Some(world.kupang), &[Role::Learner]).await;
        world.enrol(&learner, &course).await;
        learners.push(learner);
    }
    let register = format!("/api/v1/sessions/{}/registrations", id(&session));
    let attempts = learners.iter().map(|l| world.app.post(&register, &l.token, &json!({})).send());
    let results = futures_util::future::join_all(attempts).await;
    let statuses: Vec<u16> = results.into_iter().map(|r| r.expect("response").status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 25, "{statuses:?}");
    let (_, list) =
        send(world.app.get(&format!("/api/v1/courses/{}/sessions", id(&course)), &world.instructor.token)).await;
    assert_eq!((list["items"][0]["registered"].as_i64(), list["items"][0]["seats_left"].as_i64()), (Some(5), Some(0)));
    let (_, registrations) = send(world.app.get(&register, &world.instructor.token)).await;
    assert_eq!(registrations["items"].as_array().map(Vec::len), Some(5));
}

#[actix_web::test]
async fn staff_mark_attendance_and_nobody_else_can() {
    let world = World::new().await;
    let (course, session) = classroom(&world, 10).await;
    world.enrol(&world.learner, &course).await;
    send(world.app.post(&format!("/api/v1/sessions/{}/registrations", id(&session)), &world.learner.token, &json!({})))
        .await;
    let path = format!("/api/v1/sessions/{}/attendance/{}", id(&session), world.learner.id);
    problem(world.app.put(&path, &world.learner.token, &json!({"present": true})), 403, "forbidden").await;
    problem(world.app.put(&path, &world.other_admin.token, &json!({"present": true})), 403, "forbidden").await;
    let (status, marked) = send(world.app.put(&path, &world.instructor.token, &json!({"present": true}))).await;
    assert_eq!((status.as_u16(), marked["present"].as_bool()), (200, Some(true)));
    let stranger = format!("/api/v1/sessions/{}/attendance/{}", id(&session), world.other_learner.id);
    problem(world.app.put(&stranger, &world.instructor.token, &json!({"present": true})), 404, "not_found").await;
    problem(
        world.app.get(&format!("/api/v1/sessions/{}/registrations", id(&session)), &world.learner.token),
        403,
        "forbidden",
    )
    .await;
}

#[actix_web::test]
async fn withdrawing_gives_the_seats_back() {
    let world = World::new().await;
    let (course, session) = classroom(&world, 1).await;
    let enrollment = world.enrol(&world.learner, &course).await;
    world.enrol(&world.other_learner, &course).await;
    let register = format!("/api/v1/sessions/{}/registrations", id(&session));
    send(world.app.post(&register, &world.learner.token, &json!({}))).await;
    problem(world.app.post(&register, &world.other_learner.token, &json!({})), 409, "session_full").await;
    let (status, _) =
        send(world.app.delete(&format!("/api/v1/enrollments/{}", id(&enrollment)), &world.learner.token)).await;
    assert_eq!(status, 200);
    let (status, _) = send(world.app.post(&register, &world.other_learner.token, &json!({}))).await;
    assert_eq!(status, 201, "the withdrawn learner's seat was released");
}

#[actix_web::test]
async fn a_session_that_started_takes_no_registrations() {
    let world = World::new().await;
    let (course, session) = classroom(&world, 10).await;
    world.enrol(&world.learner, &course).await;
    world.app.clock.advance(Duration::days(8));
    let token = world
        .app
        .state
        .keys
        .issue(&world.app.clock, world.learner.id, Some(world.kupang), &latih_kernel::Roles::new([Role::Learner]))
        .expect("token");
    let register = format!("/api/v1/sessions/{}/registrations", id(&session));
    problem(world.app.post(&register, &token, &json!({})), 409, "session_started").await;
    problem(world.app.delete(&format!("{register}/me"), &token), 409, "session_started").await;
}
