//! Which due-date reminders an enrolment has had (7 days before, 1 day before, the day after),
//! so each is sent once however often and on however many nodes the reminder job runs; and an
//! index that lets the job find the enrolments due on a given day without a scan.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{date, string, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EnrollmentReminders {
    Table,
    EnrollmentId,
    Reminder,
    DueOn,
    SentAt,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Status,
    DueOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EnrollmentReminders::Table)
                    .col(uuid(EnrollmentReminders::EnrollmentId))
                    .col(string(EnrollmentReminders::Reminder))
                    .col(date(EnrollmentReminders::DueOn))
                    .col(timestamp_with_time_zone(EnrollmentReminders::SentAt))
                    .primary_key(
                        Index::create().col(EnrollmentReminders::EnrollmentId).col(EnrollmentReminders::Reminder),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("enrollments_status_due_on")
                    .table(Enrollments::Table)
                    .col(Enrollments::Status)
                    .col(Enrollments::DueOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("enrollments_status_due_on").table(Enrollments::Table).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(EnrollmentReminders::Table).to_owned()).await
    }
}
