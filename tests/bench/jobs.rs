//! How fast one node drains the job queue: `jobs` small jobs of a real kind (each writes one row,
//! keyed so a repeat adds nothing) enqueued into a fresh database, then one node's `Runner` with
//! the server's whole registry and `concurrency` workers, until every job is done.
//!
//! Prints the enqueue rate, jobs drained per second, and p50/p99 of two latencies per job: one
//! try (claimed job to recorded outcome, as the runner's observer sees it) and enqueue to done.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use latih_jobs::{JobContext, Observer, Outcome, Runner};
use latih_tests::TestApp;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, Statement, TransactionTrait};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

/// Jobs enqueued per transaction while filling the queue.
const ENQUEUE_BATCH: u64 = 1_000;

/// The bench's own table, made in the bench's fresh database (never by a migration).
const CREATE_TABLE: &str = "CREATE TABLE bench_job_marks (n BIGINT PRIMARY KEY, done_at TEXT NOT NULL)";

/// Marks `n` done in `bench_job_marks`; a second run of the same job adds nothing.
#[derive(Debug, Serialize, Deserialize)]
struct Mark {
    n: u64,
}

/// Counts finished jobs and wakes the bench when the last one is done.
struct Progress {
    done: AtomicU64,
    target: u64,
    all_done: Notify,
}

#[async_trait::async_trait]
impl latih_jobs::Job for Mark {
    const KIND: &'static str = "bench.mark";

    fn dedup_key(&self) -> Option<String> {
        Some(format!("bench.mark:{}", self.n))
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let backend = ctx.db.get_database_backend();
        let sql = match backend {
            DatabaseBackend::Postgres => {
                "INSERT INTO bench_job_marks (n, done_at) VALUES ($1, $2) ON CONFLICT (n) DO NOTHING"
            }
            _ => "INSERT INTO bench_job_marks (n, done_at) VALUES (?, ?) ON CONFLICT (n) DO NOTHING",
        };
        let n = i64::try_from(self.n)?;
        let values = [n.into(), ctx.clock.now().to_rfc3339().into()];
        ctx.db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
        let progress = ctx.services.get::<Arc<Progress>>()?;
        if progress.done.fetch_add(1, Ordering::SeqCst) + 1 >= progress.target {
            progress.all_done.notify_one();
        }
        Ok(())
    }
}

fn percentile(sorted: &[f64], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

async fn fill(app: &TestApp, jobs: u64) -> Result<(), DbErr> {
    let mut n = 0;
    while n < jobs {
        let txn = app.db.begin().await?;
        for _ in 0..ENQUEUE_BATCH.min(jobs - n) {
            latih_jobs::enqueue(&txn, &app.clock, &Mark { n }).await?;
            n += 1;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// Enqueue-to-done times of every finished bench job, in milliseconds.
async fn queue_latencies(app: &TestApp) -> Result<Vec<f64>, DbErr> {
    use latih_jobs::entity::job;
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows = job::Entity::find().filter(job::Column::Kind.eq(<Mark as latih_jobs::Job>::KIND)).all(&app.db).await?;
    let mut millis: Vec<f64> = rows
        .iter()
        .filter_map(|row| {
            row.finished_at.map(|done| (done - row.created_at).num_microseconds().unwrap_or(0) as f64 / 1e3)
        })
        .collect();
    millis.sort_by(f64::total_cmp);
    Ok(millis)
}

pub async fn jobs(jobs: u64, concurrency: usize) {
    let app = TestApp::new().await;
    let backend = app.db.get_database_backend();
    if let Err(error) = app.db.execute_raw(Statement::from_string(backend, CREATE_TABLE)).await {
        eprintln!("creating the bench table failed: {error}");
        return;
    }
    let started = Instant::now();
    if let Err(error) = fill(&app, jobs).await {
        eprintln!("enqueueing failed: {error}");
        return;
    }
    let enqueue_seconds = started.elapsed().as_secs_f64();

    let progress = Arc::new(Progress { done: AtomicU64::new(0), target: jobs, all_done: Notify::new() });
    let mut services = latih_server::jobs::services(&app.state);
    services.insert(progress.clone());
    let mut registry = latih_server::jobs::registry();
    registry.add::<Mark>();
    let tries = Arc::new(std::sync::Mutex::new(Vec::with_capacity(usize::try_from(jobs).unwrap_or(0))));
    let failed = Arc::new(AtomicU64::new(0));
    let (seen, failures) = (tries.clone(), failed.clone());
    let observer: Observer = Arc::new(move |kind, outcome, took| {
        if kind == <Mark as latih_jobs::Job>::KIND {
            if outcome != Outcome::Done {
                failures.fetch_add(1, Ordering::Relaxed);
            }
            if let Ok(mut seen) = seen.lock() {
                seen.push(took.as_secs_f64() * 1e3);
            }
        }
    });
    let runner = Runner::new(app.db.clone(), app.clock.clone(), registry, services)
        .concurrency(concurrency)
        .poll_interval(Duration::from_millis(50))
        .observe(observer);
    let started = Instant::now();
    let waiter = progress.clone();
    runner
        .run(async move {
            if jobs > 0 {
                waiter.all_done.notified().await;
            }
        })
        .await;
    let drain_seconds = started.elapsed().as_secs_f64();

    let mut tries = tries.lock().map(|t| t.clone()).unwrap_or_default();
    tries.sort_by(f64::total_cmp);
    let queued = queue_latencies(&app).await.unwrap_or_default();
    let marks = app
        .db
        .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM bench_job_marks"))
        .await
        .ok()
        .flatten()
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(-1);
    let database = if backend == DatabaseBackend::Postgres { "PostgreSQL" } else { "SQLite" };
    println!(
        "jobs on {database}: enqueued {jobs} in {enqueue_seconds:.1} s ({:.0} jobs/s, {ENQUEUE_BATCH} per transaction)",
        jobs as f64 / enqueue_seconds
    );
    println!(
        "jobs on {database}: one node, {concurrency} workers drained {} in {drain_seconds:.1} s = {:.0} jobs/s ({} tries not done, {marks} rows written)",
        progress.done.load(Ordering::SeqCst),
        jobs as f64 / drain_seconds,
        failed.load(Ordering::Relaxed)
    );
    println!(
        "jobs on {database}: one try p50 {:.1} ms, p99 {:.1} ms; enqueue to done p50 {:.0} ms, p99 {:.0} ms",
        percentile(&tries, 50),
        percentile(&tries, 99),
        percentile(&queued, 50),
        percentile(&queued, 99)
    );
}
