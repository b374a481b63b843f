//! `GET /jobs` and `POST /jobs/{id}/retry`: operators see the queue, org admins only their
//! organization's part of it, and only a platform admin brings a dead job back.

use latih_jobs::{Enqueued, Job, JobContext, Registry, Runner, Services, enqueue};
use latih_kernel::Role;
use latih_tests::TestApp;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

/// Always fails: one try, then dead.
#[derive(Serialize, Deserialize)]
struct Doomed {
    organization_id: Option<Uuid>,
}

#[async_trait::async_trait]
impl Job for Doomed {
    const KIND: &'static str = "test.doomed";
    const MAX_ATTEMPTS: i32 = 1;

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }

    async fn run(self, _ctx: &JobContext) -> anyhow::Result<()> {
        anyhow::bail!("the receiver refused it")
    }
}

async fn doomed(app: &TestApp, organization_id: Option<Uuid>) -> Uuid {
    match enqueue(&app.db, &app.clock, &Doomed { organization_id }).await.expect("enqueue") {
        Enqueued::New(id) => id,
        Enqueued::Duplicate => panic!("no dedup key, never a duplicate"),
    }
}

async fn run_doomed(app: &TestApp) {
    let mut registry = Registry::new();
    registry.add::<Doomed>();
    Runner::new(app.db.clone(), app.clock.clone(), registry, Services::new()).run_until_idle().await.expect("run");
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().map(|job| job["id"].as_str().expect("id").to_owned()).collect()
}

#[actix_web::test]
async fn org_admins_see_only_their_organizations_jobs_and_platform_admins_see_all() {
    let app = TestApp::new().await;
    let own = app.organization("JOBA", "Asia/Jakarta").await;
    let other = app.organization("JOBB", "Asia/Makassar").await;
    let admin = app.user(Some(own), &[Role::OrgAdmin]).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    let mine = doomed(&app, Some(own)).await;
    let theirs = doomed(&app, Some(other)).await;
    let nobodys = doomed(&app, None).await;
    run_doomed(&app).await;

    let response = app.get("/api/v1/jobs", &admin.token).send().await.expect("list");
    assert_eq!(response.status(), StatusCode::OK);
    let page: Value = response.json().await.expect("json");
    assert_eq!(ids(&page), vec![mine.to_string()]);
    assert_eq!(page["items"][0]["status"], "dead");
    assert_eq!(page["items"][0]["kind"], "test.doomed");
    assert_eq!(page["items"][0]["last_error"], "the receiver refused it");
    assert!(page["items"][0].get("payload").is_none(), "payloads may name people: {page}");

    // An org admin cannot widen the view to another organization.
    let url = format!("/api/v1/jobs?organization_id={other}");
    let page: Value = app.get(&url, &admin.token).send().await.expect("list").json().await.expect("json");
    assert_eq!(ids(&page), vec![mine.to_string()]);

    let page: Value = app
        .get("/api/v1/jobs?status=dead&kind=test.doomed", &platform.token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let mut seen = ids(&page);
    seen.sort();
    let mut expected = vec![mine.to_string(), theirs.to_string(), nobodys.to_string()];
    expected.sort();
    assert_eq!(seen, expected);
    let page: Value = app.get(&url, &platform.token).send().await.expect("list").json().await.expect("json");
    assert_eq!(ids(&page), vec![theirs.to_string()]);
    let page: Value =
        app.get("/api/v1/jobs?status=queued", &platform.token).send().await.expect("list").json().await.expect("json");
    assert!(ids(&page).is_empty(), "{page}");
}

#[actix_web::test]
async fn people_who_run_no_organization_are_refused_the_queue() {
    let app = TestApp::new().await;
    let org = app.organization("JOBC", "Asia/Jakarta").await;
    for role in [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor] {
        let person = app.user(Some(org), &[role]).await;
        let response = app.get("/api/v1/jobs", &person.token).send().await.expect("list");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    let response = app.request(reqwest::Method::GET, "/api/v1/jobs").send().await.expect("anonymous");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = app
        .get("/api/v1/jobs?status=sleeping", &app.user(None, &[Role::PlatformAdmin]).await.token)
        .send()
        .await
        .expect("bad filter");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn only_a_platform_admin_queues_a_dead_job_again_and_only_a_dead_one() {
    let app = TestApp::new().await;
    let org = app.organization("JOBD", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    let dead = doomed(&app, Some(org)).await;
    run_doomed(&app).await;
    let retry = format!("/api/v1/jobs/{dead}/retry");

    let refused = app.post(&retry, &admin.token, &json!({})).send().await.expect("org admin");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let response = app.post(&retry, &platform.token, &json!({})).send().await.expect("retry");
    assert_eq!(response.status(), StatusCode::OK);
    let job: Value = response.json().await.expect("json");
    assert_eq!(job["status"], "queued");
    assert_eq!(job["attempts"], 0);

    let again = app.post(&retry, &platform.token, &json!({})).send().await.expect("retry queued");
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let problem: Value = again.json().await.expect("problem");
    assert_eq!(problem["code"], "not_dead");

    // Queued again, it runs again (and dies again: the receiver still refuses).
    run_doomed(&app).await;
    let page: Value =
        app.get("/api/v1/jobs?status=dead", &platform.token).send().await.expect("list").json().await.expect("json");
    assert_eq!(page["items"][0]["attempts"], 1);

    let missing = format!("/api/v1/jobs/{}/retry", Uuid::new_v4());
    let response = app.post(&missing, &platform.token, &json!({})).send().await.expect("missing");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
