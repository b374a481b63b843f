//! `/metrics` shows the queue: depth by kind and status, tries by kind and outcome, and e-mails
//! sent or failed.

use latih_tests::{SmtpServer, TestApp, send};
use serde_json::json;

use crate::courses::id;

const METRICS_TOKEN: &str = "metrik-rahasia-untuk-prometheus";

async fn metrics(app: &TestApp) -> String {
    let response = app.get("/metrics", METRICS_TOKEN).send().await.expect("metrics");
    assert!(response.status().is_success());
    response.text().await.expect("text")
}

#[actix_web::test]
async fn the_metrics_count_jobs_by_kind_and_outcome_and_the_emails_sent() {
    let smtp = SmtpServer::start();
    let smtp_url = smtp.url();
    let app = TestApp::with_env(&[("LATIH_METRICS_TOKEN", METRICS_TOKEN), ("LATIH_SMTP_URL", &smtp_url)]).await;
    let world = crate::courses::World::on(app).await;
    let (course, _) = world.published(json!({})).await;
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let (status, _) = send(world.app.post(&path, &world.admin.token, &json!({"user_ids": [world.learner.id]}))).await;
    assert_eq!(status, 201);

    latih_server::jobs::refresh_depth(&world.app.state).await.expect("depth");
    let before = metrics(&world.app).await;
    assert!(
        before.contains(&format!(
            "latih_job_queue_depth{{kind=\"{}\",status=\"queued\"}} 1",
            latih_notify::EMAIL_JOB_KIND
        )),
        "{before}"
    );

    world.app.run_jobs().await;
    latih_server::jobs::refresh_depth(&world.app.state).await.expect("depth");
    let after = metrics(&world.app).await;
    assert!(after.contains("latih_emails_total{outcome=\"sent\"} 1"), "{after}");
    assert!(
        after.contains(&format!("latih_jobs_total{{kind=\"{}\",outcome=\"done\"}} 1", latih_notify::EMAIL_JOB_KIND)),
        "{after}"
    );
    assert!(after.contains("latih_job_duration_seconds_count{kind=\"notify.email\"} 1"), "{after}");
    assert!(!after.contains("latih_job_queue_depth{kind=\"notify.email\",status=\"queued\"}"), "{after}");
    assert_eq!(smtp.messages_to(&world.learner.email).len(), 1);
}
