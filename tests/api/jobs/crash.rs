//! A worker killed with SIGKILL in the middle of 200 e-mails loses none of them: once a node
//! runs again, every e-mail arrives, and the only repeats are those whose try was under way at
//! the kill (each keeps its Message-ID, so a receiver can tell).

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use latih_jobs::JobStatus;
use latih_jobs::entity::job;
use latih_kernel::Role;
use latih_tests::{SmtpServer, send};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use super::nodes::{Node, wait_for};
use crate::courses::{World, id};

const PEOPLE: usize = 200;

async fn email_jobs(world: &World, status: JobStatus) -> u64 {
    job::Entity::find()
        .filter(job::Column::Kind.eq(latih_notify::EMAIL_JOB_KIND))
        .filter(job::Column::Status.eq(status))
        .count(&world.app.db)
        .await
        .expect("count e-mail jobs")
}

#[actix_web::test]
async fn all_200_assignment_emails_arrive_after_the_worker_is_killed_mid_way() {
    let smtp = SmtpServer::start();
    let world = World::new().await;
    let (course, _) = world.published(json!({})).await;
    let mut people = Vec::with_capacity(PEOPLE);
    for _ in 0..PEOPLE {
        people.push(world.app.user(Some(world.kupang), &[Role::Learner]).await);
    }
    let due = (Utc::now() + chrono::Duration::days(60)).date_naive();
    let path = format!("/api/v1/courses/{}/enrollments", id(&course));
    let ids: Vec<_> = people.iter().map(|p| p.id).collect();
    let (status, created) =
        send(world.app.post(&path, &world.admin.token, &json!({"user_ids": ids, "due_on": due}))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        email_jobs(&world, JobStatus::Queued).await,
        PEOPLE as u64,
        "one e-mail job per person, queued with the assignment"
    );

    let smtp_env = [("LATIH_SMTP_URL", smtp.url()), ("LATIH_JOB_WORKERS", "4".to_owned())];
    let env: Vec<(&str, &str)> = smtp_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut worker = Node::start(&world.app, "worker", &env).await;
    wait_for(Duration::from_secs(120), "the first e-mails", || async { (smtp.messages().len() >= 20).then_some(()) })
        .await;
    worker.kill();

    let before_restart = smtp.messages().len();
    let running_at_kill = email_jobs(&world, JobStatus::Running).await;
    assert!(before_restart < PEOPLE, "the kill came too late to test anything: {before_restart} already sent");
    // The dead node's leases would run out after the kind's timeout plus a margin (90 s); the
    // test ends them now instead of waiting, as time passing would.
    job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(Utc::now() - chrono::Duration::seconds(1)))
        .filter(job::Column::Status.eq(JobStatus::Running))
        .exec(&world.app.db)
        .await
        .expect("end the dead node's leases");

    let _restarted = Node::start(&world.app, "worker", &env).await;
    wait_for(Duration::from_secs(180), "every e-mail job to finish", || async {
        let open = email_jobs(&world, JobStatus::Queued).await
            + email_jobs(&world, JobStatus::Running).await
            + email_jobs(&world, JobStatus::Failed).await;
        (open == 0).then_some(())
    })
    .await;

    let messages = smtp.messages();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for message in &messages {
        *by_id.entry(message.header("message-id").to_owned()).or_default() += 1;
    }
    assert!(!by_id.contains_key(""), "every e-mail has a Message-ID");
    assert_eq!(by_id.len(), PEOPLE, "every person's e-mail arrived");
    for person in &people {
        assert_eq!(
            smtp.messages_to(&person.email)
                .iter()
                .map(|m| m.header("message-id"))
                .collect::<std::collections::HashSet<_>>()
                .len(),
            1,
            "{} got one e-mail (maybe twice)",
            person.email
        );
    }
    let repeats = messages.len() - PEOPLE;
    eprintln!(
        "{before_restart} e-mails before the kill, {running_at_kill} tries under way at it, {repeats} sent twice"
    );
    assert!(
        repeats as u64 <= running_at_kill,
        "{repeats} e-mails came twice, but only {running_at_kill} tries were under way at the kill"
    );
    assert_eq!(email_jobs(&world, JobStatus::Done).await, PEOPLE as u64);
    assert_eq!(email_jobs(&world, JobStatus::Dead).await, 0);
}
