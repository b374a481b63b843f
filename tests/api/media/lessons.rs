//! Media in lessons: only ready files of the course's organization, readers are staff and
//! enrolled learners, and a file in use is not deleted.

use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use reqwest::Method;
use serde_json::{Value, json};

use super::{declare, download_location, pdf, upload};

async fn course_with_document(app: &TestApp, instructor: &latih_tests::TestUser, media_id: &str) -> (Value, Value) {
    let body = json!({"title": "Latsar", "summary": "Pelatihan dasar", "jp": 10, "competency_type": "technical",
        "delivery": "self_paced", "visibility": "public"});
    let (_, course) = send(app.post("/api/v1/courses", &instructor.token, &body)).await;
    let course_id = course["id"].as_str().expect("course").to_owned();
    let (_, section) =
        send(app.post(&format!("/api/v1/courses/{course_id}/sections"), &instructor.token, &json!({"title": "Modul"})))
            .await;
    let lesson = json!({"title": "Modul 1", "kind": "document", "media_id": media_id});
    let path = format!("/api/v1/sections/{}/lessons", section["id"].as_str().expect("section"));
    let (status, lesson) = send(app.post(&path, &instructor.token, &lesson)).await;
    assert_eq!(status, 201, "{lesson}");
    send(app.post(&format!("/api/v1/courses/{course_id}/publish"), &instructor.token, &json!({}))).await;
    (course, lesson)
}

#[actix_web::test]
async fn enrolled_learners_and_staff_read_lesson_files_and_others_do_not() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let other = app.organization("JAYAPURA", "Asia/Jayapura").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let learner = app.user(Some(org), &[Role::Learner]).await;
        let stranger = app.user(Some(org), &[Role::Learner]).await;
        let other_admin = app.user(Some(other), &[Role::OrgAdmin]).await;
        let bytes = pdf(2000);
        let media = upload(&app, &instructor, "Modul 1.pdf", "application/pdf", &bytes, "lesson").await;
        let media_id = media["id"].as_str().expect("id").to_owned();
        let (course, _) = course_with_document(&app, &instructor, &media_id).await;
        let enrol = format!("/api/v1/courses/{}/enrollments", course["id"].as_str().expect("id"));
        send(app.request(Method::POST, &enrol).bearer_auth(&learner.token)).await;
        let (status, _) = send(app.get(&format!("/api/v1/media/{media_id}"), &learner.token)).await;
        assert_eq!(status, 200, "{backend}: an enrolled learner reads the file");
        let location = download_location(&app, &learner, &media_id).await;
        let fetched = app.client.get(&location).send().await.expect("fetch");
        assert_eq!(fetched.bytes().await.expect("bytes").as_ref(), bytes.as_slice(), "{backend}");
        for outsider in [&stranger, &other_admin] {
            problem(app.get(&format!("/api/v1/media/{media_id}"), &outsider.token), 404, "not_found").await;
            problem(app.get(&format!("/api/v1/media/{media_id}/download"), &outsider.token), 404, "not_found").await;
        }
    }
}

#[actix_web::test]
async fn lessons_take_only_ready_files_of_their_organization() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let other = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let foreign_instructor = app.user(Some(other), &[Role::Instructor]).await;
    let body = json!({"title": "Latsar", "summary": "Pelatihan dasar", "jp": 10, "competency_type": "technical",
        "delivery": "self_paced", "visibility": "public"});
    let (_, course) = send(app.post("/api/v1/courses", &instructor.token, &body)).await;
    let (_, section) = send(app.post(
        &format!("/api/v1/courses/{}/sections", course["id"].as_str().expect("id")),
        &instructor.token,
        &json!({"title": "M"}),
    ))
    .await;
    let path = format!("/api/v1/sections/{}/lessons", section["id"].as_str().expect("section"));
    let (_, pending) = declare(&app, &instructor, "a.pdf", "application/pdf", &pdf(10), "lesson").await;
    let lesson = json!({"title": "Belum siap", "kind": "document", "media_id": pending["media_id"]});
    let refused = problem(app.post(&path, &instructor.token, &lesson), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "media_not_ready");
    let foreign = upload(&app, &foreign_instructor, "b.pdf", "application/pdf", &pdf(10), "lesson").await;
    let lesson = json!({"title": "Milik lain", "kind": "video", "media_id": foreign["id"]});
    let refused = problem(app.post(&path, &instructor.token, &lesson), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "media_not_found");
    let lesson = json!({"title": "Tidak ada", "kind": "document", "media_id": uuid::Uuid::now_v7()});
    problem(app.post(&path, &instructor.token, &lesson), 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_file_used_by_a_lesson_cannot_be_deleted() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let media = upload(&app, &instructor, "a.pdf", "application/pdf", &pdf(10), "lesson").await;
    let media_id = media["id"].as_str().expect("id").to_owned();
    course_with_document(&app, &instructor, &media_id).await;
    problem(app.delete(&format!("/api/v1/media/{media_id}"), &instructor.token), 409, "media_in_use").await;
    let (status, still) = send(app.get(&format!("/api/v1/media/{media_id}"), &instructor.token)).await;
    assert_eq!((status.as_u16(), still["status"].as_str()), (200, Some("ready")));
}
