//! A course's JP becomes the approved credit: `jp_requested` keeps what its staff asked for,
//! `jp_approved_at` (and `jp_approved_by`, for an org admin's decision) say it was settled.
//! Courses already published keep their JP as approved; drafts settle theirs when published.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, timestamp_with_time_zone_null, uuid_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    JpRequested,
    JpApprovedBy,
    JpApprovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Courses::Table).add_column(integer(Courses::JpRequested).default(0)).to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Courses::Table).add_column(uuid_null(Courses::JpApprovedBy)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(timestamp_with_time_zone_null(Courses::JpApprovedAt))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE courses SET jp_requested = jp, jp_approved_at = published_at WHERE status <> 'draft'",
        )
        .await?;
        db.execute_unprepared("UPDATE courses SET jp_requested = jp, jp = 0 WHERE status = 'draft'").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("UPDATE courses SET jp = jp_requested").await?;
        for column in [Courses::JpApprovedAt, Courses::JpApprovedBy, Courses::JpRequested] {
            manager.alter_table(Table::alter().table(Courses::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
