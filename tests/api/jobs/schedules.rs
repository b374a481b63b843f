//! Recurring jobs: each due time is taken by exactly one node, however many run.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use latih_jobs::entity::job;
use latih_jobs::{Every, Registry, Schedule};
use latih_tests::TestApp;
use sea_orm::{EntityTrait, PaginatorTrait};

use super::queue::{Count, Runs, runner};

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.add::<Count>();
    let every_five_minutes = Every::Interval(chrono::Duration::minutes(5));
    let schedule = Schedule::new("test.sweep", every_five_minutes, &Count { key: None }).expect("schedule");
    registry.schedule(schedule);
    registry
}

#[actix_web::test]
async fn two_nodes_on_one_database_run_a_due_schedule_once() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let first = runner(&app, &runs, registry());
    let second = runner(&app, &runs, registry());

    let (a, b) = tokio::join!(first.run_until_idle(), second.run_until_idle());
    a.expect("first node");
    b.expect("second node");
    assert_eq!(runs.ok.load(Ordering::SeqCst), 1, "one run for the first due time");

    let (a, b) = tokio::join!(first.run_until_idle(), second.run_until_idle());
    a.expect("first node");
    b.expect("second node");
    assert_eq!(runs.ok.load(Ordering::SeqCst), 1, "not due again before five minutes");

    app.clock.advance(chrono::Duration::minutes(6));
    let (a, b) = tokio::join!(first.run_until_idle(), second.run_until_idle());
    a.expect("first node");
    b.expect("second node");
    assert_eq!(runs.ok.load(Ordering::SeqCst), 2, "one run for the second due time");
    assert_eq!(job::Entity::find().count(&app.db).await.expect("count"), 2);
}
