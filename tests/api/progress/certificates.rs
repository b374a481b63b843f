//! Certificates: the PDF and the public verification.

use latih_kernel::Role;
use latih_tests::{problem, send};
use reqwest::Method;
use serde_json::json;

use super::Course;
use crate::courses::id;

async fn completed() -> (Course, serde_json::Value) {
    let course = Course::new().await;
    for lesson in &course.lessons[..2] {
        course.complete_lesson(&course.world.learner, lesson).await;
    }
    let (_, certificates) = send(course.world.app.get("/api/v1/me/certificates", &course.world.learner.token)).await;
    let certificate = certificates["items"][0].clone();
    (course, certificate)
}

#[actix_web::test]
async fn the_certificate_pdf_parses_and_names_the_learner() {
    let (course, certificate) = completed().await;
    let world = &course.world;
    let name = "Maria Fernández";
    let rename = json!({"name": name});
    let (status, _) =
        send(world.app.patch(&format!("/api/v1/users/{}", world.learner.id), &world.admin.token, &rename)).await;
    assert_eq!(status, 200);
    let path = format!("/api/v1/certificates/{}/pdf", id(&certificate));
    let response = world.app.get(&path, &world.learner.token).send().await.expect("pdf");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let bytes = response.bytes().await.expect("bytes");
    let document = lopdf::Document::load_mem(&bytes).expect("a PDF that parses");
    let text = document.extract_text(&[1]).expect("text of page 1");
    assert!(text.contains(name), "{text}");
    assert!(text.contains("SURAT TANDA TAMAT PELATIHAN"), "{text}");
    assert!(text.contains(certificate["code"].as_str().unwrap_or("?")), "the code is printed");
    let (status, _) = send(world.app.get(&path, &world.admin.token)).await;
    assert_eq!(status, 200, "the learner's org admin may download it");
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    problem(world.app.get(&path, &colleague.token), 404, "not_found").await;
    problem(world.app.get(&path, &world.other_admin.token), 404, "not_found").await;
    problem(world.app.get(&path, &world.instructor.token), 404, "not_found").await;
}

#[actix_web::test]
async fn anyone_verifies_a_code_without_a_token_and_learns_little() {
    let (course, certificate) = completed().await;
    let code = certificate["code"].as_str().expect("code");
    let (status, verified) =
        send(course.world.app.request(Method::GET, &format!("/api/v1/certificates/verify/{code}"))).await;
    assert_eq!(status, 200);
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["course_title"], "Pelayanan Publik Prima");
    assert_eq!(verified["jp"], 10);
    assert!(verified["organization"].is_string());
    let keys: Vec<&String> = verified.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys.len(), 6, "no NIP, e-mail or anything else: {verified}");
    let typed = code.to_lowercase().replace('-', " ");
    let (_, again) = send(
        course.world.app.request(Method::GET, &format!("/api/v1/certificates/verify/{}", typed.replace(' ', "%20"))),
    )
    .await;
    assert_eq!(again["valid"], true, "a code typed by hand still verifies");
    let (status, unknown) =
        send(course.world.app.request(Method::GET, "/api/v1/certificates/verify/0000-0000-0000")).await;
    assert_eq!(
        (status.as_u16(), unknown["valid"].as_bool(), unknown["learner_name"].is_null()),
        (200, Some(false), true)
    );
}

#[actix_web::test]
async fn the_pdf_is_rendered_once_by_a_job_kept_in_storage_and_served_as_stored() {
    use latih_progress::entity::certificate;
    use sea_orm::EntityTrait;
    let (course, issued) = completed().await;
    let app = &course.world.app;
    let learner = &course.world.learner;
    let certificate_id: uuid::Uuid = id(&issued).parse().expect("uuid");
    let row = || async {
        certificate::Entity::find_by_id(certificate_id).one(&app.db).await.expect("query").expect("certificate")
    };
    let path = format!("/api/v1/certificates/{certificate_id}/pdf");
    let download = || async {
        let response = app.get(&path, &learner.token).send().await.expect("pdf");
        assert_eq!(response.status(), 200);
        response.bytes().await.expect("bytes").to_vec()
    };
    let early = download().await;
    lopdf::Document::load_mem(&early).expect("before the job, a PDF rendered on the fly");
    assert_eq!(row().await.pdf_key, None, "and the GET stored nothing");

    app.run_jobs().await;
    let stored = row().await;
    let key = format!("certificates/{certificate_id}.pdf");
    assert_eq!(stored.pdf_key.as_deref(), Some(key.as_str()));
    let object = latih_progress::certificate::store::read_pdf(&app.state.media, &key).await.expect("the stored object");
    assert_eq!(stored.pdf_size, i64::try_from(object.len()).ok());
    assert_eq!(stored.pdf_sha256.as_ref().map(String::len), Some(64));
    assert!(stored.pdf_rendered_at.is_some());
    let served = download().await;
    assert_eq!(served, object, "the GET answers the stored bytes");
    let text = lopdf::Document::load_mem(&served).expect("PDF").extract_text(&[1]).expect("text");
    assert!(text.contains(issued["code"].as_str().unwrap_or("?")), "{text}");

    app.run_jobs().await;
    assert_eq!(row().await, stored, "rendered once");
}
