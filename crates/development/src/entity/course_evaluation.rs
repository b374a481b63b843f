//! A course's evaluation survey: its items as JSON, whether completion waits for it, and the
//! supervisor follow-up that comes after.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_evaluations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: Uuid,
    pub required: bool,
    pub items: String,
    /// Days after completion when the supervisor's follow-up falls due.
    pub follow_up_days: i32,
    /// The behaviour items the supervisor answers, as JSON; none means no follow-up.
    pub behaviour_items: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
