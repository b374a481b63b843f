//! Supervisor follow-ups (Kirkpatrick level 3): each course's delay and behaviour items, and the
//! supervisors' one response per completed enrolment.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, pk_uuid, text, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CourseEvaluations {
    Table,
    FollowUpDays,
    BehaviourItems,
}

#[derive(DeriveIden)]
enum FollowUpResponses {
    Table,
    Id,
    EnrollmentId,
    CourseId,
    LearnerId,
    SupervisorId,
    Answers,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one added column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(CourseEvaluations::Table)
                    .add_column(integer(CourseEvaluations::FollowUpDays).default(90))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CourseEvaluations::Table)
                    .add_column(text(CourseEvaluations::BehaviourItems).default("[]"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpResponses::Table)
                    .col(pk_uuid(FollowUpResponses::Id))
                    .col(uuid(FollowUpResponses::EnrollmentId).unique_key())
                    .col(uuid(FollowUpResponses::CourseId))
                    .col(uuid(FollowUpResponses::LearnerId))
                    .col(uuid(FollowUpResponses::SupervisorId))
                    .col(text(FollowUpResponses::Answers))
                    .col(timestamp_with_time_zone(FollowUpResponses::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("follow_up_responses_course")
                    .table(FollowUpResponses::Table)
                    .col(FollowUpResponses::CourseId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(FollowUpResponses::Table).to_owned()).await?;
        for column in [CourseEvaluations::BehaviourItems, CourseEvaluations::FollowUpDays] {
            manager.alter_table(Table::alter().table(CourseEvaluations::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
