//! Individual development plans (IDP): one per person and year, with their items.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, pk_uuid, string, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DevelopmentPlans {
    Table,
    Id,
    UserId,
    OrganizationId,
    Year,
    Status,
    Reason,
    SubmittedAt,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DevelopmentPlanItems {
    Table,
    Id,
    PlanId,
    Position,
    CompetencyId,
    Activity,
    CourseId,
    Title,
    PlannedJp,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DevelopmentPlans::Table)
                    .col(pk_uuid(DevelopmentPlans::Id))
                    .col(uuid(DevelopmentPlans::UserId))
                    .col(uuid(DevelopmentPlans::OrganizationId))
                    .col(integer(DevelopmentPlans::Year))
                    .col(string(DevelopmentPlans::Status))
                    .col(text_null(DevelopmentPlans::Reason))
                    .col(timestamp_with_time_zone_null(DevelopmentPlans::SubmittedAt))
                    .col(uuid_null(DevelopmentPlans::DecidedBy))
                    .col(timestamp_with_time_zone_null(DevelopmentPlans::DecidedAt))
                    .col(timestamp_with_time_zone(DevelopmentPlans::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DevelopmentPlans::Table, DevelopmentPlans::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("development_plans_person_year")
                    .table(DevelopmentPlans::Table)
                    .col(DevelopmentPlans::UserId)
                    .col(DevelopmentPlans::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DevelopmentPlanItems::Table)
                    .col(pk_uuid(DevelopmentPlanItems::Id))
                    .col(uuid(DevelopmentPlanItems::PlanId))
                    .col(integer(DevelopmentPlanItems::Position))
                    .col(uuid_null(DevelopmentPlanItems::CompetencyId))
                    .col(string(DevelopmentPlanItems::Activity))
                    .col(uuid_null(DevelopmentPlanItems::CourseId))
                    .col(string(DevelopmentPlanItems::Title))
                    .col(integer(DevelopmentPlanItems::PlannedJp))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DevelopmentPlanItems::Table, DevelopmentPlanItems::PlanId)
                            .to(DevelopmentPlans::Table, DevelopmentPlans::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("development_plan_items_plan")
                    .table(DevelopmentPlanItems::Table)
                    .col(DevelopmentPlanItems::PlanId)
                    .col(DevelopmentPlanItems::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DevelopmentPlanItems::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(DevelopmentPlans::Table).to_owned()).await
    }
}
