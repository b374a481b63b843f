//! The `notify.webhook` job: POST one event to one webhook, signed, and record how it went on
//! the delivery. A non-2xx answer fails the try, and the queue retries it with backoff; the
//! last try's failure marks the delivery `failed`. Every try carries the event's id, so a
//! receiver that saw it already can tell.

use std::time::Duration;

use latih_jobs::entity::event;
use latih_jobs::{Job, JobContext};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::delivery::{self, WebhookDeliveryStatus};
use super::entity::webhook;
use super::sender::{Answer, WebhookSender};

/// Longest error text kept on a delivery.
const MAX_ERROR_CHARS: usize = 500;

/// One event to one webhook.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeliverWebhook {
    pub delivery_id: Uuid,
    pub webhook_id: Uuid,
    pub event_id: Uuid,
    pub organization_id: Uuid,
}

#[async_trait::async_trait]
impl Job for DeliverWebhook {
    const KIND: &'static str = crate::WEBHOOK_JOB_KIND;
    const MAX_ATTEMPTS: i32 = 8;
    const TIMEOUT: Duration = Duration::from_secs(30);

    fn dedup_key(&self) -> Option<String> {
        Some(format!("webhook:{}:{}", self.webhook_id, self.event_id))
    }

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let Some(row) = delivery::Entity::find_by_id(self.delivery_id).one(&ctx.db).await? else {
            return Ok(());
        };
        if row.status == WebhookDeliveryStatus::Delivered {
            return Ok(());
        }
        let Some(hook) = webhook::Entity::find_by_id(self.webhook_id).one(&ctx.db).await? else {
            return Ok(());
        };
        if !hook.active {
            return self.finish(ctx, WebhookDeliveryStatus::Failed, None, Some("the webhook is inactive"), false).await;
        }
        let Some(event) = event::Entity::find_by_id(self.event_id).one(&ctx.db).await? else {
            return self.finish(ctx, WebhookDeliveryStatus::Failed, None, Some("the event is gone"), false).await;
        };
        let body = serde_json::to_vec(&serde_json::json!({
            "id": event.id,
            "event": event.name,
            "occurred_at": event.occurred_at,
            "organization_id": event.organization_id,
            "data": event.payload,
        }))?;
        let sender = ctx.services.get::<WebhookSender>()?;
        let answer = sender.post(&hook.url, &hook.secret, ctx.clock.now().timestamp(), body).await?;
        let (response_status, error) = match answer {
            Answer::Status(status) if (200..300).contains(&status) => {
                return self.finish(ctx, WebhookDeliveryStatus::Delivered, Some(status), None, true).await;
            }
            Answer::Status(status) => (Some(status), format!("the receiver answered {status}")),
            Answer::Unreachable(why) => (None, why),
        };
        let status = if ctx.attempt >= Self::MAX_ATTEMPTS {
            WebhookDeliveryStatus::Failed
        } else {
            WebhookDeliveryStatus::Pending
        };
        self.finish(ctx, status, response_status, Some(&error), true).await?;
        anyhow::bail!("webhook delivery {}: {error}", self.delivery_id)
    }
}

impl DeliverWebhook {
    /// Records how the delivery stands (and a try, when one was `tried`), unless it was delivered already (a stale try).
    async fn finish(
        &self,
        ctx: &JobContext,
        status: WebhookDeliveryStatus,
        response_status: Option<u16>,
        error: Option<&str>,
        tried: bool,
    ) -> anyhow::Result<()> {
        let now = ctx.clock.now();
        let error: Option<String> = error.map(|text| text.chars().take(MAX_ERROR_CHARS).collect());
        let mut update = delivery::Entity::update_many()
            .col_expr(delivery::Column::Status, Expr::value(status.as_str()))
            .col_expr(delivery::Column::ResponseStatus, Expr::value(response_status.map(i32::from)))
            .col_expr(delivery::Column::LastError, Expr::value(error))
            .col_expr(delivery::Column::UpdatedAt, Expr::value(now));
        if tried {
            update = update.col_expr(delivery::Column::Attempts, Expr::col(delivery::Column::Attempts).add(1));
        }
        if status == WebhookDeliveryStatus::Delivered {
            update = update.col_expr(delivery::Column::DeliveredAt, Expr::value(now));
        }
        update
            .filter(delivery::Column::Id.eq(self.delivery_id))
            .filter(delivery::Column::Status.ne(WebhookDeliveryStatus::Delivered))
            .exec(&ctx.db)
            .await?;
        Ok(())
    }
}
