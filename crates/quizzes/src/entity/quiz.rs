//! A quiz of a course, with its settings.

use sea_orm::entity::prelude::*;

use crate::model::{QuizKind, ResultPolicy, ReviewPolicy};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quizzes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub kind: QuizKind,
    pub time_limit_seconds: Option<i32>,
    pub max_attempts: Option<i32>,
    pub pass_percent: f64,
    pub shuffle_questions: bool,
    pub shuffle_options: bool,
    pub opens_at: Option<DateTimeUtc>,
    pub closes_at: Option<DateTimeUtc>,
    pub questions_per_attempt: Option<i32>,
    pub review_policy: ReviewPolicy,
    pub result_policy: ResultPolicy,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
