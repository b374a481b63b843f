//! Domain events: published in the writing transaction, delivered to each subscriber once.

use std::sync::{Arc, Mutex};

use latih_jobs::{Event, EventRecord, JobContext, Registry, Runner, Services, publish};
use latih_tests::TestApp;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct CourseCompleted {
    user_id: Uuid,
    organization_id: Uuid,
}

impl Event for CourseCompleted {
    const NAME: &'static str = "course.completed";

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }
}

/// What each subscriber saw, in order.
#[derive(Default)]
struct Seen {
    lines: Mutex<Vec<String>>,
    /// The webhook subscriber fails this many times before it succeeds.
    webhook_failures: Mutex<usize>,
}

fn seen(ctx: &JobContext) -> anyhow::Result<Arc<Seen>> {
    Ok(ctx.services.get::<Arc<Seen>>()?.clone())
}

fn runner(app: &TestApp, seen_by: &Arc<Seen>) -> Runner {
    let mut registry = Registry::new();
    registry.on::<CourseCompleted, _, _>("test.certificate", |event, _record, ctx| async move {
        let seen = seen(&ctx)?;
        seen.lines.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.push(format!("certificate {}", event.user_id));
        Ok(())
    });
    registry.on_names("test.webhooks", None, |record: EventRecord, ctx| async move {
        let seen = seen(&ctx)?;
        {
            let mut failures = seen.webhook_failures.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
            if *failures > 0 {
                *failures -= 1;
                anyhow::bail!("receiver answered 500");
            }
        }
        seen.lines.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.push(format!("webhook {}", record.name));
        Ok(())
    });
    let mut services = Services::new();
    services.insert(seen_by.clone());
    Runner::new(app.db.clone(), app.clock.clone(), registry, services)
}

#[actix_web::test]
async fn an_event_reaches_each_subscriber_once_and_only_if_its_change_committed() {
    let app = TestApp::new().await;
    let seen = Arc::new(Seen::default());
    let runner = runner(&app, &seen);
    let event = CourseCompleted { user_id: Uuid::nil(), organization_id: Uuid::nil() };
    let rolled_back = app.db.begin().await.expect("begin");
    publish(&rolled_back, &app.clock, &event).await.expect("publish");
    rolled_back.rollback().await.expect("rollback");
    let committed = app.db.begin().await.expect("begin");
    publish(&committed, &app.clock, &event).await.expect("publish");
    committed.commit().await.expect("commit");

    runner.run_until_idle().await.expect("run");

    let mut lines = seen.lines.lock().expect("lines").clone();
    lines.sort();
    assert_eq!(lines, vec![format!("certificate {}", Uuid::nil()), "webhook course.completed".to_owned()]);
}

#[actix_web::test]
async fn a_failing_subscriber_is_retried_alone() {
    let app = TestApp::new().await;
    let seen = Arc::new(Seen::default());
    *seen.webhook_failures.lock().expect("failures") = 2;
    let runner = runner(&app, &seen);
    let event = CourseCompleted { user_id: Uuid::nil(), organization_id: Uuid::nil() };
    publish(&app.db, &app.clock, &event).await.expect("publish");

    runner.run_until_idle().await.expect("run");
    assert_eq!(seen.lines.lock().expect("lines").len(), 1, "the certificate ran; the webhook waits");
    for _ in 0..2 {
        app.clock.advance(chrono::Duration::hours(7));
        runner.run_until_idle().await.expect("run");
    }

    let lines = seen.lines.lock().expect("lines").clone();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines.iter().filter(|line| line.starts_with("certificate")).count(), 1, "not repeated by the retry");
}
