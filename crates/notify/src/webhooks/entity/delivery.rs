//! One event on its way to one webhook: how many tries, what the receiver last answered.

use latih_kernel::text_enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

text_enum!(
    /// `pending` until the receiver answers 2xx (`delivered`) or the tries are spent (`failed`).
    WebhookDeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub webhook_id: Uuid,
    /// The domain event's id: the `id` of every POST of this delivery.
    pub event_id: Uuid,
    /// The event's name.
    pub event: String,
    pub status: WebhookDeliveryStatus,
    /// Tries made so far.
    pub attempts: i32,
    /// The HTTP status of the last answer, if the receiver answered at all.
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    /// The queue job that makes the tries; its due time is the next attempt's.
    pub job_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
