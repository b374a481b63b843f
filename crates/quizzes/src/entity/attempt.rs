//! One try at a quiz: the drawn questions in their order, the deadline, and the result.

use sea_orm::entity::prelude::*;

use crate::model::AttemptStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub user_id: Uuid,
    /// 1 for the first attempt; unique per quiz and learner.
    pub number: i32,
    pub status: AttemptStatus,
    pub started_at: DateTimeUtc,
    /// The earlier of the time limit and the quiz's closing time; `None` when neither is set.
    pub deadline_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub graded_at: Option<DateTimeUtc>,
    pub score: Option<f64>,
    pub max_score: f64,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    /// `[question id, ...]` in the attempt's order.
    pub question_ids: Json,
    /// `{question id: [option id, ...]}` in the attempt's order.
    pub option_orders: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
