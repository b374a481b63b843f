//! A claim of JP for external training, with evidence, waiting for an org admin.

use sea_orm::entity::prelude::*;

use crate::model::ClaimStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jp_claims")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub title: String,
    pub provider: String,
    pub jp: i32,
    pub occurred_on: Date,
    pub evidence_media_id: Uuid,
    pub status: ClaimStatus,
    pub reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
