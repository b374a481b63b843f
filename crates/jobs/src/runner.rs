//! Workers: claim due jobs, run each under its kind's timeout, record the outcome.

use std::sync::Arc;
use std::time::{Duration, Instant};

use latih_kernel::Clock;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::task::JoinSet;
use tracing::Instrument;
use uuid::Uuid;

use crate::entity::job::{self, JobStatus};
use crate::queue;
use crate::registry::{Registry, Subscriber};
use crate::services::Services;

/// Extra lease beyond a kind's timeout, so a slow commit does not look like a dead node.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// What a running job gets: the database, the clock, the server's services, and which try
/// this is.
#[derive(Clone, Debug)]
pub struct JobContext {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub services: Arc<Services>,
    pub job_id: Uuid,
    /// 1 on the first try.
    pub attempt: i32,
    pub(crate) subscribers: Arc<Vec<Subscriber>>,
}

/// How one try ended, for logs and metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Retried,
    Dead,
}

/// Called after every try with the kind, how it ended and how long it took.
pub type Observer = Arc<dyn Fn(&str, Outcome, Duration) + Send + Sync>;

/// Runs the jobs of a registry on one node.
#[derive(Clone)]
pub struct Runner {
    db: DatabaseConnection,
    clock: Clock,
    registry: Arc<Registry>,
    subscribers: Arc<Vec<Subscriber>>,
    services: Arc<Services>,
    node: String,
    concurrency: usize,
    poll: Duration,
    observer: Option<Observer>,
}

impl Runner {
    pub fn new(db: DatabaseConnection, clock: Clock, registry: Registry, services: Services) -> Self {
        Self {
            db,
            clock,
            subscribers: Arc::new(registry.subscribers.clone()),
            registry: Arc::new(registry),
            services: Arc::new(services),
            node: format!("node-{}", Uuid::new_v4().simple()),
            concurrency: 4,
            poll: Duration::from_secs(1),
            observer: None,
        }
    }

    /// Jobs run at once on this node (at least one).
    pub fn concurrency(mut self, jobs: usize) -> Self {
        self.concurrency = jobs.max(1);
        self
    }

    /// How long an idle runner waits before looking for due jobs again.
    pub fn poll_interval(mut self, poll: Duration) -> Self {
        self.poll = poll;
        self
    }

    pub fn observe(mut self, observer: Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Enqueues due schedules, then runs due jobs until none is left; answers how many ran.
    /// Tests and one-shot commands use it; a job that keeps failing is retried only when its
    /// backoff has passed on the clock.
    pub async fn run_until_idle(&self) -> Result<usize, DbErr> {
        let mut ran = 0;
        loop {
            queue::tick_schedules(&self.db, &self.clock, &self.registry.schedules).await?;
            let claimed = self.claim(self.concurrency).await?;
            if claimed.is_empty() {
                return Ok(ran);
            }
            ran += claimed.len();
            let mut tries = JoinSet::new();
            for job in claimed {
                tries.spawn(self.clone().try_once(job));
            }
            while tries.join_next().await.is_some() {}
        }
    }

    /// Runs jobs until `shutdown` completes; a try under way then finishes first.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tracing::info!(node = %self.node, kinds = ?self.registry.kinds().collect::<Vec<_>>(), "job runner started");
        tokio::pin!(shutdown);
        let mut tries = JoinSet::new();
        // Schedules are kept once per poll interval, not once per finished job: each costs a
        // statement or two, and a busy node finishes hundreds of jobs a second.
        let mut next_tick = Instant::now();
        loop {
            if Instant::now() >= next_tick {
                if let Err(error) = queue::tick_schedules(&self.db, &self.clock, &self.registry.schedules).await {
                    tracing::warn!(%error, "keeping job schedules failed");
                }
                next_tick = Instant::now() + self.poll;
            }
            let free = self.concurrency.saturating_sub(tries.len());
            let claimed = match self.claim(free).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, "claiming jobs failed");
                    Vec::new()
                }
            };
            let idle = claimed.is_empty();
            for job in claimed {
                tries.spawn(self.clone().try_once(job));
            }
            tokio::select! {
                () = &mut shutdown => break,
                Some(_) = tries.join_next(), if !tries.is_empty() => {}
                () = tokio::time::sleep(self.poll), if idle || tries.len() >= self.concurrency => {}
                else => {}
            }
        }
        while tries.join_next().await.is_some() {}
        tracing::info!(node = %self.node, "job runner stopped");
    }

    async fn claim(&self, limit: usize) -> Result<Vec<job::Model>, DbErr> {
        let kinds: Vec<&str> = self.registry.kinds().collect();
        let longest = self.registry.kinds.values().map(|kind| kind.timeout).max().unwrap_or_default();
        let lease = chrono::Duration::from_std(longest + LEASE_MARGIN).unwrap_or(chrono::Duration::minutes(5));
        queue::claim(&self.db, self.clock.now(), &self.node, &kinds, limit as u64, lease).await
    }

    /// One try of one claimed job, its outcome recorded under the lease it was claimed with.
    async fn try_once(self, claimed: job::Model) {
        let span =
            tracing::info_span!("job", job.id = %claimed.id, job.kind = %claimed.kind, job.attempt = claimed.attempts);
        self.record_try(claimed).instrument(span).await;
    }

    async fn record_try(self, claimed: job::Model) {
        let started = Instant::now();
        let result = if claimed.attempts > claimed.max_attempts {
            Err("its node stopped during the last try".to_owned())
        } else {
            self.execute(&claimed).await
        };
        let now = self.clock.now();
        let outcome = match result {
            Ok(()) => queue::succeed(&self.db, now, &claimed).await.map(|_| Outcome::Done),
            Err(error) => {
                tracing::warn!(%error, "job failed");
                queue::fail(&self.db, now, &claimed, &error).await.map(|status| match status {
                    JobStatus::Dead => Outcome::Dead,
                    _ => Outcome::Retried,
                })
            }
        };
        match outcome {
            Ok(outcome) => {
                if let Some(observer) = &self.observer {
                    observer(&claimed.kind, outcome, started.elapsed());
                }
            }
            Err(error) => tracing::warn!(%error, "recording a job's outcome failed; its lease will run out"),
        }
    }

    async fn execute(&self, claimed: &job::Model) -> Result<(), String> {
        let Some(kind) = self.registry.kinds.get(claimed.kind.as_str()) else {
            return Err(format!("no handler for job kind {}", claimed.kind));
        };
        let ctx = JobContext {
            db: self.db.clone(),
            clock: self.clock.clone(),
            services: self.services.clone(),
            job_id: claimed.id,
            attempt: claimed.attempts,
            subscribers: self.subscribers.clone(),
        };
        let mut work = tokio::spawn((kind.handler)(claimed.payload.clone(), ctx));
        match tokio::time::timeout(kind.timeout, &mut work).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(error))) => Err(format!("{error:#}")),
            Ok(Err(join)) => Err(format!("the job panicked: {join}")),
            Err(_) => {
                work.abort();
                Err(format!("timed out after {} s", kind.timeout.as_secs()))
            }
        }
    }
}
