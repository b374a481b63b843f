//! Courses with their staff and tags, the outline (sections, lessons), enrolments, and
//! classroom or webinar sessions with registrations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, boolean_null, date_null, integer, pk_uuid, string, string_null, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null, uuid, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    OrganizationId,
    Title,
    Summary,
    Description,
    Jp,
    CompetencyType,
    Delivery,
    Visibility,
    Category,
    Status,
    Version,
    SearchText,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum CourseTags {
    Table,
    CourseId,
    Tag,
}

#[derive(DeriveIden)]
enum CourseStaff {
    Table,
    CourseId,
    UserId,
    AddedAt,
}

#[derive(DeriveIden)]
enum Sections {
    Table,
    Id,
    CourseId,
    Title,
    Position,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
    CourseId,
    SectionId,
    Title,
    Kind,
    Body,
    MediaId,
    Url,
    QuizId,
    DurationMinutes,
    Required,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
    CourseId,
    UserId,
    Status,
    DueOn,
    AssignedBy,
    EnrolledAt,
    WithdrawnAt,
    CompletedAt,
    ProgressPercent,
}

#[derive(DeriveIden)]
enum CourseSessions {
    Table,
    Id,
    CourseId,
    Title,
    StartsAt,
    EndsAt,
    Location,
    MeetingUrl,
    Capacity,
    Registered,
    SpeakerId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SessionRegistrations {
    Table,
    Id,
    SessionId,
    UserId,
    RegisteredAt,
    Present,
    AttendanceMarkedAt,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(Alias::new(*column));
    }
    if unique {
        statement.unique();
    }
    statement.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(pk_uuid(Courses::Id))
                    .col(uuid(Courses::OrganizationId))
                    .col(string(Courses::Title))
                    .col(text(Courses::Summary))
                    .col(text(Courses::Description))
                    .col(integer(Courses::Jp))
                    .col(string(Courses::CompetencyType))
                    .col(string(Courses::Delivery))
                    .col(string(Courses::Visibility))
                    .col(string_null(Courses::Category))
                    .col(string(Courses::Status))
                    .col(integer(Courses::Version))
                    .col(text(Courses::SearchText))
                    .col(uuid_null(Courses::CreatedBy))
                    .col(timestamp_with_time_zone(Courses::CreatedAt))
                    .col(timestamp_with_time_zone(Courses::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Courses::PublishedAt))
                    .col(timestamp_with_time_zone_null(Courses::ArchivedAt))
                    .foreign_key(&mut fk(
                        (Courses::Table, Courses::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("courses_status_visibility", Courses::Table, &["status", "visibility"], false))
            .await?;
        manager.create_index(index("courses_organization", Courses::Table, &["organization_id"], false)).await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseTags::Table)
                    .col(uuid(CourseTags::CourseId))
                    .col(string(CourseTags::Tag))
                    .primary_key(Index::create().col(CourseTags::CourseId).col(CourseTags::Tag))
                    .foreign_key(&mut fk(
                        (CourseTags::Table, CourseTags::CourseId),
                        (Courses::Table, Courses::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("course_tags_tag", CourseTags::Table, &["tag"], false)).await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseStaff::Table)
                    .col(uuid(CourseStaff::CourseId))
                    .col(uuid(CourseStaff::UserId))
                    .col(timestamp_with_time_zone(CourseStaff::AddedAt))
                    .primary_key(Index::create().col(CourseStaff::CourseId).col(CourseStaff::UserId))
                    .foreign_key(&mut fk(
                        (CourseStaff::Table, CourseStaff::CourseId),
                        (Courses::Table, Courses::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (CourseStaff::Table, CourseStaff::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("course_staff_user", CourseStaff::Table, &["user_id"], false)).await?;
        manager
            .create_table(
                Table::create()
                    .table(Sections::Table)
                    .col(pk_uuid(Sections::Id))
                    .col(uuid(Sections::CourseId))
                    .col(string(Sections::Title))
                    .col(integer(Sections::Position))
                    .col(timestamp_with_time_zone(Sections::CreatedAt))
                    .foreign_key(&mut fk(
                        (Sections::Table, Sections::CourseId),
                        (Courses::Table, Courses::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("sections_course", Sections::Table, &["course_id", "position"], false)).await?;
        manager
            .create_table(
                Table::create()
                    .table(Lessons::Table)
                    .col(pk_uuid(Lessons::Id))
                    .col(uuid(Lessons::CourseId))
                    .col(uuid(Lessons::SectionId))
                    .col(string(Lessons::Title))
                    .col(string(Lessons::Kind))
                    .col(text_null(Lessons::Body))
                    .col(uuid_null(Lessons::MediaId))
                    .col(string_null(Lessons::Url))
                    .col(uuid_null(Lessons::QuizId))
                    .col(integer(Lessons::DurationMinutes))
                    .col(boolean(Lessons::Required))
                    .col(integer(Lessons::Position))
                    .col(integer(Lessons::Version))
                    .col(timestamp_with_time_zone(Lessons::CreatedAt))
                    .col(timestamp_with_time_zone(Lessons::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Lessons::Table, Lessons::CourseId),
                        (Courses::Table, Courses::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Lessons::Table, Lessons::SectionId),
                        (Sections::Table, Sections::Id),
                        ForeignKeyAction::NoAction,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("lessons_course", Lessons::Table, &["course_id", "section_id", "position"], false))
            .await?;
        manager.create_index(index("lessons_media", Lessons::Table, &["media_id"], false)).await?;
        manager
            .create_table(
                Table::create()
                    .table(Enrollments::Table)
                    .col(pk_uuid(Enrollments::Id))
                    .col(uuid(Enrollments::CourseId))
                    .col(uuid(Enrollments::UserId))
                    .col(string(Enrollments::Status))
                    .col(date_null(Enrollments::DueOn))
                    .col(uuid_null(Enrollments::AssignedBy))
                    .col(timestamp_with_time_zone(Enrollments::EnrolledAt))
                    .col(timestamp_with_time_zone_null(Enrollments::WithdrawnAt))
                    .col(timestamp_with_time_zone_null(Enrollments::CompletedAt))
                    .col(integer(Enrollments::ProgressPercent))
                    .foreign_key(&mut fk(
                        (Enrollments::Table, Enrollments::CourseId),
                        (Courses::Table, Courses::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Enrollments::Table, Enrollments::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("enrollments_course_user", Enrollments::Table, &["course_id", "user_id"], true))
            .await?;
        manager.create_index(index("enrollments_user", Enrollments::Table, &["user_id"], false)).await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseSessions::Table)
                    .col(pk_uuid(CourseSessions::Id))
                    .col(uuid(CourseSessions::CourseId))
                    .col(string(CourseSessions::Title))
                    .col(timestamp_with_time_zone(CourseSessions::StartsAt))
                    .col(timestamp_with_time_zone(CourseSessions::EndsAt))
                    .col(string_null(CourseSessions::Location))
                    .col(string_null(CourseSessions::MeetingUrl))
                    .col(integer(CourseSessions::Capacity))
                    .col(integer(CourseSessions::Registered))
                    .col(uuid_null(CourseSessions::SpeakerId))
                    .col(timestamp_with_time_zone(CourseSessions::CreatedAt))
                    .foreign_key(&mut fk(
                        (CourseSessions::Table, CourseSessions::CourseId),
                        (Courses::Table, Courses::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (CourseSessions::Table, CourseSessions::SpeakerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("course_sessions_course", CourseSessions::Table, &["course_id", "starts_at"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SessionRegistrations::Table)
                    .col(pk_uuid(SessionRegistrations::Id))
                    .col(uuid(SessionRegistrations::SessionId))
                    .col(uuid(SessionRegistrations::UserId))
                    .col(timestamp_with_time_zone(SessionRegistrations::RegisteredAt))
                    .col(boolean_null(SessionRegistrations::Present))
                    .col(timestamp_with_time_zone_null(SessionRegistrations::AttendanceMarkedAt))
                    .foreign_key(&mut fk(
                        (SessionRegistrations::Table, SessionRegistrations::SessionId),
                        (CourseSessions::Table, CourseSessions::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (SessionRegistrations::Table, SessionRegistrations::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "session_registrations_session_user",
                SessionRegistrations::Table,
                &["session_id", "user_id"],
                true,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SessionRegistrations::Table.into_iden(),
            CourseSessions::Table.into_iden(),
            Enrollments::Table.into_iden(),
            Lessons::Table.into_iden(),
            Sections::Table.into_iden(),
            CourseStaff::Table.into_iden(),
            CourseTags::Table.into_iden(),
            Courses::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
