//! A person's individual development plan (IDP) for one year of their organization's calendar.

use sea_orm::entity::prelude::*;

use crate::model::PlanStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "development_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Uuid,
    pub year: i32,
    pub status: PlanStatus,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
