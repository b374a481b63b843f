//! Notification preferences per person, the e-mail outbox (one row per e-mail: a notification's
//! own or a digest, keyed so none is written twice), and whether a notification shows in the app
//! (a person may want only the e-mail of an event).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, integer, pk_uuid, string, string_null, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null, uuid, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    InApp,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Email,
    Digest,
    Events,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    UserId,
    NotificationId,
    DedupKey,
    Event,
    ToAddress,
    Language,
    Subject,
    TextBody,
    HtmlBody,
    MessageId,
    Status,
    Attempts,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(boolean(Notifications::InApp).default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(uuid(NotificationPreferences::UserId).primary_key())
                    .col(boolean(NotificationPreferences::Email))
                    .col(string(NotificationPreferences::Digest))
                    .col(text(NotificationPreferences::Events))
                    .col(timestamp_with_time_zone(NotificationPreferences::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationPreferences::Table, NotificationPreferences::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .col(pk_uuid(EmailOutbox::Id))
                    .col(uuid(EmailOutbox::UserId))
                    .col(uuid_null(EmailOutbox::NotificationId))
                    .col(string(EmailOutbox::DedupKey).unique_key())
                    .col(string(EmailOutbox::Event))
                    .col(string(EmailOutbox::ToAddress))
                    .col(string(EmailOutbox::Language))
                    .col(text_null(EmailOutbox::Subject))
                    .col(text_null(EmailOutbox::TextBody))
                    .col(text_null(EmailOutbox::HtmlBody))
                    .col(string(EmailOutbox::MessageId).unique_key())
                    .col(string(EmailOutbox::Status))
                    .col(integer(EmailOutbox::Attempts).default(0))
                    .col(string_null(EmailOutbox::LastError))
                    .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmailOutbox::Table, EmailOutbox::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("email_outbox_user")
                    .table(EmailOutbox::Table)
                    .col(EmailOutbox::UserId)
                    .col(EmailOutbox::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EmailOutbox::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NotificationPreferences::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Notifications::Table).drop_column(Notifications::InApp).to_owned())
            .await
    }
}
