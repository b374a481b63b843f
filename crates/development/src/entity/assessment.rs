//! One judgement of a person's level in a competency, by a method, on a day.

use sea_orm::entity::prelude::*;

use crate::model::AssessmentMethod;

impl Model {
    pub fn method(&self) -> AssessmentMethod {
        AssessmentMethod::from_column(&self.method)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub competency_id: Uuid,
    pub level: i32,
    pub method: String,
    pub assessed_on: Date,
    pub assessed_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
