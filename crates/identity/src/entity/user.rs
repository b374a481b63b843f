//! A person: an ASN, a contract employee, or an external speaker. `email` is stored lower-cased,
//! `roles` as a sorted comma list (see `latih_kernel::Roles`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub name: String,
    #[sea_orm(unique)]
    pub email: String,
    #[sea_orm(unique)]
    pub nip: Option<String>,
    pub employment_type: String,
    pub roles: String,
    pub position: Option<String>,
    pub rank: Option<String>,
    pub position_id: Option<Uuid>,
    pub supervisor_id: Option<Uuid>,
    pub password_hash: Option<String>,
    pub is_active: bool,
    /// `id` or `en` once the person chose; e-mail and notifications use it.
    pub language: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
