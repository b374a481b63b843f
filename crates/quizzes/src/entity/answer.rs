//! A learner's answer to one question of an attempt, and the points it earned.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub attempt_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: Uuid,
    /// `{option_ids}`, `{text}` or `{number}`; `null` when never answered.
    pub response: Option<Json>,
    /// Set when graded; `None` while an essay waits for staff.
    pub awarded: Option<f64>,
    pub feedback: Option<String>,
    pub graded_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
