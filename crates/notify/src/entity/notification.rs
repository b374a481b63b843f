//! An in-app notification, written by [`crate::send`] in the transaction of the event that
//! caused it: at most one per person and key.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// The event name (`forum.reply`); the column kept its old name.
    #[sea_orm(column_name = "kind")]
    pub event: String,
    /// Indonesian.
    pub title: String,
    /// English; rows from before the move have none and fall back to `title`.
    pub title_en: Option<String>,
    /// Indonesian.
    pub body: String,
    pub body_en: Option<String>,
    pub link: Option<String>,
    pub dedup_key: Option<String>,
    pub organization_id: Option<Uuid>,
    /// `None` (no e-mail), `outbox` (one e-mail of its own), `digest` (waits for the next
    /// digest), `digested` (was listed in one).
    pub email_status: Option<String>,
    /// Whether it shows in the app; false when the person wants only the e-mail of this event.
    pub in_app: bool,
    /// Legacy forum rows: where they led before `link` existed.
    pub thread_id: Option<Uuid>,
    pub post_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
