//! Issue 11, point 1: a lesson of any kind takes only a file meant for lessons, of the course's
//! organization, that the caller uploaded or already uses in a course they staff; so nobody reads
//! another organization's files, or a learner's claim evidence, through a course.

use latih_kernel::Role;
use latih_tests::{TestUser, problem, send};
use serde_json::{Value, json};

use super::{World, id};
use crate::media::{pdf, upload};

async fn lesson_path(world: &World, instructor: &TestUser) -> (Value, String) {
    let body = json!({"title": "Latsar", "summary": "Pelatihan dasar", "jp": 1, "competency_type": "technical",
        "delivery": "self_paced", "visibility": "public"});
    let (status, course) = send(world.app.post("/api/v1/courses", &instructor.token, &body)).await;
    assert_eq!(status, 201, "{course}");
    let sections = format!("/api/v1/courses/{}/sections", id(&course));
    let (_, section) = send(world.app.post(&sections, &instructor.token, &json!({"title": "Modul"}))).await;
    (course, format!("/api/v1/sections/{}/lessons", id(&section)))
}

/// A text, link or quiz lesson carrying `media_id`.
fn lessons_carrying(media_id: &Value, quiz_id: &Value) -> Vec<Value> {
    vec![
        json!({"title": "Teks", "kind": "text", "body": "Isi", "media_id": media_id}),
        json!({"title": "Tautan", "kind": "link", "url": "https://jdih.kupangkota.go.id", "media_id": media_id}),
        json!({"title": "Kuis", "kind": "quiz", "quiz_id": quiz_id, "media_id": media_id}),
        json!({"title": "Dokumen", "kind": "document", "media_id": media_id}),
    ]
}

#[actix_web::test]
async fn no_lesson_kind_takes_a_file_of_another_organization() {
    let world = World::new().await;
    let (course, path) = lesson_path(&world, &world.instructor).await;
    let quizzes = format!("/api/v1/courses/{}/quizzes", id(&course));
    let quiz_body = json!({"title": "Kuis", "kind": "graded", "pass_percent": 60});
    let (_, quiz) = send(world.app.post(&quizzes, &world.instructor.token, &quiz_body)).await;
    let foreign =
        upload(&world.app, &world.other_instructor, "rahasia.pdf", "application/pdf", &pdf(50), "lesson").await;
    for lesson in lessons_carrying(&foreign["id"], &quiz["id"]) {
        let refused = problem(world.app.post(&path, &world.instructor.token, &lesson), 422, "validation_failed").await;
        assert_eq!(
            (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
            (Some("media_id"), Some("media_not_found")),
            "{lesson}"
        );
    }
    let text = json!({"title": "Teks", "kind": "text", "body": "Isi"});
    let (status, lesson) = send(world.app.post(&path, &world.instructor.token, &text)).await;
    assert_eq!(status, 201, "{lesson}");
    let patch = json!({"media_id": foreign["id"]});
    let lesson_path = format!("/api/v1/lessons/{}", id(&lesson));
    problem(world.app.patch(&lesson_path, &world.instructor.token, &patch), 422, "validation_failed").await;
    let publish = format!("/api/v1/courses/{}/publish", id(&course));
    let (status, _) = send(world.app.post(&publish, &world.instructor.token, &json!({}))).await;
    assert_eq!(status, 200);
    world.enrol(&world.learner, &course).await;
    for reader in [&world.learner, &world.instructor] {
        problem(world.app.get(&format!("/api/v1/media/{}", id(&foreign)), &reader.token), 404, "not_found").await;
    }
}

#[actix_web::test]
async fn an_instructor_cannot_attach_a_learners_claim_evidence() {
    let world = World::new().await;
    let (_, path) = lesson_path(&world, &world.instructor).await;
    let evidence = upload(&world.app, &world.learner, "sertifikat.pdf", "application/pdf", &pdf(50), "evidence").await;
    for attacker in [&world.instructor, &world.admin] {
        let lesson = json!({"title": "Dokumen", "kind": "document", "media_id": evidence["id"]});
        let refused = problem(world.app.post(&path, &attacker.token, &lesson), 422, "validation_failed").await;
        assert_eq!(refused["errors"][0]["code"], "media_not_found");
    }
    let own_evidence =
        upload(&world.app, &world.instructor, "bukti.pdf", "application/pdf", &pdf(50), "evidence").await;
    let lesson = json!({"title": "Dokumen", "kind": "document", "media_id": own_evidence["id"]});
    problem(world.app.post(&path, &world.instructor.token, &lesson), 422, "validation_failed").await;
    let own = upload(&world.app, &world.instructor, "modul.pdf", "application/pdf", &pdf(50), "lesson").await;
    let lesson = json!({"title": "Dokumen", "kind": "document", "media_id": own["id"]});
    let (status, saved) = send(world.app.post(&path, &world.instructor.token, &lesson)).await;
    assert_eq!(status, 201, "the uploader attaches their own lesson file: {saved}");
}

#[actix_web::test]
async fn staff_of_a_course_using_a_file_may_reuse_it_and_other_instructors_may_not() {
    let world = World::new().await;
    let (first, path) = lesson_path(&world, &world.instructor).await;
    let file = upload(&world.app, &world.instructor, "modul.pdf", "application/pdf", &pdf(50), "lesson").await;
    let lesson = json!({"title": "Dokumen", "kind": "document", "media_id": file["id"]});
    let (status, _) = send(world.app.post(&path, &world.instructor.token, &lesson)).await;
    assert_eq!(status, 201);
    let colleague = world.app.user(Some(world.kupang), &[Role::Instructor]).await;
    let stranger = world.app.user(Some(world.kupang), &[Role::Instructor]).await;
    let (_, colleague_path) = lesson_path(&world, &colleague).await;
    let (_, stranger_path) = lesson_path(&world, &stranger).await;
    problem(world.app.post(&colleague_path, &colleague.token, &lesson), 422, "validation_failed").await;
    let add = format!("/api/v1/courses/{}/instructors/{}", id(&first), colleague.id);
    let (status, _) = send(world.app.put(&add, &world.instructor.token, &json!({}))).await;
    assert_eq!(status, 200);
    let (status, reused) = send(world.app.post(&colleague_path, &colleague.token, &lesson)).await;
    assert_eq!(status, 201, "a co-instructor of a course using the file reuses it: {reused}");
    problem(world.app.post(&stranger_path, &stranger.token, &lesson), 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_foreign_file_stored_on_a_lesson_before_the_checks_stays_unreadable() {
    use sea_orm::{ActiveModelTrait, Set};
    let world = World::new().await;
    let (course, lesson) = world.published(json!({})).await;
    world.enrol(&world.learner, &course).await;
    let foreign =
        upload(&world.app, &world.other_instructor, "rahasia.pdf", "application/pdf", &pdf(50), "lesson").await;
    let evidence = upload(&world.app, &world.learner, "bukti.pdf", "application/pdf", &pdf(50), "evidence").await;
    for (file, readers) in [(&foreign, vec![&world.instructor, &world.learner]), (&evidence, vec![&world.instructor])] {
        let lesson_id: uuid::Uuid = id(&lesson).parse().expect("uuid");
        let media_id: uuid::Uuid = id(file).parse().expect("uuid");
        latih_courses::entity::lesson::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(lesson_id),
            media_id: Set(Some(media_id)),
            ..Default::default()
        }
        .update(&world.app.db)
        .await
        .expect("store the old, unchecked pointer");
        for reader in readers {
            problem(world.app.get(&format!("/api/v1/media/{}", id(file)), &reader.token), 404, "not_found").await;
        }
    }
    let (status, _) = send(world.app.get(&format!("/api/v1/media/{}", id(&evidence)), &world.learner.token)).await;
    assert_eq!(status, 200, "the uploader still reads their own file");
}
