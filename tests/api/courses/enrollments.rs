//! Enrolment, assignment with deadlines, withdrawal, and the enrolment lists.

use chrono::{Duration, Utc};
use latih_kernel::Role;
use latih_tests::{problem, send};
use reqwest::Method;
use serde_json::{Value, json};

use super::{World, id};

fn ids(page: &Value, key: &str) -> Vec<String> {
    page["items"].as_array().into_iter().flatten().filter_map(|e| e[key].as_str().map(str::to_owned)).collect()
}

#[actix_web::test]
async fn a_learner_enrols_once_and_may_enrol_again_after_withdrawing() {
    let world = World::new().await;
    let (course, _) = world.published(json!({})).await;
    let enrollment = world.enrol(&world.learner, &course).await;
    assert_eq!(enrollment["status"], "active");
    assert_eq!(enrollment["user_id"], world.learner.id.to_string());
    assert_eq!(enrollment["progress_percent"], 0);
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    problem(world.app.request(Method::POST, &path).bearer_auth(&world.learner.token), 409, "already_enrolled").await;
    let (status, withdrawn) =
        send(world.app.delete(&format!("/api/v1/enrollments/{}", id(&enrollment)), &world.learner.token)).await;
    assert_eq!((status.as_u16(), withdrawn["status"].as_str()), (200, Some("withdrawn")));
    assert!(withdrawn["withdrawn_at"].is_string());
    let path_again = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, again) = send(world.app.post(&path_again, &world.learner.token, &json!({}))).await;
    assert_eq!(status, 201, "an empty object is self-enrolment too");
    assert_eq!((again["status"].as_str(), again["id"].as_str()), (Some("active"), enrollment["id"].as_str()));
}

#[actix_web::test]
async fn nobody_enrols_into_a_draft_or_a_course_they_cannot_see() {
    let world = World::new().await;
    let draft = world.draft(json!({})).await;
    let (internal, _) = world.published(json!({"visibility": "organization"})).await;
    let enrol = |course: &Value, token: &str| {
        world.app.request(Method::POST, &format!("/api/v1/courses/{}/enrollments", id(course))).bearer_auth(token)
    };
    problem(enrol(&draft, &world.learner.token), 404, "not_found").await;
    problem(enrol(&internal, &world.other_learner.token), 404, "not_found").await;
    let (status, _) = send(enrol(&internal, &world.learner.token)).await;
    assert_eq!(status, 201);
}

#[actix_web::test]
async fn an_org_admin_assigns_many_people_with_a_due_date() {
    let world = World::new().await;
    let (course, _) = world.published(json!({})).await;
    let second = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    let due = (Utc::now() + Duration::days(30)).date_naive();
    let body = json!({"user_ids": [world.learner.id, second.id], "due_on": due});
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, created) = send(world.app.post(&path, &world.admin.token, &body)).await;
    assert_eq!(status, 201, "{created}");
    let created = created.as_array().cloned().unwrap_or_default();
    assert_eq!(created.len(), 2);
    assert!(created.iter().all(|e| e["due_on"] == json!(due.to_string()) && e["overdue"] == json!(false)));
    let (_, mine) = send(world.app.get("/api/v1/me/enrollments", &second.token)).await;
    assert_eq!(mine["items"][0]["course_title"], "Pelayanan Publik Prima");
    assert_eq!(mine["items"][0]["due_on"], json!(due.to_string()));
}

#[actix_web::test]
async fn an_assignment_with_a_duplicate_writes_nothing() {
    let world = World::new().await;
    let (course, _) = world.published(json!({})).await;
    world.enrol(&world.learner, &course).await;
    let fresh = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let body = json!({"user_ids": [fresh.id, world.learner.id]});
    let refused = problem(world.app.post(&path, &world.admin.token, &body), 409, "already_enrolled").await;
    assert_eq!(refused["errors"][0]["field"], "user_ids[1]");
    let (_, mine) = send(world.app.get("/api/v1/me/enrollments", &fresh.token)).await;
    assert!(ids(&mine, "id").is_empty(), "the fresh learner was not enrolled either");
}

#[actix_web::test]
async fn assignments_refuse_other_roles_other_organizations_and_past_dates() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"visibility": "organization"})).await;
    let (public, _) = world.published(json!({"visibility": "public"})).await;
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let body = json!({"user_ids": [world.learner.id]});
    problem(world.app.post(&path, &world.instructor.token, &body), 403, "forbidden").await;
    problem(world.app.post(&path, &world.learner.token, &body), 403, "forbidden").await;
    problem(
        world.app.post(&path, &world.other_admin.token, &json!({"user_ids": [world.other_learner.id]})),
        404,
        "not_found",
    )
    .await;
    let public_path = format!("/api/v1/courses/{}/enrollments", id(&public));
    let foreign =
        problem(world.app.post(&public_path, &world.other_admin.token, &body), 422, "validation_failed").await;
    assert_eq!(foreign["errors"][0]["field"], "user_ids[0]");
    let (status, _) =
        send(world.app.post(&public_path, &world.other_admin.token, &json!({"user_ids": [world.other_learner.id]})))
            .await;
    assert_eq!(status, 201, "another organization's admin assigns their own people to a public course");
    let past = json!({"user_ids": [world.learner.id], "due_on": "2020-01-01"});
    let refused = problem(world.app.post(&path, &world.admin.token, &past), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "due_on");
}

#[actix_web::test]
async fn overdue_follows_the_organizations_time_zone() {
    let world = World::new().await;
    let (course, _) = world.published(json!({})).await;
    // Kupang is WITA (UTC+8): its "today" starts at 16:00 UTC the day before.
    let kupang_today = (Utc::now() + Duration::hours(8)).date_naive();
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, _) = send(world.app.post(
        &path,
        &world.admin.token,
        &json!({"user_ids": [world.learner.id], "due_on": kupang_today}),
    ))
    .await;
    assert_eq!(status, 201);
    let (_, mine) = send(world.app.get("/api/v1/me/enrollments", &world.learner.token)).await;
    assert_eq!(mine["items"][0]["overdue"], false, "due today is not overdue");
    world.app.clock.advance(Duration::days(1));
    let learner_token = world
        .app
        .state
        .keys
        .issue(&world.app.clock, world.learner.id, Some(world.kupang), &latih_kernel::Roles::new([Role::Learner]))
        .expect("token");
    let (_, mine) = send(world.app.get("/api/v1/me/enrollments", &learner_token)).await;
    assert_eq!(mine["items"][0]["overdue"], true);
}

#[actix_web::test]
async fn staff_see_every_enrolment_and_an_admin_elsewhere_sees_their_own_people() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"visibility": "public"})).await;
    world.enrol(&world.learner, &course).await;
    world.enrol(&world.other_learner, &course).await;
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, all) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&all, "user_id").len(), 2);
    assert!(all["items"][0]["learner"]["name"].is_string());
    let (_, theirs) = send(world.app.get(&path, &world.other_admin.token)).await;
    assert_eq!(ids(&theirs, "user_id"), vec![world.other_learner.id.to_string()]);
    problem(world.app.get(&path, &world.learner.token), 403, "forbidden").await;
    problem(world.app.get(&path, &world.other_instructor.token), 403, "forbidden").await;
}

#[actix_web::test]
async fn withdrawal_is_for_the_learner_their_admin_and_staff() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"visibility": "public"})).await;
    let enrollment = world.enrol(&world.learner, &course).await;
    let path = format!("/api/v1/enrollments/{}", id(&enrollment));
    problem(world.app.delete(&path, &world.other_learner.token), 404, "not_found").await;
    problem(world.app.delete(&path, &world.other_admin.token), 404, "not_found").await;
    let (status, _) = send(world.app.delete(&path, &world.admin.token)).await;
    assert_eq!(status, 200);
}
