//! A certificate's PDF is rendered once, by a job, and kept in media storage: where
//! (`pdf_key`), how big, its SHA-256 and when it was rendered. Null until the job has run.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer_null, string_null, timestamp_with_time_zone_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Certificates {
    Table,
    PdfKey,
    PdfSize,
    PdfSha256,
    PdfRenderedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            string_null(Certificates::PdfKey),
            big_integer_null(Certificates::PdfSize),
            string_null(Certificates::PdfSha256),
            timestamp_with_time_zone_null(Certificates::PdfRenderedAt),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Certificates::Table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in
            [Certificates::PdfRenderedAt, Certificates::PdfSha256, Certificates::PdfSize, Certificates::PdfKey]
        {
            manager.alter_table(Table::alter().table(Certificates::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
