//! Who may upload what: everyone signed in uploads evidence, avatars and forum attachments;
//! only course authors upload lesson materials and packages.

use latih_kernel::Role;
use latih_tests::{TestApp, problem};

use super::{declare, pdf, png, upload};

/// The first bytes of a zip (an empty archive's end record).
fn zip() -> Vec<u8> {
    let mut bytes = vec![0x50, 0x4B, 0x05, 0x06];
    bytes.extend([0u8; 18]);
    bytes
}

#[actix_web::test]
async fn learners_mentors_and_supervisors_cannot_upload_lesson_materials_or_packages() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    for role in [Role::Learner, Role::Mentor, Role::Supervisor] {
        let person = app.user(Some(org), &[role]).await;
        for (purpose, content_type, bytes) in
            [("lesson", "application/pdf", pdf(100)), ("package", "application/zip", zip())]
        {
            let body = serde_json::json!({"filename": "materi", "content_type": content_type, "size": bytes.len(),
                "sha256": super::sha256(&bytes), "purpose": purpose});
            let refused = problem(app.post("/api/v1/media/uploads", &person.token, &body), 403, "forbidden").await;
            assert!(refused["detail"].as_str().is_some_and(|d| !d.is_empty()), "{role:?} {purpose}");
        }
    }
}

#[actix_web::test]
async fn instructors_and_admins_upload_lesson_materials_and_packages() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let platform_admin = app.user(None, &[Role::PlatformAdmin]).await;
    for person in [
        app.user(Some(org), &[Role::Instructor]).await,
        app.user(Some(org), &[Role::OrgAdmin]).await,
        app.user(Some(org), &[Role::Learner, Role::Instructor]).await,
        platform_admin,
    ] {
        let lesson = upload(&app, &person, "Modul.pdf", "application/pdf", &pdf(100), "lesson").await;
        assert_eq!(lesson["purpose"], "lesson");
        let package = upload(&app, &person, "kursus.zip", "application/zip", &zip(), "package").await;
        assert_eq!(package["purpose"], "package");
    }
}

#[actix_web::test]
async fn every_signed_in_person_uploads_evidence_avatars_and_forum_attachments() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    for role in [Role::Learner, Role::Mentor, Role::Supervisor, Role::Instructor] {
        let person = app.user(Some(org), &[role]).await;
        upload(&app, &person, "bukti.pdf", "application/pdf", &pdf(100), "evidence").await;
        upload(&app, &person, "foto.png", "image/png", &png(), "avatar").await;
        let attachment = upload(&app, &person, "catatan.pdf", "application/pdf", &pdf(100), "forum_attachment").await;
        assert_eq!(attachment["purpose"], "forum_attachment", "{role:?}");
        upload(&app, &person, "layar.png", "image/png", &png(), "forum_attachment").await;
    }
}

#[actix_web::test]
async fn packages_are_zips_and_forum_attachments_are_never_videos() {
    let app = TestApp::new().await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let (status, body) = declare(&app, &instructor, "a.pdf", "application/pdf", &pdf(10), "package").await;
    assert_eq!(status, 415, "{body}");
    let video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
    let (status, body) = declare(&app, &instructor, "v.mp4", "video/mp4", &video, "forum_attachment").await;
    assert_eq!(status, 415, "{body}");
}
