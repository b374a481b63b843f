//! A session's speaker is a display name (external speakers have no account); `speaker_id`
//! stays as the optional account of a speaker who has one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CourseSessions {
    Table,
    Speaker,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(CourseSessions::Table).add_column(string_null(CourseSessions::Speaker)).to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE course_sessions SET speaker = (SELECT users.name FROM users WHERE users.id = course_sessions.speaker_id) \
                 WHERE speaker_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(CourseSessions::Table).drop_column(CourseSessions::Speaker).to_owned())
            .await
    }
}
