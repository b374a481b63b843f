//! A file someone uploaded: declared facts, checked facts, and where its bytes live.

use sea_orm::entity::prelude::*;

use crate::model::{MediaStatus, Purpose};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub organization_id: Option<Uuid>,
    /// The client's file name, for `Content-Disposition` only; never part of a storage key.
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// Lower-case hex SHA-256 the client declared; checked on completion.
    pub sha256: String,
    pub purpose: Purpose,
    pub status: MediaStatus,
    /// Server-made object key.
    pub storage_key: String,
    /// The S3 multipart upload id, while one is open.
    pub upload_id: Option<String>,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
    /// Why the checks refused the file (`checksum_mismatch`, `size_mismatch`, `type_mismatch`,
    /// `upload_missing`), with its text in Indonesian and English; set when `failed` or `rejected`.
    pub rejection_code: Option<String>,
    pub rejection_detail_id: Option<String>,
    pub rejection_detail_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
