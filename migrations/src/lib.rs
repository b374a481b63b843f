//! The Latih schema history. One migration per change; a landed migration is never edited.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_identity;
mod m20261123_000002_create_courses;
mod m20261123_000003_create_media;
mod m20261123_000004_create_idempotency_keys;
mod m20261123_000005_create_quizzes;
mod m20261123_000006_create_progress;
mod m20261123_000007_create_forums;
mod m20261123_000008_create_competencies;
mod m20261123_000009_create_development_plans;
mod m20261123_000010_create_course_evaluations;
mod m20261123_000011_create_follow_ups;
mod m20261202_000101_create_sessions;
mod m20261202_000201_add_course_jp_approval;
mod m20261202_000202_add_session_speaker_name;
mod m20261202_000301_add_media_quota_indexes;
mod m20261202_000302_create_media_upload_leftovers;
mod m20261202_000601_create_jobs;
mod m20261202_000602_create_domain_events;
mod m20261202_000701_move_notifications_to_notify;
mod m20261202_000702_add_user_language;
mod m20261202_000703_create_email_outbox;
mod m20261202_000801_create_webhooks;
mod m20261202_000901_add_media_rejection;
mod m20261202_001001_add_certificate_pdf;
mod m20261202_001101_create_enrollment_reminders;
mod m20261202_001102_create_follow_up_notices;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_identity::Migration),
            Box::new(m20261123_000002_create_courses::Migration),
            Box::new(m20261123_000003_create_media::Migration),
            Box::new(m20261123_000004_create_idempotency_keys::Migration),
            Box::new(m20261123_000005_create_quizzes::Migration),
            Box::new(m20261123_000006_create_progress::Migration),
            Box::new(m20261123_000007_create_forums::Migration),
            Box::new(m20261123_000008_create_competencies::Migration),
            Box::new(m20261123_000009_create_development_plans::Migration),
            Box::new(m20261123_000010_create_course_evaluations::Migration),
            Box::new(m20261123_000011_create_follow_ups::Migration),
            Box::new(m20261202_000201_add_course_jp_approval::Migration),
            Box::new(m20261202_000202_add_session_speaker_name::Migration),
            Box::new(m20261202_000601_create_jobs::Migration),
            Box::new(m20261202_000602_create_domain_events::Migration),
            Box::new(m20261202_000301_add_media_quota_indexes::Migration),
            Box::new(m20261202_000101_create_sessions::Migration),
            Box::new(m20261202_000302_create_media_upload_leftovers::Migration),
            Box::new(m20261202_000701_move_notifications_to_notify::Migration),
            Box::new(m20261202_000901_add_media_rejection::Migration),
            Box::new(m20261202_001101_create_enrollment_reminders::Migration),
            Box::new(m20261202_001102_create_follow_up_notices::Migration),
            Box::new(m20261202_001001_add_certificate_pdf::Migration),
            Box::new(m20261202_000702_add_user_language::Migration),
            Box::new(m20261202_000703_create_email_outbox::Migration),
            Box::new(m20261202_000801_create_webhooks::Migration),
        ]
    }
}
