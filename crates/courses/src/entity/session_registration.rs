//! A learner's seat in a session, with attendance once staff mark it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session_registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub session_id: Uuid,
    pub user_id: Uuid,
    pub registered_at: DateTimeUtc,
    pub present: Option<bool>,
    pub attendance_marked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "latih_identity::entity::user::Entity",
        from = "Column::UserId",
        to = "latih_identity::entity::user::Column::Id"
    )]
    User,
}

impl Related<latih_identity::entity::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
