//! `/users/{id}/assessments` and `/users/{id}/competency-gaps`: one person's competencies.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{AssessmentDto, CompetencyGaps, CreateAssessment};
use crate::service::{assessments, gaps};

/// Record an assessment: `self` by the person, `supervisor` by their supervisor,
/// `assessment_center` by their org admin.
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The assessed person")),
    request_body = CreateAssessment,
    responses(
        (status = 201, description = "Recorded", body = AssessmentDto),
        (status = 403, description = "The method is another party's to record"),
        (status = 404, description = "No such person, or neither the person, their supervisor nor their org admin"),
        (status = 422, description = "Unknown competency, level out of 1 to 5, or a future date"),
    )
)]
#[post("/users/{id}/assessments")]
pub async fn create_assessment(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateAssessment>,
) -> ApiResult<HttpResponse> {
    let saved = assessments::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(saved))
}

/// The person's gaps against their position's requirements, with courses that close them (the
/// person, their supervisor and their org admin).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The person")),
    responses(
        (status = 200, description = "Gaps, largest first", body = CompetencyGaps),
        (status = 404, description = "No such person, or neither the person, their supervisor nor their org admin"),
    )
)]
#[get("/users/{id}/competency-gaps")]
pub async fn get_competency_gaps(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CompetencyGaps>> {
    gaps::for_person(&db, &actor, *id).await.map(web::Json)
}
