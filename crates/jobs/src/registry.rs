//! Which job kinds this node can run, and the schedules it helps keep. Each crate adds its own
//! in one `register(&mut Registry)` function that the server calls.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::events::{Deliver, Dispatch, Event, EventRecord};
use crate::job::Job;
use crate::runner::JobContext;
use crate::schedule::Schedule;

type Handler = Arc<dyn Fn(serde_json::Value, JobContext) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;
type EventHandler = Arc<dyn Fn(EventRecord, JobContext) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// Something that reacts to events: a name (part of its delivery jobs' keys, so never renamed),
/// which events, and what it does with one.
#[derive(Clone)]
pub(crate) struct Subscriber {
    pub name: &'static str,
    /// `None`: every event.
    pub events: Option<Vec<&'static str>>,
    pub handler: EventHandler,
}

impl Subscriber {
    pub fn wants(&self, event: &str) -> bool {
        self.events.as_ref().is_none_or(|names| names.contains(&event))
    }
}

impl std::fmt::Debug for Subscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscriber").field("name", &self.name).field("events", &self.events).finish()
    }
}

#[derive(Clone)]
pub(crate) struct Kind {
    pub handler: Handler,
    pub timeout: Duration,
}

/// The job kinds and schedules a runner serves.
#[derive(Clone)]
pub struct Registry {
    pub(crate) kinds: BTreeMap<&'static str, Kind>,
    pub(crate) schedules: Vec<Schedule>,
    pub(crate) subscribers: Vec<Subscriber>,
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

impl Registry {
    /// A registry that already dispatches and delivers events.
    pub fn new() -> Self {
        let mut registry = Self { kinds: BTreeMap::new(), schedules: Vec::new(), subscribers: Vec::new() };
        registry.add::<Dispatch>().add::<Deliver>();
        registry
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

    /// Runs `handler` for each event of type `E`, as a job of its own (retried on failure).
    /// `subscriber` names the reaction, e.g. `progress.check_completion`.
    pub fn on<E, F, Fut>(&mut self, subscriber: &'static str, handler: F) -> &mut Self
    where
        E: Event,
        F: Fn(E, EventRecord, JobContext) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let erased: EventHandler = Arc::new(move |record: EventRecord, ctx| {
            let handler = handler.clone();
            Box::pin(async move {
                let event = record.parse::<E>()?;
                handler(event, record, ctx).await
            })
        });
        self.subscribe(Subscriber { name: subscriber, events: Some(vec![E::NAME]), handler: erased })
    }

    /// Runs `handler` for events of the given names, or of every name with `None` (webhooks,
    /// xAPI forwarding read events generically).
    pub fn on_names<F, Fut>(
        &mut self,
        subscriber: &'static str,
        events: Option<Vec<&'static str>>,
        handler: F,
    ) -> &mut Self
    where
        F: Fn(EventRecord, JobContext) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let erased: EventHandler = Arc::new(move |record, ctx| {
            let handler = handler.clone();
            Box::pin(async move { handler(record, ctx).await })
        });
        self.subscribe(Subscriber { name: subscriber, events, handler: erased })
    }

    fn subscribe(&mut self, subscriber: Subscriber) -> &mut Self {
        self.subscribers.retain(|existing| existing.name != subscriber.name);
        self.subscribers.push(subscriber);
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
            .field("subscribers", &self.subscribers)
            .finish()
    }
}
