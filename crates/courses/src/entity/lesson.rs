//! A lesson: Markdown, a media file, a link or a quiz, in a section.

use sea_orm::entity::prelude::*;

use crate::model::LessonKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lessons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub course_id: Uuid,
    pub section_id: Uuid,
    pub title: String,
    pub kind: LessonKind,
    pub body: Option<String>,
    pub media_id: Option<Uuid>,
    pub url: Option<String>,
    pub quiz_id: Option<Uuid>,
    pub duration_minutes: i32,
    pub required: bool,
    pub position: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
