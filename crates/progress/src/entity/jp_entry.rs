//! One line of a learner's JP ledger, in the year of their organization's time zone.

use sea_orm::entity::prelude::*;

use crate::model::JpSource;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jp_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub year: i32,
    pub source: JpSource,
    /// The enrolment, claim or mentorship-year the entry comes from; unique with `source`.
    pub source_id: Uuid,
    pub title: String,
    pub jp: i32,
    pub occurred_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
