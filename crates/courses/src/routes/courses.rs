//! `/courses`, `/courses/{id}`, publish, archive and instructors.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use latih_kernel::precondition::{IfMatch, etag_header};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CatalogFilter, CourseDto, CreateCourse, UpdateCourse};
use crate::service::{catalog, courses, instructors};

fn with_etag(status: actix_web::http::StatusCode, course: CourseDto) -> HttpResponse {
    HttpResponse::build(status).insert_header(etag_header(course.version)).json(course)
}

/// Create a draft course (instructors, org admins). An instructor becomes its first instructor.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    request_body = CreateCourse,
    responses(
        (status = 201, description = "Created as a draft", body = CourseDto, headers(("ETag" = String))),
        (status = 403, description = "Not an instructor or admin"),
        (status = 404, description = "Another organization"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/courses")]
pub async fn create_course(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<CreateCourse>,
) -> ApiResult<HttpResponse> {
    let course = courses::create(&db, &clock, &actor, body.into_inner()).await?;
    Ok(with_etag(actix_web::http::StatusCode::CREATED, course))
}

/// The catalog, newest first: published courses visible to the caller (public ones and their
/// organization's), plus drafts and archives of the courses they staff.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(CatalogFilter, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<CourseDto>),
        (status = 400, description = "Malformed filter or cursor"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/courses")]
pub async fn list_courses(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    filter: Query<CatalogFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<CourseDto>>> {
    catalog::list(&db, &actor, &filter.0, &page.0).await.map(web::Json)
}

/// A course the caller can see; the `ETag` carries its version.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The course", body = CourseDto, headers(("ETag" = String))),
        (status = 404, description = "Absent or not visible to the caller"),
    )
)]
#[get("/courses/{id}")]
pub async fn get_course(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let course = courses::get(&db, &actor, *id).await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, course))
}

/// Change a course (course staff). Send `If-Match` with the `ETag` you read: a stale one is 412.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Course id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read"),
    ),
    request_body = UpdateCourse,
    responses(
        (status = 200, description = "Updated", body = CourseDto, headers(("ETag" = String))),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 412, description = "Changed since the caller read it"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[patch("/courses/{id}")]
pub async fn update_course(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateCourse>,
) -> ApiResult<HttpResponse> {
    let course = courses::update(&db, &clock, &actor, *id, &if_match, body.into_inner()).await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, course))
}

/// Publish a draft (course staff); it needs at least one required lesson. The requested JP is
/// approved up to what the required content backs (required lesson minutes and session hours,
/// 45 minutes a JP, rounded up); anything above waits for an org admin (`jp_approval: pending`).
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "Published", body = CourseDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Not a draft"),
        (status = 412, description = "Changed by someone else at the same moment; read it and try again"),
        (status = 422, description = "No lesson, or no required lesson, yet"),
    )
)]
#[post("/courses/{id}/publish")]
pub async fn publish_course(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let course = courses::publish(&db, &clock, &actor, *id).await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, course))
}

/// Archive a published course (course staff): no new enrolments, learners keep their records.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "Archived", body = CourseDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Not published"),
        (status = 412, description = "Changed by someone else at the same moment; read it and try again"),
    )
)]
#[post("/courses/{id}/archive")]
pub async fn archive_course(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let course = courses::archive(&db, &clock, &actor, *id).await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, course))
}

/// Add an instructor (a person with the instructor role) to the course staff.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), ("user_id" = Uuid, Path, description = "The instructor")),
    responses(
        (status = 200, description = "The course with its instructors", body = CourseDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Course or person absent or not visible"),
        (status = 409, description = "The person is taking the course (`enrolled_learner`)"),
        (status = 422, description = "The person is not an instructor"),
    )
)]
#[put("/courses/{id}/instructors/{user_id}")]
pub async fn add_course_instructor(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<CourseDto>> {
    let (id, user_id) = path.into_inner();
    instructors::add(&db, &clock, &actor, id, user_id).await.map(web::Json)
}

/// Remove an instructor from the course staff.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), ("user_id" = Uuid, Path, description = "The instructor")),
    responses(
        (status = 200, description = "The course with its instructors", body = CourseDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[delete("/courses/{id}/instructors/{user_id}")]
pub async fn remove_course_instructor(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<CourseDto>> {
    let (id, user_id) = path.into_inner();
    instructors::remove(&db, &clock, &actor, id, user_id).await.map(web::Json)
}
