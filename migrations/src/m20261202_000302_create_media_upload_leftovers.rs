//! Upload keys to drop once their upload URL has expired. A presigned S3 PUT cannot be revoked:
//! after `complete` moved a file away, or after a pending upload was deleted, the client can still
//! write to the upload key until the URL expires, so the key is dropped after that.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MediaUploadLeftovers {
    Table,
    StorageKey,
    DropAfter,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MediaUploadLeftovers::Table)
                    .col(string(MediaUploadLeftovers::StorageKey).primary_key())
                    .col(timestamp_with_time_zone(MediaUploadLeftovers::DropAfter))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("media_upload_leftovers_drop_after")
                    .table(MediaUploadLeftovers::Table)
                    .col(MediaUploadLeftovers::DropAfter)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MediaUploadLeftovers::Table).to_owned()).await
    }
}
