//! Competency development, first part: the competency dictionary, positions with their required
//! levels, each person's position and supervisor, what courses develop, and assessments.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{date, integer, pk_uuid, string, text, timestamp_with_time_zone, uuid, uuid_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    PositionId,
    SupervisorId,
}

#[derive(DeriveIden)]
enum Competencies {
    Table,
    Id,
    OrganizationId,
    Code,
    Name,
    Kind,
    Description,
    Levels,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Positions {
    Table,
    Id,
    OrganizationId,
    Name,
    Tier,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PositionRequirements {
    Table,
    PositionId,
    CompetencyId,
    Level,
}

#[derive(DeriveIden)]
enum CourseCompetencies {
    Table,
    CourseId,
    CompetencyId,
    Level,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    UserId,
    CompetencyId,
    Level,
    Method,
    AssessedOn,
    AssessedBy,
    CreatedAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(Alias::new(*column));
    }
    manager.create_index(statement.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Competencies::Table)
                    .col(pk_uuid(Competencies::Id))
                    .col(uuid_null(Competencies::OrganizationId))
                    .col(string(Competencies::Code))
                    .col(string(Competencies::Name))
                    .col(string(Competencies::Kind))
                    .col(text(Competencies::Description))
                    .col(text(Competencies::Levels))
                    .col(timestamp_with_time_zone(Competencies::CreatedAt))
                    .foreign_key(&mut fk(
                        (Competencies::Table, Competencies::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "competencies_code", Competencies::Table, &["code"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Positions::Table)
                    .col(pk_uuid(Positions::Id))
                    .col(uuid(Positions::OrganizationId))
                    .col(string(Positions::Name))
                    .col(string(Positions::Tier))
                    .col(timestamp_with_time_zone(Positions::CreatedAt))
                    .foreign_key(&mut fk(
                        (Positions::Table, Positions::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "positions_organization", Positions::Table, &["organization_id", "name"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(PositionRequirements::Table)
                    .col(uuid(PositionRequirements::PositionId))
                    .col(uuid(PositionRequirements::CompetencyId))
                    .col(integer(PositionRequirements::Level))
                    .primary_key(
                        Index::create().col(PositionRequirements::PositionId).col(PositionRequirements::CompetencyId),
                    )
                    .foreign_key(&mut fk(
                        (PositionRequirements::Table, PositionRequirements::PositionId),
                        (Positions::Table, Positions::Id),
                    ))
                    .foreign_key(&mut fk(
                        (PositionRequirements::Table, PositionRequirements::CompetencyId),
                        (Competencies::Table, Competencies::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseCompetencies::Table)
                    .col(uuid(CourseCompetencies::CourseId))
                    .col(uuid(CourseCompetencies::CompetencyId))
                    .col(integer(CourseCompetencies::Level))
                    .primary_key(
                        Index::create().col(CourseCompetencies::CourseId).col(CourseCompetencies::CompetencyId),
                    )
                    .foreign_key(&mut fk(
                        (CourseCompetencies::Table, CourseCompetencies::CourseId),
                        (Courses::Table, Courses::Id),
                    ))
                    .foreign_key(&mut fk(
                        (CourseCompetencies::Table, CourseCompetencies::CompetencyId),
                        (Competencies::Table, Competencies::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "course_competencies_competency", CourseCompetencies::Table, &["competency_id", "level"])
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Assessments::Table)
                    .col(pk_uuid(Assessments::Id))
                    .col(uuid(Assessments::UserId))
                    .col(uuid(Assessments::CompetencyId))
                    .col(integer(Assessments::Level))
                    .col(string(Assessments::Method))
                    .col(date(Assessments::AssessedOn))
                    .col(uuid(Assessments::AssessedBy))
                    .col(timestamp_with_time_zone(Assessments::CreatedAt))
                    .foreign_key(&mut fk((Assessments::Table, Assessments::UserId), (Users::Table, Users::Id)))
                    .foreign_key(&mut fk(
                        (Assessments::Table, Assessments::CompetencyId),
                        (Competencies::Table, Competencies::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "assessments_user", Assessments::Table, &["user_id", "competency_id"]).await?;
        // SQLite takes one added column per ALTER TABLE.
        for column in [Users::PositionId, Users::SupervisorId] {
            manager.alter_table(Table::alter().table(Users::Table).add_column(uuid_null(column)).to_owned()).await?;
        }
        index(manager, "users_supervisor", Users::Table, &["supervisor_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("users_supervisor").table(Users::Table).to_owned()).await?;
        for column in [Users::SupervisorId, Users::PositionId] {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(column).to_owned()).await?;
        }
        for table in [
            Assessments::Table.into_iden(),
            CourseCompetencies::Table.into_iden(),
            PositionRequirements::Table.into_iden(),
            Positions::Table.into_iden(),
            Competencies::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
