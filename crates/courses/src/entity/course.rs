//! A course owned by an organization. `version` grows with every change (ETag, `If-Match`).
//! `jp` is the credit learners get: the approved JP, never more than staff requested.

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
    /// The approved JP credit: what certificates and the JP ledger count.
    pub jp: i32,
    /// The JP its staff asked for; above what required content backs it waits for an org admin.
    pub jp_requested: i32,
    /// The org admin who decided the JP; `None` when it was settled automatically.
    pub jp_approved_by: Option<Uuid>,
    /// When the JP was settled; `None` while it waits for an org admin (or the course is a draft).
    pub jp_approved_at: Option<DateTimeUtc>,
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
