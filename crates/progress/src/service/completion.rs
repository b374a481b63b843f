//! Course progress and completion. A course is complete when every required lesson is done
//! (a quiz lesson when its quiz is passed) and every extra requirement holds (the evaluation
//! survey, added by another crate through `CompletionRequirement`). Completion happens exactly
//! once: one conditional update claims it, and the certificate and the JP entry are written in
//! the same transaction. Every check runs inside the caller's transaction (a graded attempt's
//! own), so it sees the change that caused it and its writes land only with that change.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Datelike;
use latih_courses::entity::{course, enrollment, lesson};
use latih_courses::model::{EnrollmentStatus, LessonKind};
use latih_identity::entity::{organization, user};
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, Clock, Msg};
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::certificate::code::new_code;
use crate::dto::CourseProgressDto;
use crate::entity::{certificate, jp_entry, lesson_progress};
use crate::events::{CertificateIssued, CourseCompleted};
use crate::jobs::RenderCertificate;
use crate::model::{JpSource, LessonStatus};

/// A condition of completion owned by another crate, e.g. "the evaluation survey is answered
/// when the course requires one".
#[async_trait::async_trait]
pub trait CompletionRequirement: Send + Sync {
    /// `None` when satisfied; otherwise what is missing, for the learner to read. Reads in the
    /// caller's transaction; never writes.
    async fn missing(&self, txn: &DatabaseTransaction, course_id: Uuid, user_id: Uuid) -> ApiResult<Option<String>>;
}

/// Every extra requirement the server wired in.
#[derive(Clone, Default)]
pub struct CompletionRequirements(pub Vec<Arc<dyn CompletionRequirement>>);

/// What the learner has done of the course, and what is missing.
pub struct Standing {
    pub completed: u32,
    pub required: u32,
    pub missing: Vec<String>,
}

impl Standing {
    pub fn percent(&self) -> i32 {
        (self.completed * 100).checked_div(self.required).map_or(100, |p| i32::try_from(p).unwrap_or(100))
    }
}

/// Counts required lessons done; quiz lessons count when their quiz is passed (an attempt open
/// past its deadline as its grading will leave it). Writes nothing.
pub async fn standing(
    db: &DatabaseTransaction,
    clock: &Clock,
    requirements: &CompletionRequirements,
    course_id: Uuid,
    user_id: Uuid,
) -> ApiResult<Standing> {
    let required: Vec<lesson::Model> = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course_id))
        .filter(lesson::Column::Required.eq(true))
        .all(db)
        .await?;
    let done: HashSet<Uuid> = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::CourseId.eq(course_id))
        .filter(lesson_progress::Column::UserId.eq(user_id))
        .filter(lesson_progress::Column::Status.eq(LessonStatus::Completed))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.lesson_id)
        .collect();
    let mut completed = 0;
    let mut missing = Vec::new();
    for lesson in &required {
        let finished = match (lesson.kind, lesson.quiz_id) {
            (LessonKind::Quiz, Some(quiz_id)) => {
                latih_quizzes::service::results::passed(db, clock, quiz_id, user_id).await?
            }
            _ => done.contains(&lesson.id),
        };
        if finished {
            completed += 1;
        } else if lesson.kind == LessonKind::Quiz {
            missing.push(format!("Lulus kuis pada pelajaran \"{}\"", lesson.title));
        } else {
            missing.push(format!("Selesaikan pelajaran \"{}\"", lesson.title));
        }
    }
    for requirement in &requirements.0 {
        if let Some(what) = requirement.missing(db, course_id, user_id).await? {
            missing.push(what);
        }
    }
    Ok(Standing { completed, required: u32::try_from(required.len()).unwrap_or(u32::MAX), missing })
}

/// In its own transaction: [`refresh_in`], for callers whose change is already committed.
pub async fn refresh(
    db: &DatabaseConnection,
    clock: &Clock,
    requirements: &CompletionRequirements,
    enrollment: enrollment::Model,
) -> ApiResult<CourseProgressDto> {
    let txn = db.begin().await?;
    let progress = refresh_in(&txn, clock, requirements, enrollment).await?;
    txn.commit().await?;
    Ok(progress)
}

/// The course progress as it stands, for reading: the same answer `refresh` would give, but
/// nothing is stored (a course whose last step has not been recorded yet shows 100 percent and
/// nothing missing; the write that recorded that step completes it).
pub async fn progress_of(
    db: &DatabaseConnection,
    clock: &Clock,
    requirements: &CompletionRequirements,
    enrollment: enrollment::Model,
) -> ApiResult<CourseProgressDto> {
    let txn = db.begin().await?;
    let standing = standing(&txn, clock, requirements, enrollment.course_id, enrollment.user_id).await?;
    txn.rollback().await?;
    let completed = enrollment.status == EnrollmentStatus::Completed;
    Ok(CourseProgressDto {
        course_id: enrollment.course_id,
        status: enrollment.status,
        percent: if completed { 100 } else { standing.percent() },
        completed_lessons: standing.completed,
        required_lessons: standing.required,
        completed_at: enrollment.completed_at,
        missing: if completed { Vec::new() } else { standing.missing },
    })
}

/// In the caller's transaction: refreshes the enrolment's percent and completes the course
/// when nothing is missing. Answers the course progress as it now stands.
pub async fn refresh_in(
    db: &DatabaseTransaction,
    clock: &Clock,
    requirements: &CompletionRequirements,
    enrollment: enrollment::Model,
) -> ApiResult<CourseProgressDto> {
    let standing = standing(db, clock, requirements, enrollment.course_id, enrollment.user_id).await?;
    let percent = standing.percent();
    if enrollment.status == EnrollmentStatus::Active {
        if standing.missing.is_empty() {
            complete(db, clock, &enrollment).await?;
        } else if enrollment.progress_percent != percent {
            enrollment::Entity::update_many()
                .col_expr(enrollment::Column::ProgressPercent, Expr::value(percent))
                .filter(enrollment::Column::Id.eq(enrollment.id))
                .filter(enrollment::Column::Status.eq(EnrollmentStatus::Active))
                .exec(db)
                .await?;
        }
    }
    let now = enrollment::Entity::find_by_id(enrollment.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(CourseProgressDto {
        course_id: now.course_id,
        status: now.status,
        percent: if now.status == EnrollmentStatus::Completed { 100 } else { percent },
        completed_lessons: standing.completed,
        required_lessons: standing.required,
        completed_at: now.completed_at,
        missing: if now.status == EnrollmentStatus::Completed { Vec::new() } else { standing.missing },
    })
}

/// Completes the enrolment once: the first caller to flip it from active writes the
/// certificate and the JP entry in the same transaction; every other caller changes nothing.
async fn complete(db: &DatabaseTransaction, clock: &Clock, found: &enrollment::Model) -> ApiResult<()> {
    let now = clock.now();
    let course = course::Entity::find_by_id(found.course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let learner = user::Entity::find_by_id(found.user_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    // Staff never complete (and earn the JP of) their own course, however they came to be enrolled.
    if latih_courses::access::person_is_staff(db, &course, &learner).await? {
        return Ok(());
    }
    let issuer =
        organization::Entity::find_by_id(course.organization_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let home_zone = match learner.organization_id {
        Some(org) => organization::Entity::find_by_id(org).one(db).await?.map(|o| o.timezone),
        None => None,
    }
    .unwrap_or_else(|| issuer.timezone.clone());
    let completed_on = clock.today_in(&home_zone);
    let started_on = match home_zone.parse::<chrono_tz::Tz>() {
        Ok(zone) => found.enrolled_at.with_timezone(&zone).date_naive(),
        Err(_) => found.enrolled_at.date_naive(),
    };
    let claimed = enrollment::Entity::update_many()
        .col_expr(enrollment::Column::Status, Expr::value(EnrollmentStatus::Completed.as_str()))
        .col_expr(enrollment::Column::CompletedAt, Expr::value(now))
        .col_expr(enrollment::Column::ProgressPercent, Expr::value(100))
        .filter(enrollment::Column::Id.eq(found.id))
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Active))
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(());
    }
    let code = new_code();
    let certificate = certificate::ActiveModel {
        id: Set(new_id()),
        number: Set(format!("STTP/{}/{}/{code}", issuer.code, completed_on.year())),
        code: Set(code),
        enrollment_id: Set(found.id),
        user_id: Set(found.user_id),
        course_id: Set(course.id),
        organization_id: Set(issuer.id),
        jp: Set(course.jp),
        started_on: Set(started_on),
        completed_on: Set(completed_on),
        issued_at: Set(now),
        pdf_key: Set(None),
        pdf_size: Set(None),
        pdf_sha256: Set(None),
        pdf_rendered_at: Set(None),
    }
    .insert(db)
    .await?;
    if course.jp > 0 {
        jp_entry::ActiveModel {
            id: Set(new_id()),
            user_id: Set(found.user_id),
            organization_id: Set(learner.organization_id),
            year: Set(completed_on.year()),
            source: Set(JpSource::Course),
            source_id: Set(found.id),
            title: Set(course.title.clone()),
            jp: Set(course.jp),
            occurred_on: Set(completed_on),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    announce_completion(db, clock, found, &course, &learner, &certificate).await?;
    tracing::info!(enrollment.id = %found.id, "course completed");
    Ok(())
}

/// In the completing transaction: `course.completed` and `certificate.issued` for integrators,
/// the learner told of both, and the certificate's PDF queued for rendering.
async fn announce_completion(
    db: &DatabaseTransaction,
    clock: &Clock,
    found: &enrollment::Model,
    course: &course::Model,
    learner: &user::Model,
    certificate: &certificate::Model,
) -> ApiResult<()> {
    let completed = CourseCompleted {
        enrollment_id: found.id,
        course_id: course.id,
        user_id: learner.id,
        organization_id: learner.organization_id,
        course_organization_id: course.organization_id,
        certificate_id: certificate.id,
        jp: certificate.jp,
        completed_on: certificate.completed_on,
        completed_at: certificate.issued_at,
    };
    latih_jobs::publish(db, clock, &completed).await?;
    let issued = CertificateIssued {
        certificate_id: certificate.id,
        code: certificate.code.clone(),
        number: certificate.number.clone(),
        enrollment_id: found.id,
        course_id: course.id,
        user_id: learner.id,
        organization_id: learner.organization_id,
        issuer_organization_id: certificate.organization_id,
        jp: certificate.jp,
        issued_at: certificate.issued_at,
    };
    latih_jobs::publish(db, clock, &issued).await?;
    let title = &course.title;
    let jp = certificate.jp;
    let done = Notice {
        kind: NoticeKind::CourseCompleted,
        organization_id: learner.organization_id,
        key: format!("course:{}:completed", found.id),
        title: Msg::new(format!("Kursus selesai: {title}"), format!("Course completed: {title}")),
        body: Msg::new(
            format!("Selamat, Anda menyelesaikan \"{title}\" dan memperoleh {jp} JP."),
            format!("Congratulations, you completed \"{title}\" and earned {jp} JP."),
        ),
        link: Some(format!("/courses/{}", course.id)),
        actor_id: None,
    };
    latih_notify::send(db, clock, &[learner.id], &done).await?;
    let number = &certificate.number;
    let sttp = Notice {
        kind: NoticeKind::CertificateIssued,
        organization_id: learner.organization_id,
        key: format!("certificate:{}:issued", certificate.id),
        title: Msg::new(format!("Sertifikat terbit: {title}"), format!("Certificate issued: {title}")),
        body: Msg::new(
            format!("Sertifikat nomor {number} untuk \"{title}\" sudah dapat diunduh."),
            format!("Certificate number {number} for \"{title}\" is ready to download."),
        ),
        link: Some(format!("/certificates/{}/pdf", certificate.id)),
        actor_id: None,
    };
    latih_notify::send(db, clock, &[learner.id], &sttp).await?;
    let render = RenderCertificate { certificate_id: certificate.id, organization_id: certificate.organization_id };
    latih_jobs::enqueue(db, clock, &render).await?;
    Ok(())
}

/// Re-checks completion of every active enrolment of `user_id` in courses whose lessons point
/// at `quiz_id`, in the transaction that graded an attempt.
pub async fn after_quiz(
    db: &DatabaseTransaction,
    clock: &Clock,
    requirements: &CompletionRequirements,
    quiz_id: Uuid,
    user_id: Uuid,
) -> ApiResult<()> {
    let courses: Vec<Uuid> = lesson::Entity::find()
        .filter(lesson::Column::QuizId.eq(quiz_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.course_id)
        .collect();
    let enrollments = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(user_id))
        .filter(enrollment::Column::CourseId.is_in(courses))
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Active))
        .all(db)
        .await?;
    for found in enrollments {
        refresh_in(db, clock, requirements, found).await?;
    }
    Ok(())
}

/// The learner's enrolment in a course (not withdrawn), or 404.
pub async fn my_enrollment(db: &DatabaseConnection, course_id: Uuid, user_id: Uuid) -> ApiResult<enrollment::Model> {
    enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course_id))
        .filter(enrollment::Column::UserId.eq(user_id))
        .filter(enrollment::Column::Status.ne(EnrollmentStatus::Withdrawn))
        .one(db)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(Msg::new("Anda tidak terdaftar di kursus ini.", "You are not enrolled in this course."))
        })
}
