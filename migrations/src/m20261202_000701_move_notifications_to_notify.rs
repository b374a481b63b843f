//! The forums' in-app notifications become the notify crate's, for every event of the platform:
//! the event name (kept in `kind`, renamed to the API's event names), an English title beside
//! the Indonesian one, a body in both languages, the link the frontend leads to, the caller's
//! idempotency key (one notification per person and key), the organization, and where its
//! e-mail stands. Existing rows keep their content and get no key (NULLs never collide).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string_null, text, text_null, uuid_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    UserId,
    TitleEn,
    Body,
    BodyEn,
    Link,
    DedupKey,
    OrganizationId,
    EmailStatus,
}

/// The forums' old kind words and the event names that replace them.
const RENAMES: [(&str, &str); 4] = [
    ("new_post", "forum.reply"),
    ("new_question", "forum.question"),
    ("answer_accepted", "forum.answer_accepted"),
    ("post_reported", "forum.post_reported"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            text_null(Notifications::TitleEn),
            text(Notifications::Body).default("").to_owned(),
            text_null(Notifications::BodyEn),
            string_null(Notifications::Link),
            string_null(Notifications::DedupKey),
            uuid_null(Notifications::OrganizationId),
            string_null(Notifications::EmailStatus),
        ];
        for column in columns {
            manager.alter_table(Table::alter().table(Notifications::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("notifications_user_key")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::DedupKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("notifications_email_status")
                    .table(Notifications::Table)
                    .col(Notifications::EmailStatus)
                    .col(Notifications::UserId)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (old, new) in RENAMES {
            db.execute_unprepared(&format!("UPDATE notifications SET kind = '{new}' WHERE kind = '{old}'")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (old, new) in RENAMES {
            db.execute_unprepared(&format!("UPDATE notifications SET kind = '{old}' WHERE kind = '{new}'")).await?;
        }
        for name in ["notifications_email_status", "notifications_user_key"] {
            manager.drop_index(Index::drop().name(name).table(Notifications::Table).to_owned()).await?;
        }
        for column in [
            Notifications::EmailStatus,
            Notifications::OrganizationId,
            Notifications::DedupKey,
            Notifications::Link,
            Notifications::BodyEn,
            Notifications::Body,
            Notifications::TitleEn,
        ] {
            manager.alter_table(Table::alter().table(Notifications::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
