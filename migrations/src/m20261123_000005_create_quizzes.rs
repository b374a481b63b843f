//! Quizzes, their question pools, attempts and answers.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, boolean_null, double, double_null, integer, integer_null, json, json_null, pk_uuid, string, text,
    text_null, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Quizzes {
    Table,
    Id,
    CourseId,
    Title,
    Kind,
    TimeLimitSeconds,
    MaxAttempts,
    PassPercent,
    ShuffleQuestions,
    ShuffleOptions,
    OpensAt,
    ClosesAt,
    QuestionsPerAttempt,
    ReviewPolicy,
    ResultPolicy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Questions {
    Table,
    Id,
    QuizId,
    QuestionType,
    Prompt,
    Options,
    AcceptedAnswers,
    NumericValue,
    Tolerance,
    Points,
    Explanation,
    Position,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attempts {
    Table,
    Id,
    QuizId,
    UserId,
    Number,
    Status,
    StartedAt,
    DeadlineAt,
    SubmittedAt,
    GradedAt,
    Score,
    MaxScore,
    Percent,
    Passed,
    QuestionIds,
    OptionOrders,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    AttemptId,
    QuestionId,
    Response,
    Awarded,
    Feedback,
    GradedBy,
    UpdatedAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Quizzes::Table)
                    .col(pk_uuid(Quizzes::Id))
                    .col(uuid(Quizzes::CourseId))
                    .col(string(Quizzes::Title))
                    .col(string(Quizzes::Kind))
                    .col(integer_null(Quizzes::TimeLimitSeconds))
                    .col(integer_null(Quizzes::MaxAttempts))
                    .col(double(Quizzes::PassPercent))
                    .col(boolean(Quizzes::ShuffleQuestions))
                    .col(boolean(Quizzes::ShuffleOptions))
                    .col(timestamp_with_time_zone_null(Quizzes::OpensAt))
                    .col(timestamp_with_time_zone_null(Quizzes::ClosesAt))
                    .col(integer_null(Quizzes::QuestionsPerAttempt))
                    .col(string(Quizzes::ReviewPolicy))
                    .col(string(Quizzes::ResultPolicy))
                    .col(integer(Quizzes::Version))
                    .col(timestamp_with_time_zone(Quizzes::CreatedAt))
                    .col(timestamp_with_time_zone(Quizzes::UpdatedAt))
                    .foreign_key(&mut fk((Quizzes::Table, Quizzes::CourseId), (Courses::Table, Courses::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("quizzes_course").table(Quizzes::Table).col(Quizzes::CourseId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Questions::Table)
                    .col(pk_uuid(Questions::Id))
                    .col(uuid(Questions::QuizId))
                    .col(string(Questions::QuestionType))
                    .col(text(Questions::Prompt))
                    .col(json(Questions::Options))
                    .col(json(Questions::AcceptedAnswers))
                    .col(double_null(Questions::NumericValue))
                    .col(double_null(Questions::Tolerance))
                    .col(double(Questions::Points))
                    .col(text_null(Questions::Explanation))
                    .col(integer(Questions::Position))
                    .col(timestamp_with_time_zone(Questions::CreatedAt))
                    .foreign_key(&mut fk((Questions::Table, Questions::QuizId), (Quizzes::Table, Quizzes::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("questions_quiz")
                    .table(Questions::Table)
                    .col(Questions::QuizId)
                    .col(Questions::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attempts::Table)
                    .col(pk_uuid(Attempts::Id))
                    .col(uuid(Attempts::QuizId))
                    .col(uuid(Attempts::UserId))
                    .col(integer(Attempts::Number))
                    .col(string(Attempts::Status))
                    .col(timestamp_with_time_zone(Attempts::StartedAt))
                    .col(timestamp_with_time_zone_null(Attempts::DeadlineAt))
                    .col(timestamp_with_time_zone_null(Attempts::SubmittedAt))
                    .col(timestamp_with_time_zone_null(Attempts::GradedAt))
                    .col(double_null(Attempts::Score))
                    .col(double(Attempts::MaxScore))
                    .col(double_null(Attempts::Percent))
                    .col(boolean_null(Attempts::Passed))
                    .col(json(Attempts::QuestionIds))
                    .col(json(Attempts::OptionOrders))
                    .foreign_key(&mut fk((Attempts::Table, Attempts::QuizId), (Quizzes::Table, Quizzes::Id)))
                    .foreign_key(&mut fk((Attempts::Table, Attempts::UserId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attempts_quiz_user_number")
                    .table(Attempts::Table)
                    .col(Attempts::QuizId)
                    .col(Attempts::UserId)
                    .col(Attempts::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attempts_status_deadline")
                    .table(Attempts::Table)
                    .col(Attempts::Status)
                    .col(Attempts::DeadlineAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Answers::Table)
                    .col(uuid(Answers::AttemptId))
                    .col(uuid(Answers::QuestionId))
                    .col(json_null(Answers::Response))
                    .col(double_null(Answers::Awarded))
                    .col(text_null(Answers::Feedback))
                    .col(uuid_null(Answers::GradedBy))
                    .col(timestamp_with_time_zone(Answers::UpdatedAt))
                    .primary_key(Index::create().col(Answers::AttemptId).col(Answers::QuestionId))
                    .foreign_key(&mut fk((Answers::Table, Answers::AttemptId), (Attempts::Table, Attempts::Id)))
                    .foreign_key(&mut fk((Answers::Table, Answers::QuestionId), (Questions::Table, Questions::Id)))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Answers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Attempts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Questions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Quizzes::Table).to_owned()).await
    }
}
