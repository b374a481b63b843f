//! Request and response bodies of the webhook endpoints. The secret goes in, never out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::entity::delivery::{self, WebhookDeliveryStatus};
use super::entity::webhook;

/// A webhook as the API shows it (without its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Webhook)]
pub struct WebhookDto {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub url: String,
    /// Event names from API.md's list.
    pub events: Vec<String>,
    /// Inactive webhooks get no new deliveries.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<webhook::Model> for WebhookDto {
    fn from(row: webhook::Model) -> Self {
        Self {
            id: row.id,
            organization_id: row.organization_id,
            events: row.event_names(),
            url: row.url,
            active: row.active,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A webhook to register.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = NewWebhook)]
pub struct NewWebhookDto {
    /// Absolute http(s) URL that receives the POSTs.
    pub url: String,
    /// Event names (see API.md); at least one.
    pub events: Vec<String>,
    /// Signs every delivery (`Latih-Signature`), 16 to 256 characters; never shown again.
    #[schema(write_only)]
    pub secret: String,
    /// Default true.
    pub active: Option<bool>,
}

/// Changes to a webhook; absent fields stay as they are. A new `secret` rotates it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = WebhookPatch)]
pub struct WebhookPatchDto {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    #[schema(write_only)]
    pub secret: Option<String>,
    pub active: Option<bool>,
}

/// One event's delivery to one webhook.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = WebhookDelivery)]
pub struct DeliveryDto {
    pub id: Uuid,
    pub webhook_id: Uuid,
    /// The event's id: the `id` in every POST of this delivery.
    pub event_id: Uuid,
    /// The event's name.
    pub event: String,
    pub status: WebhookDeliveryStatus,
    /// Tries made so far.
    pub attempts: i32,
    /// The HTTP status of the last answer; null when there was none.
    pub response_status: Option<i32>,
    /// When the next try is due; null once delivered or failed.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Why the last try failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl DeliveryDto {
    /// The delivery, with what its queue job says about the next try.
    pub fn new(row: delivery::Model, next_attempt_at: Option<DateTime<Utc>>, job_dead: bool) -> Self {
        let status = if job_dead && row.status == WebhookDeliveryStatus::Pending {
            WebhookDeliveryStatus::Failed
        } else {
            row.status
        };
        Self {
            id: row.id,
            webhook_id: row.webhook_id,
            event_id: row.event_id,
            event: row.event,
            status,
            attempts: row.attempts,
            response_status: row.response_status,
            next_attempt_at: if status == WebhookDeliveryStatus::Pending { next_attempt_at } else { None },
            last_error: row.last_error,
            created_at: row.created_at,
            delivered_at: row.delivered_at,
        }
    }
}

/// Filters of the delivery list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryFilter {
    pub status: Option<WebhookDeliveryStatus>,
}
