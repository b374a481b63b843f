//! Deliveries: every matching event is POSTed once per webhook, signed with its secret,
//! retried with the queue's backoff until a 2xx, and `failed` after the last try.

use hmac::{Hmac, Mac};
use latih_jobs::{Event, publish};
use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;
use uuid::Uuid;

use super::manage::app;
use super::receiver::Receiver;

const SECRET: &str = "rahasia-penerima-uji-42-abcdef";

#[derive(Serialize, Deserialize)]
struct CourseCompleted {
    organization_id: Uuid,
    user_id: Uuid,
    course_id: Uuid,
}

impl Event for CourseCompleted {
    const NAME: &'static str = "course.completed";

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }
}

#[derive(Serialize, Deserialize)]
struct JpAtRisk {
    organization_id: Uuid,
}

impl Event for JpAtRisk {
    const NAME: &'static str = "jp.at_risk";

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }
}

async fn webhook(app: &TestApp, admin: &TestUser, organization: Uuid, url: &str) -> String {
    let body = json!({"url": url, "events": ["course.completed"], "secret": SECRET});
    let (status, hook) =
        send(app.post(&format!("/api/v1/organizations/{organization}/webhooks"), &admin.token, &body)).await;
    assert_eq!(status, 201, "{hook}");
    hook["id"].as_str().expect("id").to_owned()
}

async fn completed(app: &TestApp, organization: Uuid) -> (Uuid, CourseCompleted) {
    let event = CourseCompleted { organization_id: organization, user_id: Uuid::now_v7(), course_id: Uuid::now_v7() };
    let id = publish(&app.db, &app.clock, &event).await.expect("publish");
    (id, event)
}

async fn deliveries(app: &TestApp, admin: &TestUser, webhook: &str) -> Vec<Value> {
    let token = app.token(admin, &[Role::OrgAdmin]);
    let (status, page) = send(app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &token)).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().expect("items").clone()
}

/// Moves the clock past any backoff the queue may have chosen, then runs what is due.
async fn later(app: &TestApp) {
    app.clock.advance(chrono::Duration::hours(7));
    app.run_jobs().await;
}

/// Checks `Latih-Signature: t=<unix>,v1=<hex>` against the body, computing the HMAC here.
fn verify(signature: &str, body: &[u8], secret: &str) -> bool {
    let Some((t, v1)) = signature.split_once(',') else { return false };
    let (Some(t), Some(v1)) = (t.strip_prefix("t="), v1.strip_prefix("v1=")) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    hex::decode(v1).is_ok_and(|tag| mac.verify_slice(&tag).is_ok())
}

#[actix_web::test]
async fn a_delivery_is_signed_with_the_secret_and_carries_the_event() {
    let app = app().await;
    let org = app.organization("WDA", "Asia/Jakarta").await;
    let other = app.organization("WDB", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let receiver = Receiver::start(&[200]);
    let hook = webhook(&app, &admin, org, &receiver.url).await;

    let (event_id, event) = completed(&app, org).await;
    publish(&app.db, &app.clock, &JpAtRisk { organization_id: org }).await.expect("an event it does not want");
    completed(&app, other).await;
    app.run_jobs().await;

    let seen = receiver.seen();
    assert_eq!(seen.len(), 1, "only the wanted event of its own organization");
    let request = &seen[0];
    let signature = request.signature.as_deref().expect("Latih-Signature");
    assert!(verify(signature, &request.body, SECRET), "{signature}");
    assert!(!verify(signature, &request.body, "another-secret-of-enough-length"));
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert!(request.user_agent.as_deref().is_some_and(|ua| ua.starts_with("Latih")), "{:?}", request.user_agent);
    let body = request.json();
    assert_eq!(body["id"], event_id.to_string());
    assert_eq!(body["event"], "course.completed");
    assert_eq!(body["organization_id"], org.to_string());
    assert_eq!(body["data"]["user_id"], event.user_id.to_string());
    assert_eq!(body["data"]["course_id"], event.course_id.to_string());
    let occurred = body["occurred_at"].as_str().expect("occurred_at");
    assert!(chrono::DateTime::parse_from_rfc3339(occurred).is_ok(), "{occurred}");
    let mut keys: Vec<&str> = body.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["data", "event", "id", "occurred_at", "organization_id"]);

    let list = deliveries(&app, &admin, &hook).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["event"], "course.completed");
    assert_eq!(list[0]["event_id"], event_id.to_string());
    assert_eq!(list[0]["status"], "delivered");
    assert_eq!(list[0]["attempts"], 1);
    assert_eq!(list[0]["response_status"], 200);
    assert_eq!(list[0]["next_attempt_at"], Value::Null);

    later(&app).await;
    assert_eq!(receiver.seen().len(), 1, "a delivered event is never sent again");
}

#[actix_web::test]
async fn a_receiver_failing_five_times_gets_the_event_exactly_once_more_after_its_200() {
    let app = app().await;
    let org = app.organization("WDC", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let receiver = Receiver::start(&[500, 500, 500, 500, 500, 200]);
    let hook = webhook(&app, &admin, org, &receiver.url).await;
    let (event_id, _) = completed(&app, org).await;

    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), 1);
    let first = deliveries(&app, &admin, &hook).await;
    assert_eq!(first[0]["status"], "pending");
    assert_eq!(first[0]["attempts"], 1);
    assert_eq!(first[0]["response_status"], 500);
    let next: chrono::DateTime<chrono::Utc> =
        first[0]["next_attempt_at"].as_str().expect("next_attempt_at").parse().expect("an instant");
    assert!(next > app.clock.now(), "the retry waits for its backoff");
    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), 1, "nothing is retried before its backoff");

    for tries in 2..=5 {
        later(&app).await;
        assert_eq!(receiver.seen().len(), tries);
        let now = deliveries(&app, &admin, &hook).await;
        assert_eq!(now[0]["attempts"], tries);
        assert_eq!(now[0]["status"], "pending");
    }
    later(&app).await;
    assert_eq!(receiver.seen().len(), 6, "the sixth try got the 200");
    for _ in 0..3 {
        later(&app).await;
    }
    let seen = receiver.seen();
    assert_eq!(seen.len(), 6, "exactly once more after the 200, then never again");
    for request in &seen {
        assert_eq!(request.json()["id"], event_id.to_string(), "every try carries the same event id");
        assert!(verify(request.signature.as_deref().expect("signature"), &request.body, SECRET));
    }
    let done = deliveries(&app, &admin, &hook).await;
    assert_eq!(done.len(), 1, "one delivery, however many tries");
    assert_eq!(done[0]["status"], "delivered");
    assert_eq!(done[0]["attempts"], 6);
    assert_eq!(done[0]["response_status"], 200);
    assert_eq!(done[0]["next_attempt_at"], Value::Null);
}

#[actix_web::test]
async fn a_delivery_that_never_succeeds_fails_after_eight_tries() {
    let app = app().await;
    let org = app.organization("WDD", "Asia/Jayapura").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    let receiver = Receiver::start(&[503]);
    let hook = webhook(&app, &admin, org, &receiver.url).await;
    completed(&app, org).await;

    app.run_jobs().await;
    for _ in 0..10 {
        later(&app).await;
    }
    assert_eq!(receiver.seen().len(), 8, "eight tries, then no more");
    let list = deliveries(&app, &admin, &hook).await;
    assert_eq!(list[0]["status"], "failed");
    assert_eq!(list[0]["attempts"], 8);
    assert_eq!(list[0]["response_status"], 503);
    assert_eq!(list[0]["next_attempt_at"], Value::Null);
    assert!(list[0]["last_error"].as_str().is_some_and(|e| e.contains("503")), "{}", list[0]);

    let token = app.token(&platform, &[Role::PlatformAdmin]);
    let (_, jobs) = send(app.get("/api/v1/jobs?kind=notify.webhook&status=dead", &token)).await;
    assert_eq!(jobs["items"].as_array().map(Vec::len), Some(1), "{jobs}");
    let (_, failed) = send(
        app.get(&format!("/api/v1/webhooks/{hook}/deliveries?status=failed"), &app.token(&admin, &[Role::OrgAdmin])),
    )
    .await;
    assert_eq!(failed["items"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn a_paused_webhook_gets_nothing_and_an_unreachable_one_is_retried() {
    let app = app().await;
    let org = app.organization("WDE", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let receiver = Receiver::start(&[200]);
    let paused = webhook(&app, &admin, org, &receiver.url).await;
    let (status, _) =
        send(app.patch(&format!("/api/v1/webhooks/{paused}"), &admin.token, &json!({"active": false}))).await;
    assert_eq!(status, 200);
    // A port nothing listens on: bound, then released.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address");
    let unreachable = webhook(&app, &admin, org, &format!("http://{closed}/hook")).await;
    completed(&app, org).await;
    app.run_jobs().await;

    assert!(receiver.seen().is_empty(), "an inactive webhook gets no deliveries");
    assert!(deliveries(&app, &admin, &paused).await.is_empty());
    let list = deliveries(&app, &admin, &unreachable).await;
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["attempts"], 1);
    assert_eq!(list[0]["response_status"], Value::Null);
    assert!(list[0]["last_error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(list[0]["next_attempt_at"].as_str().is_some());
}
