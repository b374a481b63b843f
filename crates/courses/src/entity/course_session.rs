//! A scheduled classroom or webinar meeting. `registered` counts registrations, so a seat is
//! taken by one conditional update and never over-booked.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub capacity: i32,
    pub registered: i32,
    /// The speaker's display name; external speakers have no account.
    pub speaker: Option<String>,
    /// The speaker's account, when they have one (`speaker_user_id` on the wire).
    pub speaker_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
