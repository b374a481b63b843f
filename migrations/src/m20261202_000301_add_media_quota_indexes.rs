//! Storage quotas add up the sizes of a person's and an organization's files on every upload
//! declaration; these indexes keep that a range read instead of a scan of every file.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Media {
    Table,
    OwnerId,
    OrganizationId,
    Status,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("media_owner_status")
                    .table(Media::Table)
                    .col(Media::OwnerId)
                    .col(Media::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("media_organization_status")
                    .table(Media::Table)
                    .col(Media::OrganizationId)
                    .col(Media::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("media_organization_status").table(Media::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("media_owner_status").table(Media::Table).to_owned()).await
    }
}
