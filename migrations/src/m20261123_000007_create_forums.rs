//! Course forums (threads, posts, reports, subscriptions), in-app notifications, and
//! mentorships with their private messages and meeting logs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, integer, pk_uuid, string, text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
    uuid, uuid_null,
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
enum Threads {
    Table,
    Id,
    CourseId,
    AuthorId,
    Kind,
    Title,
    Body,
    Pinned,
    Locked,
    AcceptedPostId,
    PostCount,
    LastPostAt,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    ThreadId,
    AuthorId,
    ParentId,
    Body,
    Hidden,
    DeletedAt,
    EditedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PostReports {
    Table,
    Id,
    PostId,
    ReporterId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThreadSubscriptions {
    Table,
    ThreadId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Title,
    ThreadId,
    PostId,
    ActorId,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Mentorships {
    Table,
    Id,
    OrganizationId,
    MentorId,
    MenteeId,
    StartsOn,
    EndsOn,
    Goals,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MentorshipMessages {
    Table,
    Id,
    MentorshipId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MentoringLogs {
    Table,
    Id,
    MentorshipId,
    MetOn,
    Minutes,
    Summary,
    ConfirmedAt,
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
                    .table(Threads::Table)
                    .col(pk_uuid(Threads::Id))
                    .col(uuid(Threads::CourseId))
                    .col(uuid(Threads::AuthorId))
                    .col(string(Threads::Kind))
                    .col(string(Threads::Title))
                    .col(text(Threads::Body))
                    .col(boolean(Threads::Pinned))
                    .col(boolean(Threads::Locked))
                    .col(uuid_null(Threads::AcceptedPostId))
                    .col(integer(Threads::PostCount))
                    .col(timestamp_with_time_zone(Threads::LastPostAt))
                    .col(timestamp_with_time_zone(Threads::CreatedAt))
                    .col(timestamp_with_time_zone_null(Threads::EditedAt))
                    .foreign_key(&mut fk((Threads::Table, Threads::CourseId), (Courses::Table, Courses::Id)))
                    .foreign_key(&mut fk((Threads::Table, Threads::AuthorId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        index(manager, "threads_course", Threads::Table, &["course_id", "id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .col(pk_uuid(Posts::Id))
                    .col(uuid(Posts::ThreadId))
                    .col(uuid(Posts::AuthorId))
                    .col(uuid_null(Posts::ParentId))
                    .col(text(Posts::Body))
                    .col(boolean(Posts::Hidden))
                    .col(timestamp_with_time_zone_null(Posts::DeletedAt))
                    .col(timestamp_with_time_zone_null(Posts::EditedAt))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .foreign_key(&mut fk((Posts::Table, Posts::ThreadId), (Threads::Table, Threads::Id)))
                    .foreign_key(&mut fk((Posts::Table, Posts::AuthorId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        index(manager, "posts_thread", Posts::Table, &["thread_id", "id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(PostReports::Table)
                    .col(pk_uuid(PostReports::Id))
                    .col(uuid(PostReports::PostId))
                    .col(uuid(PostReports::ReporterId))
                    .col(text(PostReports::Reason))
                    .col(timestamp_with_time_zone(PostReports::CreatedAt))
                    .foreign_key(&mut fk((PostReports::Table, PostReports::PostId), (Posts::Table, Posts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ThreadSubscriptions::Table)
                    .col(uuid(ThreadSubscriptions::ThreadId))
                    .col(uuid(ThreadSubscriptions::UserId))
                    .col(timestamp_with_time_zone(ThreadSubscriptions::CreatedAt))
                    .primary_key(Index::create().col(ThreadSubscriptions::ThreadId).col(ThreadSubscriptions::UserId))
                    .foreign_key(&mut fk(
                        (ThreadSubscriptions::Table, ThreadSubscriptions::ThreadId),
                        (Threads::Table, Threads::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(string(Notifications::Kind))
                    .col(string(Notifications::Title))
                    .col(uuid_null(Notifications::ThreadId))
                    .col(uuid_null(Notifications::PostId))
                    .col(uuid_null(Notifications::ActorId))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .foreign_key(&mut fk((Notifications::Table, Notifications::UserId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        index(manager, "notifications_user", Notifications::Table, &["user_id", "id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Mentorships::Table)
                    .col(pk_uuid(Mentorships::Id))
                    .col(uuid(Mentorships::OrganizationId))
                    .col(uuid(Mentorships::MentorId))
                    .col(uuid(Mentorships::MenteeId))
                    .col(date(Mentorships::StartsOn))
                    .col(date(Mentorships::EndsOn))
                    .col(text(Mentorships::Goals))
                    .col(uuid(Mentorships::CreatedBy))
                    .col(timestamp_with_time_zone(Mentorships::CreatedAt))
                    .foreign_key(&mut fk((Mentorships::Table, Mentorships::MentorId), (Users::Table, Users::Id)))
                    .foreign_key(&mut fk((Mentorships::Table, Mentorships::MenteeId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MentorshipMessages::Table)
                    .col(pk_uuid(MentorshipMessages::Id))
                    .col(uuid(MentorshipMessages::MentorshipId))
                    .col(uuid(MentorshipMessages::AuthorId))
                    .col(text(MentorshipMessages::Body))
                    .col(timestamp_with_time_zone(MentorshipMessages::CreatedAt))
                    .foreign_key(&mut fk(
                        (MentorshipMessages::Table, MentorshipMessages::MentorshipId),
                        (Mentorships::Table, Mentorships::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "mentorship_messages_mentorship", MentorshipMessages::Table, &["mentorship_id", "id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(MentoringLogs::Table)
                    .col(pk_uuid(MentoringLogs::Id))
                    .col(uuid(MentoringLogs::MentorshipId))
                    .col(date(MentoringLogs::MetOn))
                    .col(integer(MentoringLogs::Minutes))
                    .col(text_null(MentoringLogs::Summary))
                    .col(timestamp_with_time_zone_null(MentoringLogs::ConfirmedAt))
                    .col(timestamp_with_time_zone(MentoringLogs::CreatedAt))
                    .foreign_key(&mut fk(
                        (MentoringLogs::Table, MentoringLogs::MentorshipId),
                        (Mentorships::Table, Mentorships::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MentoringLogs::Table.into_iden(),
            MentorshipMessages::Table.into_iden(),
            Mentorships::Table.into_iden(),
            Notifications::Table.into_iden(),
            ThreadSubscriptions::Table.into_iden(),
            PostReports::Table.into_iden(),
            Posts::Table.into_iden(),
            Threads::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
