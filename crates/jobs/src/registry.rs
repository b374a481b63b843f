//! Which job kinds this node can run, and the schedules it helps keep. Each crate adds its own
//! in one `register(&mut Registry)` function that the server calls.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::job::Job;
use crate::runner::JobContext;
use crate::schedule::Schedule;

type Handler = Arc<dyn Fn(serde_json::Value, JobContext) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

#[derive(Clone)]
pub(crate) struct Kind {
    pub handler: Handler,
    pub timeout: Duration,
}

/// The job kinds and schedules a runner serves.
#[derive(Clone, Default)]
pub struct Registry {
    pub(crate) kinds: BTreeMap<&'static str, Kind>,
    pub(crate) schedules: Vec<Schedule>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets runners take jobs of kind `J`.
    pub fn add<J: Job>(&mut self) -> &mut Self {
        let handler: Handler = Arc::new(|payload, ctx| {
            Box::pin(async move {
                let job: J = serde_json::from_value(payload)
                    .map_err(|error| anyhow::anyhow!("payload of a {} job does not parse: {error}", J::KIND))?;
                job.run(&ctx).await
            })
        });
        self.kinds.insert(J::KIND, Kind { handler, timeout: J::TIMEOUT });
        self
    }

    /// Keeps `schedule`'s job enqueued at its times (its kind must be added too).
    pub fn schedule(&mut self, schedule: Schedule) -> &mut Self {
        self.schedules.retain(|existing| existing.name != schedule.name);
        self.schedules.push(schedule);
        self
    }

    /// The kinds this registry runs, in name order.
    pub fn kinds(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.kinds.keys().copied()
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("kinds", &self.kinds.keys().collect::<Vec<_>>())
            .field("schedules", &self.schedules.iter().map(|s| &s.name).collect::<Vec<_>>())
            .finish()
    }
}
