//! Domain events as published, read by their subscribers' delivery jobs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{json, pk_uuid, string, timestamp_with_time_zone, uuid_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    Id,
    Name,
    OrganizationId,
    Payload,
    OccurredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DomainEvents::Table)
                    .col(pk_uuid(DomainEvents::Id))
                    .col(string(DomainEvents::Name))
                    .col(uuid_null(DomainEvents::OrganizationId))
                    .col(json(DomainEvents::Payload))
                    .col(timestamp_with_time_zone(DomainEvents::OccurredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("domain_events_organization_name")
                    .table(DomainEvents::Table)
                    .col(DomainEvents::OrganizationId)
                    .col(DomainEvents::Name)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DomainEvents::Table).to_owned()).await
    }
}
