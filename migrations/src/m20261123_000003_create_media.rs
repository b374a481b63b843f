//! Uploaded files: what was declared, what was checked, and the server-made storage key.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, pk_uuid, string, string_null, string_uniq, timestamp_with_time_zone, timestamp_with_time_zone_null,
    uuid, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    OwnerId,
    OrganizationId,
    Filename,
    ContentType,
    Size,
    Sha256,
    Purpose,
    Status,
    StorageKey,
    UploadId,
    ExpiresAt,
    CreatedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(pk_uuid(Media::Id))
                    .col(uuid(Media::OwnerId))
                    .col(uuid_null(Media::OrganizationId))
                    .col(string(Media::Filename))
                    .col(string(Media::ContentType))
                    .col(big_integer(Media::Size))
                    .col(string(Media::Sha256))
                    .col(string(Media::Purpose))
                    .col(string(Media::Status))
                    .col(string_uniq(Media::StorageKey))
                    .col(string_null(Media::UploadId))
                    .col(timestamp_with_time_zone(Media::ExpiresAt))
                    .col(timestamp_with_time_zone(Media::CreatedAt))
                    .col(timestamp_with_time_zone_null(Media::CompletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Media::Table, Media::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("media_status_expires")
                    .table(Media::Table)
                    .col(Media::Status)
                    .col(Media::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Media::Table).to_owned()).await
    }
}
