//! `/courses/...`, `/sections/...`, `/lessons/...`, `/enrollments/...`, `/sessions/...`.

mod catalog;
mod course;
mod enrollments;
mod jp;
mod lesson_files;
mod lesson_quizzes;
mod lessons;
mod outline;
mod sessions;
mod staff_rights;

use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use serde_json::{Value, json};
use uuid::Uuid;

/// Two organizations, Kupang (WITA) and Jayapura (WIT), with the people the tests need.
pub struct World {
    pub app: TestApp,
    pub kupang: Uuid,
    pub instructor: TestUser,
    pub admin: TestUser,
    pub learner: TestUser,
    pub other_admin: TestUser,
    pub other_learner: TestUser,
    pub other_instructor: TestUser,
}

impl World {
    pub async fn new() -> Self {
        Self::on(TestApp::new().await).await
    }

    /// The same people on a server started with settings of the test's own.
    pub async fn on(app: TestApp) -> Self {
        let kupang = app.organization("KUPANG", "Asia/Makassar").await;
        let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
        let instructor = app.user(Some(kupang), &[Role::Instructor]).await;
        let admin = app.user(Some(kupang), &[Role::OrgAdmin]).await;
        let learner = app.user(Some(kupang), &[Role::Learner]).await;
        let other_admin = app.user(Some(jayapura), &[Role::OrgAdmin]).await;
        let other_learner = app.user(Some(jayapura), &[Role::Learner]).await;
        let other_instructor = app.user(Some(jayapura), &[Role::Instructor]).await;
        Self { app, kupang, instructor, admin, learner, other_admin, other_learner, other_instructor }
    }

    /// A draft course by the Kupang instructor; `fields` override the defaults.
    pub async fn draft(&self, fields: Value) -> Value {
        let mut body = json!({
            "title": "Pelayanan Publik Prima", "summary": "Standar pelayanan dan pengaduan.",
            "description": "Kursus **mandiri**.", "jp": 10, "competency_type": "sociocultural",
            "delivery": "self_paced", "visibility": "public", "tags": ["Pelayanan-Publik", "etika"],
        });
        if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
            body.extend(fields.clone());
        }
        let (status, course) = send(self.app.post("/api/v1/courses", &self.instructor.token, &body)).await;
        assert_eq!(status, 201, "{course}");
        course
    }

    /// Adds a section with one text lesson; returns (section, lesson).
    pub async fn section_with_lesson(&self, course: &Value) -> (Value, Value) {
        let path = format!("/api/v1/courses/{}/sections", id(course));
        let (status, section) = send(self.app.post(&path, &self.instructor.token, &json!({"title": "Bagian 1"}))).await;
        assert_eq!(status, 201, "{section}");
        // 450 required minutes back the default 10 JP, so publishing approves it.
        let lesson = json!({"title": "Pengantar", "kind": "text", "body": "Selamat datang.", "duration_minutes": 450});
        let path = format!("/api/v1/sections/{}/lessons", id(&section));
        let (status, lesson) = send(self.app.post(&path, &self.instructor.token, &lesson)).await;
        assert_eq!(status, 201, "{lesson}");
        (section, lesson)
    }

    /// A published course with one section and one lesson.
    pub async fn published(&self, fields: Value) -> (Value, Value) {
        let course = self.draft(fields).await;
        let (_, lesson) = self.section_with_lesson(&course).await;
        let path = format!("/api/v1/courses/{}/publish", id(&course));
        let (status, published) = send(self.app.post(&path, &self.instructor.token, &json!({}))).await;
        assert_eq!(status, 200, "{published}");
        (published, lesson)
    }

    /// Enrols `who` into `course` by self-enrolment.
    pub async fn enrol(&self, who: &TestUser, course: &Value) -> Value {
        let path = format!("/api/v1/courses/{}/enrollments", id(course));
        let (status, enrollment) = send(self.app.request(reqwest::Method::POST, &path).bearer_auth(&who.token)).await;
        assert_eq!(status, 201, "{enrollment}");
        enrollment
    }
}

/// The `id` of a JSON resource.
pub fn id(resource: &Value) -> String {
    resource["id"].as_str().expect("an id").to_owned()
}

/// The titles of a page of courses, in order.
pub fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().into_iter().flatten().filter_map(|c| c["title"].as_str().map(str::to_owned)).collect()
}
