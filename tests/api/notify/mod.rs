//! `/me/notifications`, `/me/notification-preferences`, `/notifications/unsubscribe`, and the
//! e-mail that leaves through a real SMTP server (aiosmtpd): language, parts, headers, retries,
//! digests.

mod always;
mod digests;
mod email;
mod list;
mod preferences;

use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use serde_json::{Value, json};

/// A mentor and a mentee of Kupang (WITA), paired by its org admin: a mentoring message is the
/// notice these tests make people receive.
pub struct Pair {
    pub app: TestApp,
    pub admin: TestUser,
    pub mentor: TestUser,
    pub mentee: TestUser,
    pub mentorship: String,
}

pub async fn pair(env: &[(&str, &str)]) -> Pair {
    let app = TestApp::with_env(env).await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let mentor = app.user(Some(org), &[Role::Mentor]).await;
    let mentee = app.user(Some(org), &[Role::Learner]).await;
    let body = json!({"mentor_id": mentor.id, "mentee_id": mentee.id, "starts_on": "2026-11-02", "ends_on": "2027-06-30", "goals": "Menyusun SKP."});
    let (status, mentorship) = send(app.post("/api/v1/mentorships", &admin.token, &body)).await;
    assert_eq!(status, 201, "{mentorship}");
    let mentorship = mentorship["id"].as_str().unwrap_or_default().to_owned();
    Pair { app, admin, mentor, mentee, mentorship }
}

impl Pair {
    /// `who` writes to the other one of the pair.
    pub async fn message(&self, who: &TestUser, text: &str) {
        let path = format!("/api/v1/mentorships/{}/messages", self.mentorship);
        let (status, body) = send(self.app.post(&path, &who.token, &json!({"body": text}))).await;
        assert_eq!(status, 201, "{body}");
    }

    /// `who` wants mentoring messages by e-mail (they are in-app only by default).
    pub async fn wants_mentoring_email(&self, who: &TestUser, digest: &str) {
        let body = json!({"digest": digest, "events": {"mentoring.message": {"email": true}}});
        let (status, prefs) = send(self.app.put("/api/v1/me/notification-preferences", &who.token, &body)).await;
        assert_eq!(status, 200, "{prefs}");
    }

    pub async fn speaks(&self, who: &TestUser, language: &str) {
        let (status, me) = send(self.app.patch("/api/v1/me", &who.token, &json!({"language": language}))).await;
        assert_eq!((status.as_u16(), me["language"].as_str()), (200, Some(language)), "{me}");
    }
}

/// The caller's notifications (all, or only unread ones).
pub async fn notifications(app: &TestApp, who: &TestUser, unread: bool) -> Vec<Value> {
    let path = if unread { "/api/v1/me/notifications?unread=true" } else { "/api/v1/me/notifications" };
    let (status, page) = send(app.get(path, &who.token)).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}
