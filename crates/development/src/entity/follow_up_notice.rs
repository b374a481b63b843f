//! A follow-up whose supervisor has been told it is due; the key makes that happen once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_notices")]
pub struct Model {
    /// The follow-up's id, which is its completed enrolment's.
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrollment_id: Uuid,
    pub supervisor_id: Uuid,
    pub due_on: Date,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
