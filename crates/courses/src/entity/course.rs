//! A course owned by an organization. `version` grows with every change (ETag, `If-Match`).

use sea_orm::entity::prelude::*;

use crate::model::{CompetencyType, CourseStatus, Delivery, Visibility};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub jp: i32,
    pub competency_type: CompetencyType,
    pub delivery: Delivery,
    pub visibility: Visibility,
    pub category: Option<String>,
    pub status: CourseStatus,
    pub version: i32,
    /// Title and summary folded for search (`latih_kernel::text::fold`).
    pub search_text: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
