//! Creating, reading, editing, publishing and archiving courses.

use latih_kernel::Role;
use latih_tests::{problem, send};
use serde_json::json;

use super::{World, id};

#[actix_web::test]
async fn an_instructor_creates_a_draft_and_becomes_its_instructor() {
    let world = World::new().await;
    let course = world.draft(json!({"description": "Baca <script>alert(1)</script> **ini**"})).await;
    assert_eq!(course["status"], "draft");
    assert_eq!(course["version"], 1);
    assert_eq!(course["organization_id"], world.kupang.to_string());
    assert_eq!(course["tags"], json!(["etika", "pelayanan-publik"]));
    assert_eq!(course["instructors"][0]["id"], world.instructor.id.to_string());
    let html = course["description_html"].as_str().unwrap_or_default();
    assert!(html.contains("<strong>ini</strong>") && !html.contains("<script"), "{html}");
    assert_eq!(course["description"], "Baca <script>alert(1)</script> **ini**", "stored as written");
}

#[actix_web::test]
async fn an_org_admin_creates_courses_and_other_roles_cannot() {
    let world = World::new().await;
    let body = json!({"title": "Kursus", "summary": "Ringkas", "jp": 2, "competency_type": "technical",
        "delivery": "self_paced", "visibility": "organization"});
    let (status, course) = send(world.app.post("/api/v1/courses", &world.admin.token, &body)).await;
    assert_eq!((status.as_u16(), course["instructors"].clone()), (201, json!([])));
    for role in [Role::Learner, Role::Mentor, Role::Supervisor] {
        let person = world.app.user(Some(world.kupang), &[role]).await;
        problem(world.app.post("/api/v1/courses", &person.token, &body), 403, "forbidden").await;
    }
    let mut elsewhere = body.clone();
    elsewhere["organization_id"] = json!(world.kupang);
    problem(world.app.post("/api/v1/courses", &world.other_admin.token, &elsewhere), 404, "not_found").await;
}

#[actix_web::test]
async fn invalid_fields_are_named() {
    let world = World::new().await;
    let body = json!({"title": " ", "summary": "x", "jp": 900, "competency_type": "technical",
        "delivery": "self_paced", "visibility": "public", "tags": [""]});
    let body =
        problem(world.app.post("/api/v1/courses", &world.instructor.token, &body), 422, "validation_failed").await;
    let fields: Vec<&str> =
        body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["title", "jp", "tags"]);
}

#[actix_web::test]
async fn patch_with_a_stale_if_match_is_412() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let path = format!("/api/v1/courses/{}", id(&course));
    let response = world.app.get(&path, &world.instructor.token).send().await.expect("get");
    let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned).expect("etag");
    assert_eq!(etag, "\"1\"");
    let first =
        world.app.patch(&path, &world.instructor.token, &json!({"title": "Judul Baru"})).header("if-match", &etag);
    let response = first.send().await.expect("patch");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("etag").and_then(|v| v.to_str().ok()), Some("\"2\""));
    let updated: serde_json::Value = response.json().await.expect("json");
    assert_eq!((updated["title"].as_str(), updated["version"].as_i64()), (Some("Judul Baru"), Some(2)));
    let stale = world.app.patch(&path, &world.instructor.token, &json!({"title": "Lagi"})).header("if-match", &etag);
    problem(stale, 412, "precondition_failed").await;
    let weak = world.app.patch(&path, &world.instructor.token, &json!({"title": "Lagi"})).header("if-match", "W/\"2\"");
    problem(weak, 412, "precondition_failed").await;
    let (_, unchanged) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(unchanged["title"], "Judul Baru");
}

#[actix_web::test]
async fn only_course_staff_edit_a_course() {
    let world = World::new().await;
    let (course, _) = world.published(json!({"visibility": "public"})).await;
    let path = format!("/api/v1/courses/{}", id(&course));
    let change = json!({"title": "Diubah"});
    problem(world.app.patch(&path, &world.learner.token, &change), 403, "forbidden").await;
    problem(world.app.patch(&path, &world.other_instructor.token, &change), 403, "forbidden").await;
    problem(world.app.patch(&path, &world.other_admin.token, &change), 403, "forbidden").await;
    let (status, _) = send(world.app.patch(&path, &world.admin.token, &change)).await;
    assert_eq!(status, 200, "the owning organization's admin is staff");
    let private = world.draft(json!({"visibility": "organization"})).await;
    let path = format!("/api/v1/courses/{}", id(&private));
    problem(world.app.patch(&path, &world.other_admin.token, &change), 404, "not_found").await;
    problem(world.app.get(&path, &world.learner.token), 404, "not_found").await;
}

#[actix_web::test]
async fn publishing_needs_a_lesson_and_follows_the_workflow() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let publish = format!("/api/v1/courses/{}/publish", id(&course));
    let archive = format!("/api/v1/courses/{}/archive", id(&course));
    let body = problem(world.app.post(&publish, &world.instructor.token, &json!({})), 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "no_lessons");
    problem(world.app.post(&archive, &world.instructor.token, &json!({})), 409, "not_published").await;
    world.section_with_lesson(&course).await;
    problem(world.app.post(&publish, &world.learner.token, &json!({})), 404, "not_found").await;
    let (status, published) = send(world.app.post(&publish, &world.instructor.token, &json!({}))).await;
    assert_eq!((status.as_u16(), published["status"].as_str()), (200, Some("published")));
    assert!(published["published_at"].is_string());
    problem(world.app.post(&publish, &world.instructor.token, &json!({})), 409, "not_a_draft").await;
    let (status, archived) = send(world.app.post(&archive, &world.instructor.token, &json!({}))).await;
    assert_eq!((status.as_u16(), archived["status"].as_str()), (200, Some("archived")));
}

#[actix_web::test]
async fn an_archived_course_takes_no_new_learners_but_keeps_its_learners() {
    let world = World::new().await;
    let (course, lesson) = world.published(json!({})).await;
    world.enrol(&world.learner, &course).await;
    let archive = format!("/api/v1/courses/{}/archive", id(&course));
    send(world.app.post(&archive, &world.instructor.token, &json!({}))).await;
    let enrol = format!("/api/v1/courses/{}/enrollments", id(&course));
    let late = world.app.request(reqwest::Method::POST, &enrol).bearer_auth(&world.other_learner.token);
    problem(late, 409, "course_archived").await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    let assign = json!({"user_ids": [colleague.id]});
    problem(world.app.post(&enrol, &world.admin.token, &assign), 409, "course_archived").await;
    let (status, _) = send(world.app.get(&format!("/api/v1/lessons/{}", id(&lesson)), &world.learner.token)).await;
    assert_eq!(status, 200, "an enrolled learner still reads the lessons");
    let (_, mine) = send(world.app.get("/api/v1/me/enrollments", &world.learner.token)).await;
    assert_eq!(mine["items"][0]["course_status"], "archived");
}

#[actix_web::test]
async fn instructors_are_added_and_removed_by_staff() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Instructor]).await;
    let path = format!("/api/v1/courses/{}/instructors/{}", id(&course), colleague.id);
    let (status, updated) = send(world.app.put(&path, &world.instructor.token, &json!({}))).await;
    assert_eq!((status.as_u16(), updated["instructors"].as_array().map(Vec::len)), (200, Some(2)));
    let (status, _) = send(world.app.get(&format!("/api/v1/courses/{}", id(&course)), &colleague.token)).await;
    assert_eq!(status, 200, "the new instructor sees the draft");
    let not_instructor = format!("/api/v1/courses/{}/instructors/{}", id(&course), world.learner.id);
    problem(world.app.put(&not_instructor, &world.instructor.token, &json!({})), 422, "validation_failed").await;
    problem(world.app.put(&path, &world.learner.token, &json!({})), 404, "not_found").await;
    let foreign = format!("/api/v1/courses/{}/instructors/{}", id(&course), world.other_instructor.id);
    problem(world.app.put(&foreign, &world.instructor.token, &json!({})), 404, "not_found").await;
    let (status, updated) = send(world.app.delete(&path, &world.instructor.token)).await;
    assert_eq!((status.as_u16(), updated["instructors"].as_array().map(Vec::len)), (200, Some(1)));
}
