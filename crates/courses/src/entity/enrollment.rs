//! A person's enrolment in a course; kept when they withdraw or the course is archived.

use sea_orm::entity::prelude::*;

use crate::model::EnrollmentStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub status: EnrollmentStatus,
    /// Deadline of an assignment, a date in the organization's time zone.
    pub due_on: Option<Date>,
    pub assigned_by: Option<Uuid>,
    pub enrolled_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    /// Share of required lessons done, 0 to 100; kept up to date by the progress crate.
    pub progress_percent: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "latih_identity::entity::user::Entity",
        from = "Column::UserId",
        to = "latih_identity::entity::user::Column::Id"
    )]
    User,
    #[sea_orm(belongs_to = "super::course::Entity", from = "Column::CourseId", to = "super::course::Column::Id")]
    Course,
}

impl Related<latih_identity::entity::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::course::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
