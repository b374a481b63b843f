//! Jobs run on a runner built beside the test server, on the same database, with job kinds
//! made for the test: what they did is counted through the runner's services.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use latih_jobs::entity::job;
use latih_jobs::{Enqueued, Job, JobContext, JobStatus, Registry, Runner, Services, enqueue};
use latih_tests::TestApp;
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

/// How often each test job kind ran.
#[derive(Default)]
pub struct Runs {
    pub ok: AtomicUsize,
    pub flaky: AtomicUsize,
}

#[derive(Serialize, Deserialize)]
pub struct Count {
    pub key: Option<String>,
}

#[async_trait::async_trait]
impl Job for Count {
    const KIND: &'static str = "test.count";

    fn dedup_key(&self) -> Option<String> {
        self.key.clone()
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        ctx.services.get::<Arc<Runs>>()?.ok.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// Fails its first `failures` tries.
#[derive(Serialize, Deserialize)]
struct Flaky {
    failures: usize,
}

#[async_trait::async_trait]
impl Job for Flaky {
    const KIND: &'static str = "test.flaky";
    const MAX_ATTEMPTS: i32 = 3;

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let tries = ctx.services.get::<Arc<Runs>>()?.flaky.fetch_add(1, Ordering::SeqCst) + 1;
        anyhow::ensure!(tries > self.failures, "receiver answered 500 (try {tries})");
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct Slow;

#[async_trait::async_trait]
impl Job for Slow {
    const KIND: &'static str = "test.slow";
    const MAX_ATTEMPTS: i32 = 1;
    const TIMEOUT: Duration = Duration::from_millis(200);

    async fn run(self, _ctx: &JobContext) -> anyhow::Result<()> {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct Panics;

#[async_trait::async_trait]
impl Job for Panics {
    const KIND: &'static str = "test.panics";
    const MAX_ATTEMPTS: i32 = 1;

    async fn run(self, _ctx: &JobContext) -> anyhow::Result<()> {
        let empty: Vec<u8> = Vec::new();
        let _ = empty[usize::from(empty.is_empty())];
        Ok(())
    }
}

pub fn runner(app: &TestApp, runs: &Arc<Runs>, registry: Registry) -> Runner {
    let mut services = Services::new();
    services.insert(runs.clone());
    Runner::new(app.db.clone(), app.clock.clone(), registry, services)
}

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.add::<Count>().add::<Flaky>().add::<Slow>().add::<Panics>();
    registry
}

async fn job_row(app: &TestApp, id: uuid::Uuid) -> job::Model {
    job::Entity::find_by_id(id).one(&app.db).await.expect("read job").expect("job exists")
}

#[actix_web::test]
async fn a_job_exists_only_when_the_transaction_that_enqueued_it_commits() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let txn = app.db.begin().await.expect("begin");
    enqueue(&txn, &app.clock, &Count { key: None }).await.expect("enqueue");
    txn.rollback().await.expect("rollback");
    let txn = app.db.begin().await.expect("begin");
    let Enqueued::New(id) = enqueue(&txn, &app.clock, &Count { key: None }).await.expect("enqueue") else {
        panic!("a new job")
    };
    txn.commit().await.expect("commit");

    let ran = runner(&app, &runs, registry()).run_until_idle().await.expect("run");

    assert_eq!(ran, 1);
    assert_eq!(runs.ok.load(Ordering::SeqCst), 1);
    let row = job_row(&app, id).await;
    assert_eq!(row.status, JobStatus::Done);
    assert_eq!(row.attempts, 1);
    assert!(row.finished_at.is_some() && row.locked_by.is_none());
}

#[actix_web::test]
async fn enqueueing_the_same_dedup_key_twice_runs_the_work_once() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let key = Some("reminder:enrolment-1:7d".to_owned());
    let first = enqueue(&app.db, &app.clock, &Count { key: key.clone() }).await.expect("enqueue");
    let second = enqueue(&app.db, &app.clock, &Count { key }).await.expect("enqueue");

    assert!(matches!(first, Enqueued::New(_)));
    assert_eq!(second, Enqueued::Duplicate);
    runner(&app, &runs, registry()).run_until_idle().await.expect("run");
    assert_eq!(runs.ok.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn a_failing_job_is_retried_after_its_backoff_then_dead_and_can_be_queued_again() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let runner = runner(&app, &runs, registry());
    let Enqueued::New(id) = enqueue(&app.db, &app.clock, &Flaky { failures: 3 }).await.expect("enqueue") else {
        panic!("a new job")
    };

    runner.run_until_idle().await.expect("run");
    let row = job_row(&app, id).await;
    assert_eq!((row.status, row.attempts), (JobStatus::Failed, 1));
    assert!(row.run_at > app.clock.now(), "waits for its backoff");
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("500")), "{:?}", row.last_error);
    // Nothing is due before the backoff has passed.
    assert_eq!(runner.run_until_idle().await.expect("run"), 0);

    for attempt in 2..=3 {
        app.clock.advance(chrono::Duration::hours(7));
        runner.run_until_idle().await.expect("run");
        assert_eq!(job_row(&app, id).await.attempts, attempt);
    }
    let row = job_row(&app, id).await;
    assert_eq!(row.status, JobStatus::Dead, "three tries spent");
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(runner.run_until_idle().await.expect("run"), 0, "a dead job waits for an operator");

    let queued = latih_jobs::retry_dead(&app.db, app.clock.now(), id).await.expect("retry").expect("was dead");
    assert_eq!((queued.status, queued.attempts), (JobStatus::Queued, 0));
    assert!(latih_jobs::retry_dead(&app.db, app.clock.now(), id).await.expect("retry").is_none(), "not dead now");
    runner.run_until_idle().await.expect("run");
    let row = job_row(&app, id).await;
    assert_eq!((row.status, row.attempts), (JobStatus::Done, 1), "the first try after the retry succeeds");
    assert_eq!(runs.flaky.load(Ordering::SeqCst), 4);
}

#[actix_web::test]
async fn a_job_past_its_timeout_or_panicking_fails_without_stopping_the_runner() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let Enqueued::New(slow) = enqueue(&app.db, &app.clock, &Slow).await.expect("enqueue") else { panic!("new") };
    let Enqueued::New(panics) = enqueue(&app.db, &app.clock, &Panics).await.expect("enqueue") else { panic!("new") };
    enqueue(&app.db, &app.clock, &Count { key: None }).await.expect("enqueue");

    runner(&app, &runs, registry()).run_until_idle().await.expect("run");

    let slow = job_row(&app, slow).await;
    assert_eq!(slow.status, JobStatus::Dead);
    assert!(slow.last_error.as_deref().is_some_and(|e| e.contains("timed out")), "{:?}", slow.last_error);
    let panics = job_row(&app, panics).await;
    assert_eq!(panics.status, JobStatus::Dead);
    assert!(panics.last_error.as_deref().is_some_and(|e| e.contains("panicked")), "{:?}", panics.last_error);
    assert_eq!(runs.ok.load(Ordering::SeqCst), 1, "the healthy job still ran");
}

#[actix_web::test]
async fn a_job_whose_node_died_mid_run_is_run_again_once_its_lease_ends() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let Enqueued::New(id) = enqueue(&app.db, &app.clock, &Count { key: None }).await.expect("enqueue") else {
        panic!("new")
    };
    // What a node killed with `kill -9` leaves: the job running under its lease.
    let mut held: job::ActiveModel = job_row(&app, id).await.into();
    held.status = Set(JobStatus::Running);
    held.attempts = Set(1);
    held.locked_by = Set(Some("node-killed".to_owned()));
    held.locked_until = Set(Some(app.clock.now() + chrono::Duration::seconds(90)));
    held.update(&app.db).await.expect("hold");
    let runner = runner(&app, &runs, registry());

    assert_eq!(runner.run_until_idle().await.expect("run"), 0, "the lease still holds");
    app.clock.advance(chrono::Duration::seconds(91));
    assert_eq!(runner.run_until_idle().await.expect("run"), 1);

    let row = job_row(&app, id).await;
    assert_eq!((row.status, row.attempts), (JobStatus::Done, 2));
    assert_eq!(runs.ok.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn a_runner_takes_only_the_kinds_it_knows() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    let Enqueued::New(id) = enqueue(&app.db, &app.clock, &Flaky { failures: 0 }).await.expect("enqueue") else {
        panic!("new")
    };
    let mut counts_only = Registry::new();
    counts_only.add::<Count>();

    assert_eq!(runner(&app, &runs, counts_only).run_until_idle().await.expect("run"), 0);
    assert_eq!(job_row(&app, id).await.status, JobStatus::Queued, "left for a node that knows the kind");
}

#[actix_web::test]
async fn two_nodes_draining_one_queue_run_every_job_exactly_once() {
    let app = TestApp::new().await;
    let runs = Arc::new(Runs::default());
    for _ in 0..60 {
        enqueue(&app.db, &app.clock, &Count { key: None }).await.expect("enqueue");
    }
    let first = runner(&app, &runs, registry()).concurrency(4);
    let second = runner(&app, &runs, registry()).concurrency(4);

    let (a, b) = tokio::join!(first.run_until_idle(), second.run_until_idle());

    assert_eq!(a.expect("first node") + b.expect("second node"), 60, "claimed once each");
    assert_eq!(runs.ok.load(Ordering::SeqCst), 60);
    let done = job::Entity::find().all(&app.db).await.expect("jobs");
    assert!(done.iter().all(|row| row.status == JobStatus::Done && row.attempts == 1));
}
