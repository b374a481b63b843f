//! Follow-ups whose supervisor has been told they are due, so the hourly job tells them once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{date, pk_uuid, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FollowUpNotices {
    Table,
    /// The follow-up's id, which is its completed enrolment's.
    EnrollmentId,
    SupervisorId,
    DueOn,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FollowUpNotices::Table)
                    .col(pk_uuid(FollowUpNotices::EnrollmentId))
                    .col(uuid(FollowUpNotices::SupervisorId))
                    .col(date(FollowUpNotices::DueOn))
                    .col(timestamp_with_time_zone(FollowUpNotices::SentAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(FollowUpNotices::Table).to_owned()).await
    }
}
