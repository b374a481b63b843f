//! A certificate (STTP) of a completed course; one per enrolment.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Short, unguessable, public: the verify URL carries it.
    #[sea_orm(unique)]
    pub code: String,
    /// The certificate number printed on the STTP.
    pub number: String,
    #[sea_orm(unique)]
    pub enrollment_id: Uuid,
    pub user_id: Uuid,
    pub course_id: Uuid,
    /// The issuing organization: the course's owner.
    pub organization_id: Uuid,
    pub jp: i32,
    pub started_on: Date,
    pub completed_on: Date,
    pub issued_at: DateTimeUtc,
    /// Where the rendered PDF is kept in media storage (`certificates/<id>.pdf`); `None` until
    /// the render job has run.
    pub pdf_key: Option<String>,
    pub pdf_size: Option<i64>,
    /// Hex SHA-256 of the stored PDF.
    pub pdf_sha256: Option<String>,
    pub pdf_rendered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "latih_courses::entity::course::Entity",
        from = "Column::CourseId",
        to = "latih_courses::entity::course::Column::Id"
    )]
    Course,
}

impl Related<latih_courses::entity::course::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
