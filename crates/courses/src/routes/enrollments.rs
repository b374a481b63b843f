//! `/courses/{id}/enrollments`, `/me/enrollments` and `/enrollments/{id}`.

use actix_web::{HttpResponse, delete, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, OptionalJson, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::{AssignEnrollments, CourseEnrollment, EnrollmentDto, EnrollmentFilter, MyEnrollment};
use crate::service::{assignments, enrollments};

/// One enrolment (self-enrolment) or the list of an assignment.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EnrollmentsCreated {
    One(EnrollmentDto),
    Many(Vec<EnrollmentDto>),
}

/// With an empty body, the caller enrols themself into a published course they can see: the
/// answer is one enrolment. With `{user_ids, due_on}`, an org admin assigns people of their
/// organization, all or none: the answer is the list of their enrolments.
#[utoipa::path(
    tag = "enrollments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body(content = Option<AssignEnrollments>, description = "Empty to enrol oneself"),
    responses(
        (status = 201, description = "The enrolment, or the assignment's enrolments", body = EnrollmentsCreated),
        (status = 403, description = "Assigning without being an org admin"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Already enrolled; course staff (`course_staff`: staff never enrol in their own course); or the course is archived or not published"),
        (status = 422, description = "Unknown people, a past due date, or a course not open to someone"),
    )
)]
#[post("/courses/{id}/enrollments")]
pub async fn create_course_enrollments(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalJson<AssignEnrollments>,
) -> ApiResult<HttpResponse> {
    let created = match body.0.and_then(|b| b.user_ids.map(|user_ids| (user_ids, b.due_on))) {
        None => EnrollmentsCreated::One(enrollments::enroll_self(&db, &clock, &actor, *id).await?),
        Some((user_ids, due_on)) => {
            EnrollmentsCreated::Many(assignments::assign(&db, &clock, &actor, *id, &user_ids, due_on).await?)
        }
    };
    Ok(HttpResponse::Created().json(created))
}

/// A course's enrolments: every one for course staff; an org admin sees their own people.
#[utoipa::path(
    tag = "enrollments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), EnrollmentFilter, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<CourseEnrollment>),
        (status = 400, description = "Malformed filter or cursor"),
        (status = 403, description = "Neither course staff nor an org admin"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/courses/{id}/enrollments")]
pub async fn list_course_enrollments(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    filter: Query<EnrollmentFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<CourseEnrollment>>> {
    enrollments::of_course(&db, &clock, &actor, *id, &filter.0, &page.0).await.map(web::Json)
}

/// The caller's enrolments, newest first, with progress.
#[utoipa::path(
    tag = "enrollments",
    security(("bearer" = [])),
    params(EnrollmentFilter, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<MyEnrollment>),
        (status = 400, description = "Malformed filter or cursor"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/me/enrollments")]
pub async fn list_my_enrollments(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    filter: Query<EnrollmentFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<MyEnrollment>>> {
    enrollments::mine(&db, &clock, &actor, &filter.0, &page.0).await.map(web::Json)
}

/// Withdraw an enrolment: the learner, an org admin of the learner's organization, or course
/// staff. The record stays.
#[utoipa::path(
    tag = "enrollments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, description = "Withdrawn", body = EnrollmentDto),
        (status = 404, description = "Absent or not the caller's to withdraw"),
        (status = 409, description = "Already completed"),
    )
)]
#[delete("/enrollments/{id}")]
pub async fn withdraw_enrollment(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<EnrollmentDto>> {
    enrollments::withdraw(&db, &clock, &actor, *id).await.map(web::Json)
}
