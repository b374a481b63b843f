//! Assignments always reach the person: by e-mail at once, even with e-mail off and a digest on.

use chrono::{Duration, Utc};
use latih_kernel::Role;
use latih_tests::{SmtpServer, TestApp, send};
use serde_json::json;

use crate::courses::{World, id};

#[actix_web::test]
async fn an_assignment_is_emailed_at_once_whatever_the_preferences_say() {
    let smtp = SmtpServer::start();
    let app = TestApp::with_env(&[("LATIH_SMTP_URL", &smtp.url())]).await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let world = World {
        instructor: app.user(Some(kupang), &[Role::Instructor]).await,
        admin: app.user(Some(kupang), &[Role::OrgAdmin]).await,
        learner: app.user(Some(kupang), &[Role::Learner]).await,
        other_admin: app.user(Some(jayapura), &[Role::OrgAdmin]).await,
        other_learner: app.user(Some(jayapura), &[Role::Learner]).await,
        other_instructor: app.user(Some(jayapura), &[Role::Instructor]).await,
        kupang,
        app,
    };
    let prefs = json!({"email": false, "digest": "weekly"});
    let (status, _) = send(world.app.put("/api/v1/me/notification-preferences", &world.learner.token, &prefs)).await;
    assert_eq!(status, 200);
    let (course, _) = world.published(json!({})).await;
    let due = (Utc::now() + Duration::days(30)).date_naive();
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let body = json!({"user_ids": [world.learner.id], "due_on": due});
    let (status, created) = send(world.app.post(&path, &world.admin.token, &body)).await;
    assert_eq!(status, 201, "{created}");
    world.app.run_jobs().await;
    let mails = smtp.messages_to(&world.learner.email);
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].header("subject").contains("Pelayanan Publik Prima"), "{}", mails[0].header("subject"));
    assert_eq!(mails[0].header("list-unsubscribe"), "", "nothing to unsubscribe from");
    assert!(mails[0].text.as_deref().unwrap_or_default().contains(&format!("/courses/{}", id(&course))));
    assert!(smtp.messages_to(&world.other_learner.email).is_empty());
}
