//! A question of a quiz's pool. Options, accepted answers and the numeric key are the answer
//! key: they never leave the server toward a learner before review allows.

use sea_orm::entity::prelude::*;

use crate::model::QuestionType;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub question_type: QuestionType,
    pub prompt: String,
    /// `[{id, text, correct}]`
    pub options: Json,
    /// `["answer", ...]`
    pub accepted_answers: Json,
    pub numeric_value: Option<f64>,
    pub tolerance: Option<f64>,
    pub points: f64,
    pub explanation: Option<String>,
    pub position: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
