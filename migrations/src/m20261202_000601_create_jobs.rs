//! The job queue: jobs (claimed by due time and priority, unique by dedup key) and the due
//! times of recurring schedules.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, json, pk_uuid, small_integer, string, string_null, string_uniq, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    Priority,
    Status,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedBy,
    LockedUntil,
    DedupKey,
    OrganizationId,
    LastError,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum JobSchedules {
    Table,
    Name,
    NextRunAt,
    LastRunAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_uuid(Jobs::Id))
                    .col(string(Jobs::Kind))
                    .col(json(Jobs::Payload))
                    .col(small_integer(Jobs::Priority))
                    .col(string(Jobs::Status))
                    .col(integer(Jobs::Attempts))
                    .col(integer(Jobs::MaxAttempts))
                    .col(timestamp_with_time_zone(Jobs::RunAt))
                    .col(string_null(Jobs::LockedBy))
                    .col(timestamp_with_time_zone_null(Jobs::LockedUntil))
                    .col(string_uniq(Jobs::DedupKey).null())
                    .col(uuid_null(Jobs::OrganizationId))
                    .col(text_null(Jobs::LastError))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                    .to_owned(),
            )
            .await?;
        // What a worker's claim scans: due jobs by status and time.
        manager
            .create_index(
                Index::create()
                    .name("jobs_status_run_at")
                    .table(Jobs::Table)
                    .col(Jobs::Status)
                    .col(Jobs::RunAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jobs_organization_created")
                    .table(Jobs::Table)
                    .col(Jobs::OrganizationId)
                    .col(Jobs::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobSchedules::Table)
                    .col(string(JobSchedules::Name).primary_key())
                    .col(timestamp_with_time_zone(JobSchedules::NextRunAt))
                    .col(timestamp_with_time_zone_null(JobSchedules::LastRunAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(JobSchedules::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Jobs::Table).to_owned()).await
    }
}
