//! `GET /reports/courses` and `GET /reports/competency-gaps`: JSON, or CSV with `Accept: text/csv`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use latih_kernel::extract::wants_csv;
use latih_kernel::{ApiResult, AuthUser, Clock, Query};
use sea_orm::DatabaseConnection;

use crate::dto::{CourseReport, CourseReportParams, GapReport, GapReportParams};
use crate::service::reports;

fn csv(lines: Vec<String>, filename: &str) -> HttpResponse {
    let body: String = lines.into_iter().map(|line| line + "\r\n").collect();
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .body(body)
}

/// Per course of the organization for a year: participants, completion rate, mean evaluation,
/// mean learning gain, mean follow-up score (org admins of that organization).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(CourseReportParams),
    responses(
        (status = 200, description = "The report (or CSV with Accept: text/csv)", body = CourseReport,
            content_type = "application/json"),
        (status = 403, description = "Not an admin"),
        (status = 404, description = "Another organization"),
        (status = 422, description = "A year out of range"),
    )
)]
#[get("/reports/courses")]
pub async fn course_report(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    params: Query<CourseReportParams>,
) -> ApiResult<HttpResponse> {
    let report = reports::courses(&db, &clock, &actor, params.0.organization_id, params.0.year).await?;
    if wants_csv(&req) {
        return Ok(csv(reports::course_csv(&report), &format!("courses-{}.csv", report.year)));
    }
    Ok(HttpResponse::Ok().json(report))
}

/// Per competency and unit: people whose position requires it, how many are assessed, how many
/// fall below, and the mean gap (org admins of that organization).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(GapReportParams),
    responses(
        (status = 200, description = "The report (or CSV with Accept: text/csv)", body = GapReport,
            content_type = "application/json"),
        (status = 403, description = "Not an admin"),
        (status = 404, description = "Another organization"),
    )
)]
#[get("/reports/competency-gaps")]
pub async fn competency_gap_report(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    params: Query<GapReportParams>,
) -> ApiResult<HttpResponse> {
    let report = reports::gaps(&db, &actor, params.0.organization_id).await?;
    if wants_csv(&req) {
        return Ok(csv(reports::gap_csv(&report), "competency-gaps.csv"));
    }
    Ok(HttpResponse::Ok().json(report))
}
