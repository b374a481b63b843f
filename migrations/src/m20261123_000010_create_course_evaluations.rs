//! Course evaluation surveys (Kirkpatrick level 1) and learners' one response each.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, pk_uuid, text, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CourseEvaluations {
    Table,
    CourseId,
    Required,
    Items,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EvaluationResponses {
    Table,
    Id,
    CourseId,
    UserId,
    Answers,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CourseEvaluations::Table)
                    .col(uuid(CourseEvaluations::CourseId).primary_key())
                    .col(boolean(CourseEvaluations::Required))
                    .col(text(CourseEvaluations::Items))
                    .col(timestamp_with_time_zone(CourseEvaluations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CourseEvaluations::Table, CourseEvaluations::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EvaluationResponses::Table)
                    .col(pk_uuid(EvaluationResponses::Id))
                    .col(uuid(EvaluationResponses::CourseId))
                    .col(uuid(EvaluationResponses::UserId))
                    .col(text(EvaluationResponses::Answers))
                    .col(timestamp_with_time_zone(EvaluationResponses::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EvaluationResponses::Table, EvaluationResponses::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("evaluation_responses_once")
                    .table(EvaluationResponses::Table)
                    .col(EvaluationResponses::CourseId)
                    .col(EvaluationResponses::UserId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EvaluationResponses::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CourseEvaluations::Table).to_owned()).await
    }
}
