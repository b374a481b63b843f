//! The typed face of a job, and putting one into the queue inside the caller's transaction.

use std::time::Duration;

use chrono::{DateTime, Utc};
use latih_kernel::Clock;
use latih_kernel::ids::new_id;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::entity::job::{self, JobStatus};
use crate::runner::JobContext;

/// A kind of background work. The struct is the payload; `run` does the work and must be
/// idempotent: a node can die after the effect and before the job is marked done, and the job
/// then runs again (key what it produces, e.g. an e-mail's message id).
#[async_trait::async_trait]
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The stored name; never renamed once jobs of it may be queued.
    const KIND: &'static str;
    /// Tries before the job is `dead`.
    const MAX_ATTEMPTS: i32 = 8;
    /// How long one try may take before it counts as failed.
    const TIMEOUT: Duration = Duration::from_secs(60);
    /// Higher runs first among due jobs.
    const PRIORITY: i16 = 0;

    /// A key that makes enqueueing the same work twice a no-op (e.g. `reminder:<enrolment>:7d`).
    fn dedup_key(&self) -> Option<String> {
        None
    }

    /// The organization the work belongs to, shown to its admins in the queue.
    fn organization_id(&self) -> Option<Uuid> {
        None
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()>;
}

/// What `enqueue` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enqueued {
    New(Uuid),
    /// A job with the same dedup key exists already; nothing was added.
    Duplicate,
}

/// Puts `job` in the queue, due now. Pass the transaction of the change that causes it.
pub async fn enqueue<J: Job>(db: &impl ConnectionTrait, clock: &Clock, job: &J) -> Result<Enqueued, DbErr> {
    enqueue_at(db, clock, job, clock.now()).await
}

/// Puts `job` in the queue, due at `run_at`.
pub async fn enqueue_at<J: Job>(
    db: &impl ConnectionTrait,
    clock: &Clock,
    job: &J,
    run_at: DateTime<Utc>,
) -> Result<Enqueued, DbErr> {
    let payload = serde_json::to_value(job).map_err(|error| DbErr::Custom(format!("job payload: {error}")))?;
    let row = NewJob {
        kind: J::KIND,
        payload,
        priority: J::PRIORITY,
        max_attempts: J::MAX_ATTEMPTS.max(1),
        run_at,
        dedup_key: job.dedup_key(),
        organization_id: job.organization_id(),
    };
    row.insert(db, clock.now()).await
}

/// A row about to enter the queue, typed or from a schedule.
pub(crate) struct NewJob {
    pub kind: &'static str,
    pub payload: serde_json::Value,
    pub priority: i16,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub dedup_key: Option<String>,
    pub organization_id: Option<Uuid>,
}

impl NewJob {
    /// Inserts the job unless one with the same dedup key exists.
    pub async fn insert(self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Enqueued, DbErr> {
        let id = new_id();
        let row = job::ActiveModel {
            id: Set(id),
            kind: Set(self.kind.to_owned()),
            payload: Set(self.payload),
            priority: Set(self.priority),
            status: Set(JobStatus::Queued),
            attempts: Set(0),
            max_attempts: Set(self.max_attempts),
            run_at: Set(self.run_at),
            locked_by: Set(None),
            locked_until: Set(None),
            dedup_key: Set(self.dedup_key),
            organization_id: Set(self.organization_id),
            last_error: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            finished_at: Set(None),
        };
        let inserted = job::Entity::insert(row)
            .on_conflict(OnConflict::column(job::Column::DedupKey).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
        Ok(if inserted == 0 { Enqueued::Duplicate } else { Enqueued::New(id) })
    }
}
