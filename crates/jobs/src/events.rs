//! Domain events: a crate publishes its own, in the transaction of the change, and any crate
//! (a higher one too) subscribes. Publishing stores the event and one dispatch job; dispatching
//! enqueues one delivery job per subscriber, each retried on its own, so a failing webhook never
//! holds back an e-mail and no subscriber sees an event its change did not commit.

use chrono::{DateTime, Utc};
use latih_kernel::Clock;
use latih_kernel::ids::new_id;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set, TransactionTrait};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::event;
use crate::job::{Job, enqueue};
use crate::runner::JobContext;

/// A fact a crate announces. `NAME` is the public event name (`course.completed`).
pub trait Event: Serialize + DeserializeOwned + Send + Sync + 'static {
    const NAME: &'static str;

    /// The organization the event concerns: its webhooks and admins see it.
    fn organization_id(&self) -> Option<Uuid>;
}

/// An event as stored, for subscribers that read any event by name (webhooks, xAPI).
#[derive(Clone, Debug, Serialize)]
pub struct EventRecord {
    pub id: Uuid,
    pub name: String,
    pub organization_id: Option<Uuid>,
    pub occurred_at: DateTime<Utc>,
    pub data: serde_json::Value,
}

impl EventRecord {
    /// The typed event, when this record is one of `E`.
    pub fn parse<E: Event>(&self) -> anyhow::Result<E> {
        anyhow::ensure!(self.name == E::NAME, "event {} is not {}", self.name, E::NAME);
        Ok(serde_json::from_value(self.data.clone())?)
    }
}

/// Records `event` and schedules its delivery; pass the transaction of the change.
pub async fn publish<E: Event>(db: &impl ConnectionTrait, clock: &Clock, event: &E) -> Result<Uuid, DbErr> {
    let id = new_id();
    let payload = serde_json::to_value(event).map_err(|error| DbErr::Custom(format!("event payload: {error}")))?;
    let row = event::ActiveModel {
        id: Set(id),
        name: Set(E::NAME.to_owned()),
        organization_id: Set(event.organization_id()),
        payload: Set(payload),
        occurred_at: Set(clock.now()),
    };
    event::Entity::insert(row).exec_without_returning(db).await?;
    enqueue(db, clock, &Dispatch { event_id: id }).await?;
    Ok(id)
}

/// Reads a stored event.
pub async fn load(db: &impl ConnectionTrait, id: Uuid) -> anyhow::Result<EventRecord> {
    let row = event::Entity::find_by_id(id).one(db).await?.ok_or_else(|| anyhow::anyhow!("event {id} is gone"))?;
    Ok(EventRecord {
        id: row.id,
        name: row.name,
        organization_id: row.organization_id,
        occurred_at: row.occurred_at,
        data: row.payload,
    })
}

/// Fans one event out to its subscribers.
#[derive(Serialize, Deserialize)]
pub(crate) struct Dispatch {
    pub event_id: Uuid,
}

#[async_trait::async_trait]
impl Job for Dispatch {
    const KIND: &'static str = "events.dispatch";
    const PRIORITY: i16 = 10;

    fn dedup_key(&self) -> Option<String> {
        Some(format!("dispatch:{}", self.event_id))
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let record = load(&ctx.db, self.event_id).await?;
        let txn = ctx.db.begin().await?;
        for subscriber in ctx.subscribers.iter().filter(|s| s.wants(&record.name)) {
            let delivery = Deliver { event_id: record.id, subscriber: subscriber.name.to_owned() };
            enqueue(&txn, &ctx.clock, &delivery).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

/// Hands one event to one subscriber.
#[derive(Serialize, Deserialize)]
pub(crate) struct Deliver {
    pub event_id: Uuid,
    pub subscriber: String,
}

#[async_trait::async_trait]
impl Job for Deliver {
    const KIND: &'static str = "events.deliver";

    fn dedup_key(&self) -> Option<String> {
        Some(format!("deliver:{}:{}", self.subscriber, self.event_id))
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let Some(subscriber) = ctx.subscribers.iter().find(|s| s.name == self.subscriber) else {
            anyhow::bail!("no subscriber {} on this node", self.subscriber);
        };
        let record = load(&ctx.db, self.event_id).await?;
        (subscriber.handler)(record, ctx.clone()).await
    }
}
