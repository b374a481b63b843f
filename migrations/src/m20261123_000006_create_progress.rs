//! Lesson progress and the events merged into it, certificates, the JP ledger and JP claims.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, pk_uuid, string, string_null, string_uniq, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null, uuid, uuid_null, uuid_uniq,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    UserId,
    LessonId,
    CourseId,
    Status,
    PositionSeconds,
    TimeSpentSeconds,
    NewestClientAt,
    NewestEventId,
    CompletedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProgressEvents {
    Table,
    UserId,
    ClientEventId,
    LessonId,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Code,
    Number,
    EnrollmentId,
    UserId,
    CourseId,
    OrganizationId,
    Jp,
    StartedOn,
    CompletedOn,
    IssuedAt,
}

#[derive(DeriveIden)]
enum JpEntries {
    Table,
    Id,
    UserId,
    OrganizationId,
    Year,
    Source,
    SourceId,
    Title,
    Jp,
    OccurredOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JpClaims {
    Table,
    Id,
    UserId,
    OrganizationId,
    Title,
    Provider,
    Jp,
    OccurredOn,
    EvidenceMediaId,
    Status,
    Reason,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

fn user_fk(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LessonProgress::Table)
                    .col(uuid(LessonProgress::UserId))
                    .col(uuid(LessonProgress::LessonId))
                    .col(uuid(LessonProgress::CourseId))
                    .col(string(LessonProgress::Status))
                    .col(integer(LessonProgress::PositionSeconds))
                    .col(integer(LessonProgress::TimeSpentSeconds))
                    .col(timestamp_with_time_zone_null(LessonProgress::NewestClientAt))
                    .col(string_null(LessonProgress::NewestEventId))
                    .col(timestamp_with_time_zone_null(LessonProgress::CompletedAt))
                    .col(timestamp_with_time_zone(LessonProgress::UpdatedAt))
                    .primary_key(Index::create().col(LessonProgress::UserId).col(LessonProgress::LessonId))
                    .foreign_key(&mut user_fk(LessonProgress::Table, LessonProgress::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("lesson_progress_course_user")
                    .table(LessonProgress::Table)
                    .col(LessonProgress::CourseId)
                    .col(LessonProgress::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgressEvents::Table)
                    .col(uuid(ProgressEvents::UserId))
                    .col(string(ProgressEvents::ClientEventId))
                    .col(uuid(ProgressEvents::LessonId))
                    .col(timestamp_with_time_zone(ProgressEvents::ReceivedAt))
                    .primary_key(Index::create().col(ProgressEvents::UserId).col(ProgressEvents::ClientEventId))
                    .foreign_key(&mut user_fk(ProgressEvents::Table, ProgressEvents::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .col(pk_uuid(Certificates::Id))
                    .col(string_uniq(Certificates::Code))
                    .col(string(Certificates::Number))
                    .col(uuid_uniq(Certificates::EnrollmentId))
                    .col(uuid(Certificates::UserId))
                    .col(uuid(Certificates::CourseId))
                    .col(uuid(Certificates::OrganizationId))
                    .col(integer(Certificates::Jp))
                    .col(date(Certificates::StartedOn))
                    .col(date(Certificates::CompletedOn))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .foreign_key(&mut user_fk(Certificates::Table, Certificates::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JpEntries::Table)
                    .col(pk_uuid(JpEntries::Id))
                    .col(uuid(JpEntries::UserId))
                    .col(uuid_null(JpEntries::OrganizationId))
                    .col(integer(JpEntries::Year))
                    .col(string(JpEntries::Source))
                    .col(uuid(JpEntries::SourceId))
                    .col(string(JpEntries::Title))
                    .col(integer(JpEntries::Jp))
                    .col(date(JpEntries::OccurredOn))
                    .col(timestamp_with_time_zone(JpEntries::CreatedAt))
                    .foreign_key(&mut user_fk(JpEntries::Table, JpEntries::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jp_entries_source")
                    .table(JpEntries::Table)
                    .col(JpEntries::Source)
                    .col(JpEntries::SourceId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jp_entries_organization_year")
                    .table(JpEntries::Table)
                    .col(JpEntries::OrganizationId)
                    .col(JpEntries::Year)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JpClaims::Table)
                    .col(pk_uuid(JpClaims::Id))
                    .col(uuid(JpClaims::UserId))
                    .col(uuid_null(JpClaims::OrganizationId))
                    .col(string(JpClaims::Title))
                    .col(string(JpClaims::Provider))
                    .col(integer(JpClaims::Jp))
                    .col(date(JpClaims::OccurredOn))
                    .col(uuid(JpClaims::EvidenceMediaId))
                    .col(string(JpClaims::Status))
                    .col(text_null(JpClaims::Reason))
                    .col(uuid_null(JpClaims::DecidedBy))
                    .col(timestamp_with_time_zone_null(JpClaims::DecidedAt))
                    .col(timestamp_with_time_zone(JpClaims::CreatedAt))
                    .foreign_key(&mut user_fk(JpClaims::Table, JpClaims::UserId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            JpClaims::Table.into_iden(),
            JpEntries::Table.into_iden(),
            Certificates::Table.into_iden(),
            ProgressEvents::Table.into_iden(),
            LessonProgress::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
