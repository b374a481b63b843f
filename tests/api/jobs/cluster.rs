//! Two nodes on one database: a due-date reminder is sent once, whichever node takes it.

use std::time::Duration;

use chrono::Days;
use latih_jobs::JobStatus;
use latih_jobs::entity::job;
use latih_kernel::Role;
use latih_tests::{SmtpServer, send};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::nodes::{Node, wait_for};
use crate::courses::{World, id};

#[actix_web::test]
async fn a_reminder_runs_once_across_two_nodes_started_on_one_database() {
    let smtp = SmtpServer::start();
    let world = World::new().await;
    let app = &world.app;
    let (course, _) = world.published(json!({})).await;
    // Due in 7 days in Kupang (WITA): the 7-day reminder is due today.
    let due = app.clock.today_in("Asia/Makassar").checked_add_days(Days::new(7)).expect("a date");
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let body = json!({"user_ids": [world.learner.id], "due_on": due});
    let (status, created) = send(app.post(&path, &world.admin.token, &body)).await;
    assert_eq!(status, 201, "{created}");

    let env = [("LATIH_SMTP_URL", smtp.url()), ("LATIH_JOB_WORKERS", "2".to_owned())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (first, second) = tokio::join!(Node::start(app, "serve", &env), Node::start(app, "serve", &env));

    let reminders = || async {
        job::Entity::find()
            .filter(job::Column::Kind.eq("courses.due_reminders"))
            .all(&app.db)
            .await
            .expect("reminder jobs")
    };
    wait_for(Duration::from_secs(120), "the assignment and the reminder e-mails", || async {
        (smtp.messages_to(&world.learner.email).len() >= 2).then_some(())
    })
    .await;
    wait_for(Duration::from_secs(60), "the reminder job to finish", || async {
        let jobs = reminders().await;
        jobs.iter().all(|j| j.status == JobStatus::Done).then_some(())
    })
    .await;
    // Both nodes keep ticking the schedule every poll (1 s); give each a few chances to take the
    // same due time again before counting.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let jobs = reminders().await;
    assert_eq!(jobs.len(), 1, "one node enqueued the due reminder run: {jobs:?}");
    let mails = smtp.messages_to(&world.learner.email);
    assert_eq!(mails.len(), 2, "the assignment and one 7-day reminder: {mails:?}");
    assert_ne!(mails[0].header("message-id"), mails[1].header("message-id"));
    let token = app.token(&world.learner, &[Role::Learner]);
    let (_, page) = send(app.get("/api/v1/me/notifications?limit=100", &token)).await;
    let due_soon: Vec<&Value> =
        page["items"].as_array().into_iter().flatten().filter(|n| n["event"] == "enrollment.due_soon").collect();
    assert_eq!(due_soon.len(), 1, "{page}");
    // Both nodes served all along.
    for node in [&first, &second] {
        let url = format!("{}/healthz", node.base_url.as_deref().expect("a serving node"));
        let status = app.client.get(url).send().await.expect("healthz").status();
        assert!(status.is_success());
    }
}
