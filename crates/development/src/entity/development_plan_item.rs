//! One planned activity of a development plan, in the order the person wrote them.

use sea_orm::entity::prelude::*;

use crate::model::Activity;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "development_plan_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub position: i32,
    pub competency_id: Option<Uuid>,
    pub activity: Activity,
    pub course_id: Option<Uuid>,
    pub title: String,
    pub planned_jp: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
