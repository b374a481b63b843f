//! A dictionary entry: national when `organization_id` is null, else an agency's own.
//! `levels` holds the five level descriptions as JSON.

use sea_orm::entity::prelude::*;

use crate::model::CompetencyType;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competencies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub code: String,
    pub name: String,
    pub kind: CompetencyType,
    pub description: String,
    pub levels: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
