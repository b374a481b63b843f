//! One e-mail to send: a notification's own or a digest. Written in the transaction that decided
//! to send it; its content is rendered once (by the first try) and kept, so a retry sends the
//! same message under the same Message-ID.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// The notification this e-mail is about; `None` for a digest.
    pub notification_id: Option<Uuid>,
    /// `notification:<id>` or `digest:<user>:<period start>`: never two e-mails for one.
    pub dedup_key: String,
    /// The notification's event, or `digest`.
    pub event: String,
    pub to_address: String,
    /// `id` or `en`.
    pub language: String,
    pub subject: Option<String>,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    /// The local part of the Message-ID (`<message_id@host of LATIH_PUBLIC_URL>`).
    pub message_id: String,
    /// `queued`, `sent`, `failed` (refused for good), `skipped` (e-mail is not configured).
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
