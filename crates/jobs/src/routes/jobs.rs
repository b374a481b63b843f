//! `GET /jobs` and `POST /jobs/{id}/retry`.

use actix_web::{get, post, web};
use latih_kernel::pagination::take_page;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg, Page, PageQuery, Query, Role};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::dto::{JobDto, JobFilter};
use crate::entity::job::{self, JobStatus};
use crate::queue;

/// Jobs, newest first: every job for platform admins, the own organization's for org admins.
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = [])),
    params(PageQuery, JobFilter),
    responses(
        (status = 200, description = "One page, newest first", body = Page<JobDto>),
        (status = 403, description = "Neither a platform admin nor an org admin"),
    )
)]
#[get("/jobs")]
pub async fn list_jobs(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    Query(page): Query<PageQuery>,
    Query(filter): Query<JobFilter>,
) -> ApiResult<web::Json<Page<JobDto>>> {
    let limit = page.limit()?;
    let mut query = job::Entity::find();
    if actor.is_platform_admin() {
        if let Some(organization_id) = filter.organization_id {
            query = query.filter(job::Column::OrganizationId.eq(organization_id));
        }
    } else if actor.has(Role::OrgAdmin)
        && let Some(own) = actor.organization_id
    {
        query = query.filter(job::Column::OrganizationId.eq(own));
    } else {
        return Err(ApiError::forbidden());
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(job::Column::Kind.eq(kind.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(job::Column::Status.eq(status));
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(job::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(job::Column::Id).limit(limit + 1).all(db.get_ref()).await?;
    let (rows, next_cursor) = take_page(rows, limit, |row| row.id);
    Ok(web::Json(Page { items: rows.into_iter().map(JobDto::from).collect(), next_cursor }))
}

/// Queues a dead job again with fresh tries (platform admins).
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job id")),
    responses(
        (status = 200, description = "Queued again", body = JobDto),
        (status = 403, description = "Not a platform admin"),
        (status = 404, description = "No such job"),
        (status = 409, description = "The job is not dead (`not_dead`)"),
    )
)]
#[post("/jobs/{id}/retry")]
pub async fn retry_job(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<JobDto>> {
    if !actor.is_platform_admin() {
        return Err(ApiError::forbidden());
    }
    if let Some(queued) = queue::retry_dead(db.get_ref(), clock.now(), *id).await? {
        return Ok(web::Json(queued.into()));
    }
    match job::Entity::find_by_id(*id).one(db.get_ref()).await? {
        None => Err(ApiError::not_found()),
        Some(row) if row.status != JobStatus::Dead => Err(ApiError::conflict(
            "not_dead",
            Msg::new("Hanya tugas yang mati yang dapat diulang.", "Only a dead job can be retried."),
        )),
        Some(_) => Err(ApiError::conflict(
            "not_dead",
            Msg::new("Tugas ini baru saja diantrekan lagi.", "This job was just queued again."),
        )),
    }
}
