//! A large file is checked by a job after `complete`; when the check fails the file is
//! `rejected` and keeps why (a stable code and its text in both languages) for its uploader.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string_null, text_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Media {
    Table,
    RejectionCode,
    RejectionDetailId,
    RejectionDetailEn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        manager
            .alter_table(Table::alter().table(Media::Table).add_column(string_null(Media::RejectionCode)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Media::Table).add_column(text_null(Media::RejectionDetailId)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Media::Table).add_column(text_null(Media::RejectionDetailEn)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Media::RejectionDetailEn, Media::RejectionDetailId, Media::RejectionCode] {
            manager.alter_table(Table::alter().table(Media::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
