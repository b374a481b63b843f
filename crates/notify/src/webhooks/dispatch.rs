//! From a domain event to deliveries: for each active webhook of the event's organization that
//! wants it, one delivery row and one `notify.webhook` job, keyed by webhook and event so a
//! dispatch that runs again adds nothing.

use latih_jobs::{EventRecord, JobContext, enqueue};
use latih_kernel::ids::new_id;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::deliver::DeliverWebhook;
use super::entity::delivery::{self, WebhookDeliveryStatus};
use super::entity::webhook;

/// The subscriber's name (part of its delivery jobs' keys: never renamed).
pub const SUBSCRIBER: &str = "notify.webhooks";

/// Records a delivery for every webhook that wants `record`, and queues its job.
pub async fn fan_out(record: EventRecord, ctx: JobContext) -> anyhow::Result<()> {
    let Some(organization_id) = record.organization_id else {
        return Ok(());
    };
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::OrganizationId.eq(organization_id))
        .filter(webhook::Column::Active.eq(true))
        .all(&ctx.db)
        .await?;
    let wanting: Vec<_> = hooks.into_iter().filter(|hook| hook.event_names().contains(&record.name)).collect();
    if wanting.is_empty() {
        return Ok(());
    }
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    for hook in wanting {
        let delivery_id = new_id();
        let job = DeliverWebhook { delivery_id, webhook_id: hook.id, event_id: record.id, organization_id };
        let job_id = match enqueue(&txn, &ctx.clock, &job).await? {
            latih_jobs::Enqueued::New(id) => Some(id),
            latih_jobs::Enqueued::Duplicate => continue,
        };
        let row = delivery::ActiveModel {
            id: Set(delivery_id),
            webhook_id: Set(hook.id),
            event_id: Set(record.id),
            event: Set(record.name.clone()),
            status: Set(WebhookDeliveryStatus::Pending),
            attempts: Set(0),
            response_status: Set(None),
            last_error: Set(None),
            job_id: Set(job_id),
            created_at: Set(now),
            updated_at: Set(now),
            delivered_at: Set(None),
        };
        delivery::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([delivery::Column::WebhookId, delivery::Column::EventId]).do_nothing().to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
