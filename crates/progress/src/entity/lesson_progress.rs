//! A learner's merged progress in one lesson.

use sea_orm::entity::prelude::*;

use crate::model::LessonStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_progress")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub lesson_id: Uuid,
    pub course_id: Uuid,
    pub status: LessonStatus,
    pub position_seconds: i32,
    pub time_spent_seconds: i32,
    /// Client time and id of the newest event merged: the position follows it.
    pub newest_client_at: Option<DateTimeUtc>,
    pub newest_event_id: Option<String>,
    pub completed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
