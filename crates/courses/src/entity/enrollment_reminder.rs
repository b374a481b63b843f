//! A due-date reminder an enrolment has had; its key makes each reminder happen once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollment_reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrollment_id: Uuid,
    /// `due_soon_7d`, `due_soon_1d` or `overdue`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub reminder: String,
    /// The deadline the reminder was about.
    pub due_on: Date,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
