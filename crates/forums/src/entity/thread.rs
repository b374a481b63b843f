//! A course thread: a discussion or a question, pinned or locked by staff.

use sea_orm::entity::prelude::*;

use crate::model::ThreadKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "threads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub course_id: Uuid,
    pub author_id: Uuid,
    pub kind: ThreadKind,
    pub title: String,
    /// Markdown, as written.
    pub body: String,
    pub pinned: bool,
    pub locked: bool,
    pub accepted_post_id: Option<Uuid>,
    pub post_count: i32,
    pub last_post_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
